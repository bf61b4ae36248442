import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { InFlightWork } from '../../../layers/pipeline/index.js';
import { until } from '../../helpers/ports.js';

const inFlightModule = new URL('../../../layers/pipeline/chain/inFlightWork.js', import.meta.url).href;

/** A function instance as serverless-offline runs it: a worker thread that tracks one invocation. */
function instance(workMs: number): Worker {
  const source = `
    import { parentPort } from 'node:worker_threads';
    import { trackWork } from ${JSON.stringify(inFlightModule)};
    await trackWork(async () => {
      parentPort.postMessage('started');
      await new Promise((resolve) => setTimeout(resolve, ${workMs}));
    });
    parentPort.postMessage('done');
  `;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`));
}

function nextMessage(worker: Worker): Promise<unknown> {
  return new Promise((resolve) => worker.once('message', resolve));
}

/** The worker's report travels on its own channel: wait until it has arrived. */
const untilRunning = (work: InFlightWork, count: number) =>
  until(() => work.running === count, `${count} running`, 10_000, 5);

describe('in-flight work of function instances', () => {
  it('sees work running in other threads and settles only after it ends and stays quiet', async () => {
    const work = new InFlightWork();
    try {
      const worker = instance(400);
      await nextMessage(worker);
      await untilRunning(work, 1);
      assert.equal(await work.settle(200, 10_000), true);
      // Settled means the worker's end of work was seen, not merely a quiet moment.
      assert.equal(work.running, 0);
      await worker.terminate();
    } finally {
      work.close();
    }
  });

  it('gives up after the timeout while work still runs', async () => {
    const work = new InFlightWork();
    const worker = instance(5_000);
    try {
      await nextMessage(worker);
      await untilRunning(work, 1);
      assert.equal(await work.settle(100, 300), false);
    } finally {
      await worker.terminate();
      work.close();
    }
  });
});
