/**
 * Prometheus metrics of the pipeline functions, in a registry of their own. One module-level instance
 * (`pipelineMetrics`) is shared by every handler of a process: in-process under serverless-offline it
 * sits beside the producer's and the broker's registries; on AWS each instance simply holds its own.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { TableHead } from '../tables/TableStore.js';

/** The medallion layers whose freshness is reported. */
export type Layer = 'bronze' | 'silver' | 'gold';

export class PipelineMetrics {
  readonly registry = new Registry();
  private readonly invocations: Counter<'function'>;
  private readonly errors: Counter<'function' | 'retriable'>;
  private readonly duration: Histogram<'function'>;
  private readonly recordsIn: Counter<'step' | 'table'>;
  private readonly recordsOut: Counter<'step' | 'table'>;
  private readonly commitDuration: Histogram<'table'>;
  private readonly freshness: Gauge<'layer'>;
  private readonly newestEvent: Gauge<'layer'>;
  private readonly dataFiles: Gauge<'table'>;
  private readonly snapshots: Gauge<'table'>;

  constructor() {
    const registers = [this.registry];
    this.invocations = new Counter({
      name: 'lakehouse_function_invocations_total',
      help: 'Handler invocations, by function.',
      labelNames: ['function'],
      registers,
    });
    this.errors = new Counter({
      name: 'lakehouse_function_errors_total',
      help: 'Invocations that threw, by function and whether the error is retriable.',
      labelNames: ['function', 'retriable'],
      registers,
    });
    this.duration = new Histogram({
      name: 'lakehouse_function_duration_seconds',
      help: 'Wall time of one invocation, by function (failed ones included).',
      labelNames: ['function'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    });
    this.recordsIn = new Counter({
      name: 'lakehouse_pipeline_records_in_total',
      help: 'Records a step read, by step and the table (or topic) they came from.',
      labelNames: ['step', 'table'],
      registers,
    });
    this.recordsOut = new Counter({
      name: 'lakehouse_pipeline_records_out_total',
      help: 'Rows a step committed, by step and table.',
      labelNames: ['step', 'table'],
      registers,
    });
    this.commitDuration = new Histogram({
      name: 'lakehouse_table_commit_duration_seconds',
      help: 'Time of one table commit (append, replace or publish), by table, lost races included.',
      labelNames: ['table'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.freshness = new Gauge({
      name: 'lakehouse_table_freshness_seconds',
      help: "At a layer's latest commit: seconds since the event time of the newest record it committed.",
      labelNames: ['layer'],
      registers,
    });
    this.newestEvent = new Gauge({
      name: 'lakehouse_table_newest_event_timestamp_seconds',
      help: 'Event time of the newest record a layer committed (time() minus it: staleness now).',
      labelNames: ['layer'],
      registers,
    });
    this.dataFiles = new Gauge({
      name: 'lakehouse_table_data_files',
      help: 'Data files of the current snapshot, by table (as of the head read after its latest commit).',
      labelNames: ['table'],
      registers,
    });
    this.snapshots = new Gauge({
      name: 'lakehouse_table_snapshots',
      help: "Snapshots in the table's metadata, by table (as of the head read after its latest commit).",
      labelNames: ['table'],
      registers,
    });
  }

  /** One handler invocation: counted, timed, and its error (if any) classified. */
  invoked(fn: string, seconds: number, error?: { readonly retriable: boolean }): void {
    this.invocations.inc({ function: fn });
    this.duration.observe({ function: fn }, seconds);
    if (error) this.errors.inc({ function: fn, retriable: String(error.retriable) });
  }

  read(step: string, table: string, records: number): void {
    this.recordsIn.inc({ step, table }, records);
  }

  wrote(step: string, table: string, rows: number): void {
    this.recordsOut.inc({ step, table }, rows);
  }

  committed(table: string, seconds: number): void {
    this.commitDuration.observe({ table }, seconds);
  }

  /** A layer committed records whose newest event time is `newestEventMs` (epoch ms). */
  fresh(layer: Layer, newestEventMs: number, nowMs: number = Date.now()): void {
    this.freshness.set({ layer }, (nowMs - newestEventMs) / 1000);
    this.newestEvent.set({ layer }, newestEventMs / 1000);
  }

  /** The table's size as a head read saw it; a store that keeps no files reports none. */
  tableState(table: string, head: TableHead): void {
    this.snapshots.set({ table }, head.snapshotCount);
    if (head.dataFiles !== undefined) this.dataFiles.set({ table }, head.dataFiles);
  }
}

/** The registry every handler of this process records into. */
export const pipelineMetrics = new PipelineMetrics();
