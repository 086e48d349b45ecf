/** An operation named entities that do not exist; nothing was changed. */
export class MissingEntitiesError extends Error {
  constructor(readonly names: readonly string[]) {
    super(`No entity named ${names.map(name => JSON.stringify(name)).join(', ')}.`);
    this.name = 'MissingEntitiesError';
  }
}

/** A name that is already taken in the namespace; nothing was changed. */
export class NameTakenError extends Error {
  constructor(readonly entityName: string) {
    super(`An entity named ${JSON.stringify(entityName)} already exists.`);
    this.name = 'NameTakenError';
  }
}

/** SQLite kept its write lock busy past the busy timeout: another process holds it. */
export class StoreBusyError extends Error {
  constructor(cause: unknown) {
    super(
      'The memory store is busy: another process has held its write lock for over 10 seconds (a large import, say).',
      { cause }
    );
    this.name = 'StoreBusyError';
  }
}
