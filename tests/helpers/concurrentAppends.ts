/**
 * The concurrent-append scenarios every SQL catalog backend must pass (SQLite in integration,
 * PostgreSQL in interop): OS processes appending at once, and writers killed mid-commit.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import type { SqlCatalog, Table } from '../../layers/iceberg/index.js';
import {
  createAppendTable,
  landedAppends,
  snapshotAppends,
  startWriter,
  type WriterRun,
} from '../integration/iceberg-io/appendHarness.js';

export interface AppendTarget {
  readonly catalog: SqlCatalog;
  /** What the writer processes open: a SQLite file or a PostgreSQL connection string. */
  readonly catalogUri: string;
  readonly warehouse: string;
}

export async function finished(run: WriterRun): Promise<void> {
  const { code, signal, stderr } = await run.exited;
  assert.equal(code, 0, `writer exited with ${code ?? signal}: ${stderr.slice(-2000)}`);
}

/**
 * `writers` processes of `appends` appends each, released together by creating `startFile`: every
 * append lands exactly once, as rows and as snapshots. Returns the table.
 */
export async function appendAtOnce(
  target: AppendTarget,
  options: { readonly table: string; readonly writers: number; readonly appends: number; readonly startFile: string },
): Promise<Table> {
  const { catalogUri, warehouse } = target;
  const table = await createAppendTable(target.catalog, options.table);
  const writers = Array.from({ length: options.writers }, (_, writer) =>
    startWriter({
      catalogUri,
      warehouse,
      table: table.name,
      writer,
      appends: options.appends,
      startFile: options.startFile,
    }),
  );
  await fs.writeFile(options.startFile, '');
  await Promise.all(writers.map(finished));

  const expected = writers.flatMap((w) => [...w.committed]).sort();
  assert.equal(expected.length, options.writers * options.appends);
  await table.refresh();
  const landed = await landedAppends(table);
  assert.deepEqual(landed.sort(), expected, 'rows: each append exactly once');
  assert.deepEqual(snapshotAppends(table).sort(), expected, 'snapshots: one per append');
  return table;
}

/**
 * Two writers append in the background while three others are SIGKILLed in the middle of commits,
 * then one more writer appends: nothing committed is lost, nothing lands twice, every row comes
 * from an attempted append, and there is one snapshot per landed append.
 */
export async function appendWhileWritersAreKilled(target: AppendTarget, tableName: string): Promise<void> {
  const { catalogUri, warehouse } = target;
  const table = await createAppendTable(target.catalog, tableName);
  const background = [100, 101].map((writer) =>
    startWriter({ catalogUri, warehouse, table: table.name, writer, appends: 4 }),
  );
  const victims: WriterRun[] = [];
  for (const [i, delayMs] of [0, 25, 60].entries()) {
    const victim = startWriter({ catalogUri, warehouse, table: table.name, writer: 200 + i, appends: 1_000 });
    victims.push(victim);
    await victim.committing(2 + i);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    victim.child.kill('SIGKILL');
    assert.equal((await victim.exited).signal, 'SIGKILL');
  }
  await Promise.all(background.map(finished));
  const afterwards = startWriter({ catalogUri, warehouse, table: table.name, writer: 300, appends: 2 });
  await finished(afterwards);

  await table.refresh();
  const landed = await landedAppends(table);
  assert.equal(new Set(landed).size, landed.length, `no append landed twice: ${landed.join(',')}`);
  const committed = [...background, ...victims, afterwards].flatMap((w) => [...w.committed]);
  for (const key of committed) assert.ok(landed.includes(key), `committed append ${key} is in the table`);
  const inFlight = new Set(victims.flatMap((v) => [...v.inFlight]));
  for (const key of landed) {
    assert.ok(committed.includes(key) || inFlight.has(key), `row ${key} comes from an attempted append`);
  }
  assert.deepEqual(snapshotAppends(table).sort(), [...landed].sort(), 'one snapshot per landed append');
}
