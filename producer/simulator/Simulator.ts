/**
 * A local Coinbase Exchange: WebSocket feed (Exchange protocol) and REST on one port. Market data
 * comes from a generator (per-product random walk at a configured rate, with bursts) or from the
 * replay of a capture; faults can be injected by rate or on command.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { FaultCommand, FaultRates, FrameKind } from './faults.js';
import { heartbeatFrame, matchFrame, tickerFrame } from './frames.js';
import { Market, type SimTrade } from './Market.js';
import { seededRandom } from './random.js';
import { loadReplay, playReplay, replayedTrade } from './replay.js';
import { handleRest } from './rest.js';
import { Session } from './Session.js';

export interface GeneratorOptions {
  /** Trades per second per product (0 = only trades made with `emitTrades`). */
  readonly tradesPerSecond?: number;
  /** Every `burstEveryMs`, the rate is multiplied by `burstMultiplier` for `burstDurationMs`. */
  readonly burstEveryMs?: number;
  readonly burstMultiplier?: number;
  readonly burstDurationMs?: number;
  /** Whether ticker frames follow matches (as on Coinbase); default true. */
  readonly tickers?: boolean;
}

export interface SimulatorOptions {
  readonly port?: number;
  readonly host?: string;
  readonly products?: readonly string[];
  readonly seed?: number;
  readonly generator?: GeneratorOptions;
  /** Replay a capture instead of generating: NDJSON path, speed factor (0 = as fast as possible). */
  readonly replay?: { readonly file: string; readonly speed?: number };
  readonly faults?: FaultRates;
  readonly heartbeatMs?: number;
  readonly subscribeDeadlineMs?: number;
  /** Trades kept per product for REST. */
  readonly restRetention?: number;
  /** Trades made per product before the first client connects (so last_match and REST have history). */
  readonly historyTrades?: number;
}

export interface RunningSimulator {
  readonly wsUrl: string;
  readonly restUrl: string;
  readonly market: Market;
  /** Makes `count` trades on a product now and sends them (match + ticker) to subscribers. */
  emitTrades(productId: string, count: number): SimTrade[];
  /** Applies a fault to the next frames of every connected client. */
  inject(command: FaultCommand): void;
  /** Closes every client socket abruptly. */
  disconnectAll(): void;
  /** Holds every client's outgoing frames for `ms`. */
  stall(ms: number): void;
  /** Stops the generator (heartbeats go on): the market is quiet from now on. */
  stopTrading(): void;
  /** Number of subscribed clients; resolves `waitForSubscribers(n)` when reached. */
  subscribers(): number;
  waitForSubscribers(count: number): Promise<void>;
  /** Resolves when the replay was sent completely. */
  replayFinished(): Promise<void>;
  /** Frames sent by kind, before faults (what the exchange "meant" to send). */
  readonly sent: Record<FrameKind, number>;
  close(): Promise<void>;
}

export const DEFAULT_PRODUCTS = ['BTC-USD', 'ETH-USD', 'SOL-USD', 'DOGE-USD'] as const;

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const random = seededRandom(options.seed ?? 42);
  const replayFrames = options.replay ? loadReplay(options.replay.file) : null;
  const market = new Market(
    replayFrames ? [] : (options.products ?? DEFAULT_PRODUCTS),
    random,
    options.restRetention ?? 1_000_000,
  );
  const generator = options.generator ?? {};
  const sessions = new Set<Session>();
  const sent: Record<FrameKind, number> = { match: 0, ticker: 0, heartbeat: 0, other: 0 };
  let closed = false;
  const waiters: { count: number; resolve: () => void }[] = [];
  let replayDone: Promise<void> = Promise.resolve();
  let replayStarted = false;

  if (!replayFrames) {
    for (let i = 0; i < (options.historyTrades ?? 5); i++) for (const id of market.productIds) market.trade(id);
  } else {
    for (const frame of replayFrames) {
      const trade = replayedTrade(frame.text);
      if (trade) market.recordExternal(trade);
    }
  }

  const broadcastTrade = (trade: SimTrade) => {
    const match = matchFrame(trade);
    const ticker = generator.tickers === false ? null : tickerFrame(trade, market);
    sent.match++;
    if (ticker) sent.ticker++;
    for (const session of sessions) {
      if (session.wants('matches', trade.product_id)) session.send(match, 'match');
      if (ticker && session.wants('ticker', trade.product_id)) session.send(ticker, 'ticker');
    }
  };

  const emitTrades = (productId: string, count: number): SimTrade[] => {
    const trades: SimTrade[] = [];
    for (let i = 0; i < count; i++) {
      const trade = market.trade(productId);
      trades.push(trade);
      broadcastTrade(trade);
    }
    return trades;
  };

  const server = http.createServer((request, response) => handleRest(market, request, response));
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    wss.handleUpgrade(request, socket, head, (ws) => {
      const session = new Session({
        socket: ws,
        subscribeDeadlineMs: options.subscribeDeadlineMs ?? 5000,
        knownProduct: (id) => (replayFrames ? true : market.has(id)),
        rates: options.faults ?? {},
        random,
        silent: replayFrames !== null,
        onSubscribed: (subscribed, added) => {
          if (replayFrames) {
            startReplay();
          } else {
            for (const { channel, productId } of added) {
              const last = market.lastTrade(productId);
              if (channel === 'matches' && last) subscribed.send(matchFrame(last, 'last_match'), 'match');
            }
          }
          for (const waiter of [...waiters]) {
            if (countSubscribed() >= waiter.count) {
              waiters.splice(waiters.indexOf(waiter), 1);
              waiter.resolve();
            }
          }
        },
        onClose: (closedSession) => sessions.delete(closedSession),
      });
      sessions.add(session);
    });
  });

  const countSubscribed = () => [...sessions].filter((session) => session.subscribed).length;

  function startReplay(): void {
    if (replayStarted || !replayFrames) return;
    replayStarted = true;
    replayDone = playReplay(
      replayFrames,
      options.replay?.speed ?? 0,
      (text) => {
        sent.other++;
        for (const session of sessions) if (session.subscribed) session.send(text, 'other');
      },
      () => closed,
    );
  }

  const timers: NodeJS.Timeout[] = [];
  let generatorTimer: NodeJS.Timeout | undefined;
  if (!replayFrames) {
    timers.push(
      setInterval(() => {
        for (const id of market.productIds) {
          const frame = heartbeatFrame(id, market);
          sent.heartbeat++;
          for (const session of sessions) if (session.wants('heartbeat', id)) session.send(frame, 'heartbeat');
        }
      }, options.heartbeatMs ?? 1000),
    );
    const rate = generator.tradesPerSecond ?? 5;
    if (rate > 0) {
      const tickMs = 20;
      const credit = new Map<string, number>();
      const started = Date.now();
      generatorTimer = setInterval(() => {
        const { burstEveryMs = 0, burstMultiplier = 10, burstDurationMs = 1000 } = generator;
        const inBurst = burstEveryMs > 0 && (Date.now() - started) % burstEveryMs < burstDurationMs;
        const perTick = (rate * (inBurst ? burstMultiplier : 1) * tickMs) / 1000;
        for (const id of market.productIds) {
          const total = (credit.get(id) ?? 0) + perTick * (0.5 + random());
          const count = Math.floor(total);
          credit.set(id, total - count);
          if (count > 0) emitTrades(id, count);
        }
      }, tickMs);
    }
  }
  const { disconnectEveryMs, stallEveryMs, stallMs = 2000 } = options.faults ?? {};
  if (disconnectEveryMs) timers.push(setInterval(() => disconnectAll(), disconnectEveryMs));
  if (stallEveryMs) timers.push(setInterval(() => stall(stallMs), stallEveryMs));

  function disconnectAll(): void {
    for (const session of sessions) session.disconnect();
  }
  function stall(ms: number): void {
    for (const session of sessions) session.stall(ms);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';

  return {
    wsUrl: `ws://${host}:${port}`,
    restUrl: `http://${host}:${port}`,
    market,
    emitTrades,
    stopTrading: () => clearInterval(generatorTimer),
    inject: (command) => {
      for (const session of sessions) session.faults.command(command);
    },
    disconnectAll,
    stall,
    subscribers: countSubscribed,
    waitForSubscribers: (count) =>
      countSubscribed() >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    replayFinished: () => replayDone,
    sent,
    async close() {
      closed = true;
      for (const timer of timers) clearInterval(timer);
      clearInterval(generatorTimer);
      for (const session of sessions) session.disconnect();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
