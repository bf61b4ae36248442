/**
 * A temporary LAKEHOUSE_HOME filled by the real pipeline: a capture replayed through Kafka, bronze,
 * silver and gold (`lakehouse replay`), so every gold model holds rows the project itself built.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Config, loadConfig } from '../../layers/config/index.js';
import { replayFile } from '../../local/lambda-kafka/replay.js';
import { type FeedFrame, generateFeed } from '../unit/pipeline/feeds.js';
import { COINBASE_FIXTURES } from './fixtures.js';

/** The 2021-04-17 Exchange capture (217 frames; SKL-USD, DASH-BTC and eight other products). */
export const CAPTURE = path.join(
  COINBASE_FIXTURES,
  'exchange-ws',
  'matches_ticker_lastmatch_2021-04-17_with_recv_ts.ndjson',
);

export interface ReplayLakehouse {
  readonly home: string;
  readonly config: Config;
  /** Replays an NDJSON capture ({recv_ts, raw} per line) into the lakehouse; fails on dead-lettered batches. */
  replay(file: string): Promise<void>;
  /** Writes a generated feed (with malformed frames, which silver rejects) and returns its path. */
  generatedFeed(seed: number, startUs: bigint): Promise<string>;
  close(): Promise<void>;
}

export async function createReplayLakehouse(env: Record<string, string> = {}): Promise<ReplayLakehouse> {
  const home = await mkdtemp(path.join(tmpdir(), 'dashboard-lakehouse-'));
  const config = loadConfig({ LAKEHOUSE_HOME: home, BROKER_DEFAULT_PARTITIONS: '1', ...env });
  return {
    home,
    config,
    replay: async (file) => {
      const problems: string[] = [];
      const result = await replayFile({
        file,
        speed: 'max',
        config,
        pipeline: config.pipeline,
        batchSize: 500,
        onProgress: (line) => {
          if (!line.includes('frames sent')) problems.push(line);
        },
      });
      assert.equal(result.deadLettered, 0, problems.join('\n'));
    },
    generatedFeed: async (seed, startUs) => {
      const feed = generateFeed({
        seed,
        products: ['BTC-USD', 'ETH-USD'],
        tradesPerProduct: 200,
        startUs,
        spanUs: 3_600_000_000n,
      });
      const file = path.join(home, `generated-${seed}.ndjson`);
      const line = (frame: FeedFrame) => JSON.stringify({ recv_ts: Number(frame.receivedAtUs) / 1e6, raw: frame.text });
      await writeFile(file, `${feed.frames.map(line).join('\n')}\n`);
      return file;
    },
    close: () => rm(home, { recursive: true, force: true }),
  };
}
