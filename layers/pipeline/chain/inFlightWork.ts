/**
 * Work running in this process's function instances. serverless-offline ends its process (or,
 * with useInProcess off, terminates its worker threads) with no hook, and an exit while a DuckDB
 * query is pending aborts the whole process. Handlers and commit events report here through a
 * BroadcastChannel (it reaches every thread of the process, this one included), and the local
 * stack waits until nothing runs before serverless-offline ends. On AWS nobody listens.
 */
import { BroadcastChannel } from 'node:worker_threads';

const CHANNEL_NAME = 'lakehouse.in-flight-work';
let reporter: BroadcastChannel | undefined;

function report(delta: 1 | -1): void {
  if (reporter === undefined) {
    reporter = new BroadcastChannel(CHANNEL_NAME);
    reporter.unref();
  }
  reporter.postMessage(delta);
}

/** Runs `work`, announcing it to every InFlightWork listener in the process while it runs. */
export async function trackWork<T>(work: () => Promise<T>): Promise<T> {
  report(1);
  try {
    return await work();
  } finally {
    report(-1);
  }
}

/** Counts the tracked work running anywhere in the process, from the moment it is created. */
export class InFlightWork {
  private count = 0;
  private changedAt = Date.now();
  private readonly channel = new BroadcastChannel(CHANNEL_NAME);

  constructor() {
    this.channel.unref();
    this.channel.onmessage = (message) => {
      this.count += (message as { data: number }).data;
      this.changedAt = Date.now();
    };
  }

  get running(): number {
    return this.count;
  }

  /**
   * Resolves true once nothing has run for `quietMs` (a commit event may start the next function a
   * moment after the last one ended), or false when `timeoutMs` passes first.
   */
  async settle(quietMs: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.count <= 0 && Date.now() - this.changedAt >= quietMs) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  close(): void {
    this.channel.close();
  }
}
