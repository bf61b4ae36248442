/**
 * PyIceberg's RestCatalog against the project's REST catalog server: it reads a table the pipeline
 * wrote (the same rows the project's engine returns), creates and appends to a table whose commits
 * go through the server (the project's engine then reads them), and a stale commit is refused with
 * 409, which PyIceberg raises as CommitFailedException.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type LakehouseEngine, openLakehouseEngine } from '../../../layers/engine/index.js';
import type { CatalogServer } from '../../../local/catalog-server/catalogServer.js';
import { startConfiguredCatalogServer } from '../../../local/catalog-server/fromConfig.js';
import { CAPTURE, createReplayLakehouse, type ReplayLakehouse } from '../../helpers/replayLakehouse.js';
import { runPythonJson } from '../iceberg/services/python.js';

const TOKEN = 'interop-token';

let lakehouse: ReplayLakehouse;
let server: CatalogServer;

async function engineRows(sql: string): Promise<string[][]> {
  const opened: LakehouseEngine = await openLakehouseEngine(lakehouse.config);
  try {
    const result = await opened.engine.query(sql);
    const rows: string[][] = [];
    for await (const batch of result.batches) for (const row of batch) rows.push(row.map((v) => String(v)));
    return rows;
  } finally {
    await opened.close();
  }
}

const byJson = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));
const sortRows = (rows: string[][]) => [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

before(async () => {
  lakehouse = await createReplayLakehouse({ CATALOG_SERVER_PORT: '0', CATALOG_SERVER_TOKEN: TOKEN });
  await lakehouse.replay(CAPTURE);
  server = await startConfiguredCatalogServer(lakehouse.config);
});

after(async () => {
  await server?.close();
  await lakehouse?.close();
});

describe('PyIceberg RestCatalog against lakehouse catalog serve', () => {
  it('reads the pipeline-written silver.trades with the rows the project engine returns', async () => {
    const columns = ['product_id', 'trade_id', 'price', 'size', 'taker_side'];
    const read = await runPythonJson<{ rows: string[][] }>('rest_catalog_with_pyiceberg.py', [
      server.url,
      TOKEN,
      'scan',
      'silver.trades',
      JSON.stringify(columns),
    ]);
    const expected = await engineRows(
      `SELECT product_id, trade_id::VARCHAR, price::VARCHAR, size::VARCHAR, taker_side FROM silver.trades`,
    );
    assert.ok(expected.length > 0, 'the replay wrote silver trades');
    assert.deepEqual(sortRows(read.rows), sortRows(expected));
  });

  it('creates a table and appends through the server; the project engine reads the commits', async () => {
    const created = await runPythonJson<{ snapshot_ids: string[]; current_snapshot_id: string }>(
      'rest_catalog_with_pyiceberg.py',
      [server.url, TOKEN, 'create-append', 'interop', 'events'],
    );
    assert.equal(created.snapshot_ids.length, 2);
    const rows = await engineRows(
      `SELECT product, count(*)::VARCHAR, sum(id)::VARCHAR, min(epoch_us(ts))::VARCHAR FROM interop.events GROUP BY product`,
    );
    // ids 0..9: odd ones BTC-USD (1+3+5+7+9), even ones ETH-USD (0+2+4+6+8); ts = 2024-01-01 + id minutes.
    assert.deepEqual(rows.sort(byJson), [
      ['BTC-USD', '5', '25', String(1704067200_000000 + 60_000_000)],
      ['ETH-USD', '5', '20', String(1704067200_000000)],
    ]);
  });

  it('refuses a commit whose requirement went stale with 409 (CommitFailedException); an append retries', async () => {
    const result = await runPythonJson<{ error: string | null; properties: Record<string, string> }>(
      'rest_catalog_with_pyiceberg.py',
      [server.url, TOKEN, 'conflict', 'interop.events'],
    );
    assert.ok(result.error !== null, 'the stale commit was accepted');
    assert.match(result.error, /assert-ref-snapshot-id/);
    assert.equal(result.properties.stale, undefined, 'the refused commit left no trace');
    // The stale table's append got the same 409, then PyIceberg refreshed and committed again.
    const rows = await engineRows('SELECT id::VARCHAR FROM interop.events WHERE id >= 100 ORDER BY id');
    assert.deepEqual(rows, [['100'], ['101'], ['200'], ['201']]);
  });

  it('is refused without the token', async () => {
    await assert.rejects(
      runPythonJson('rest_catalog_with_pyiceberg.py', [server.url, '', 'scan', 'silver.trades', '["trade_id"]']),
      /401|NotAuthorized|Unauthorized/i,
    );
  });
});
