/**
 * One persistent WebSocket to a Coinbase feed: subscribes as soon as the socket opens (the server
 * closes it after 5 s without a subscribe), reconnects with capped exponential backoff and jitter,
 * resubscribes every time, and reconnects when no frame arrived for `watchdogMs`.
 *
 * A run of failed attempts is reported once (the first one, plainly, and with the way out when the
 * feed was never reached: no internet means `npm run demo`); the retries behind it log at debug.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { backoffDelayMs } from './backoff.js';
import type { Logger } from './log.js';

export interface FeedConnectionOptions {
  readonly url: string;
  readonly subscribeMessages: readonly string[];
  readonly watchdogMs: number;
  readonly reconnectBaseMs: number;
  readonly reconnectMaxMs: number;
  readonly log: Logger;
  /** Every frame exactly as received (text frames as their UTF-8 bytes), with a connection id. */
  readonly onFrame: (data: Buffer, connectionId: string) => void;
  readonly onConnected: (connected: boolean) => void;
  readonly onReconnect: (reason: 'closed' | 'error' | 'watchdog') => void;
}

export class FeedConnection {
  private socket: WebSocket | undefined;
  private attempt = 0;
  private stopped = false;
  private watchdog: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private lastFrameAt = 0;
  private connectionId = '';
  private everConnected = false;
  /** Closed connections since the last one that opened. */
  private failuresInRow = 0;

  constructor(private readonly options: FeedConnectionOptions) {}

  start(): void {
    this.connect();
  }

  /** Closes the socket and stops reconnecting. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.watchdog);
    const socket = this.socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      const timeout = setTimeout(() => {
        socket.terminate();
        resolve();
      }, 1000);
      socket.once('close', () => {
        clearTimeout(timeout);
        resolve();
      });
      socket.close(1000, 'producer shutting down');
    });
  }

  private connect(): void {
    if (this.stopped) return;
    const connectionId = randomUUID();
    const socket = new WebSocket(this.options.url, { handshakeTimeout: 10_000, maxPayload: 64 * 1024 * 1024 });
    this.socket = socket;
    this.connectionId = connectionId;
    let reason: 'closed' | 'error' | 'watchdog' = 'closed';
    let lastError = '';
    socket.on('open', () => {
      this.everConnected = true;
      this.failuresInRow = 0;
      for (const message of this.options.subscribeMessages) socket.send(message);
      this.lastFrameAt = Date.now();
      this.startWatchdog(socket, () => {
        reason = 'watchdog';
      });
      this.options.onConnected(true);
      this.options.log('info', 'connected and subscribed', { url: this.options.url, connection_id: connectionId });
    });
    socket.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
      this.lastFrameAt = Date.now();
      this.attempt = 0;
      const bytes = Buffer.isBuffer(data)
        ? data
        : Array.isArray(data)
          ? Buffer.concat(data)
          : Buffer.from(data as ArrayBuffer);
      if (isBinary) this.options.log('warn', 'binary frame received: published as is', { connection_id: connectionId });
      this.options.onFrame(bytes, connectionId);
    });
    socket.on('error', (error) => {
      if (reason === 'closed') reason = 'error';
      lastError = error.message;
      this.options.log('debug', 'websocket error', {
        url: this.options.url,
        connection_id: connectionId,
        error: error.message,
      });
    });
    socket.on('close', (code, why) => {
      clearInterval(this.watchdog);
      this.options.onConnected(false);
      if (this.stopped) return;
      const delay = backoffDelayMs(this.attempt, this.options.reconnectBaseMs, this.options.reconnectMaxMs);
      this.attempt++;
      const fields = {
        url: this.options.url,
        connection_id: connectionId,
        code,
        reason: why.toString() || lastError || reason,
        delay_ms: delay,
      };
      const firstInRow = this.failuresInRow === 0;
      this.failuresInRow++;
      if (firstInRow && !this.everConnected) {
        this.options.log('error', unreachableMessage(this.options.url, lastError), fields);
      } else {
        this.options.log(firstInRow ? 'warn' : 'debug', 'websocket closed: reconnecting', fields);
      }
      this.options.onReconnect(reason);
      this.retryTimer = setTimeout(() => this.connect(), delay);
    });
  }

  private startWatchdog(socket: WebSocket, markWatchdog: () => void): void {
    clearInterval(this.watchdog);
    const period = Math.max(10, Math.min(1000, this.options.watchdogMs / 4));
    this.watchdog = setInterval(() => {
      if (Date.now() - this.lastFrameAt < this.options.watchdogMs) return;
      markWatchdog();
      this.options.log('warn', 'no frame within the watchdog period: reconnecting', {
        connection_id: this.connectionId,
        watchdog_ms: this.options.watchdogMs,
      });
      clearInterval(this.watchdog);
      socket.terminate();
    }, period);
  }
}

/** What a user needs to read when the feed was never reached: which feed, why, and what to do. */
export function unreachableMessage(url: string, error: string): string {
  const why = error === '' ? '' : ` (${error})`;
  return (
    `Coinbase cannot be reached at ${url}${why}. Still retrying in the background (details at LOG_LEVEL=debug). ` +
    'Without internet access, `npm run demo` runs the same stack against the built-in exchange simulator.'
  );
}
