/**
 * Per-process figures from /proc (Linux): resident memory, open file descriptors and CPU time. A
 * process's threads (DuckDB's, and serverless-offline's Lambda worker threads if enabled) count with it.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

export interface ProcessFigures {
  readonly pid: number;
  readonly name: string;
  readonly rssMiB: number;
  readonly openFiles: number;
  /** CPU seconds (user + system) since the process started. */
  readonly cpuSeconds: number;
}

function stat(pid: number): { ppid: number; cpuSeconds: number } {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses: the fields after it follow the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return {
    ppid: Number(fields[1]),
    cpuSeconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS,
  };
}

/** `root` and every process below it. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const { ppid } = stat(pid);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // Exited while we looked.
    }
  }
  const tree: number[] = [];
  const visit = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return tree;
}

/** Figures of one process, undefined when it has exited. */
export function processFigures(pid: number): ProcessFigures | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const script = cmdline.find((arg, i) => i > 0 && !arg.startsWith('-')) ?? cmdline[0] ?? '?';
    let exe = '?';
    try {
      exe = readlinkSync(`/proc/${pid}/exe`).split('/').at(-1) ?? '?';
    } catch {
      // Not ours to read: keep the placeholder.
    }
    return {
      pid,
      name: `${exe} ${script.split('/').slice(-3).join('/')}`,
      rssMiB: rssKiB / 1024,
      openFiles: readdirSync(`/proc/${pid}/fd`).length,
      cpuSeconds: stat(pid).cpuSeconds,
    };
  } catch {
    return undefined;
  }
}
