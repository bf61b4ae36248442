/**
 * Eight OS processes append to one table at once through the SQL catalog on SQLite: every append
 * lands exactly once. Writers killed with SIGKILL in the middle of commits leave the table readable,
 * lose no append that was reported committed, and block nobody after them.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SqlCatalog } from '../../../layers/iceberg/index.js';
import { createAppendTable, landedAppends, snapshotAppends, startWriter, type WriterRun } from './appendHarness.js';
import { openCatalog } from './catalogFor.js';

let root: string;
let catalogUri: string;
let warehouse: string;
let catalog: SqlCatalog;

before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'concurrent-appends-'));
  catalogUri = path.join(root, 'catalog.db');
  warehouse = path.join(root, 'warehouse');
  catalog = await openCatalog(catalogUri, warehouse);
});
after(async () => {
  await catalog?.close();
  await fs.rm(root, { recursive: true, force: true });
});

async function finished(run: WriterRun): Promise<void> {
  const { code, signal, stderr } = await run.exited;
  assert.equal(code, 0, `writer exited with ${code ?? signal}: ${stderr.slice(-2000)}`);
}

describe('concurrent appends from OS processes (SQLite catalog)', () => {
  it('8 processes x 2 appends: every append lands exactly once', async () => {
    const table = await createAppendTable(catalog, 'concurrency.eight_writers');
    const startFile = path.join(root, 'go-eight');
    const writers = Array.from({ length: 8 }, (_, writer) =>
      startWriter({ catalogUri, warehouse, table: table.name, writer, appends: 2, startFile }),
    );
    await fs.writeFile(startFile, '');
    await Promise.all(writers.map(finished));

    const expected = writers.flatMap((w) => [...w.committed]).sort();
    assert.equal(expected.length, 16);
    await table.refresh();
    const landed = await landedAppends(table);
    assert.deepEqual(landed.sort(), expected, 'rows: each append exactly once');
    assert.deepEqual(snapshotAppends(table).sort(), expected, 'snapshots: one per append');
    assert.equal(table.currentSnapshot()?.summary['total-records'], '16');
  });

  it('writers killed mid-commit leave the table readable and lose no committed append', async () => {
    const table = await createAppendTable(catalog, 'concurrency.killed_writers');
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
      const { signal } = await victim.exited;
      assert.equal(signal, 'SIGKILL');
    }
    await Promise.all(background.map(finished));
    const after = startWriter({ catalogUri, warehouse, table: table.name, writer: 300, appends: 2 });
    await finished(after);

    await table.refresh();
    const landed = await landedAppends(table);
    assert.equal(new Set(landed).size, landed.length, `no append landed twice: ${landed.join(',')}`);
    const committed = [...background, ...victims, after].flatMap((w) => [...w.committed]);
    for (const key of committed) assert.ok(landed.includes(key), `committed append ${key} is in the table`);
    const inFlight = new Set(victims.flatMap((v) => [...v.inFlight]));
    for (const key of landed) {
      assert.ok(committed.includes(key) || inFlight.has(key), `row ${key} comes from an attempted append`);
    }
    assert.deepEqual(snapshotAppends(table).sort(), [...landed].sort(), 'one snapshot per landed append');
  });
});
