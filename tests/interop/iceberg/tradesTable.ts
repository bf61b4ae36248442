/**
 * Builds a table through the core library with every kind of change the readers must follow
 * (appends, copy-on-write overwrite, deletes that drop and that rewrite files, schema evolution,
 * merged manifests, compaction),
 * and keeps the ground truth: after each commit, the rows every reader must see, in an exact text
 * form (longs and decimals as strings, timestamps as epoch microseconds).
 */
import { sharedConnection } from '../../../layers/engine/index.js';
import {
  bucket,
  type Catalog,
  compactDataFiles,
  day,
  eq,
  lt,
  newSchema,
  type Table,
  type TableIdentifier,
} from '../../../layers/iceberg/index.js';

export type ExactRow = Record<string, string | null>;

export interface Trade {
  readonly trade_id: bigint;
  readonly product_id: string;
  readonly price: string;
  readonly size: string;
  readonly exchange_time_us: bigint;
  readonly side: string;
  readonly venue: string | null;
}

export interface CommitRecord {
  readonly label: string;
  readonly snapshotId: bigint;
  readonly operation: string;
  readonly metadataLocation: string;
  /** Column names of the schema the snapshot was written with, in order. */
  readonly columns: readonly string[];
  readonly rows: readonly ExactRow[];
}

export interface BuiltTable {
  readonly table: Table;
  readonly commits: readonly CommitRecord[];
  /** Every metadata file the table went through, oldest first. */
  readonly metadataLocations: readonly string[];
  readonly finalRows: readonly ExactRow[];
  readonly finalColumns: readonly string[];
  readonly trades: readonly Trade[];
}

export const DAY1_START_US = BigInt(Date.UTC(2026, 0, 1)) * 1000n;
export const DAY2_START_US = BigInt(Date.UTC(2026, 0, 2)) * 1000n;

export function trade(id: number, venue: string | null = null): Trade {
  return {
    trade_id: BigInt(id) * 1_000_000_007n, // beyond 2^32, exact only as a 64-bit long
    product_id: id % 3 === 0 ? 'ETH-USD' : 'BTC-USD',
    price: `${20_000 + id}.${String((id * 12_345_679) % 100_000_000).padStart(8, '0')}`,
    size: `0.${String((id * 7_919) % 100_000_000).padStart(8, '0')}`,
    exchange_time_us: (id % 2 === 0 ? DAY2_START_US : DAY1_START_US) + BigInt(id) * 1_000_123n,
    side: id % 2 === 0 ? 'buy' : 'sell',
    venue,
  };
}

/** ISO-8601 with microseconds and an explicit UTC offset, for DuckDB TIMESTAMPTZ literals. */
export function isoMicros(micros: bigint): string {
  const ms = Number(micros / 1000n);
  const sub = String(micros % 1000n).padStart(3, '0');
  return `${new Date(ms).toISOString().slice(0, 23)}${sub}+00:00`;
}

function valuesSql(trades: readonly Trade[], withVenue: boolean, sizeColumn: string): string {
  const rows = trades.map(
    (t) =>
      `(${t.trade_id}::BIGINT, '${t.product_id}', '${t.price}'::DECIMAL(18,8), '${t.size}'::DECIMAL(18,8), ` +
      `'${isoMicros(t.exchange_time_us)}'::TIMESTAMPTZ, '${t.side}'${withVenue ? `, ${t.venue === null ? 'NULL' : `'${t.venue}'`}` : ''})`,
  );
  const columns = [
    'trade_id',
    'product_id',
    'price',
    sizeColumn,
    'exchange_time',
    'side',
    ...(withVenue ? ['venue'] : []),
  ];
  return `SELECT * FROM (VALUES ${rows.join(', ')}) AS v(${columns.join(', ')})`;
}

function exactRow(t: Trade, evolved: boolean): ExactRow {
  const base: ExactRow = {
    trade_id: t.trade_id.toString(),
    product_id: t.product_id,
    price: t.price,
    [evolved ? 'quantity' : 'size']: t.size,
    exchange_time: t.exchange_time_us.toString(),
    side: t.side,
  };
  return evolved ? { ...base, venue: t.venue } : base;
}

const V1_COLUMNS = ['trade_id', 'product_id', 'price', 'size', 'exchange_time', 'side'];
const V2_COLUMNS = ['trade_id', 'product_id', 'price', 'quantity', 'exchange_time', 'side', 'venue'];

export async function buildTradesTable(catalog: Catalog, identifier: TableIdentifier): Promise<BuiltTable> {
  if (!(await catalog.namespaceExists(identifier.namespace))) await catalog.createNamespace(identifier.namespace);
  const table = await catalog.createTable(identifier, {
    schema: newSchema([
      { name: 'trade_id', type: 'long', required: true },
      { name: 'product_id', type: 'string' },
      { name: 'price', type: 'decimal(18, 8)' },
      { name: 'size', type: 'decimal(18, 8)' },
      { name: 'exchange_time', type: 'timestamptz' },
      { name: 'side', type: 'string' },
    ]),
    partitionSpec: [
      { source: 'exchange_time', transform: day },
      { source: 'trade_id', transform: bucket(4) },
    ],
    // Merge manifests early, so readers also meet merged manifests with EXISTING entries.
    properties: { 'commit.manifest.min-count-to-merge': '3' },
  });
  const metadataLocations = [table.metadataLocation];
  const commits: CommitRecord[] = [];
  let live: Trade[] = [];
  let evolved = false;
  const record = (label: string) => {
    const snapshot = table.currentSnapshot();
    if (snapshot === undefined) throw new Error(`${label}: no current snapshot`);
    metadataLocations.push(table.metadataLocation);
    commits.push({
      label,
      snapshotId: snapshot.snapshotId,
      operation: snapshot.summary.operation,
      metadataLocation: table.metadataLocation,
      columns: evolved ? V2_COLUMNS : V1_COLUMNS,
      rows: live.map((t) => exactRow(t, evolved)),
    });
  };

  const first = Array.from({ length: 24 }, (_, i) => trade(i + 1));
  await table
    .newAppend()
    .appendQuery(valuesSql(first, false, 'size'))
    .set('writer', 'interop-test')
    .commit();
  live = [...first];
  record('append 1-24');

  const second = Array.from({ length: 12 }, (_, i) => trade(i + 25));
  await table
    .newAppend()
    .appendQuery(valuesSql(second, false, 'size'))
    .commit();
  live = [...live, ...second];
  record('append 25-36');

  const replacementEth = [37, 39, 42, 45].map((id) => trade(id)).filter((t) => t.product_id === 'ETH-USD');
  await table
    .newOverwrite(eq('product_id', 'ETH-USD'))
    .appendQuery(valuesSql(replacementEth, false, 'size'))
    .commit();
  live = [...live.filter((t) => t.product_id !== 'ETH-USD'), ...replacementEth];
  record('overwrite ETH-USD');

  await table.newDelete(lt('exchange_time', isoMicros(DAY2_START_US))).commit();
  live = live.filter((t) => t.exchange_time_us >= DAY2_START_US);
  record('delete day 1');

  const victim = live.find((t) => t.product_id === 'BTC-USD');
  if (victim === undefined) throw new Error('no BTC-USD trade left to delete');
  await table.newDelete(eq('trade_id', victim.trade_id)).commit();
  live = live.filter((t) => t.trade_id !== victim.trade_id);
  record(`delete trade ${victim.trade_id}`);

  await table.updateSchema().addColumn('venue', 'string').renameColumn('size', 'quantity').commit();
  evolved = true;
  metadataLocations.push(table.metadataLocation);

  const third = [43, 44, 46, 47, 48].map((id) => trade(id, id % 2 === 0 ? 'coinbase' : null));
  await table
    .newAppend()
    .appendQuery(valuesSql(third, true, 'quantity'))
    .commit();
  live = [...live, ...third];
  record('append 43-48 after schema change');

  for (const id of [49, 50]) {
    const one = [trade(id, 'coinbase')];
    await table
      .newMergeAppend()
      .appendQuery(valuesSql(one, true, 'quantity'))
      .commit();
    live = [...live, ...one];
    record(`merge append ${id}`);
  }

  // Every partition with two or more files becomes one file: a `replace` snapshot with the same rows.
  const compacted = await compactDataFiles(table, {
    connection: await sharedConnection(),
    smallFileBytes: Number.MAX_SAFE_INTEGER,
    minInputFiles: 2,
  });
  if (compacted.rewrittenFiles === 0) throw new Error('compaction found nothing to rewrite');
  record('compaction');

  return {
    table,
    commits,
    metadataLocations,
    finalRows: live.map((t) => exactRow(t, true)),
    finalColumns: V2_COLUMNS,
    trades: live,
  };
}

/** Rows in a canonical order with canonical key order, for comparison. */
export function canonical(rows: readonly Record<string, unknown>[]): string[] {
  return rows
    .map((row) =>
      JSON.stringify(
        Object.keys(row)
          .sort()
          .map((key) => [key, row[key] ?? null]),
      ),
    )
    .sort();
}

/** A short account of how two row sets differ, matched by trade_id: missing and extra rows, columns that differ. */
export function describeDifferences(
  actual: readonly Record<string, unknown>[],
  expected: readonly Record<string, unknown>[],
): string {
  const byId = (rows: readonly Record<string, unknown>[]) => new Map(rows.map((r) => [String(r.trade_id), r]));
  const got = byId(actual);
  const want = byId(expected);
  const lines: string[] = [];
  const missing = [...want.keys()].filter((id) => !got.has(id));
  const extra = [...got.keys()].filter((id) => !want.has(id));
  if (missing.length > 0) lines.push(`missing trade_ids: ${missing.join(', ')}`);
  if (extra.length > 0) lines.push(`unexpected trade_ids: ${extra.join(', ')}`);
  const columns = new Set([...expected.flatMap((r) => Object.keys(r)), ...actual.flatMap((r) => Object.keys(r))]);
  for (const column of columns) {
    const differing = [...want.keys()].filter(
      (id) => got.has(id) && (got.get(id)?.[column] ?? null) !== (want.get(id)?.[column] ?? null),
    );
    const first = differing[0];
    if (first === undefined) continue;
    lines.push(
      `column ${column}: ${differing.length} of ${want.size} rows differ (trade_id ${first}: expected ${JSON.stringify(
        want.get(first)?.[column] ?? null,
      )}, got ${JSON.stringify(got.get(first)?.[column] ?? null)})`,
    );
  }
  return lines.join('; ');
}
