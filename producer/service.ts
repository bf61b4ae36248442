/**
 * The producer service: Coinbase WebSocket -> Kafka topic (coinbase.raw by default). Every frame is
 * published byte-unchanged with key = product_id and headers received_at / source / connection_id;
 * frames are also parsed to watch latency and trade_id gaps, which are backfilled from REST.
 */
import {
  type CoinbaseFrame,
  frameProductId,
  nowMicros,
  parseFrame,
  TradeGapTracker,
  type TradeObservation,
} from '../layers/coinbase/index.js';
import { type FrameSource, HEADER_CONNECTION_ID, HEADER_RECEIVED_AT, HEADER_SOURCE } from '../layers/kafka/index.js';
import { Backfiller } from './Backfiller.js';
import { FeedConnection } from './FeedConnection.js';
import { feedAdapter } from './feeds/index.js';
import { startMetricsServer } from './httpServer.js';
import { stderrLogger } from './log.js';
import { createProducerMetrics, type ProducerMetrics } from './metrics.js';
import { type PendingFrame, Publisher } from './Publisher.js';
import { PRODUCER_DEFAULTS, type ProducerSettings } from './settings.js';

export interface RunningProducer {
  readonly metrics: ProducerMetrics;
  /** Base URL of /metrics and /healthz, or null when no HTTP server runs. */
  readonly metricsUrl: string | null;
  /** Highest trade_id seen or announced (heartbeat) for a product on the feed. */
  lastTradeId(productId: string): bigint | undefined;
  /** Resolves when nothing is buffered and no gap is waiting or being backfilled. */
  settled(): Promise<void>;
  /** Stops reading, flushes the buffer to Kafka (up to the shutdown timeout) and disconnects. */
  close(): Promise<void>;
}

export async function startProducer(settings: ProducerSettings): Promise<RunningProducer> {
  const options = { ...PRODUCER_DEFAULTS, ...settings };
  const log = settings.log ?? stderrLogger('producer');
  const adapter = feedAdapter(settings.feed);
  const source: FrameSource = settings.source ?? adapter.defaultSource;
  const channels = settings.channels ?? adapter.defaultChannels;
  const metrics = createProducerMetrics();
  const tracker = new TradeGapTracker();
  let connected = false;
  /** When the feed was last lost (or the start, before the first connection); null while connected. */
  let disconnectedSince: number | null = Date.now();

  const publisher = new Publisher({
    producer: settings.kafka.producer({ idempotent: true }),
    topic: settings.topic,
    lingerMs: options.lingerMs,
    batchMaxFrames: options.batchMaxFrames,
    bufferMaxFrames: options.bufferMaxFrames,
    metrics,
    log,
    onDropped: (frames, reason) => {
      // A dropped trade is a gap like any other: reopen it so it is backfilled once Kafka is back.
      for (const frame of frames) {
        if (!frame.trades) continue;
        for (const id of frame.trades.tradeIds) {
          if (tracker.reopen(frame.trades.productId, id, id, 'dropped', Date.now())) {
            metrics.gapsDetected.inc({ product_id: frame.trades.productId, detected_by: 'dropped' });
          }
        }
      }
      if (reason === 'shutdown') log('error', 'frames left unsent at shutdown', { frames: frames.length });
    },
  });

  const enqueue = (
    value: Buffer,
    frameSource: FrameSource,
    key: string | null,
    connectionId: string,
    trades?: PendingFrame['trades'],
  ) =>
    publisher.enqueue({
      key,
      value,
      headers: {
        [HEADER_RECEIVED_AT]: String(nowMicros()),
        [HEADER_SOURCE]: frameSource,
        [HEADER_CONNECTION_ID]: connectionId,
      },
      source: frameSource,
      receivedAtMono: performance.now(),
      trades,
    });

  const backfiller = new Backfiller({
    restUrl: settings.restUrl,
    tracker,
    metrics,
    log,
    graceMs: options.gapGraceMs,
    pageDelayMs: options.backfillPageDelayMs,
    maxTradesPerGap: options.backfillMaxTrades,
    canPublish: () => publisher.depth < options.bufferMaxFrames / 2,
    publish: (frame, productId, tradeIds) =>
      enqueue(Buffer.from(frame), 'backfill', productId, 'rest', tradeIds.length ? { productId, tradeIds } : undefined),
  });

  function observe(productId: string, tradeId: bigint): void {
    const seen: TradeObservation = tracker.observeTrade(productId, tradeId, Date.now());
    if (seen.status === 'gap') {
      const count = seen.range.last - seen.range.first + 1n;
      metrics.gapsDetected.inc({ product_id: productId, detected_by: 'trade_id' });
      metrics.gapTradesMissing.inc({ product_id: productId }, Number(count));
      log('warn', 'trade_id gap detected', {
        product_id: productId,
        first_trade_id: seen.range.first,
        last_trade_id: seen.range.last,
        trades: count,
      });
    } else if (seen.status === 'late') metrics.gapTradesLate.inc({ product_id: productId });
    else if (seen.status === 'duplicate') metrics.duplicates.inc({ product_id: productId });
  }

  /** Latency and gap bookkeeping; returns the trade ids the frame carries. */
  function inspect(frame: CoinbaseFrame, receivedUs: bigint): bigint[] {
    const latency = (exchangeUs: bigint | null) => {
      if (exchangeUs !== null) metrics.latency.observe(Number(receivedUs - exchangeUs) / 1e6);
    };
    switch (frame.kind) {
      case 'match':
        latency(frame.time_us);
        observe(frame.product_id, frame.trade_id);
        return [frame.trade_id];
      case 'ticker':
        latency(frame.time_us);
        return [];
      case 'heartbeat': {
        const range = tracker.observeHeartbeat(frame.product_id, frame.last_trade_id, Date.now());
        if (range) {
          const count = range.last - range.first + 1n;
          metrics.gapsDetected.inc({ product_id: frame.product_id, detected_by: 'heartbeat' });
          metrics.gapTradesMissing.inc({ product_id: frame.product_id }, Number(count));
          log('warn', 'heartbeat reports trades not received', {
            product_id: frame.product_id,
            first_trade_id: range.first,
            last_trade_id: range.last,
          });
        }
        return [];
      }
      case 'advanced-trade': {
        latency(frame.timestamp_us);
        // Trades come newest first within a frame: observe them in trade_id order.
        const ids: { productId: string; id: bigint }[] = [];
        for (const event of frame.market_trades) {
          for (const trade of event.trades) {
            if (
              typeof trade.product_id === 'string' &&
              typeof trade.trade_id === 'string' &&
              /^\d{1,19}$/.test(trade.trade_id)
            ) {
              ids.push({ productId: trade.product_id, id: BigInt(trade.trade_id) });
            }
          }
        }
        ids.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        for (const { productId, id } of ids) observe(productId, id);
        return ids.map(({ id }) => id);
      }
      case 'error':
        metrics.errorFrames.inc();
        log('warn', 'error frame from Coinbase', { message: frame.message, reason: frame.reason });
        return [];
      default:
        return [];
    }
  }

  const connection = new FeedConnection({
    url: settings.wsUrl,
    subscribeMessages: adapter.subscribeMessages(settings.products, channels),
    watchdogMs: options.watchdogMs,
    reconnectBaseMs: options.reconnectBaseMs,
    reconnectMaxMs: options.reconnectMaxMs,
    log,
    onConnected: (value) => {
      if (value) disconnectedSince = null;
      else if (connected || disconnectedSince === null) disconnectedSince = Date.now();
      connected = value;
      metrics.connected.set(value ? 1 : 0);
    },
    onReconnect: (reason) => metrics.reconnects.inc({ reason }),
    onFrame: (data, connectionId) => {
      const receivedUs = nowMicros();
      const parsed = parseFrame(data);
      if (!parsed.ok) {
        metrics.received.inc({ type: 'invalid' });
        metrics.parseErrors.inc();
        log('debug', 'unparseable frame published as is', { reason: parsed.reason, connection_id: connectionId });
        enqueue(data, source, null, connectionId);
        return;
      }
      const frame = parsed.frame;
      metrics.received.inc({
        type: 'type' in frame ? frame.type : frame.kind === 'advanced-trade' ? frame.channel : frame.kind,
      });
      const productId = frameProductId(frame);
      const tradeIds = inspect(frame, receivedUs);
      enqueue(
        data,
        source,
        productId,
        connectionId,
        productId && tradeIds.length ? { productId, tradeIds } : undefined,
      );
    },
  });

  let http: Awaited<ReturnType<typeof startMetricsServer>> | null = null;
  if (settings.metricsPort !== null && settings.metricsPort !== undefined) {
    http = await startMetricsServer(
      settings.metricsPort,
      metrics.registry,
      () => ({
        // A feed down for longer than the watchdog period is unhealthy, whatever the buffer says.
        healthy:
          publisher.depth < options.bufferMaxFrames &&
          (disconnectedSince === null || Date.now() - disconnectedSince < options.watchdogMs),
        websocket_connected: connected,
        disconnected_ms: disconnectedSince === null ? 0 : Date.now() - disconnectedSince,
        buffered_frames: publisher.depth,
        buffer_capacity: options.bufferMaxFrames,
        missing_trades: String(tracker.missingCount()),
      }),
      settings.metricsHost,
    );
  }

  connection.start();
  backfiller.start();
  log('info', 'producer started', {
    feed: settings.feed,
    url: settings.wsUrl,
    products: settings.products,
    channels,
    topic: settings.topic,
    metrics: http?.url ?? null,
  });

  let closing: Promise<void> | undefined;
  return {
    metrics,
    metricsUrl: http?.url ?? null,
    lastTradeId: (productId) => tracker.lastTradeId(productId),
    async settled() {
      for (;;) {
        await backfiller.idle();
        await publisher.flush(60_000);
        if (tracker.missingCount() === 0n && publisher.depth === 0 && !backfiller.busy) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close() {
      closing ??= (async () => {
        await connection.stop();
        await backfiller.stop();
        const flushed = await publisher.flush(options.shutdownTimeoutMs);
        if (!flushed) log('error', 'shutdown timeout: buffer not fully flushed', { buffered: publisher.depth });
        await publisher.close();
        await http?.close();
        log('info', 'producer stopped', { flushed });
      })();
      return closing;
    },
  };
}
