/**
 * A temporary LAKEHOUSE_HOME with every gold table as the pipeline builds it: a generated Coinbase
 * feed goes through bronze, silver and the gold models of sql/gold on Iceberg tables, then the
 * lakehouse engine (sandboxed, as the gateway runs it) opens the same home.
 */
import { loadConfig } from '../../../../layers/config/index.js';
import { type LakehouseEngine, openLakehouseEngine } from '../../../../layers/engine/index.js';
import {
  buildGold,
  goldTables,
  loadModelProject,
  promoteSilver,
  writeBronze,
} from '../../../../layers/pipeline/index.js';
import { generateFeed, toRecords } from '../../../unit/pipeline/feeds.js';
import { memoryPipeline } from '../../../unit/pipeline/memoryPipeline.js';

export interface GoldLakehouse {
  readonly lakehouse: LakehouseEngine;
  /** Qualified names of the gold tables, e.g. gold.daily_metrics. */
  readonly goldTables: readonly string[];
  close(): Promise<void>;
}

/** 2024-03-01 00:00 UTC: three hours of trades from here on. */
const FEED_START_US = 1_709_251_200_000_000n;

export async function createGoldLakehouse(): Promise<GoldLakehouse> {
  const pipeline = await memoryPipeline('iceberg');
  try {
    const feed = generateFeed({
      seed: 476,
      products: ['BTC-USD', 'ETH-USD'],
      tradesPerProduct: 300,
      startUs: FEED_START_US,
      spanUs: 3n * 3_600_000_000n,
    });
    await writeBronze(pipeline, toRecords(feed.frames, 'coinbase.raw', 2));
    await promoteSilver(pipeline);
    await buildGold(pipeline, await loadModelProject('sql'));
    const lakehouse = await openLakehouseEngine(loadConfig({ LAKEHOUSE_HOME: pipeline.home }), { sandbox: true });
    return {
      lakehouse,
      goldTables: goldTables.map((table) => `${table.namespace}.${table.name}`),
      close: async () => {
        await lakehouse.close();
        await pipeline.close();
      },
    };
  } catch (error) {
    await pipeline.close();
    throw error;
  }
}
