/**
 * Trino functions and division semantics through the whole engine: a sandboxed lakehouse engine (its
 * DuckDB locked after the macros are registered), a table of the project's own Iceberg library, and
 * the kind of query Grafana's Trino datasource sends.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../../layers/config/index.js';
import { type LakehouseEngine, openLakehouseEngine, QuerySyntaxError } from '../../../layers/engine/index.js';
import { newSchema } from '../../../layers/iceberg/index.js';
import { classifyError } from '../../../local/gateway/index.js';

let home: string;
let lakehouse: LakehouseEngine;

async function rows(sql: string): Promise<unknown[][]> {
  const result = await lakehouse.engine.query(sql, { schema: 'gold' });
  const out: unknown[][] = [];
  for await (const batch of result.batches) {
    for (const row of batch) out.push(row.map((v) => (v === null || typeof v !== 'object' ? v : String(v))));
  }
  return out;
}

before(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'engine-trino-dialect-'));
  lakehouse = await openLakehouseEngine(loadConfig({ LAKEHOUSE_HOME: home }), { sandbox: true });
  await lakehouse.catalog.createNamespace('gold');
  const table = await lakehouse.catalog.createTable('gold.candles', {
    schema: newSchema([
      { name: 'id', type: 'long', required: true },
      { name: 'close', type: 'double' },
      { name: 'ts', type: 'timestamptz' },
    ]),
  });
  await table
    .newAppend()
    .appendQuery(
      `SELECT i::BIGINT AS id, i * 1.5 AS close, TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_minutes(i * 20) AS ts
       FROM range(0, 12) r(i)`,
    )
    .commit();
});

after(async () => {
  await lakehouse.close();
  await fs.rm(home, { recursive: true, force: true });
});

describe('Trino dialect through the engine', () => {
  it('runs a Grafana-style time series query', async () => {
    const result = await rows(
      `SELECT CAST(to_unixtime(ts) AS BIGINT) / 3600 * 3600 AS bucket, count_if(close > 3) AS high,
         approx_distinct(id) AS ids, date_format(min(ts), '%Y-%m-%d %H:%i') AS first
       FROM candles
       WHERE ts >= from_iso8601_timestamp('2024-01-01T00:00:00Z') AND ts < from_unixtime(1704067200 + 3 * 3600)
       GROUP BY 1 ORDER BY 1`,
    );
    assert.deepEqual(result, [
      [1704067200n, 0n, 3n, '2024-01-01 00:00'],
      [1704070800n, 3n, 3n, '2024-01-01 01:00'],
      [1704074400n, 3n, 3n, '2024-01-01 02:00'],
    ]);
  });

  it("runs the SQL Grafana's Trino datasource expands $__timeGroup(ts, '1h') and $__timeFilter(ts) to", async () => {
    // The expansions of trinodb/grafana-trino pkg/trino/macros.go.
    const result = await rows(
      `SELECT FROM_UNIXTIME(FLOOR(TO_UNIXTIME(ts)/3600)*3600) AS time, avg(close) AS close
       FROM candles
       WHERE ts BETWEEN TIMESTAMP '2024-01-01 01:00:00' AND TIMESTAMP '2024-01-01 02:59:59'
       GROUP BY 1 ORDER BY 1`,
    );
    assert.deepEqual(result, [
      ['2024-01-01 01:00:00+00', 6],
      ['2024-01-01 02:00:00+00', 10.5],
    ]);
  });

  it('reports integer division by zero as Trino DIVISION_BY_ZERO', async () => {
    const failure = await rows('SELECT id / (id - id) FROM candles').then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.match(String((failure as Error | undefined)?.message), /Division by zero/);
    assert.equal(classifyError(failure).errorName, 'DIVISION_BY_ZERO');
    assert.deepEqual(await rows('SELECT max(id) / 5 FROM candles'), [[2n]]);
  });

  it('refuses an unsupported format pattern with a syntax error naming it', async () => {
    await assert.rejects(
      rows(`SELECT format_datetime(ts, 'GGGG') FROM candles`),
      (error: unknown) => error instanceof QuerySyntaxError && /pattern letter 'GGGG'/.test(error.message),
    );
  });
});
