/** The producer's Prometheus metrics, in their own registry (several producers can live in one process). */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export type ProducerMetrics = ReturnType<typeof createProducerMetrics>;

export function createProducerMetrics() {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    received: new Counter({
      name: 'coinbase_messages_received_total',
      help: 'WebSocket frames received from Coinbase, by frame type (unparseable frames: type "invalid").',
      labelNames: ['type'],
      registers,
    }),
    produced: new Counter({
      name: 'coinbase_messages_produced_total',
      help: 'Records acknowledged by Kafka, by source header.',
      labelNames: ['source'],
      registers,
    }),
    connected: new Gauge({
      name: 'coinbase_websocket_connected',
      help: '1 while the WebSocket to Coinbase is open, else 0.',
      registers,
    }),
    latency: new Histogram({
      name: 'coinbase_message_latency_seconds',
      help: 'Receipt time minus exchange time of frames that carry a time (negative = clock skew).',
      buckets: [-0.05, -0.01, 0, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60],
      registers,
    }),
    ackLatency: new Histogram({
      name: 'coinbase_produce_ack_latency_seconds',
      help: 'Receipt of a frame to its acknowledgement by Kafka.',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    reconnects: new Counter({
      name: 'coinbase_websocket_reconnects_total',
      help: 'WebSocket reconnections, by reason (closed, error, watchdog).',
      labelNames: ['reason'],
      registers,
    }),
    parseErrors: new Counter({
      name: 'coinbase_parse_errors_total',
      help: 'Frames that could not be parsed (still published unchanged).',
      registers,
    }),
    errorFrames: new Counter({
      name: 'coinbase_error_frames_total',
      help: 'Error frames sent by Coinbase.',
      registers,
    }),
    duplicates: new Counter({
      name: 'coinbase_duplicate_trades_total',
      help: 'Trades received again with a trade_id already seen (published: the source sent them twice).',
      labelNames: ['product_id'],
      registers,
    }),
    gapsDetected: new Counter({
      name: 'coinbase_gaps_detected_total',
      help: 'Gaps in trade_id detected, by detector (trade_id, heartbeat, buffer_overflow).',
      labelNames: ['product_id', 'detected_by'],
      registers,
    }),
    gapTradesMissing: new Counter({
      name: 'coinbase_gap_trades_missing_total',
      help: 'Trade ids found missing when gaps were detected.',
      labelNames: ['product_id'],
      registers,
    }),
    gapTradesLate: new Counter({
      name: 'coinbase_gap_trades_late_total',
      help: 'Missing trades that arrived late on the WebSocket (reordered) before backfill.',
      labelNames: ['product_id'],
      registers,
    }),
    gapTradesFilled: new Counter({
      name: 'coinbase_gap_trades_filled_total',
      help: 'Missing trades recovered from REST and published as backfill_trade frames.',
      labelNames: ['product_id'],
      registers,
    }),
    gapsUnfillable: new Counter({
      name: 'coinbase_gaps_unfillable_total',
      help: 'Missing trade_id ranges that REST could not provide (recorded as gap frames).',
      labelNames: ['product_id'],
      registers,
    }),
    gapTradesUnfillable: new Counter({
      name: 'coinbase_gap_trades_unfillable_total',
      help: 'Trade ids inside unfillable gaps.',
      labelNames: ['product_id'],
      registers,
    }),
    bufferDepth: new Gauge({
      name: 'coinbase_producer_buffer_frames',
      help: 'Frames waiting to be sent to Kafka.',
      registers,
    }),
    bufferDropped: new Counter({
      name: 'coinbase_producer_dropped_total',
      help: 'Frames dropped because the buffer was full (Kafka unavailable) or Kafka rejected them for good.',
      labelNames: ['reason'],
      registers,
    }),
    produceErrors: new Counter({
      name: 'coinbase_produce_errors_total',
      help: 'Failed Kafka sends, by retriable classification.',
      labelNames: ['retriable'],
      registers,
    }),
  };
}
