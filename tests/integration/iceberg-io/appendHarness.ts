/**
 * Shared by the SQLite (integration) and PostgreSQL (interop) concurrent-append tests: creates the
 * target table, runs appendWriter processes, kills them on cue, and reads back what landed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sharedConnection } from '../../../layers/engine/index.js';
import { newSchema, readParquetByFieldId, type SqlCatalog, type Table } from '../../../layers/iceberg/index.js';

export const WRITER_SCRIPT = fileURLToPath(new URL('./appendWriter.js', import.meta.url));

export async function createAppendTable(catalog: SqlCatalog, name: string): Promise<Table> {
  const [namespace] = name.split('.');
  if (namespace !== undefined && !(await catalog.namespaceExists(namespace))) await catalog.createNamespace(namespace);
  return catalog.createTable(name, {
    schema: newSchema([
      { name: 'writer', type: 'int', required: true },
      { name: 'seq', type: 'int', required: true },
      { name: 'payload', type: 'string' },
    ]),
    // Eight writers contend for every commit: allow enough refresh-and-retry rounds.
    properties: {
      'commit.retry.num-retries': '100',
      'commit.retry.min-wait-ms': '10',
      'commit.retry.max-wait-ms': '400',
    },
  });
}

export interface WriterRun {
  readonly child: ChildProcess;
  /** `writer:seq` of every append the writer saw commit. */
  readonly committed: Set<string>;
  /** `writer:seq` of appends started (committing) but not reported committed. */
  readonly inFlight: Set<string>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  /** Resolves when the writer has announced its n-th commit attempt (0-based seq). */
  committing(seq: number): Promise<void>;
}

export function startWriter(args: {
  catalogUri: string;
  warehouse: string;
  table: string;
  writer: number;
  appends: number;
  startFile?: string;
  /** Extra environment, e.g. AWS_ENDPOINT_URL_S3 and credentials for an s3:// warehouse. */
  env?: Readonly<Record<string, string>>;
}): WriterRun {
  const child = spawn(
    process.execPath,
    [
      WRITER_SCRIPT,
      args.catalogUri,
      args.warehouse,
      args.table,
      String(args.writer),
      String(args.appends),
      ...(args.startFile === undefined ? [] : [args.startFile]),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...args.env } },
  );
  const committed = new Set<string>();
  const inFlight = new Set<string>();
  const waiters = new Map<number, () => void>();
  let stderr = '';
  let buffered = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const [event, writer, seq] = line.split(' ');
      const key = `${writer}:${seq}`;
      if (event === 'committing') {
        inFlight.add(key);
        waiters.get(Number(seq))?.();
      } else if (event === 'committed') {
        inFlight.delete(key);
        committed.add(key);
      }
    }
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return {
    child,
    committed,
    inFlight,
    exited,
    committing: (seq) => new Promise<void>((resolve) => waiters.set(seq, resolve)),
  };
}

/** `writer:seq` of every row the table's current snapshot holds (duplicates kept), read by field id. */
export async function landedAppends(table: Table): Promise<string[]> {
  const scan = table.scan();
  const tasks = await scan.planFiles();
  if (tasks.length === 0) return [];
  const paths = await Promise.all(tasks.map((t) => table.io.localPath(t.dataFile.filePath)));
  const connection = await sharedConnection();
  try {
    const reader = await connection.runAndReadAll(
      `SELECT writer, seq FROM ${readParquetByFieldId(paths, scan.schema())} ORDER BY writer, seq`,
    );
    return reader.getRowObjectsJS().map((row) => `${row.writer}:${row.seq}`);
  } finally {
    connection.closeSync();
  }
}

/** `writer:seq` recorded in the summaries of the snapshots on main's history. */
export function snapshotAppends(table: Table): string[] {
  return table
    .snapshots()
    .filter((s) => s.summary['append-writer'] !== undefined)
    .map((s) => `${s.summary['append-writer']}:${s.summary['append-seq']}`);
}
