import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Snapshot } from '../../../layers/iceberg/index.js';
import { bronzeEvents, goldOhlcv1m, silverTrades, type TableDef } from '../../../layers/pipeline/index.js';
import {
  type Invocation,
  interceptInvocationLines,
  parseInvocationLine,
} from '../../../local/serverless-plugin/invocationLines.js';
import { LayerActivity } from '../../../local/serverless-plugin/layerActivity.js';

const LINE =
  '(λ: bronzeWriter) RequestId: 19a08831-2084-495b-b62f-c155c8efb90e  Duration: 135.39 ms  Billed Duration: 136 ms';

/** A stand-in for process.stderr that records what reaches it. */
function fakeStream() {
  const written: string[] = [];
  const stream = {
    write(chunk: string, callback?: () => void) {
      written.push(chunk);
      callback?.();
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

function snapshot(id: number, timestampMs: number, operation: string, added: number, total: number): Snapshot {
  return {
    snapshotId: BigInt(id),
    sequenceNumber: id,
    timestampMs,
    manifestList: '',
    summary: { operation, 'added-records': String(added), 'total-records': String(total) } as Snapshot['summary'],
  };
}

describe("serverless-offline's invocation lines", () => {
  it('parses the line per invocation, with or without terminal colours, and nothing else', () => {
    assert.deepEqual(parseInvocationLine(LINE), { functionKey: 'bronzeWriter', durationMs: 135.39 });
    assert.deepEqual(parseInvocationLine(`\u001b[90m${LINE}\u001b[39m`), {
      functionKey: 'bronzeWriter',
      durationMs: 135.39,
    });
    assert.equal(parseInvocationLine('lakehouse: producer  ws://127.0.0.1:1 -> coinbase.raw'), undefined);
    assert.equal(parseInvocationLine('(λ: bronzeWriter) something else'), undefined);
  });

  it('at info level counts them and keeps them (and the scheduled-run lines) off the stream; other text passes', () => {
    const { stream, written } = fakeStream();
    const seen: Invocation[] = [];
    const restore = interceptInvocationLines(stream, (invocation) => seen.push(invocation), false);
    stream.write(`${LINE}\n`);
    stream.write('Successfully invoked scheduled function: [silverPromoter]\n');
    stream.write(`an error the user must see\n${LINE.replace('bronzeWriter', 'goldBuilder')}\n`);
    restore();
    stream.write(`${LINE}\n`);
    assert.deepEqual(
      seen.map((invocation) => invocation.functionKey),
      ['bronzeWriter', 'goldBuilder'],
    );
    assert.deepEqual(written, ['an error the user must see\n', `${LINE}\n`]);
  });

  it('at debug level counts them and lets them through', () => {
    const { stream, written } = fakeStream();
    let count = 0;
    interceptInvocationLines(stream, () => count++, true);
    stream.write(`${LINE}\n`);
    assert.equal(count, 1);
    assert.deepEqual(written, [`${LINE}\n`]);
  });
});

describe('LayerActivity', () => {
  it('writes one line per active layer: runs, commits and rows in the interval, total and freshness', async () => {
    let now = 1_000_000;
    const snapshots = new Map<TableDef, Snapshot[]>([
      [bronzeEvents, [snapshot(1, 995_000, 'append', 100, 100)]],
      [silverTrades, []],
    ]);
    const lines: string[] = [];
    const activity = new LayerActivity({
      tables: [bronzeEvents, silverTrades, goldOhlcv1m],
      readSnapshots: async (def) => {
        if (def === goldOhlcv1m) return undefined; // not created yet
        const list = snapshots.get(def) ?? [];
        const current = list[list.length - 1];
        return { snapshots: list, ...(current ? { current } : {}) };
      },
      write: (line) => lines.push(line),
      now: () => now,
    });
    now += 10_000;
    snapshots
      .get(bronzeEvents)
      ?.push(snapshot(2, 1_004_000, 'append', 40, 140), snapshot(3, 1_008_000, 'append', 2, 142));
    snapshots.get(bronzeEvents)?.push(snapshot(4, 1_009_000, 'replace', 142, 142));
    activity.record({ functionKey: 'bronzeWriter', durationMs: 100 });
    activity.record({ functionKey: 'bronzeWriter', durationMs: 300 });
    activity.record({ functionKey: 'tableMaintenance', durationMs: 50 });
    await activity.report();
    assert.deepEqual(lines, [
      'bronze       2 runs (avg 200 ms), 2 commits, +42 rows, 142 rows in total, last commit 1.0 s ago  (last 10 s)',
      'maintenance  1 run (avg 50 ms)  (last 10 s)',
    ]);

    lines.length = 0;
    now += 10_000;
    await activity.report();
    assert.deepEqual(lines, [], 'a quiet interval prints nothing');
  });
});
