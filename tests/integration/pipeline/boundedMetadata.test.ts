/**
 * A day of commits in miniature: thousands of small bronze commits through Pipeline (with silver,
 * gold and maintenance between them, as the functions run them). Each table's metadata.json must
 * stay under the 100 KB bound and its snapshot count under PIPELINE_SNAPSHOT_MAX_COUNT throughout:
 * the commit path trims history, not only the maintenance schedule.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../../layers/config/index.js';
import { openDuckDB } from '../../../layers/engine/index.js';
import { openCatalog } from '../../../layers/iceberg/index.js';
import {
  DEFAULT_MAX_SNAPSHOTS,
  noCommitNotifier,
  openTableStore,
  Pipeline,
  pipelineTables,
  qualifiedName,
  type TableStore,
} from '../../../layers/pipeline/index.js';
import { generateFeed, toRecords } from '../../unit/pipeline/feeds.js';

const COMMITS = 1000;
const METADATA_MAX_BYTES = 100 * 1024;

describe('metadata.json over thousands of commits', () => {
  let home: string;
  let store: TableStore;
  let pipeline: Pipeline;
  let duckdb: Awaited<ReturnType<typeof openDuckDB>>;

  before(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'bounded-metadata-'));
    duckdb = await openDuckDB({ threads: 1 });
    store = await openTableStore(loadConfig({ LAKEHOUSE_HOME: home }));
    pipeline = new Pipeline({
      duckdb,
      store,
      sqlDir: 'sql',
      commitRetries: 3,
      notifier: noCommitNotifier,
      snapshotRetentionMs: 30 * 60_000,
    });
  });
  after(async () => {
    await pipeline.close();
    await store.close();
    duckdb.closeSync();
    await rm(home, { recursive: true, force: true });
  });

  it(`keeps every table under ${METADATA_MAX_BYTES} bytes and ${DEFAULT_MAX_SNAPSHOTS} snapshots over ${COMMITS} bronze commits`, async () => {
    const feed = generateFeed({
      seed: 9,
      products: ['BTC-USD', 'ETH-USD'],
      tradesPerProduct: COMMITS,
      startUs: BigInt(Date.now() - 3_600_000) * 1000n,
      spanUs: 3_600_000_000n,
    });
    const frames = [...feed.frames].sort((a, b) => (a.receivedAtUs < b.receivedAtUs ? -1 : 1));
    const records = toRecords(frames, 'coinbase.raw', 4);
    // Every commit gets records (spread evenly), so every gold build has new trades.
    const slice = (i: number) =>
      records.slice(Math.floor((i * records.length) / COMMITS), Math.floor(((i + 1) * records.length) / COMMITS));
    const catalog = await openCatalog(loadConfig({ LAKEHOUSE_HOME: home }));
    const largest = new Map<string, { bytes: number; snapshots: number }>();
    const commits = new Map<string, number>();
    const committed = (name: string) => commits.set(name, (commits.get(name) ?? 0) + 1);
    const final: Record<string, number> = {};
    try {
      for (let i = 0; i < COMMITS; i += 1) {
        if ((await pipeline.writeBronze(slice(i))).written > 0) {
          committed('bronze.coinbase_events');
        }
        // Silver every 2nd bronze commit, gold every 12th (83 builds: past the bound), maintenance every 400th.
        if (i % 2 === 1 && (await pipeline.promoteSilver()).snapshotId !== undefined) committed('silver.trades');
        if (i % 12 === 11) for (const run of (await pipeline.buildGold()).models) committed(run.table);
        if (i % 400 === 399) await pipeline.maintainTables();
        if (i % 50 !== 49) continue;
        for (const def of pipelineTables) {
          const name = qualifiedName(def);
          if (!(await catalog.tableExists(name))) continue;
          const table = await catalog.loadTable(name);
          const bytes = (await stat(table.metadataLocation.replace(/^file:\/\//, ''))).size;
          const seen = largest.get(name) ?? { bytes: 0, snapshots: 0 };
          largest.set(name, {
            bytes: Math.max(seen.bytes, bytes),
            snapshots: Math.max(seen.snapshots, table.metadata.snapshots.length),
          });
        }
      }
      for (const name of commits.keys()) final[name] = (await catalog.loadTable(name)).metadata.snapshots.length;
    } finally {
      await catalog.close();
    }
    process.stdout.write(`largest metadata.json per table: ${JSON.stringify(Object.fromEntries(largest))}\n`);
    // Each table committed more often than the bound, and holds fewer snapshots than its commits.
    for (const name of ['bronze.coinbase_events', 'silver.trades', 'gold.ohlcv_1m', 'gold.latest_prices']) {
      const made = commits.get(name) ?? 0;
      assert.ok(made >= DEFAULT_MAX_SNAPSHOTS, `${name}: only ${made} commits`);
      assert.ok((final[name] ?? made) < made, `${name}: ${final[name]} snapshots after ${made} commits`);
    }
    for (const [name, { bytes, snapshots }] of largest) {
      assert.ok(bytes <= METADATA_MAX_BYTES, `${name}: metadata.json reached ${bytes} bytes`);
      assert.ok(snapshots <= DEFAULT_MAX_SNAPSHOTS, `${name}: ${snapshots} snapshots`);
    }
  });
});
