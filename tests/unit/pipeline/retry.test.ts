import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CommitConflictError,
  PipelineError,
  promoteSilver,
  retryOnConflict,
  writeBronze,
} from '../../../layers/pipeline/index.js';
import { generateFeed, toRecords } from './feeds.js';
import { memoryPipeline } from './memoryPipeline.js';

const conflict = (actual: string) => new CommitConflictError('silver.trades', '1', actual);

describe('retryOnConflict', () => {
  it('runs the step again after a lost race and returns its result', async () => {
    let calls = 0;
    const result = await retryOnConflict('step', 3, async () => {
      calls += 1;
      if (calls < 3) throw conflict(String(calls));
      return 'done';
    });
    assert.equal(result, 'done');
    assert.equal(calls, 3);
  });

  it('throws a retriable error naming the step when every attempt loses and the step must land', async () => {
    await assert.rejects(
      retryOnConflict('bronze append', 2, async () => {
        throw conflict('9');
      }),
      (error: unknown) =>
        error instanceof PipelineError &&
        error.retriable &&
        error.message === 'bronze append: still conflicting after 2 attempts',
    );
  });

  it('yields to the instance that kept committing when the step allows it', async () => {
    const result = await retryOnConflict(
      'silver promotion',
      2,
      async () => {
        throw conflict('42');
      },
      (last) => `yielded to ${last.actualSnapshotId}`,
    );
    assert.equal(result, 'yielded to 42');
  });

  it('never swallows other errors', async () => {
    await assert.rejects(
      retryOnConflict(
        'step',
        3,
        async () => {
          throw new Error('disk full');
        },
        () => 'yielded',
      ),
      /disk full/,
    );
  });
});

describe('promoteSilver against an instance that keeps committing', () => {
  it('yields, commits nothing, and leaves bronze for the winner', async () => {
    const ctx = await memoryPipeline('memory');
    try {
      const feed = generateFeed({
        seed: 3,
        products: ['BTC-USD'],
        tradesPerProduct: 20,
        startUs: 1_700_000_000_000_000n,
        spanUs: 60_000_000n,
      });
      await writeBronze(ctx, toRecords(feed.frames, 'coinbase.raw', 1));
      const losing = new Proxy(ctx.store, {
        get(target, property, receiver) {
          if (property === 'append' || property === 'replace') return async () => Promise.reject(conflict('77'));
          return Reflect.get(target, property, receiver).bind(target);
        },
      });
      const result = await promoteSilver({ ...ctx, store: losing, commitRetries: 2 });
      assert.equal(result.supersededBy, '77');
      assert.equal(result.snapshotId, undefined);
      const fresh = await promoteSilver(ctx);
      assert.equal(fresh.tradesWritten, feed.trades.length);
    } finally {
      await ctx.close();
    }
  });
});
