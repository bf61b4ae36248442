/**
 * The SQL catalog on a real PostgreSQL: the catalog operations, a table with every kind of change read
 * back by PyIceberg's SqlCatalog on the same database, and 8 OS processes appending at once (plus
 * writers killed mid-commit) with every append landing exactly once.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { NoSuchTableError, type SqlCatalog, TableAlreadyExistsError } from '../../../layers/iceberg/index.js';
import {
  createAppendTable,
  landedAppends,
  snapshotAppends,
  startWriter,
  type WriterRun,
} from '../../integration/iceberg-io/appendHarness.js';
import { CATALOG_NAME, openCatalog } from '../../integration/iceberg-io/catalogFor.js';
import { type PostgresServer, startPostgres } from './services/postgresServer.js';
import { runPythonJson } from './services/python.js';
import { buildTradesTable, canonical, describeDifferences, type ExactRow } from './tradesTable.js';

let server: PostgresServer;
let root: string;
let warehouse: string;
let catalog: SqlCatalog;

before(async () => {
  server = await startPostgres();
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'postgres-catalog-'));
  warehouse = path.join(root, 'warehouse');
  catalog = await openCatalog(server.connectionString, warehouse);
});
after(async () => {
  await catalog?.close();
  await server?.stop();
  await fs.rm(root, { recursive: true, force: true });
});

async function finished(run: WriterRun): Promise<void> {
  const { code, signal, stderr } = await run.exited;
  assert.equal(code, 0, `writer exited with ${code ?? signal}: ${stderr.slice(-2000)}`);
}

describe('SqlCatalog on PostgreSQL', () => {
  it('creates, lists, renames, registers and drops tables and namespaces', async () => {
    await catalog.createNamespace('ops', { owner: 'interop' });
    assert.equal((await catalog.loadNamespaceProperties('ops')).owner, 'interop');
    assert.deepEqual(await catalog.listNamespaces(), [['ops']]);
    const table = await createAppendTable(catalog, 'ops.first');
    await assert.rejects(createAppendTable(catalog, 'ops.first'), TableAlreadyExistsError);
    await catalog.renameTable('ops.first', 'ops.renamed');
    assert.deepEqual(
      (await catalog.listTables('ops')).map((t) => t.name),
      ['renamed'],
    );
    await catalog.registerTable('ops.registered', table.metadataLocation);
    assert.equal((await catalog.loadTable('ops.registered')).metadata.tableUuid, table.metadata.tableUuid);
    await catalog.dropTable('ops.registered');
    await assert.rejects(catalog.loadTable('ops.registered'), NoSuchTableError);
    assert.equal(await catalog.tableExists('ops.renamed'), true);
  });

  it('PyIceberg reads every snapshot of a table through its SqlCatalog on the same PostgreSQL', async () => {
    const built = await buildTradesTable(catalog, { namespace: ['interop'], name: 'trades' });
    const result = await runPythonJson<{
      catalog_metadata_location: string;
      via_catalog: { snapshots: { snapshot_id: string; rows: ExactRow[] }[]; current_rows: ExactRow[] };
    }>('read_with_pyiceberg.py', [
      server.connectionString.replace(/^postgresql:/, 'postgresql+psycopg2:'),
      CATALOG_NAME,
      'interop.trades',
      built.table.metadataLocation,
      warehouse,
      '[]',
    ]);
    assert.equal(result.catalog_metadata_location, built.table.metadataLocation);
    for (const commit of built.commits) {
      const snapshot = result.via_catalog.snapshots.find((s) => s.snapshot_id === String(commit.snapshotId));
      assert.ok(snapshot, `snapshot ${commit.snapshotId} (${commit.label})`);
      assert.deepEqual(
        canonical(snapshot.rows),
        canonical(commit.rows),
        `PyIceberg on PostgreSQL: ${commit.label}: ${describeDifferences(snapshot.rows, commit.rows)}`,
      );
    }
    assert.deepEqual(canonical(result.via_catalog.current_rows), canonical(built.finalRows));
  });

  it('8 processes x 3 appends: every append lands exactly once', async () => {
    const table = await createAppendTable(catalog, 'concurrency.eight_writers');
    const startFile = path.join(root, 'go-eight');
    const writers = Array.from({ length: 8 }, (_, writer) =>
      startWriter({ catalogUri: server.connectionString, warehouse, table: table.name, writer, appends: 3, startFile }),
    );
    await fs.writeFile(startFile, '');
    await Promise.all(writers.map(finished));
    const expected = writers.flatMap((w) => [...w.committed]).sort();
    assert.equal(expected.length, 24);
    await table.refresh();
    assert.deepEqual((await landedAppends(table)).sort(), expected);
    assert.deepEqual(snapshotAppends(table).sort(), expected);
  });

  it('writers killed mid-commit leave the table readable and lose no committed append', async () => {
    const catalogUri = server.connectionString;
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
    for (const key of landed) assert.ok(committed.includes(key) || inFlight.has(key), `row ${key} was attempted`);
    assert.deepEqual(snapshotAppends(table).sort(), [...landed].sort());
  });
});
