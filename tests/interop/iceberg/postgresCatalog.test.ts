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
import { appendAtOnce, appendWhileWritersAreKilled } from '../../helpers/concurrentAppends.js';
import { createAppendTable } from '../../integration/iceberg-io/appendHarness.js';
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
    const target = { catalog, catalogUri: server.connectionString, warehouse };
    const startFile = path.join(root, 'go-eight');
    await appendAtOnce(target, { table: 'concurrency.eight_writers', writers: 8, appends: 3, startFile });
  });

  it('writers killed mid-commit leave the table readable and lose no committed append', async () => {
    const target = { catalog, catalogUri: server.connectionString, warehouse };
    await appendWhileWritersAreKilled(target, 'concurrency.killed_writers');
  });
});
