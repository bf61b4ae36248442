/**
 * One client connection to the simulated Exchange: the subscribe deadline, subscribe / unsubscribe
 * requests and their error frames, per-channel product filters, and outgoing frames through the
 * client's fault plan (stalls hold frames back; a disconnect closes the socket).
 */
import type WebSocket from 'ws';
import { FaultPlan, type FaultRates, type FrameKind } from './faults.js';
import { errorFrame, subscriptionsFrame } from './frames.js';
import type { Random } from './random.js';

export const PUBLIC_CHANNELS = ['heartbeat', 'ticker', 'ticker_batch', 'matches', 'level2_batch', 'status'] as const;
const AUTH_CHANNELS = ['level2', 'level3', 'full', 'user'];

export interface SessionOptions {
  readonly socket: WebSocket;
  readonly subscribeDeadlineMs: number;
  readonly knownProduct: (productId: string) => boolean;
  readonly rates: FaultRates;
  readonly random: Random;
  /** Sends nothing of its own (replay mode: the capture holds the server's replies). */
  readonly silent: boolean;
  readonly onSubscribed: (session: Session, added: { channel: string; productId: string }[]) => void;
  readonly onClose: (session: Session) => void;
}

export class Session {
  readonly faults: FaultPlan;
  private readonly channels = new Map<string, Set<string>>();
  private deadline: NodeJS.Timeout | undefined;
  private stalledUntil = 0;
  private stallQueue: string[] = [];
  private stallTimer: NodeJS.Timeout | undefined;
  subscribed = false;

  constructor(private readonly options: SessionOptions) {
    this.faults = new FaultPlan(options.rates, options.random);
    const { socket } = options;
    this.deadline = setTimeout(() => {
      if (this.subscribed) return;
      this.sendRaw(errorFrame('Failed to subscribe', `no subscribe message within ${options.subscribeDeadlineMs} ms`));
      socket.close(1008, 'subscribe timeout');
    }, options.subscribeDeadlineMs);
    socket.on('message', (data: Buffer) => this.request(data.toString('utf8')));
    socket.on('close', () => {
      clearTimeout(this.deadline);
      clearTimeout(this.stallTimer);
      options.onClose(this);
    });
    socket.on('error', () => undefined);
  }

  wants(channel: string, productId: string): boolean {
    return this.channels.get(channel)?.has(productId) ?? false;
  }

  /** Sends a market frame through the fault plan (and the stall queue). */
  send(text: string, kind: FrameKind): void {
    for (const frame of this.faults.apply(text, kind)) {
      if (Date.now() < this.stalledUntil) this.stallQueue.push(frame);
      else this.sendRaw(frame);
    }
  }

  /** Holds every outgoing frame for `ms`, then sends them in order (unless the socket closed meanwhile). */
  stall(ms: number): void {
    this.stalledUntil = Date.now() + ms;
    clearTimeout(this.stallTimer);
    this.stallTimer = setTimeout(() => {
      const queued = this.stallQueue;
      this.stallQueue = [];
      for (const frame of queued) this.sendRaw(frame);
    }, ms);
  }

  disconnect(): void {
    this.options.socket.terminate();
  }

  private sendRaw(text: string): void {
    if (this.options.socket.readyState === 1) this.options.socket.send(text);
  }

  private reply(text: string): void {
    if (!this.options.silent) this.sendRaw(text);
  }

  private request(text: string): void {
    let message: { type?: unknown; product_ids?: unknown; channels?: unknown };
    try {
      message = JSON.parse(text);
    } catch {
      this.reply(errorFrame('Failed to parse message', 'message is not valid JSON'));
      return;
    }
    if (!message || typeof message !== 'object' || (message.type !== 'subscribe' && message.type !== 'unsubscribe')) {
      this.reply(errorFrame('Failed to subscribe', 'type must be subscribe or unsubscribe'));
      return;
    }
    const verb = message.type === 'subscribe' ? 'subscribe' : 'unsubscribe';
    const failed = `Failed to ${verb}`;
    const topProducts = Array.isArray(message.product_ids) ? message.product_ids : [];
    if (!Array.isArray(message.channels) || message.channels.length === 0) {
      this.reply(errorFrame(failed, 'No channels provided'));
      return;
    }
    const wanted: { channel: string; products: unknown[] }[] = [];
    for (const entry of message.channels as unknown[]) {
      if (typeof entry === 'string') wanted.push({ channel: entry, products: topProducts });
      else if (entry && typeof entry === 'object' && typeof (entry as { name?: unknown }).name === 'string') {
        const { name, product_ids } = entry as { name: string; product_ids?: unknown };
        wanted.push({ channel: name, products: Array.isArray(product_ids) ? product_ids : topProducts });
      } else {
        this.reply(errorFrame(failed, 'channels must be names or {name, product_ids}'));
        return;
      }
    }
    for (const { channel, products } of wanted) {
      if (AUTH_CHANNELS.includes(channel)) {
        this.reply(errorFrame(failed, `${channel} channel requires authentication`));
        return;
      }
      if (!(PUBLIC_CHANNELS as readonly string[]).includes(channel)) {
        this.reply(errorFrame(failed, `${channel} is not a valid channel`));
        return;
      }
      if (products.length === 0 && channel !== 'status') {
        this.reply(errorFrame(failed, 'No product ids provided'));
        return;
      }
      for (const product of products) {
        if (typeof product !== 'string' || !this.options.knownProduct(product)) {
          this.reply(errorFrame(failed, `${String(product)} is not a valid product`));
          return;
        }
      }
    }
    const added: { channel: string; productId: string }[] = [];
    for (const { channel, products } of wanted) {
      const current = this.channels.get(channel) ?? new Set<string>();
      for (const product of products as string[]) {
        if (verb === 'subscribe' && !current.has(product)) {
          current.add(product);
          added.push({ channel, productId: product });
        } else if (verb === 'unsubscribe') current.delete(product);
      }
      if (current.size > 0) this.channels.set(channel, current);
      else this.channels.delete(channel);
    }
    if (verb === 'subscribe') {
      this.subscribed = true;
      clearTimeout(this.deadline);
    }
    this.reply(subscriptionsFrame(this.channels));
    this.options.onSubscribed(this, added);
  }
}
