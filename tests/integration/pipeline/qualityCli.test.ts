/**
 * `lakehouse quality run | results` on a replayed capture: every blocking expectation passes (exit 0)
 * and is recorded; a corrupted silver trade makes `run` exit 1 naming the expectation; an unknown
 * table is refused naming the suites there are.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { loadConfig } from '../../../layers/config/index.js';
import { openDuckDB } from '../../../layers/engine/index.js';
import { openTableStore, silverTrades } from '../../../layers/pipeline/index.js';
import { COINBASE_FIXTURES } from '../../helpers/fixtures.js';

const run = promisify(execFile);
const FIXTURE = path.join(COINBASE_FIXTURES, 'exchange-ws', 'matches_ticker_lastmatch_2021-04-17.ndjson');

describe('lakehouse quality', () => {
  let home: string;
  const lakehouse = (...args: string[]) =>
    run(process.execPath, ['bin/lakehouse.js', ...args], { env: { ...process.env, LAKEHOUSE_HOME: home } });

  before(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'quality-cli-'));
    await lakehouse('replay', FIXTURE);
  });
  after(() => rm(home, { recursive: true, force: true }));

  it('run passes every blocking expectation of a clean replay and records the results', async () => {
    const { stdout } = await lakehouse('quality', 'run');
    assert.match(stdout, /^25 expectations, \d+ failed \(0 blocking\)$/m);
    assert.match(stdout, /^PASS {2}silver\.trades {12}one row per trade \(product_id, trade_id\): 0 unexpected rows$/m);
    const results = await lakehouse('quality', 'results', '--format', 'json', '--limit', '1000');
    const rows = results.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { scope: string; table_name: string; passed: boolean; severity: string });
    assert.equal(rows.filter((row) => row.scope === 'table').length, 25);
    // The replay's own commits passed the gate: silver and gold audited, no blocking failure.
    const audited = rows.filter((row) => row.scope === 'commit');
    assert.ok(audited.some((row) => row.table_name === 'silver.trades'));
    assert.ok(audited.some((row) => row.table_name.startsWith('gold.')));
    assert.deepEqual(
      audited.filter((row) => !row.passed && row.severity === 'blocking'),
      [],
    );
  });

  it('run exits 1 when a blocking expectation fails, naming it', async () => {
    // A trade appended behind the pipeline's back, with the side of the maker on both sides.
    const config = loadConfig({ LAKEHOUSE_HOME: home });
    const duckdb = await openDuckDB();
    const conn = await duckdb.connect();
    const store = await openTableStore(config);
    try {
      const head = await store.head(silverTrades);
      await store.scan(conn, silverTrades, 'existing_trades');
      await store.append(
        conn,
        silverTrades,
        `select product_id, trade_id + 1000000000 as trade_id, price, size, maker_side, maker_side as taker_side,
                exchange_time, received_at, ingest_latency_ms, source, event_type, bronze_kafka_topic,
                bronze_kafka_partition, bronze_kafka_offset, promoted_at
         from existing_trades limit 1`,
        { properties: head.properties, expectedSnapshotId: head.snapshotId },
      );
    } finally {
      await store.close();
      conn.closeSync();
      duckdb.closeSync();
    }
    await assert.rejects(
      lakehouse('quality', 'run', '--table', 'silver.trades'),
      (error: { code: number; stdout: string }) => {
        assert.equal(error.code, 1);
        assert.match(
          error.stdout,
          /^FAIL {2}silver\.trades {12}taker side is the opposite of the maker side: 1 unexpected row$/m,
        );
        return true;
      },
    );
    const failed = await lakehouse('quality', 'results', '--failed', '--format', 'csv');
    assert.match(
      failed.stdout,
      /silver\.trades,table,blocking,false,taker side is the opposite of the maker side,1 unexpected row/,
    );
  });

  it('refuses an unknown table, naming the suites', async () => {
    await assert.rejects(
      lakehouse('quality', 'run', '--table', 'gold.nope'),
      /no expectation suite for table gold\.nope \(suites: bronze\.coinbase_events/,
    );
  });
});
