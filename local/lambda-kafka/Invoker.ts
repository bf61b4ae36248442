/**
 * How the event-source mapping calls a function: through serverless-offline's Lambda Invoke API
 * (as AWS's poller calls Lambda), or directly in this process (the replay command and tests).
 * A function error is a failed invocation either way.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

export interface InvokeOutcome {
  readonly ok: boolean;
  /** The function's result (ok) or its error description (not ok). */
  readonly payload: unknown;
}

export interface Invoker {
  invoke(functionName: string, event: unknown): Promise<InvokeOutcome>;
  close(): void;
}

export class LambdaApiInvoker implements Invoker {
  private readonly client: LambdaClient;

  constructor(endpoint: string) {
    this.client = new LambdaClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
  }

  async invoke(functionName: string, event: unknown): Promise<InvokeOutcome> {
    try {
      const response = await this.client.send(
        new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(event)) }),
      );
      const text = response.Payload ? Buffer.from(response.Payload).toString('utf8') : '';
      const payload: unknown = text === '' ? null : JSON.parse(text);
      return { ok: response.FunctionError === undefined, payload };
    } catch (error) {
      return { ok: false, payload: { errorMessage: error instanceof Error ? error.message : String(error) } };
    }
  }

  close(): void {
    this.client.destroy();
  }
}

export type Handler = (event: unknown) => Promise<unknown>;

export class InProcessInvoker implements Invoker {
  constructor(private readonly handlers: ReadonlyMap<string, Handler>) {}

  async invoke(functionName: string, event: unknown): Promise<InvokeOutcome> {
    const handler = this.handlers.get(functionName);
    if (!handler) return { ok: false, payload: { errorMessage: `no function ${functionName}` } };
    try {
      return { ok: true, payload: await handler(event) };
    } catch (error) {
      return { ok: false, payload: { errorMessage: error instanceof Error ? error.message : String(error) } };
    }
  }

  close(): void {}
}
