/**
 * Server-sent events to the open pages: `commit` when a watched table has a new metadata version (the
 * page re-reads what it shows from that table), `metrics` with each metrics sample. A comment line
 * every poll keeps proxies from closing an idle stream.
 */
import type { ServerResponse } from 'node:http';

export interface CommitEvent {
  /** Tables with a new commit since the last event, as namespace.table. */
  readonly tables: readonly string[];
}

/** One SSE message: `event:` and one `data:` line of JSON. */
export function sseMessage(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export class LiveUpdates {
  private readonly clients = new Set<ServerResponse>();

  /** Takes over a response as an event stream until the client goes away. */
  attach(response: ServerResponse): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    response.write('retry: 2000\n\n');
    this.clients.add(response);
    response.on('close', () => this.clients.delete(response));
  }

  get clientCount(): number {
    return this.clients.size;
  }

  send(event: string, data: unknown): void {
    const message = sseMessage(event, data);
    for (const client of this.clients) client.write(message);
  }

  keepAlive(): void {
    for (const client of this.clients) client.write(': keep-alive\n\n');
  }

  close(): void {
    for (const client of this.clients) client.end();
    this.clients.clear();
  }
}
