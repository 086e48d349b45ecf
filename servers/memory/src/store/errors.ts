import { McpkitError, ToolError } from '@mcpkit/core';

/** An operation named entities that do not exist; nothing was changed. */
export class MissingEntitiesError extends ToolError {
  static override readonly brand: string = 'mcpkit.memory.missing-entities';

  constructor(readonly names: readonly string[]) {
    super(
      'ENTITY_NOT_FOUND',
      `No entity named ${names.map(name => JSON.stringify(name)).join(', ')}. Nothing was changed.`,
      {
        hint: 'Create the entities with create_entities first, or check the names with search_nodes (another client may just have renamed, merged or deleted them).'
      }
    );
    this.name = 'MissingEntitiesError';
  }
}

/** A name that is already taken in the namespace; nothing was changed. */
export class NameTakenError extends ToolError {
  static override readonly brand: string = 'mcpkit.memory.name-taken';

  constructor(readonly entityName: string) {
    super(
      'NAME_TAKEN',
      `An entity named ${JSON.stringify(entityName)} already exists. Nothing was changed.`,
      {
        hint: 'Choose another name, or use merge_entities to combine the two entities.'
      }
    );
    this.name = 'NameTakenError';
  }
}

/** SQLite kept its write lock busy past the busy timeout: another process holds it. */
export class StoreBusyError extends ToolError {
  static override readonly brand: string = 'mcpkit.memory.store-busy';

  constructor(cause: unknown) {
    super(
      'STORE_BUSY',
      'The memory store is busy: another process has held its write lock for over 10 seconds (a large import, say). Nothing was changed.',
      { hint: 'Retry the same call in a few seconds.', cause }
    );
    this.name = 'StoreBusyError';
  }
}

/** The store was migrated by a newer version of the server than this one. */
export class StoreTooNewError extends McpkitError {
  static override readonly brand: string = 'mcpkit.memory.store-too-new';

  constructor(readonly migration: string) {
    super(
      'STORE_TOO_NEW',
      `The memory store was migrated by a newer @mcpkit/server-memory (it has migration ${migration}, which this version does not know). Upgrade this server, or give it another --database-url.`
    );
    this.name = 'StoreTooNewError';
  }
}
