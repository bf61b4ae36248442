/**
 * What the compose stack runs, without Docker: the producer's and the functions' environments exactly as
 * `docker-compose config` resolves them, with only the service addresses (kafka:9092, postgres:5432,
 * seaweedfs:8333) rewritten to services on 127.0.0.1: PostgreSQL (scripts/setup/postgres.sh), SeaweedFS
 * `weed mini` (scripts/setup/seaweedfs.sh), the embedded Kafka-protocol broker in Apache Kafka's place, and
 * the exchange simulator in Coinbase's. The same commands as the containers must fill bronze, silver and
 * gold, with the catalog rows in PostgreSQL and the table files under the S3 warehouse.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { loadConfig } from '../../../layers/config/index.js';
import { type RunningBroker, startBroker } from '../../../local/broker/index.js';
import { type RunningSimulator, startSimulator } from '../../../producer/index.js';
import { freePort, waitFor } from '../../helpers/ports.js';
import { type PostgresServer, startPostgres } from '../iceberg/services/postgresServer.js';
import { type SeaweedFS, startSeaweedFS } from '../iceberg/services/seaweedfs.js';
import { environmentOf, repoRoot, resolvedCompose } from './composeConfig.js';

const PRODUCTS = ['BTC-USD', 'ETH-USD'];

/** A compose environment with the compose service addresses replaced by the loopback ones. */
function onLoopback(env: Record<string, string>, addresses: ReadonlyMap<RegExp, string>): Record<string, string> {
  const rewritten: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    let text = value;
    for (const [pattern, replacement] of addresses) text = text.replace(pattern, replacement);
    rewritten[name] = text;
  }
  return rewritten;
}

describe('the compose environments of the producer and the functions, on loopback services', () => {
  let home: string;
  let postgres: PostgresServer;
  let s3: SeaweedFS;
  let broker: RunningBroker;
  let simulator: RunningSimulator;
  let functionsEnv: Record<string, string>;
  const children: ChildProcess[] = [];
  const logFile = () => path.join(home, 'processes.log');
  // Only the basics of the test's own environment: the containers see nothing else either.
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.homedir() };

  function run(args: readonly string[], env: Record<string, string>): ChildProcess {
    const out = fs.openSync(logFile(), 'a');
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: { ...base, ...env },
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    children.push(child);
    return child;
  }

  /** `lakehouse sql` with the functions' configuration (its own cache directory), as CSV rows. */
  function sql(query: string): Promise<string[]> {
    const env = { ...base, ...functionsEnv, LAKEHOUSE_HOME: path.join(home, 'query') };
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['bin/lakehouse.js', 'sql', '--format', 'csv', query], {
        cwd: repoRoot,
        env,
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0
          ? resolve(stdout.trim().split(/\r?\n/).slice(1))
          : reject(new Error(`${query}: ${stderr.slice(-500)}`)),
      );
    });
  }

  async function count(table: string): Promise<number> {
    const [row] = await sql(`SELECT count(*) FROM ${table}`);
    return Number(row ?? 0);
  }

  before(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-compose-loopback-'));
    const model = resolvedCompose();
    const compose = (name: string) => {
      const service = model.services[name];
      assert.ok(service, `compose/docker-compose.yml has no service ${name}`);
      return environmentOf(service);
    };
    postgres = await startPostgres();
    const bucket = /^s3:\/\/([^/]+)\//.exec(compose('functions').WAREHOUSE ?? '')?.[1];
    assert.ok(bucket, 'the functions WAREHOUSE is not s3://<bucket>/...');
    s3 = await startSeaweedFS(bucket);
    broker = await startBroker({
      port: 0,
      dataDir: path.join(home, 'broker'),
      defaultPartitions: 4,
      onProblem: () => undefined,
    });
    simulator = await startSimulator({ port: 0, products: PRODUCTS });
    const addresses = new Map<RegExp, string>([
      [/^kafka:9092$/, broker.bootstrap],
      [/^postgresql:\/\/[^@]*@postgres:5432\/.*$/, postgres.connectionString],
      [/^http:\/\/seaweedfs:8333$/, s3.endpoint],
    ]);
    const lambdaPort = await freePort();
    functionsEnv = {
      ...onLoopback(compose('functions'), addresses),
      // serverless-offline's own ports (serverless.yml reads them), free ones instead of 3000-3002.
      OFFLINE_LAMBDA_PORT: String(lambdaPort),
      OFFLINE_HTTP_PORT: String(await freePort()),
      OFFLINE_WEBSOCKET_PORT: String(await freePort()),
      METRICS_PORT: String(await freePort()),
      LAMBDA_ENDPOINT: `http://127.0.0.1:${lambdaPort}`,
      LAKEHOUSE_HOME: path.join(home, 'functions'),
      AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
    };
    const producerEnv = {
      ...onLoopback(compose('producer'), addresses),
      // The simulator profile's settings (compose/README.md), and a free metrics port.
      COINBASE_WS_URL: simulator.wsUrl,
      COINBASE_REST_URL: simulator.restUrl,
      PRODUCER_SOURCE: 'simulator',
      PRODUCTS: PRODUCTS.join(','),
      PRODUCER_METRICS_PORT: String(await freePort()),
    };
    loadConfig(functionsEnv, repoRoot);
    loadConfig(producerEnv, repoRoot);
    run(['node_modules/serverless/bin/serverless.js', 'offline', 'start'], functionsEnv);
    run(['bin/lakehouse.js', 'producer'], producerEnv);
  });

  after(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await simulator?.close();
    await broker?.close();
    await s3?.stop();
    await postgres?.stop();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  it('fills bronze, silver and gold through the Kafka trigger and the commit chain', async () => {
    try {
      await waitFor('gold.ohlcv_1m rows', 150_000, async () => (await count('gold.ohlcv_1m')) > 0);
    } catch (error) {
      const log = fs.existsSync(logFile()) ? fs.readFileSync(logFile(), 'utf8').slice(-4000) : '';
      throw new Error(`${(error as Error).message}\nproducer and functions output:\n${log}`);
    }
    assert.ok((await count('bronze.coinbase_events')) > 0);
    assert.ok((await count('silver.trades')) > 0);
    const products = await sql('SELECT product_id FROM gold.latest_prices ORDER BY product_id');
    assert.ok(products.length > 0 && products.every((product) => PRODUCTS.includes(product)), products.join(','));
  });

  it('keeps the catalog in PostgreSQL (catalog CATALOG_NAME) and the tables under the S3 WAREHOUSE', async () => {
    const config = loadConfig(functionsEnv, repoRoot);
    const client = new pg.Client({ connectionString: postgres.connectionString });
    await client.connect();
    try {
      const { rows } = await client.query<{ catalog_name: string; name: string; metadata_location: string }>(
        "SELECT catalog_name, table_namespace || '.' || table_name AS name, metadata_location FROM iceberg_tables",
      );
      const names = rows.map((row) => row.name);
      for (const table of ['bronze.coinbase_events', 'silver.trades', 'gold.ohlcv_1m']) {
        assert.ok(names.includes(table), `${table} not in the PostgreSQL catalog: ${names.join(', ')}`);
      }
      for (const row of rows) {
        assert.equal(row.catalog_name, config.catalog.name);
        assert.ok(row.metadata_location.startsWith(`${config.paths.warehouse}/`), row.metadata_location);
      }
    } finally {
      await client.end();
    }
  });
});
