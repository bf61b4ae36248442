/**
 * The real Trino JDBC driver 476 (scripts/setup/trino-clients.sh puts it in .cache/trino) runs
 * PreparedStatements with its default settings against the gateway over a lakehouse: the driver
 * sends PREPARE, keeps the statement the gateway answers in X-Trino-Added-Prepare, and runs each
 * executeQuery as EXECUTE ... USING with setInt / setLong / setString values.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Gateway, startGateway } from '../../../local/gateway/index.js';
import { createLakehouseFixture, type LakehouseFixture } from '../../integration/gateway/helpers/lakehouseFixture.js';
import { newestJava, runProcess } from './helpers/javaTools.js';

const root = process.cwd();
const jdbcJar = path.join(root, '.cache', 'trino', 'trino-jdbc-476.jar');
const probe = path.join(root, 'tests', 'interop', 'gateway', 'TrinoJdbcPreparedProbe.java');

interface ProbeResult {
  readonly sql: string;
  readonly names?: readonly string[];
  readonly types?: readonly string[];
  readonly rows?: readonly (readonly (string | null)[])[];
  readonly error?: string;
}

const CANDLES =
  'SELECT product_id, open, trade_count FROM ohlcv_1m WHERE product_id = ? AND trade_count > ? ORDER BY bucket_start LIMIT 3';

describe('Trino JDBC 476 PreparedStatement against the gateway', () => {
  let fixture: LakehouseFixture;
  let gateway: Gateway;

  before(async () => {
    assert.ok(existsSync(jdbcJar), `${jdbcJar} missing: run scripts/setup/trino-clients.sh`);
    fixture = await createLakehouseFixture();
    gateway = await startGateway({ engine: fixture.lakehouse.engine, port: 0 });
  });
  after(async () => {
    await gateway?.close();
    await fixture?.close();
  });

  const jdbc = async (requests: readonly (readonly string[])[]): Promise<ProbeResult[]> => {
    const url = `jdbc:${gateway.url.replace(/^http/, 'trino')}/iceberg/gold`;
    const out = await runProcess(
      newestJava(),
      ['-Duser.timezone=UTC', '-cp', jdbcJar, probe, url, 'interop'],
      `${requests.map((fields) => fields.join('\t')).join('\n')}\n`,
    );
    assert.equal(out.code, 0, `JDBC prepared probe failed:\n${out.stderr}`);
    return out.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as ProbeResult);
  };

  it('binds setString and setInt, reads the values, and reuses the statement with new values', async () => {
    const [first, second, quoted] = await jdbc([
      [CANDLES, 'string:BTC-USD', 'int:23'],
      [CANDLES, 'string:ETH-USD', 'int:22'],
      ['SELECT ? AS s, ? + 1 AS n, length(?) AS l', "string:it's -- not a comment", 'long:41', 'string:héllo'],
    ]);
    assert.equal(first?.error, undefined, first?.error);
    assert.deepEqual(first?.names, ['product_id', 'open', 'trade_count']);
    assert.deepEqual(first?.types, ['varchar', 'decimal(18,8)', 'bigint']);
    // trade_count is 20 + minute % 5: above 23 at minutes 4, 9, 14.
    assert.deepEqual(first?.rows, [
      ['BTC-USD', '100.04000000', '24'],
      ['BTC-USD', '100.09000000', '24'],
      ['BTC-USD', '100.14000000', '24'],
    ]);
    assert.equal(second?.error, undefined, second?.error);
    assert.deepEqual(second?.rows, [
      ['ETH-USD', '100.03000000', '23'],
      ['ETH-USD', '100.04000000', '24'],
      ['ETH-USD', '100.08000000', '23'],
    ]);
    assert.equal(quoted?.error, undefined, quoted?.error);
    assert.deepEqual(quoted?.names, ['s', 'n', 'l']);
    assert.deepEqual(quoted?.rows, [["it's -- not a comment", '42', '5']]);
  });

  it('a statement that writes is refused when prepared, with the policy error', async () => {
    const [refused] = await jdbc([['DELETE FROM ohlcv_1m WHERE product_id = ?', 'string:BTC-USD']]);
    assert.match(refused?.error ?? '', /DELETE is not allowed: this endpoint is read-only/);
  });
});
