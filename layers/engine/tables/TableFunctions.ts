/**
 * The table functions users of DuckDB's iceberg extension know, as subqueries:
 *   iceberg_scan('<metadata file | table location | namespace.table>'
 *                [, snapshot_id => N | timestamp => '...' | ref => 'name'] [, allow_moved_paths => true])
 *   iceberg_snapshots('<same targets>' [, allow_moved_paths => true])
 *   iceberg_metadata('<same targets>' [, snapshot_id => N | timestamp => '...' | ref => 'name'] [, allow_moved_paths => true])
 */
import { QuerySyntaxError } from '../errors.js';
import { quoteString } from '../sql/quote.js';
import type { ArgumentValue, NameParts, TableFunctionCall } from '../sql/trinoRewrite.js';
import { icebergMetadataSql, icebergSnapshotsSql } from './metadataTables.js';
import type { TableHandle, TableSource, VersionOptions } from './TableSource.js';
import { resolveSnapshot, type VersionSqlCache } from './versionSql.js';

const NAMED_ARGUMENTS: Readonly<Record<TableFunctionCall['name'], readonly string[]>> = {
  iceberg_scan: ['snapshot_id', 'timestamp', 'ref', 'allow_moved_paths', 'snapshot_from_id', 'snapshot_from_timestamp'],
  iceberg_snapshots: ['allow_moved_paths'],
  iceberg_metadata: [
    'snapshot_id',
    'timestamp',
    'ref',
    'allow_moved_paths',
    'snapshot_from_id',
    'snapshot_from_timestamp',
  ],
};

/** A catalog name rather than a path: no scheme, no slash, and namespace.table shaped. */
function isTableName(target: string): boolean {
  return (
    !target.includes('/') &&
    !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(target) &&
    !target.endsWith('.json') &&
    target.includes('.')
  );
}

function text(call: TableFunctionCall, name: string, value: ArgumentValue): string {
  if (value.kind !== 'string') throw new QuerySyntaxError(`${call.name}: ${name} must be a string`);
  return value.value;
}

export class TableFunctions {
  constructor(
    private readonly source: TableSource,
    private readonly versions: VersionSqlCache,
    /** Evaluates a SQL timestamp expression to epoch milliseconds. */
    private readonly timestampMs: (expression: string) => Promise<number>,
  ) {}

  async sql(call: TableFunctionCall, loadNamed: (parts: NameParts) => Promise<TableHandle>): Promise<string> {
    const allowed = NAMED_ARGUMENTS[call.name];
    for (const name of call.named.keys()) {
      if (!allowed.includes(name)) {
        throw new QuerySyntaxError(`${call.name}: unknown argument ${name} (expected ${allowed.join(', ')})`);
      }
    }
    const [targetArgument, ...extra] = call.positional;
    if (targetArgument === undefined || extra.length > 0) {
      throw new QuerySyntaxError(
        `${call.name} takes one positional argument: a metadata file, table location or namespace.table`,
      );
    }
    const target = text(call, 'the table', targetArgument);
    const moved = call.named.get('allow_moved_paths');
    if (moved !== undefined && moved.kind !== 'boolean')
      throw new QuerySyntaxError(`${call.name}: allow_moved_paths must be true or false`);
    const handle = isTableName(target)
      ? await loadNamed(target.split('.'))
      : await this.source.open(target, { allowMovedPaths: moved?.value === true });
    if (call.name === 'iceberg_snapshots') return icebergSnapshotsSql(handle.metadata);
    const version = await this.versionOptions(call);
    if (call.name === 'iceberg_metadata') {
      return icebergMetadataSql({ metadata: handle.metadata, io: handle.io }, resolveSnapshot(handle, version));
    }
    return this.versions.sqlFor(handle, version);
  }

  private async versionOptions(call: TableFunctionCall): Promise<VersionOptions> {
    const snapshotId = call.named.get('snapshot_id') ?? call.named.get('snapshot_from_id');
    const timestamp = call.named.get('timestamp') ?? call.named.get('snapshot_from_timestamp');
    const ref = call.named.get('ref');
    if ([snapshotId, timestamp, ref].filter((v) => v !== undefined).length > 1) {
      throw new QuerySyntaxError(`${call.name}: give at most one of snapshot_id, timestamp and ref`);
    }
    if (snapshotId !== undefined) {
      const digits = snapshotId.kind === 'boolean' ? '' : String(snapshotId.value);
      if (!/^-?\d+$/.test(digits)) throw new QuerySyntaxError(`${call.name}: snapshot_id must be an integer`);
      return { snapshotId: BigInt(digits) };
    }
    if (timestamp !== undefined) {
      return {
        asOfTimestampMs: await this.timestampMs(
          `CAST(${quoteString(text(call, 'timestamp', timestamp))} AS TIMESTAMPTZ)`,
        ),
      };
    }
    if (ref !== undefined) return { ref: text(call, 'ref', ref) };
    return {};
  }
}
