/**
 * Freshness by commit events: when bronze commits, silverPromoter is invoked; when silver commits,
 * goldBuilder is. The schedules in serverless.yml stay as the safety net if an event is lost.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { PipelineError } from '../errors.js';
import { trackWork } from './inFlightWork.js';

/** The payload a commit event carries (also what `isCommitEvent` recognises). */
export interface CommitEvent {
  readonly source: 'lakehouse.commit';
  readonly table: string;
  readonly snapshotId: string;
}

export function isCommitEvent(event: unknown): event is CommitEvent {
  return typeof event === 'object' && event !== null && (event as { source?: unknown }).source === 'lakehouse.commit';
}

export interface CommitNotifier {
  /** Tells the next step that `table` has a new snapshot. Never throws: the schedule catches a lost event. */
  committed(table: string, snapshotId: string): Promise<void>;
}

/** Which function consumes each table's commits. */
export const NEXT_FUNCTION: Readonly<Record<string, string>> = {
  'bronze.coinbase_events': 'silverPromoter',
  'silver.trades': 'goldBuilder',
};

/**
 * Invokes the next function through the Lambda API, at most one call in flight per table: commits
 * that arrive meanwhile are folded into ONE follow-up call made when it returns (which reads
 * everything committed until then). A burst of bronze commits thus runs silverPromoter twice, not
 * once per commit in parallel instances that would only conflict. The call runs in the background
 * of the caller's instance; the schedule covers a call lost when an instance is frozen or killed.
 */
export class LambdaCommitNotifier implements CommitNotifier {
  private readonly client: LambdaClient;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly pending = new Set<string>();

  constructor(
    private readonly functionPrefix: string,
    endpoint: string | undefined,
    private readonly onError: (error: PipelineError) => void,
  ) {
    this.client = new LambdaClient({
      ...(endpoint
        ? { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
      maxAttempts: 2,
    });
  }

  async committed(table: string, snapshotId: string): Promise<void> {
    const next = NEXT_FUNCTION[table];
    if (next === undefined) return;
    if (this.inFlight.has(table)) {
      this.pending.add(table);
      return;
    }
    const run = trackWork(() => this.invokeUntilSettled(table, next, snapshotId)).finally(() =>
      this.inFlight.delete(table),
    );
    this.inFlight.set(table, run);
  }

  private async invokeUntilSettled(table: string, next: string, snapshotId: string): Promise<void> {
    do {
      this.pending.delete(table);
      const event: CommitEvent = { source: 'lakehouse.commit', table, snapshotId };
      try {
        const response = await this.client.send(
          new InvokeCommand({
            FunctionName: `${this.functionPrefix}${next}`,
            Payload: Buffer.from(JSON.stringify(event)),
          }),
        );
        if (response.FunctionError !== undefined) {
          const detail = response.Payload ? Buffer.from(response.Payload).toString('utf8').slice(0, 300) : '';
          throw new Error(`${response.FunctionError}: ${detail}`);
        }
      } catch (error) {
        this.onError(
          new PipelineError(`commit event ${table}@${snapshotId} -> ${this.functionPrefix}${next} failed`, true, {
            cause: error,
          }),
        );
      }
    } while (this.pending.has(table));
  }
}

/** Starts the next step in the same process without waiting for it (the replay command and tests). */
export class InProcessCommitNotifier implements CommitNotifier {
  private handlers: Readonly<Record<string, (event: CommitEvent) => Promise<unknown>>> = {};

  constructor(private readonly onError: (error: unknown) => void) {}

  connect(handlers: Readonly<Record<string, (event: CommitEvent) => Promise<unknown>>>): void {
    this.handlers = handlers;
  }

  async committed(table: string, snapshotId: string): Promise<void> {
    const next = NEXT_FUNCTION[table];
    const handler = next === undefined ? undefined : this.handlers[next];
    if (handler) handler({ source: 'lakehouse.commit', table, snapshotId }).catch(this.onError);
  }
}

/** For runs where chaining is switched off (PIPELINE_CHAIN_COMMITS=false). */
export const noCommitNotifier: CommitNotifier = { committed: async () => {} };
