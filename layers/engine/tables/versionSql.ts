/**
 * The SQL that reads one version of a table: resolves the snapshot (id, ref or timestamp), plans
 * its files through the library and builds the read_parquet query. Results are cached per
 * metadata file and snapshot: both are immutable, so a cached query can never be stale.
 */
import {
  currentSnapshot,
  findSnapshot,
  type Schema,
  type Snapshot,
  snapshotAsOf,
  snapshotForRef,
  TableScan,
} from '../../iceberg/index.js';
import { EngineError, InconsistentTableError, NotFoundError } from '../errors.js';
import { NAME_MAPPING_PROPERTY, parseNameMapping } from '../scan/nameMapping.js';
import type { ParquetColumns } from '../scan/parquetColumns.js';
import { scanSql } from '../scan/scanSql.js';
import { scanPlanFromTasks } from './scanPlanFromTasks.js';
import type { TableHandle, VersionOptions } from './TableSource.js';

/** The snapshot a version names; undefined for the current version of a table with no snapshot yet. */
export function resolveSnapshot(handle: TableHandle, options: VersionOptions): Snapshot | undefined {
  const md = handle.metadata;
  if (options.snapshotId !== undefined) {
    const snapshot = findSnapshot(md, options.snapshotId);
    if (snapshot === undefined) throw new NotFoundError(`table ${handle.name} has no snapshot ${options.snapshotId}`);
    return snapshot;
  }
  if (options.ref !== undefined) {
    const snapshot = snapshotForRef(md, options.ref);
    if (snapshot === undefined) throw new NotFoundError(`table ${handle.name} has no branch or tag '${options.ref}'`);
    return snapshot;
  }
  if (options.asOfTimestampMs !== undefined) {
    const snapshot = snapshotAsOf(md, options.asOfTimestampMs);
    if (snapshot === undefined) {
      throw new NotFoundError(
        `table ${handle.name} has no snapshot at or before ${new Date(options.asOfTimestampMs).toISOString()}`,
      );
    }
    return snapshot;
  }
  return currentSnapshot(md);
}

const MAX_CACHED = 256;

export class VersionSqlCache {
  private readonly cache = new Map<string, Promise<string>>();

  constructor(
    /** Reads Parquet footers (field ids and top-level columns) of local files. */
    private readonly inspect: (localPaths: readonly string[]) => Promise<ReadonlyMap<string, ParquetColumns>>,
  ) {}

  /** SELECT reading the version (current when options are empty). */
  sqlFor(handle: TableHandle, options: VersionOptions): Promise<string> {
    const snapshot = resolveSnapshot(handle, options);
    // The library's rule: a snapshot, a timestamp or a tag reads with the snapshot's schema; a branch with the table's.
    const scan = new TableScan(handle.io, handle.metadata, snapshot === undefined ? {} : { ...options });
    const schema = scan.schema();
    const key = `${handle.cacheKey}\u0000${snapshot?.snapshotId ?? 'none'}\u0000${schema.schemaId}`;
    let sql = this.cache.get(key);
    if (sql === undefined) {
      sql = this.build(handle, scan, snapshot, schema);
      this.cache.set(key, sql);
      sql.catch(() => this.cache.delete(key));
      if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
    }
    return sql;
  }

  private async build(
    handle: TableHandle,
    scan: TableScan,
    snapshot: Snapshot | undefined,
    schema: Schema,
  ): Promise<string> {
    const describe = `table ${handle.name} snapshot ${snapshot?.snapshotId ?? '(none)'}`;
    const tasks =
      snapshot === undefined
        ? []
        : await scan.planFiles().catch((error: unknown) => {
            if (error instanceof EngineError) throw error;
            throw new EngineError(
              `${describe}: planning files failed: ${error instanceof Error ? error.message : String(error)}`,
              {
                cause: error,
                retriable: (error as { retriable?: boolean }).retriable === true,
              },
            );
          });
    try {
      const mapping = handle.metadata.properties[NAME_MAPPING_PROPERTY];
      const plan = await scanPlanFromTasks(schema, handle.metadata.schemas, tasks, {
        io: handle.dataIO,
        mapLocation: handle.mapLocation,
        describe,
        inspect: this.inspect,
        nameMapping: mapping === undefined ? undefined : parseNameMapping(mapping, handle.name),
      });
      return scanSql(plan);
    } catch (error) {
      if (error instanceof EngineError) throw error;
      throw new InconsistentTableError(`${describe}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
  }
}
