/**
 * prom-client metrics of one broker, in a registry of its own so several brokers (tests) never
 * collide; the caller serves `registry` (see `lakehouse broker --metrics-port`).
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export class BrokerMetrics {
  readonly registry = new Registry();
  readonly bytesIn: Counter<'topic'>;
  readonly bytesOut: Counter<'topic'>;
  readonly recordsIn: Counter<'topic'>;
  readonly recordsOut: Counter<'topic'>;
  readonly requestDuration: Histogram<'api'>;
  readonly activeConnections: Gauge;
  readonly groups: Gauge;
  readonly logSize: Gauge<'topic' | 'partition'>;
  readonly openSegmentFiles: Gauge;

  constructor(collectors: {
    activeGroups: () => number;
    openSegmentFiles: () => number;
    logSizes: () => { topic: string; partition: number; bytes: number }[];
  }) {
    const registers = [this.registry];
    this.bytesIn = new Counter({
      name: 'broker_bytes_in_total',
      help: 'Record batch bytes appended, by topic.',
      labelNames: ['topic'],
      registers,
    });
    this.bytesOut = new Counter({
      name: 'broker_bytes_out_total',
      help: 'Record batch bytes served by Fetch, by topic.',
      labelNames: ['topic'],
      registers,
    });
    this.recordsIn = new Counter({
      name: 'broker_records_in_total',
      help: 'Records appended, by topic.',
      labelNames: ['topic'],
      registers,
    });
    this.recordsOut = new Counter({
      name: 'broker_records_out_total',
      help: 'Records served by Fetch, by topic.',
      labelNames: ['topic'],
      registers,
    });
    this.requestDuration = new Histogram({
      name: 'broker_request_duration_seconds',
      help: 'Time from decoding a request to its response being ready (Fetch includes its long poll), by API.',
      labelNames: ['api'],
      buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers,
    });
    this.activeConnections = new Gauge({
      name: 'broker_active_connections',
      help: 'Open client connections.',
      registers,
    });
    this.groups = new Gauge({
      name: 'broker_consumer_groups',
      help: 'Consumer groups with at least one member.',
      registers,
      collect() {
        this.set(collectors.activeGroups());
      },
    });
    this.openSegmentFiles = new Gauge({
      name: 'broker_open_segment_files',
      help: 'Log segment files held open (at most BROKER_MAX_OPEN_FILES).',
      registers,
      collect() {
        this.set(collectors.openSegmentFiles());
      },
    });
    this.logSize = new Gauge({
      name: 'broker_log_size_bytes',
      help: 'Bytes stored on disk, by topic-partition.',
      labelNames: ['topic', 'partition'],
      registers,
      collect() {
        this.reset();
        for (const { topic, partition, bytes } of collectors.logSizes())
          this.set({ topic, partition: String(partition) }, bytes);
      },
    });
  }
}
