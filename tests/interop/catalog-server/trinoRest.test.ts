/**
 * Trino 476 with `iceberg.catalog.type=rest` on `lakehouse catalog serve`: it lists the pipeline's
 * schemas, reads silver.trades with the rows the project engine returns, and creates, inserts into
 * (each INSERT also commits a statistics file) and CTAS-creates tables the project engine reads back.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openLakehouseEngine } from '../../../layers/engine/index.js';
import type { CatalogServer } from '../../../local/catalog-server/catalogServer.js';
import { startConfiguredCatalogServer } from '../../../local/catalog-server/fromConfig.js';
import { CAPTURE, createReplayLakehouse, type ReplayLakehouse } from '../../helpers/replayLakehouse.js';
import { newestJava, parseCsv, runProcess } from '../gateway/helpers/javaTools.js';
import { repoRoot } from '../iceberg/services/repoRoot.js';
import { startTrinoOnRestCatalog, type TrinoServer } from './trinoServer.js';

const TOKEN = 'trino-interop-token';
const CLI = path.join(repoRoot, '.cache/trino/trino-cli-476-executable.jar');

let work: string;
let lakehouse: ReplayLakehouse;
let server: CatalogServer;
let trino: TrinoServer;

async function trinoRows(sql: string): Promise<string[][]> {
  const out = await runProcess(newestJava(), [
    '-jar',
    CLI,
    '--server',
    trino.url,
    '--catalog',
    'iceberg',
    '--output-format',
    'CSV',
    '--execute',
    sql,
  ]);
  assert.equal(out.code, 0, `trino-cli failed on ${sql}:\n${out.stderr.slice(-3000)}`);
  return parseCsv(out.stdout);
}

async function engineRows(sql: string): Promise<string[][]> {
  const opened = await openLakehouseEngine(lakehouse.config);
  try {
    const rows: string[][] = [];
    for await (const batch of (await opened.engine.query(sql)).batches)
      for (const row of batch) rows.push(row.map((v) => String(v)));
    return rows;
  } finally {
    await opened.close();
  }
}

before(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'trino-rest-'));
  lakehouse = await createReplayLakehouse({ CATALOG_SERVER_PORT: '0', CATALOG_SERVER_TOKEN: TOKEN });
  await lakehouse.replay(CAPTURE);
  server = await startConfiguredCatalogServer(lakehouse.config);
  trino = await startTrinoOnRestCatalog(work, server.url, TOKEN);
});

after(async () => {
  await trino?.stop();
  await server?.close();
  await lakehouse?.close();
  if (work) await fs.rm(work, { recursive: true, force: true });
});

describe('Trino 476 on the REST catalog server', () => {
  it('lists the pipeline schemas and reads silver.trades as the project engine does', async () => {
    const schemas = (await trinoRows('SHOW SCHEMAS')).map(([name]) => name);
    for (const schema of ['bronze', 'silver', 'gold']) assert.ok(schemas.includes(schema), schemas.join(','));
    const sql = 'SELECT count(*), CAST(sum(price) AS varchar), CAST(max(trade_id) AS varchar) FROM silver.trades';
    const [expected] = await engineRows(sql);
    assert.ok(Number(expected?.[0]) > 0, 'the replay wrote trades');
    assert.deepEqual(await trinoRows(sql), [expected]);
  });

  it('creates, inserts and CTAS-creates tables through the server; the project engine reads them', async () => {
    await trinoRows(
      "CREATE TABLE silver.from_trino (id bigint, product varchar) WITH (partitioning = ARRAY['product'])",
    );
    await trinoRows("INSERT INTO silver.from_trino VALUES (1, 'a'), (2, 'b'), (3, 'a')");
    await trinoRows("INSERT INTO silver.from_trino VALUES (4, 'b')");
    await trinoRows(
      'CREATE TABLE gold.trino_counts AS SELECT product_id, count(*) AS n FROM silver.trades GROUP BY product_id',
    );
    assert.deepEqual(
      await engineRows('SELECT product, count(*), sum(id) FROM silver.from_trino GROUP BY product ORDER BY product'),
      [
        ['a', '2', '4'],
        ['b', '2', '6'],
      ],
    );
    const [[trades]] = (await engineRows('SELECT count(*) FROM silver.trades')) as [[string]];
    assert.deepEqual(await engineRows('SELECT sum(n) FROM gold.trino_counts'), [[trades]]);
    const opened = await openLakehouseEngine(lakehouse.config);
    try {
      const { metadata } = await opened.catalog.loadTable('silver.from_trino');
      // CREATE TABLE commits an empty snapshot; the two INSERTs add 3 and 1 records.
      const added = metadata.snapshots.map((snapshot) => Number(snapshot.summary['added-records'] ?? 0));
      assert.deepEqual(
        added.filter((n) => n > 0),
        [3, 1],
      );
      assert.ok(metadata.statistics.length > 0, "Trino's set-statistics commits were applied");
    } finally {
      await opened.close();
    }
  });
});
