/**
 * The stack's own memory lines (layers/pipeline/memoryReport.ts: every function instance and the
 * main thread log one every 30 s): V8 heap, and DuckDB's buffer use against its limit where the
 * component owns a DuckDB, per component, from the stack's log.
 */
import { readFile } from 'node:fs/promises';
import type { MemoryLine } from '../../layers/pipeline/index.js';
import type { Point } from './trend.js';

export interface InstanceMemory {
  /** Component and thread, e.g. "pipeline functions #0". */
  readonly instance: string;
  readonly heapMiB: Point[];
  /** Empty for a component without its own DuckDB. */
  readonly duckdbMiB: Point[];
  readonly duckdbLimitMiB: number | undefined;
}

function parseLine(line: string): MemoryLine | undefined {
  if (!line.includes('"event":"memory"')) return undefined;
  try {
    const parsed = JSON.parse(line) as Partial<MemoryLine>;
    return parsed.event === 'memory' ? (parsed as MemoryLine) : undefined;
  } catch {
    return undefined;
  }
}

const MiB = 2 ** 20;

/** Every instance's series, with t in seconds since `t0Ms`. */
export async function instanceMemory(logFile: string, t0Ms: number): Promise<InstanceMemory[]> {
  const byInstance = new Map<string, InstanceMemory>();
  for (const line of (await readFile(logFile, 'utf8')).split('\n')) {
    const report = parseLine(line);
    if (report === undefined) continue;
    const instance = `${report.component} #${report.thread}`;
    let series = byInstance.get(instance);
    if (series === undefined) {
      const limit = report.duckdbLimitBytes;
      series = { instance, heapMiB: [], duckdbMiB: [], duckdbLimitMiB: limit === undefined ? undefined : limit / MiB };
      byInstance.set(instance, series);
    }
    const t = (report.at - t0Ms) / 1000;
    series.heapMiB.push({ t, value: report.heapUsedBytes / MiB });
    if (report.duckdbUsedBytes !== undefined) series.duckdbMiB.push({ t, value: report.duckdbUsedBytes / MiB });
  }
  return [...byInstance.values()].sort((a, b) => a.instance.localeCompare(b.instance));
}
