/**
 * The pipeline's tables as Apache Iceberg v2 tables in a catalog (layers/iceberg). Writes are
 * fast appends and copy-on-write overwrites built from DuckDB queries; each commit also requires
 * the branch to still be at the snapshot the step read (checked on every retry of the library's
 * commit loop), so a step never applies its work on top of a state it did not see.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  alwaysFalse,
  alwaysTrue,
  ancestorsOf,
  and,
  type Catalog,
  compactDataFiles,
  day,
  type Expression,
  eq,
  type FileScanTask,
  gtEq,
  identity,
  lt,
  MAIN_BRANCH,
  MergeAppend,
  month,
  NamespaceAlreadyExistsError,
  newSchema,
  OverwriteFiles,
  or,
  type PrimitiveType,
  readParquetByFieldId,
  type Schema,
  type Snapshot,
  type Table,
  TableAlreadyExistsError,
  type TableMetadata,
  type Transform,
} from '../../iceberg/index.js';
import { PROPERTY_PREFIX } from '../context.js';
import { CommitConflictError, PipelineError } from '../errors.js';
import {
  type ColumnDef,
  columnSqlType,
  DECIMAL_PRECISION,
  DECIMAL_SCALE,
  QUOTE_SCALE,
  qualifiedName,
  type TableDef,
} from './definitions.js';
import { branchesToDrop, type KeptBranchBound } from './keptBranches.js';
import { filterPredicate } from './scanFilter.js';
import {
  type CommitOptions,
  type CompactionSummary,
  type ExpiryPolicy,
  type ExpiryResult,
  type KeyRangeFilter,
  quoteIdent,
  type TableHead,
  type TableStore,
} from './TableStore.js';

function icebergType(column: ColumnDef): PrimitiveType {
  switch (column.type) {
    case 'varchar':
      return 'string';
    case 'bigint':
      return 'long';
    case 'integer':
      return 'int';
    case 'double':
      return 'double';
    case 'boolean':
      return 'boolean';
    case 'timestamptz':
      return 'timestamptz';
    case 'decimal':
      return `decimal(${DECIMAL_PRECISION}, ${DECIMAL_SCALE})`;
    case 'quote':
      return `decimal(${DECIMAL_PRECISION}, ${QUOTE_SCALE})`;
  }
}

const TRANSFORMS: Record<TableDef['partitionBy'][number]['transform'], Transform> = { identity, day, month };

/** The Iceberg form of a KeyRangeFilter (the same rows as filterPredicate). */
export function filterToExpression(filter: KeyRangeFilter): Expression {
  if (filter.ranges.length === 0) return alwaysFalse();
  return or(
    ...filter.ranges.map(({ key, fromUs, toUs }) => {
      const parts: Expression[] = [];
      if (filter.keyColumn !== undefined) parts.push(key === undefined ? alwaysFalse() : eq(filter.keyColumn, key));
      if (filter.rangeColumn !== undefined && fromUs !== undefined) parts.push(gtEq(filter.rangeColumn, fromUs));
      if (filter.rangeColumn !== undefined && toUs !== undefined) parts.push(lt(filter.rangeColumn, toUs));
      return parts.length === 0 ? alwaysTrue() : and(...parts);
    }),
  );
}

function guard(table: string, expected: string | undefined, parent: Snapshot | undefined): void {
  const actual = parent?.snapshotId.toString();
  if (actual !== expected) throw new CommitConflictError(table, expected, actual);
}

class GuardedAppend extends MergeAppend {
  constructor(
    table: Table,
    private readonly expected: string | undefined,
  ) {
    super(table);
  }

  protected override produce(base: TableMetadata, parent: Snapshot | undefined) {
    guard(this.table.name, this.expected, parent);
    return super.produce(base, parent);
  }
}

class GuardedOverwrite extends OverwriteFiles {
  constructor(
    table: Table,
    filter: Expression,
    connection: DuckDBConnection,
    private readonly expected: string | undefined,
  ) {
    super(table, { filter, connection });
  }

  protected override produce(base: TableMetadata, parent: Snapshot | undefined) {
    guard(this.table.name, this.expected, parent);
    return super.produce(base, parent);
  }
}

export class IcebergTableStore implements TableStore {
  private readonly tables = new Map<string, Promise<Table>>();

  constructor(private readonly catalog: Catalog) {}

  async ensure(def: TableDef): Promise<void> {
    await this.table(def);
  }

  private table(def: TableDef): Promise<Table> {
    const name = qualifiedName(def);
    let table = this.tables.get(name);
    if (!table) {
      table = this.loadOrCreate(def);
      this.tables.set(name, table);
      table.catch(() => this.tables.delete(name));
    }
    return table;
  }

  private async loadOrCreate(def: TableDef): Promise<Table> {
    const name = qualifiedName(def);
    if (await this.catalog.tableExists(name)) return this.catalog.loadTable(name);
    try {
      if (!(await this.catalog.namespaceExists(def.namespace))) await this.catalog.createNamespace(def.namespace);
    } catch (error) {
      // Created concurrently (by this process or another): fine if it exists now.
      if (!(error instanceof NamespaceAlreadyExistsError) && !(await this.catalog.namespaceExists(def.namespace))) {
        throw error;
      }
    }
    try {
      return await this.catalog.createTable(name, {
        schema: newSchema(
          def.columns.map((column) => ({
            name: column.name,
            type: icebergType(column),
            required: column.required ?? false,
            doc: column.doc,
          })),
        ),
        partitionSpec: def.partitionBy.map((field) => ({
          source: field.column,
          transform: TRANSFORMS[field.transform],
        })),
        properties: {
          'commit.retry.num-retries': '20',
          'write.parquet.compression-codec': 'zstd',
          // Every table commits about once a second: keep old metadata files from piling up (each is
          // up to 100 KB: 10 of them per table, about 10 s of metadata history).
          'write.metadata.delete-after-commit.enabled': 'true',
          'write.metadata.previous-versions-max': '10',
        },
      });
    } catch (error) {
      // Another process created it first.
      if (error instanceof TableAlreadyExistsError) return this.catalog.loadTable(name);
      throw error;
    }
  }

  async head(def: TableDef): Promise<TableHead> {
    const table = await (await this.table(def)).refresh();
    const current = table.currentSnapshot();
    const properties: Record<string, string> = {};
    // Maintenance snapshots (compaction, expiry) may not carry the pipeline's properties: use the
    // newest snapshot that does.
    for (const snapshot of ancestorsOf(table.metadata, current?.snapshotId)) {
      const own = Object.entries(snapshot.summary).filter(([key]) => key.startsWith(PROPERTY_PREFIX));
      if (own.length === 0) continue;
      for (const [key, value] of own) properties[key] = String(value);
      break;
    }
    const dataFiles = current?.summary['total-data-files'];
    return {
      snapshotId: current?.snapshotId.toString(),
      properties,
      snapshotCount: table.metadata.snapshots.length,
      ...(dataFiles === undefined ? {} : { dataFiles: Number(dataFiles) }),
    };
  }

  async scan(
    conn: DuckDBConnection,
    def: TableDef,
    view: string,
    filter?: KeyRangeFilter,
    branch?: string,
  ): Promise<void> {
    // Another process may have committed since this table was loaded: read its current state.
    const table = await (await this.table(def)).refresh();
    if (branch !== undefined && table.ref(branch) === undefined) {
      throw new PipelineError(`${qualifiedName(def)} has no branch ${branch}`, false);
    }
    const tasks = await table
      .scan({ ...(filter ? { filter: filterToExpression(filter) } : {}), ...(branch ? { ref: branch } : {}) })
      .planFiles();
    await this.registerView(conn, def, table, view, tasks, filter);
  }

  async scanAt(
    conn: DuckDBConnection,
    def: TableDef,
    view: string,
    snapshotId: string,
    filter?: KeyRangeFilter,
  ): Promise<void> {
    const table = await this.table(def);
    if (table.snapshot(BigInt(snapshotId)) === undefined) await table.refresh();
    if (table.snapshot(BigInt(snapshotId)) === undefined) {
      // Expired since the caller read it: the step starts over from the table's new state.
      throw new CommitConflictError(qualifiedName(def), snapshotId, table.currentSnapshot()?.snapshotId.toString());
    }
    const tasks = await table
      .scan({ snapshotId: BigInt(snapshotId), ...(filter ? { filter: filterToExpression(filter) } : {}) })
      .planFiles();
    await this.registerView(conn, def, table, view, tasks, filter);
  }

  async scanAppended(
    conn: DuckDBConnection,
    def: TableDef,
    view: string,
    fromExclusive: string | undefined,
    toInclusive: string,
  ): Promise<void> {
    const table = await this.table(def);
    if (table.snapshot(BigInt(toInclusive)) === undefined) await table.refresh();
    const tasks = await table
      .incrementalAppendScan(fromExclusive === undefined ? undefined : BigInt(fromExclusive), BigInt(toInclusive))
      .planFiles();
    await this.registerView(conn, def, table, view, tasks, undefined);
  }

  async commitsSince(def: TableDef, ancestorId: string, snapshotId: string): Promise<number | undefined> {
    const table = await this.table(def);
    if (table.snapshot(BigInt(snapshotId)) === undefined) await table.refresh();
    const lineage = ancestorsOf(table.metadata, BigInt(snapshotId));
    const at = lineage.findIndex((snapshot) => snapshot.snapshotId.toString() === ancestorId);
    return at === -1 ? undefined : at;
  }

  private async registerView(
    conn: DuckDBConnection,
    def: TableDef,
    table: Table,
    view: string,
    tasks: readonly FileScanTask[],
    filter: KeyRangeFilter | undefined,
  ): Promise<void> {
    const columns = def.columns.map((column) => quoteIdent(column.name)).join(', ');
    if (tasks.length === 0) {
      const empty = def.columns.map((c) => `cast(null as ${columnSqlType(c)}) as ${quoteIdent(c.name)}`).join(', ');
      await conn.run(`create or replace temp view ${quoteIdent(view)} as select ${empty} where false`);
      return;
    }
    const withDeletes = tasks.find((task) => task.deleteFiles.length > 0);
    if (withDeletes) {
      throw new PipelineError(
        `table ${table.name}: data file ${withDeletes.dataFile.filePath} has delete files; the pipeline reads copy-on-write tables only`,
        false,
      );
    }
    const paths = await Promise.all(tasks.map((task) => table.io.localPath(task.dataFile.filePath)));
    const schema: Schema = table.schema();
    const where = filter ? ` where ${await filterPredicate(conn, view, filter, 't')}` : '';
    await conn.run(
      `create or replace temp view ${quoteIdent(view)} as select ${columns} from ${readParquetByFieldId(paths, schema)} t${where}`,
    );
  }

  async append(conn: DuckDBConnection, def: TableDef, query: string, options: CommitOptions): Promise<string> {
    const table = await this.target(def, options);
    const operation = new GuardedAppend(table, options.expectedSnapshotId).appendQuery(query, conn);
    return this.commitTo(operation, options);
  }

  /** The table, with `options.branch` (when given) started afresh at main's expected snapshot. */
  private async target(def: TableDef, options: CommitOptions): Promise<Table> {
    const table = await this.table(def);
    if (options.branch === undefined) return table;
    await table.refresh();
    const main = table.currentSnapshot()?.snapshotId.toString();
    if (main !== options.expectedSnapshotId) {
      throw new CommitConflictError(qualifiedName(def), options.expectedSnapshotId, main);
    }
    const head = table.ref(options.branch)?.snapshotId.toString();
    if (head === options.expectedSnapshotId) return table;
    const refs = table.manageSnapshots();
    if (head !== undefined) refs.removeBranch(options.branch);
    // On a table without snapshots the branch is created by its first commit.
    if (options.expectedSnapshotId !== undefined) refs.createBranch(options.branch, BigInt(options.expectedSnapshotId));
    await refs.commit();
    return table;
  }

  private async commitTo(operation: GuardedAppend | GuardedOverwrite, options: CommitOptions): Promise<string> {
    for (const [key, value] of Object.entries(options.properties)) operation.set(key, value);
    if (options.branch !== undefined) operation.toBranch(options.branch);
    return (await operation.commit()).snapshotId.toString();
  }

  async publish(
    _conn: DuckDBConnection,
    def: TableDef,
    branch: string,
    stagedId: string,
    expectedMainId: string | undefined,
  ): Promise<void> {
    const table = await (await this.table(def)).refresh();
    const name = qualifiedName(def);
    const head = table.ref(branch)?.snapshotId.toString();
    if (head !== stagedId) throw new CommitConflictError(`${name} branch ${branch}`, stagedId, head);
    const main = () => table.currentSnapshot()?.snapshotId.toString();
    if (main() !== expectedMainId) throw new CommitConflictError(name, expectedMainId, main());
    const refs = table.manageSnapshots();
    if (expectedMainId === undefined) refs.createBranch(MAIN_BRANCH, BigInt(stagedId));
    else refs.fastForward(MAIN_BRANCH, branch);
    try {
      await refs.removeBranch(branch).commit();
    } catch (error) {
      // Main moved between the check and the commit: the step starts over, like any lost race.
      await table.refresh();
      if (main() !== expectedMainId) throw new CommitConflictError(name, expectedMainId, main());
      throw error;
    }
  }

  async keepBranch(
    _conn: DuckDBConnection,
    def: TableDef,
    branch: string,
    as: string,
    bound?: KeptBranchBound,
  ): Promise<void> {
    const table = await (await this.table(def)).refresh();
    const head = table.ref(branch)?.snapshotId;
    // Another writer published or kept it first: a lost race, retried by the next run.
    if (head === undefined)
      throw new CommitConflictError(`${qualifiedName(def)} branch ${branch}`, 'a staged commit', undefined);
    const refs = table.manageSnapshots();
    if (table.ref(as) === undefined) refs.createBranch(as, head);
    else refs.replaceRef(as, head);
    if (bound !== undefined) {
      const existing = Object.entries(table.metadata.refs)
        .filter(([, ref]) => ref.type === 'branch')
        .map(([name, ref]) => ({ name, committedAtMs: table.snapshot(ref.snapshotId)?.timestampMs ?? 0 }));
      for (const name of branchesToDrop(existing, as, bound)) refs.removeBranch(name);
    }
    await refs.removeBranch(branch).commit();
  }

  async replace(
    conn: DuckDBConnection,
    def: TableDef,
    filter: KeyRangeFilter,
    query: string,
    options: CommitOptions,
  ): Promise<string> {
    const operation = new GuardedOverwrite(
      await this.target(def, options),
      filterToExpression(filter),
      conn,
      options.expectedSnapshotId,
    ).appendQuery(query, conn);
    return this.commitTo(operation, options);
  }

  async compact(conn: DuckDBConnection, def: TableDef): Promise<CompactionSummary> {
    // Small thresholds: each run rewrites at most 64 MiB, and a compacted file past 8 MiB is left
    // alone, so a day partition of a live feed is not rewritten again and again as it grows.
    const { rewrittenFiles, addedFiles } = await compactDataFiles(await this.table(def), {
      connection: conn,
      smallFileBytes: 8 * 1024 * 1024,
      maxInputBytes: 64 * 1024 * 1024,
    });
    return { rewrittenFiles, addedFiles };
  }

  async expireSnapshots(def: TableDef, policy: ExpiryPolicy): Promise<ExpiryResult> {
    const table = await (await this.table(def)).refresh();
    let cutoff = policy.olderThanMs;
    // Snapshot times only grow along the lineage: "all but the newest n" is a cutoff at the n-th newest.
    if (policy.retainLast !== undefined) {
      const nth = ancestorsOf(table.metadata, table.currentSnapshot()?.snapshotId)[policy.retainLast - 1];
      if (nth !== undefined) cutoff = Math.max(cutoff, nth.timestampMs);
    }
    // ... and a cutoff at the oldest kept snapshot keeps its descendants.
    for (const id of policy.keep) {
      const snapshot = table.snapshot(BigInt(id));
      if (snapshot !== undefined) cutoff = Math.min(cutoff, snapshot.timestampMs);
    }
    const result = await table.expireSnapshots().expireOlderThan(cutoff).commit();
    return { expiredSnapshots: result.expiredSnapshotIds.length, deletedFiles: result.deletedFiles };
  }

  async close(): Promise<void> {
    await this.catalog.close();
  }
}
