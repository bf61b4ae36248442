/**
 * Tables the core library writes (SQLite catalog, local warehouse) are read back, rows and every
 * snapshot, by readers nobody here wrote: PyIceberg + pyarrow (through its SqlCatalog on the same
 * catalog file, and via StaticTable from the metadata file), icebird (npm), Apache's Avro library for
 * the manifests; and every metadata file validates against the REST OpenAPI TableMetadata schema.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SqlCatalog, SqliteDriver } from '../../../layers/iceberg/index.js';
import { coreRows } from './coreRows.js';
import { runPythonJson } from './services/python.js';
import { loadTableMetadataValidator } from './tableMetadataValidator.js';
import {
  type BuiltTable,
  buildTradesTable,
  canonical,
  DAY2_START_US,
  describeDifferences,
  type ExactRow,
} from './tradesTable.js';

const run = promisify(execFile);
const CATALOG_NAME = 'lakehouse';

interface PyIcebergSnapshot {
  snapshot_id: string;
  parent_snapshot_id: string | null;
  operation: string;
  summary: Record<string, string>;
  schema_columns: string[];
  rows: ExactRow[];
}
interface PyIcebergTable {
  current_snapshot_id: string;
  current_columns: string[];
  snapshots: PyIcebergSnapshot[];
  current_rows: ExactRow[];
}
interface PyIcebergResult {
  catalog_metadata_location: string;
  via_catalog: PyIcebergTable;
  via_static_table: PyIcebergTable;
  filtered: { filter: string; rows: ExactRow[] }[];
}
interface AvroCheck {
  problems: string[];
  snapshots: {
    snapshot_id: string;
    manifests: {
      content: number;
      header: Record<string, string | null>;
      entries: { status: number; record_count: string; content: number }[];
    }[];
  }[];
}

let root: string;
let catalog: SqlCatalog;
let built: BuiltTable;

before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'iceberg-interop-'));
  catalog = await SqlCatalog.open({
    name: CATALOG_NAME,
    driver: new SqliteDriver({ path: path.join(root, 'catalog.db') }),
    warehouse: path.join(root, 'warehouse'),
  });
  built = await buildTradesTable(catalog, { namespace: ['interop'], name: 'trades' });
});
after(async () => {
  await catalog?.close();
  await fs.rm(root, { recursive: true, force: true });
});

function assertSameRows(actual: readonly Record<string, unknown>[], expected: readonly ExactRow[], what: string) {
  assert.deepEqual(canonical(actual), canonical(expected), `${what}: ${describeDifferences(actual, expected)}`);
}

function pyIcebergFilters(built: BuiltTable) {
  const someTrade = built.trades[built.trades.length - 1];
  return [
    { filter: `trade_id = ${someTrade?.trade_id}`, keep: (r: ExactRow) => r.trade_id === String(someTrade?.trade_id) },
    { filter: "product_id = 'ETH-USD'", keep: (r: ExactRow) => r.product_id === 'ETH-USD' },
    {
      filter: "exchange_time >= '2026-01-02T00:00:30+00:00'",
      keep: (r: ExactRow) => BigInt(r.exchange_time ?? 0) >= DAY2_START_US + 30_000_000n,
    },
    {
      filter: "exchange_time < '2026-01-02T00:00:20.000500+00:00'",
      keep: (r: ExactRow) => BigInt(r.exchange_time ?? 0) < DAY2_START_US + 20_000_500n,
    },
    { filter: 'price > 20040', keep: (r: ExactRow) => Number(r.price) > 20040 },
  ];
}

async function readWithIcebird(table: BuiltTable) {
  const script = fileURLToPath(new URL('./readWithIcebird.js', import.meta.url));
  const names = table.commits.map((c) => path.basename(c.metadataLocation));
  const { stdout } = await run(process.execPath, [script, table.table.location(), ...names], {
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  return JSON.parse(stdout) as { metadataFileName: string; rows: ExactRow[] }[];
}

/** icebird reads timestamps as Date: its rows are compared at millisecond precision. */
function toMillis(rows: readonly ExactRow[]): ExactRow[] {
  return rows.map((r) => ({
    ...r,
    exchange_time: typeof r.exchange_time === 'string' ? String((BigInt(r.exchange_time) / 1000n) * 1000n) : null,
  }));
}

describe('tables written by the core library, read by independent readers', () => {
  it('the core library reads back every snapshot it wrote', async () => {
    for (const commit of built.commits) {
      assertSameRows(await coreRows(built.table, commit.snapshotId), commit.rows, `core: ${commit.label}`);
    }
  });

  it('PyIceberg (SqlCatalog on the same SQLite file, and StaticTable) reads every snapshot', async () => {
    const filters = pyIcebergFilters(built);
    const result = await runPythonJson<PyIcebergResult>('read_with_pyiceberg.py', [
      `sqlite:///${path.join(root, 'catalog.db')}`,
      CATALOG_NAME,
      'interop.trades',
      built.table.metadataLocation,
      path.join(root, 'warehouse'),
      JSON.stringify(filters.map((f) => f.filter)),
    ]);
    assert.equal(result.catalog_metadata_location, built.table.metadataLocation);
    for (const [via, read] of [
      ['SqlCatalog', result.via_catalog],
      ['StaticTable', result.via_static_table],
    ] as const) {
      assert.equal(read.snapshots.length, built.commits.length, `${via}: snapshot count`);
      assert.equal(read.current_snapshot_id, String(built.commits.at(-1)?.snapshotId), `${via}: current snapshot`);
      for (const commit of built.commits) {
        const snapshot = read.snapshots.find((s) => s.snapshot_id === String(commit.snapshotId));
        assert.ok(snapshot, `${via}: snapshot ${commit.snapshotId} (${commit.label}) missing`);
        assert.equal(snapshot.operation, commit.operation, `${via}: operation of ${commit.label}`);
        assert.deepEqual(snapshot.schema_columns, commit.columns, `${via}: schema of ${commit.label}`);
        assertSameRows(
          snapshot.rows,
          commit.rows,
          `PyIceberg ${via}: rows of snapshot ${commit.snapshotId} (${commit.label})`,
        );
      }
      assert.deepEqual(read.current_columns, built.finalColumns);
      assertSameRows(read.current_rows, built.finalRows, `PyIceberg ${via}: current rows`);
    }
    assert.equal(result.via_catalog.snapshots[0]?.summary.writer, 'interop-test', 'custom summary property');
    for (const { filter, keep } of filters) {
      const got = result.filtered.find((f) => f.filter === filter);
      const expected = built.finalRows.filter(keep);
      assert.ok(expected.length > 0, `filter ${filter} selects something`);
      assertSameRows(got?.rows ?? [], expected, `PyIceberg filtered scan ${filter}`);
    }
  });

  it('icebird reads the table as of every snapshot', async () => {
    const results = await readWithIcebird(built);
    built.commits.forEach((commit, i) => {
      assert.equal(results[i]?.metadataFileName, path.basename(commit.metadataLocation));
      assertSameRows(
        results[i]?.rows ?? [],
        toMillis(commit.rows),
        `icebird: rows as of ${results[i]?.metadataFileName} (snapshot ${commit.snapshotId}, ${commit.label})`,
      );
    });
  });

  it("Apache's Avro library reads every manifest list and manifest, with field ids and header keys", async () => {
    const metadataPath = built.table.metadataLocation;
    const check = await runPythonJson<AvroCheck>('check_manifests_with_avro.py', [metadataPath]);
    assert.deepEqual(check.problems, []);
    assert.equal(check.snapshots.length, built.commits.length);
    for (const commit of built.commits) {
      const snapshot = check.snapshots.find((s) => s.snapshot_id === String(commit.snapshotId));
      assert.ok(snapshot, `snapshot ${commit.snapshotId}`);
      const liveRecords = snapshot.manifests
        .filter((m) => m.content === 0)
        .flatMap((m) => m.entries)
        .filter((e) => e.status !== 2 && e.content === 0)
        .reduce((sum, e) => sum + Number(e.record_count), 0);
      assert.equal(liveRecords, commit.rows.length, `live records in manifests of ${commit.label}`);
      for (const manifest of snapshot.manifests) {
        assert.equal(manifest.header['format-version'], '2');
        assert.equal(manifest.header.content, manifest.content === 0 ? 'data' : 'deletes');
      }
    }
  });

  it('every metadata file validates against the REST OpenAPI TableMetadata schema', async () => {
    const validate = loadTableMetadataValidator();
    assert.ok(built.metadataLocations.length >= built.commits.length + 2);
    for (const location of new Set(built.metadataLocations)) {
      const metadata = JSON.parse(await fs.readFile(location, 'utf8'));
      assert.deepEqual(validate(metadata), [], location);
    }
  });
});
