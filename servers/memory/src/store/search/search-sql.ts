import type { Kysely, RawBuilder } from 'kysely';
import { sql } from 'kysely';

import type { Engine } from '../engine.js';
import type { MemoryDatabase } from '../schema.js';
import type { QueryTerms, Tier } from './query-terms.js';
import type { SearchSource, WindowRows } from './search-source.js';

/** An entity as search classifies it: its tier (null: no match) and how many words its name holds. */
export interface ClassifiedRow {
  id: number;
  updatedAt: string;
  /** updatedAt's stamp (see recency-stamp.ts), where the source holds it. */
  stamp?: number;
  tier: Tier | null;
  nameWords: number;
}

/** A place in recency order: most recently changed first, then by id. */
export interface RecencyKey {
  updatedAt: string;
  id: number;
}

/** What the SQL reports of an entity; the tier is decided from it in one place (tierOf). */
interface FlagRow {
  id: number | string;
  updated_at: string;
  /** The name, the type holds the query (0/1, or booleans on PostgreSQL). */
  in_name: number | boolean;
  in_type: number | boolean | null;
  /** Bit 0: an observation holds the query; bit i+1: a word of one starts with query word i. */
  observations: number | string | null;
  /** Bit i: a word of the name or the type starts with query word i. */
  word_starts: number | string | null;
  name_words: number | string;
}

/**
 * The SQL search is made of, spelled for one engine. Every column compared is folded already (by
 * JavaScript, on write), so both engines compare the same bytes: `instr`/`strpos` for substrings,
 * and for word starts SQLite's registered `starts_word` (after a cheap `instr`) or PostgreSQL's `\m`.
 * Each entity's observations are read once, by one aggregate, however many words there are.
 */
export class SearchSql implements SearchSource {
  /** Walks and lookups may take their time only on the database: the index in memory is faster. */
  readonly lookUps: boolean;
  readonly distinctLookUps = false;

  private readonly engine: Engine;
  private readonly db: Kysely<MemoryDatabase>;

  constructor(
    store: { engine: Engine; db: Kysely<MemoryDatabase>; trigramIndexes: boolean },
    private readonly terms: QueryTerms,
    private readonly namespace: string
  ) {
    this.engine = store.engine;
    this.db = store.db;
    this.lookUps = store.trigramIndexes;
  }

  private contains(column: RawBuilder<unknown>, text: string): RawBuilder<unknown> {
    return this.engine === 'postgres'
      ? sql`strpos(${column}, ${text}) > 0`
      : sql`instr(${column}, ${text}) > 0`;
  }

  private startsWord(column: RawBuilder<unknown>, word: string): RawBuilder<unknown> {
    return this.engine === 'postgres'
      ? sql`${column} ~ ${`\\m${word}`}`
      : sql`(instr(${column}, ${word}) > 0 and starts_word(${column}, ${word}) = 1)`;
  }

  /**
   * Ends an EXISTS subquery so it runs per entity, stopping at its first row. PostgreSQL strips a
   * `LIMIT 1` there and may turn the EXISTS into one hashed scan of every observation (70 ms at
   * 100k, measured); `OFFSET 0` keeps it correlated. SQLite needs the LIMIT to stop early.
   */
  private once(): RawBuilder<unknown> {
    return this.engine === 'postgres' ? sql`offset 0` : sql`limit 1`;
  }

  /** `condition` as 0 or 1. */
  private bit(condition: RawBuilder<unknown>): RawBuilder<unknown> {
    return sql`(case when ${condition} then 1 else 0 end)`;
  }

  /**
   * The columns that classify `e` down to `depth`: a walk that needs only names checks only names.
   * Observations are read only for an entity whose name and type do not hold the query.
   */
  private columns(depth: Tier): RawBuilder<unknown> {
    const { text, words, wordsTier } = this.terms;
    const name = sql.ref('e.name_fold');
    const type = sql.ref('e.type_fold');
    const observation = sql.ref('o.content_fold');
    const checkWords = depth === 0 && wordsTier;
    const observationBits = [sql`${this.aggregate(this.bit(this.contains(observation, text)))}`];
    if (checkWords) {
      words.forEach((word, index) =>
        observationBits.push(
          sql`${this.aggregate(this.bit(this.startsWord(observation, word)))} * ${2 ** (index + 1)}`
        )
      );
    }
    const observations =
      depth <= 1
        ? sql`case when ${this.contains(name, text)} or ${this.contains(type, text)} then null
            else (select ${sql.join(observationBits, sql` + `)} from observations o where o.entity_id = e.id) end`
        : sql`cast(null as integer)`;
    const wordStarts = checkWords
      ? sql.join(
          words.map(
            (word, index) =>
              sql`${this.bit(sql`${this.startsWord(name, word)} or ${this.startsWord(type, word)}`)} * ${2 ** index}`
          ),
          sql` + `
        )
      : sql`cast(null as integer)`;
    return sql`e.id, e.updated_at, ${this.contains(name, text)} as in_name,
      ${depth <= 2 ? this.contains(type, text) : sql`cast(null as boolean)`} as in_type,
      ${observations} as observations, ${wordStarts} as word_starts, ${this.nameWords()} as name_words`;
  }

  /** `max` over the observations, of a 0/1 expression. */
  private aggregate(expression: RawBuilder<unknown>): RawBuilder<unknown> {
    return sql`coalesce(max(${expression}), 0)`;
  }

  /** How many of the query's words `e`'s name holds. */
  private nameWords(): RawBuilder<unknown> {
    const name = sql.ref('e.name_fold');
    return this.terms.words.length === 0
      ? sql`0`
      : sql.join(
          this.terms.words.map(word => this.bit(this.contains(name, word))),
          sql` + `
        );
  }

  /**
   * The tier from the flags, down to `depth`. `known` is what an index found true already (its
   * name holds the query: 3; an observation does: at least 1).
   */
  private tierOf(row: FlagRow, depth: Tier, known?: Tier): Tier | null {
    if (known === 3 || truthy(row.in_name)) return 3;
    if (depth <= 2 && truthy(row.in_type)) return 2;
    if (depth > 1) return null;
    const observations = Number(row.observations ?? 0);
    if (known === 1 || (observations & 1) === 1) return 1;
    if (depth > 0 || !this.terms.wordsTier) return null;
    const starts = Number(row.word_starts ?? 0) | (observations >> 1);
    return this.terms.words.every((_, index) => (starts & (2 ** index)) !== 0) ? 0 : null;
  }

  private classified(rows: readonly FlagRow[], depth: Tier, known?: Tier): ClassifiedRow[] {
    return rows.map(row => ({
      id: Number(row.id),
      updatedAt: row.updated_at,
      tier: this.tierOf(row, depth, known),
      nameWords: Number(row.name_words)
    }));
  }

  /** Whether `e` matches down to `depth` (the same tests as columns(), as one condition). */
  private matches(depth: Tier): RawBuilder<unknown> {
    const { text, words, wordsTier } = this.terms;
    const name = sql.ref('e.name_fold');
    const type = sql.ref('e.type_fold');
    const observation = sql.ref('o.content_fold');
    const any = [this.contains(name, text)];
    if (depth <= 2) any.push(this.contains(type, text));
    if (depth <= 1) {
      any.push(
        sql`exists (select 1 from observations o where o.entity_id = e.id and ${this.contains(observation, text)} ${this.once()})`
      );
    }
    if (depth === 0 && wordsTier) {
      const every = words.map(
        word =>
          sql`(${this.startsWord(name, word)} or ${this.startsWord(type, word)} or exists (select 1 from observations o
            where o.entity_id = e.id and ${this.startsWord(observation, word)} ${this.once()}))`
      );
      any.push(sql`(${sql.join(every, sql` and `)})`);
    }
    return sql`(${sql.join(any, sql` or `)})`;
  }

  /**
   * The next `size` entities of the namespace in recency order after `after`: those that match,
   * classified down to `depth`, and where the window ends (its last entity, matching or not) and
   * how many it held. Only the matches come back, so a walk's cost is the index and the checks,
   * not a row per entity.
   */
  async window(options: { after?: RecencyKey; size: number; depth: Tier }): Promise<WindowRows> {
    const { after } = options;
    const keyset =
      after === undefined
        ? sql``
        : sql`and updated_at <= ${after.updatedAt} and (updated_at < ${after.updatedAt} or id > ${after.id})`;
    const { rows } = await sql<FlagRow & { count: number | string | null }>`with w as materialized (
        select id, name_fold, type_fold, updated_at from entities
        where namespace = ${this.namespace} ${keyset}
        order by updated_at desc, id limit ${options.size})
      select * from (select ${this.columns(options.depth)}, cast(null as bigint) as count
        from w e where ${this.matches(options.depth)}) hits
      union all
      select * from (select id, updated_at, cast(null as boolean), cast(null as boolean), cast(null as integer),
        cast(null as integer), 0, (select count(*) from w) from w order by updated_at, id desc limit 1) frontier`.execute(
      this.db
    );
    const frontier = rows.find(row => row.count !== null);
    return {
      rows: this.classified(
        rows.filter(row => row.count === null),
        options.depth
      ),
      last: frontier === undefined ? undefined : { updatedAt: frontier.updated_at, id: Number(frontier.id) },
      count: frontier === undefined ? 0 : Number(frontier.count)
    };
  }

  /** The namespace's entities among `ids`, classified fully (`known`: see tierOf). */
  async classify(options: { ids: readonly number[]; known?: Tier }): Promise<ClassifiedRow[]> {
    if (options.ids.length === 0) return [];
    // The ids drive the query: SQLite's CROSS JOIN keeps it from scanning the namespace instead;
    // PostgreSQL's `= any` is an index lookup per id (joined to unnest, it merge-joined the whole
    // primary key: 75 of 119 ms for 2,000 candidates at 100k, measured).
    const chosen =
      this.engine === 'postgres'
        ? sql`entities e where e.id = any(${[...options.ids]}::int[]) and`
        : sql`json_each(${JSON.stringify(options.ids)}) as c cross join entities e on e.id = c.value where`;
    // What an index vouched for needs no observation check.
    const depth: Tier = options.known === undefined ? 0 : 2;
    const { rows } = await sql<FlagRow>`select ${this.columns(depth)}
      from ${chosen} e.namespace = ${this.namespace}`.execute(this.db);
    return options.known === undefined
      ? this.classified(rows, 0)
      : rows.map(row => ({
          id: Number(row.id),
          updatedAt: row.updated_at,
          tier:
            options.known === 3 || truthy(row.in_name)
              ? 3
              : truthy(row.in_type)
                ? 2
                : (options.known as Tier),
          nameWords: Number(row.name_words)
        }));
  }

  /**
   * Entity ids whose name (`name`) or some observation (`observation`) contains `text`, from the
   * trigram index: at most `cap + 1`, so a caller learns the text is common without reading every
   * match. Observation ids may belong to other namespaces (the index spans them); classify()
   * keeps this one's.
   */
  async lookUp(options: { text: string; where: 'name' | 'observation'; cap: number }): Promise<number[]> {
    const limit = options.cap + 1;
    if (this.engine === 'postgres') {
      const pattern = likePattern(options.text);
      const query =
        options.where === 'name'
          ? sql<{ id: number }>`select id from entities where namespace = ${this.namespace}
              and name_fold like ${pattern} limit ${limit}`
          : sql<{
              id: number;
            }>`select entity_id as id from observations where content_fold like ${pattern} limit ${limit}`;
      return (await query.execute(this.db)).rows.map(row => Number(row.id));
    }
    const phrase = `"${options.text.replaceAll('"', '""')}"`;
    const query =
      options.where === 'name'
        ? sql<{
            id: number;
          }>`select rowid as id from name_search where name_search match ${phrase} limit ${limit}`
        : sql<{ id: number }>`select o.entity_id as id
            from (select rowid from observation_search where observation_search match ${phrase} limit ${limit}) s
            join observations o on o.id = s.rowid`;
    return (await query.execute(this.db)).rows.map(row => Number(row.id));
  }

  /**
   * Entity ids whose name (`name`) or some observation (`observation`) contains `text`, by reading
   * them all: for a text too short for the trigram index, when walking would cost more. Every
   * match, however many. Like lookUp's, the ids may belong to other namespaces (classify() keeps
   * this one's): one pass in storage order costs a third of visiting the namespace's entities and
   * their observations by index (45 against 150 ms over 200k observations, measured).
   */
  async scan(options: { text: string; where: 'name' | 'observation' }): Promise<number[]> {
    const query =
      options.where === 'name'
        ? sql<{
            id: number;
          }>`select id from entities e where ${this.contains(sql.ref('e.name_fold'), options.text)}`
        : sql<{ id: number }>`select o.entity_id as id from observations o
            where ${this.contains(sql.ref('o.content_fold'), options.text)}`;
    return [...new Set((await query.execute(this.db)).rows.map(row => Number(row.id)))];
  }

  /**
   * The namespace's distinct (folded) types, skipping through the type index one type at a time:
   * cheap however many entities share them. Undefined past `cap` distinct types.
   */
  async types(options: { cap: number }): Promise<string[] | undefined> {
    const { rows } = await sql<{ type: string | null }>`with recursive t(type, n) as (
        select (select min(type_fold) from entities where namespace = ${this.namespace}), 1
        union all
        select (select min(type_fold) from entities where namespace = ${this.namespace} and type_fold > t.type), t.n + 1
        from t where t.type is not null and t.n <= ${options.cap})
      select type from t where type is not null`.execute(this.db);
    return rows.length > options.cap ? undefined : rows.map(row => row.type as string);
  }

  /**
   * The next `size` entities of one type in recency order after `after`, classified for the type
   * tier: 3 when the name holds the query too, else 2.
   */
  async typeWindow(options: { type: string; after?: RecencyKey; size: number }): Promise<ClassifiedRow[]> {
    const { after } = options;
    const keyset =
      after === undefined
        ? sql``
        : sql`and updated_at <= ${after.updatedAt} and (updated_at < ${after.updatedAt} or id > ${after.id})`;
    const { rows } = await sql<FlagRow>`select ${this.columns(3)}
      from entities e where e.namespace = ${this.namespace} and e.type_fold = ${options.type} ${keyset}
      order by e.updated_at desc, e.id limit ${options.size}`.execute(this.db);
    return rows.map(row => ({
      id: Number(row.id),
      updatedAt: row.updated_at,
      tier: truthy(row.in_name) ? 3 : 2,
      nameWords: Number(row.name_words)
    }));
  }
}

const truthy = (value: number | boolean | null): boolean => value === true || value === 1;

/** `%text%` for LIKE, with LIKE's wildcards and its escape character escaped. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, match => `\\${match}`)}%`;
}
