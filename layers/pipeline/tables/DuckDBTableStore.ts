/**
 * A TableStore kept inside a DuckDB database (in memory or a file): the pipeline's "memory catalog",
 * used by unit tests and by anything that needs the table semantics without a warehouse. Every row
 * carries the snapshot that added it, so incremental reads and conflict checks behave like Iceberg's.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { CommitConflictError, PipelineError } from '../errors.js';
import { columnSqlType, qualifiedName, type TableDef } from './definitions.js';
import { branchesToDrop, type KeptBranch, type KeptBranchBound } from './keptBranches.js';
import { filterPredicate } from './scanFilter.js';
import {
  type CommitOptions,
  type CompactionSummary,
  type ExpiryPolicy,
  type ExpiryResult,
  type KeyRangeFilter,
  quoteIdent,
  quoteLiteral,
  type TableHead,
  type TableStore,
} from './TableStore.js';

/** The DuckDB table that holds `def`'s rows on main, or on a branch (a full copy: this store is for tests). */
function storageTable(def: TableDef, branch?: string): string {
  return `__lakehouse_${def.namespace}__${def.name}${branch === undefined ? '' : `@${branch}`}`;
}

/** The name snapshot records of `def` (on a branch) are kept under. */
function refName(def: TableDef, branch?: string): string {
  return `${qualifiedName(def)}${branch === undefined ? '' : `@${branch}`}`;
}

/** A snapshot id as SQL text: always digits (ids come from this store, never from data). */
function snapshotIdSql(id: string): string {
  return BigInt(id).toString();
}

function columnList(def: TableDef): string {
  return def.columns.map((column) => quoteIdent(column.name)).join(', ');
}

export class DuckDBTableStore implements TableStore {
  private ready: Promise<void> | undefined;
  private readonly prefix: string;
  private readonly snapshots: string;

  /**
   * `admin` is a connection of the same DuckDB instance as the connections passed to the other
   * methods; `catalog` names an attached database to keep the tables in (default: the in-memory one).
   */
  constructor(
    private readonly admin: DuckDBConnection,
    catalog?: string,
  ) {
    this.prefix = catalog === undefined ? '' : `${quoteIdent(catalog)}.main.`;
    this.snapshots = `${this.prefix}__lakehouse_snapshots`;
  }

  private storageName(def: TableDef, branch?: string): string {
    return `${this.prefix}${quoteIdent(storageTable(def, branch))}`;
  }

  private init(): Promise<void> {
    this.ready ??= this.admin
      .run(
        `create table if not exists ${this.snapshots} (table_name varchar, snapshot_id bigint, operation varchar, properties varchar, committed_at_ms bigint)`,
      )
      .then(() => undefined);
    return this.ready;
  }

  async ensure(def: TableDef): Promise<void> {
    await this.init();
    const columns = def.columns.map((column) => `${quoteIdent(column.name)} ${columnSqlType(column)}`).join(', ');
    await this.admin.run(`create table if not exists ${this.storageName(def)} (${columns}, __snapshot bigint)`);
  }

  async head(def: TableDef): Promise<TableHead> {
    await this.init();
    const reader = await this.admin.runAndReadAll(
      `select snapshot_id::varchar, properties from ${this.snapshots} where table_name = $1 order by snapshot_id desc`,
      [qualifiedName(def)],
    );
    const rows = reader.getRows();
    const snapshotId = rows[0]?.[0] as string | undefined;
    const withProperties = rows.find((row) => row[1] !== '{}');
    const properties = withProperties ? (JSON.parse(String(withProperties[1])) as Record<string, string>) : {};
    return { snapshotId, properties, snapshotCount: rows.length };
  }

  async scan(
    conn: DuckDBConnection,
    def: TableDef,
    view: string,
    filter?: KeyRangeFilter,
    branch?: string,
  ): Promise<void> {
    if (branch !== undefined && (await this.branchHead(def, branch)) === undefined) {
      throw new PipelineError(`${qualifiedName(def)} has no branch ${branch}`, false);
    }
    const where = filter ? ` where ${await filterPredicate(conn, view, filter, 't')}` : '';
    await conn.run(
      `create or replace temp view ${quoteIdent(view)} as select ${columnList(def)} from ${this.storageName(def, branch)} t${where}`,
    );
  }

  private branchHead(def: TableDef, branch: string, conn = this.admin): Promise<string | undefined> {
    return this.branchHeadOf(conn, refName(def, branch));
  }

  private async branchHeadOf(conn: DuckDBConnection, ref: string): Promise<string | undefined> {
    await this.init();
    const reader = await conn.runAndReadAll(
      `select max(snapshot_id)::varchar from ${this.snapshots} where table_name = $1`,
      [ref],
    );
    return (reader.getRows()[0]?.[0] as string | null) ?? undefined;
  }

  /** Every branch of `def` with when its head was committed. */
  private async branches(conn: DuckDBConnection, def: TableDef): Promise<KeptBranch[]> {
    const prefix = `${qualifiedName(def)}@`;
    const reader = await conn.runAndReadAll(
      `select substr(table_name, $2), max(committed_at_ms)::double from ${this.snapshots}
       where starts_with(table_name, $1) group by table_name`,
      [prefix, prefix.length + 1],
    );
    return reader.getRows().map(([name, at]) => ({ name: String(name), committedAtMs: Number(at) }));
  }

  /** The branch (if any) whose head is snapshot `id`: its rows live in that branch's storage table. */
  private async branchOf(def: TableDef, id: string): Promise<string | undefined> {
    const reader = await this.admin.runAndReadAll(
      `select table_name from ${this.snapshots} where snapshot_id = $1 and starts_with(table_name, $2)`,
      [BigInt(id), `${qualifiedName(def)}@`],
    );
    const name = reader.getRows()[0]?.[0] as string | undefined;
    return name?.slice(qualifiedName(def).length + 1);
  }

  async scanAt(
    conn: DuckDBConnection,
    def: TableDef,
    view: string,
    snapshotId: string,
    filter?: KeyRangeFilter,
  ): Promise<void> {
    await this.init();
    // Main keeps one copy of its rows: an earlier state is the rows no later than it, as long as
    // nothing since replaced any (appends only).
    const replaced = await this.admin.runAndReadAll(
      `select max(snapshot_id)::varchar from ${this.snapshots} where table_name = $1 and snapshot_id > $2 and operation <> 'append'`,
      [qualifiedName(def), BigInt(snapshotId)],
    );
    const since = (replaced.getRows()[0]?.[0] as string | null) ?? undefined;
    if (since !== undefined) throw new CommitConflictError(qualifiedName(def), snapshotId, since);
    const where = filter ? ` and ${await filterPredicate(conn, view, filter, 't')}` : '';
    await conn.run(
      `create or replace temp view ${quoteIdent(view)} as select ${columnList(def)} from ${this.storageName(def)} t
       where __snapshot <= ${snapshotIdSql(snapshotId)}${where}`,
    );
  }

  async scanAppended(
    conn: DuckDBConnection,
    def: TableDef,
    view: string,
    fromExclusive: string | undefined,
    toInclusive: string,
  ): Promise<void> {
    // A view cannot take parameters: the table and branch names are the definition's own and the
    // pipeline's, the ids are digits.
    const branch = await this.branchOf(def, toInclusive);
    const refs = [refName(def), refName(def, branch)].map(quoteLiteral).join(', ');
    const appends = `select snapshot_id from ${this.snapshots} where table_name in (${refs}) and operation = 'append'`;
    const from = fromExclusive === undefined ? '-1' : snapshotIdSql(fromExclusive);
    await conn.run(
      `create or replace temp view ${quoteIdent(view)} as select ${columnList(def)} from ${this.storageName(def, branch)}
       where __snapshot > ${from} and __snapshot <= ${snapshotIdSql(toInclusive)} and __snapshot in (${appends})`,
    );
  }

  async commitsSince(def: TableDef, ancestorId: string, snapshotId: string): Promise<number | undefined> {
    // Snapshot ids here increase with every commit and history is linear.
    if (BigInt(ancestorId) > BigInt(snapshotId)) return undefined;
    const reader = await this.admin.runAndReadAll(
      `select count(*) from ${this.snapshots} where table_name = $1 and snapshot_id > $2 and snapshot_id <= $3`,
      [qualifiedName(def), BigInt(ancestorId), BigInt(snapshotId)],
    );
    return Number(reader.getRows()[0]?.[0] ?? 0);
  }

  append(conn: DuckDBConnection, def: TableDef, query: string, options: CommitOptions): Promise<string> {
    return this.commit(conn, def, 'append', undefined, query, options);
  }

  replace(
    conn: DuckDBConnection,
    def: TableDef,
    filter: KeyRangeFilter,
    query: string,
    options: CommitOptions,
  ): Promise<string> {
    return this.commit(conn, def, 'overwrite', filter, query, options);
  }

  private async commit(
    conn: DuckDBConnection,
    def: TableDef,
    operation: 'append' | 'overwrite',
    filter: KeyRangeFilter | undefined,
    query: string,
    options: CommitOptions,
  ): Promise<string> {
    await this.init();
    const table = qualifiedName(def);
    const { branch } = options;
    const target = this.storageName(def, branch);
    await conn.run('begin transaction');
    try {
      const current = await conn.runAndReadAll(
        `select max(snapshot_id)::varchar, (select coalesce(max(snapshot_id), 0) + 1 from ${this.snapshots}) from ${this.snapshots} where table_name = $1`,
        [table],
      );
      const [actual, next] = current.getRows()[0] as [string | null, bigint];
      if ((actual ?? undefined) !== options.expectedSnapshotId) {
        throw new CommitConflictError(table, options.expectedSnapshotId, actual ?? undefined);
      }
      if (branch !== undefined) {
        // The branch starts afresh at main: a copy of main's rows, and no snapshots of its own yet.
        await conn.run(`create or replace table ${target} as select * from ${this.storageName(def)}`);
        await conn.run(`delete from ${this.snapshots} where table_name = $1`, [refName(def, branch)]);
      }
      if (filter) {
        const predicate = await filterPredicate(conn, storageTable(def, branch), filter, 't');
        await conn.run(`delete from ${target} as t where ${predicate}`);
      }
      await conn.run(
        `insert into ${target} (${columnList(def)}, __snapshot) select ${columnList(def)}, ${next} from (${query})`,
      );
      await conn.run(`insert into ${this.snapshots} values ($1, $2, $3, $4, $5)`, [
        refName(def, branch),
        next,
        operation,
        JSON.stringify(options.properties),
        BigInt(Date.now()),
      ]);
      await conn.run('commit');
      return String(next);
    } catch (error) {
      await conn.run('rollback');
      throw error;
    }
  }

  async publish(
    conn: DuckDBConnection,
    def: TableDef,
    branch: string,
    stagedId: string,
    expectedMainId: string | undefined,
  ): Promise<void> {
    await this.init();
    const table = qualifiedName(def);
    await conn.run('begin transaction');
    try {
      const head = await this.branchHead(def, branch, conn);
      if (head !== stagedId) throw new CommitConflictError(`${table} branch ${branch}`, stagedId, head);
      const main = await this.branchHeadOf(conn, refName(def));
      if (main !== expectedMainId) throw new CommitConflictError(table, expectedMainId, main);
      await conn.run(`delete from ${this.storageName(def)}`);
      await conn.run(`insert into ${this.storageName(def)} select * from ${this.storageName(def, branch)}`);
      await conn.run(`drop table ${this.storageName(def, branch)}`);
      await conn.run(`update ${this.snapshots} set table_name = $1 where table_name = $2`, [
        table,
        refName(def, branch),
      ]);
      await conn.run('commit');
    } catch (error) {
      await conn.run('rollback');
      throw error;
    }
  }

  async keepBranch(
    conn: DuckDBConnection,
    def: TableDef,
    branch: string,
    as: string,
    bound?: KeptBranchBound,
  ): Promise<void> {
    await this.init();
    if ((await this.branchHead(def, branch, conn)) === undefined) {
      // Another writer published or kept it first: a lost race, retried by the next run.
      throw new CommitConflictError(`${qualifiedName(def)} branch ${branch}`, 'a staged commit', undefined);
    }
    await conn.run('begin transaction');
    try {
      await conn.run(`drop table if exists ${this.storageName(def, as)}`);
      await conn.run(`alter table ${this.storageName(def, branch)} rename to ${quoteIdent(storageTable(def, as))}`);
      await conn.run(`delete from ${this.snapshots} where table_name = $1`, [refName(def, as)]);
      await conn.run(`update ${this.snapshots} set table_name = $1 where table_name = $2`, [
        refName(def, as),
        refName(def, branch),
      ]);
      if (bound !== undefined) {
        for (const name of branchesToDrop(await this.branches(conn, def), as, bound)) {
          await conn.run(`drop table if exists ${this.storageName(def, name)}`);
          await conn.run(`delete from ${this.snapshots} where table_name = $1`, [refName(def, name)]);
        }
      }
      await conn.run('commit');
    } catch (error) {
      await conn.run('rollback');
      throw error;
    }
  }

  /** Rows live in DuckDB tables here, not in files: there are no small files to merge. */
  async compact(): Promise<CompactionSummary> {
    return { rewrittenFiles: 0, addedFiles: 0 };
  }

  /** Forgets old snapshot records (rows stay; replaced rows are already gone, so no file is deleted). */
  async expireSnapshots(def: TableDef, policy: ExpiryPolicy): Promise<ExpiryResult> {
    await this.init();
    // Snapshot ids here count commits from 1: small integers. $4 null: no count bound.
    const below = policy.keep.length > 0 ? Math.min(...policy.keep.map(Number)) : Number.MAX_SAFE_INTEGER;
    const reader = await this.admin.runAndReadAll(
      `delete from ${this.snapshots} where table_name = $1 and snapshot_id < $3
         and (committed_at_ms < $2 or ($4 is not null and snapshot_id < (
           select min(snapshot_id) from (select snapshot_id from ${this.snapshots} where table_name = $1
                                         order by snapshot_id desc limit coalesce($4, 0)))))
         and snapshot_id < (select max(snapshot_id) from ${this.snapshots} where table_name = $1)`,
      [
        qualifiedName(def),
        BigInt(Math.floor(policy.olderThanMs)),
        BigInt(below),
        policy.retainLast === undefined ? null : BigInt(policy.retainLast),
      ],
    );
    return { expiredSnapshots: reader.rowsChanged, deletedFiles: 0 };
  }

  async close(): Promise<void> {}
}
