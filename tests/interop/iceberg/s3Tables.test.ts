/**
 * A table the core library writes to an S3 warehouse (SeaweedFS) through S3FileIO: the library reads
 * it back through the read-through cache, and PyIceberg (pyarrow's own S3 client) reads every
 * snapshot from the same bucket through its SqlCatalog on the same SQLite catalog file; and 8 OS
 * processes appending to one S3 table at once land every append exactly once.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type FileIOOptions, fileIOFor, SqlCatalog, SqliteDriver } from '../../../layers/iceberg/index.js';
import {
  createAppendTable,
  landedAppends,
  snapshotAppends,
  startWriter,
} from '../../integration/iceberg-io/appendHarness.js';
import { coreRows } from './coreRows.js';
import { runPythonJson } from './services/python.js';
import { type SeaweedFS, startSeaweedFS } from './services/seaweedfs.js';
import { type BuiltTable, buildTradesTable, canonical, describeDifferences, type ExactRow } from './tradesTable.js';

let s3: SeaweedFS;
let root: string;
let catalog: SqlCatalog;
let built: BuiltTable;

before(async () => {
  s3 = await startSeaweedFS('lake');
  root = await fs.mkdtemp(path.join(os.tmpdir(), 's3-tables-'));
  const ioOptions: FileIOOptions = {
    s3: { endpoint: s3.endpoint, credentials: s3.credentials },
    cache: { dir: path.join(root, 'cache'), maxBytes: 256 * 1024 * 1024 },
  };
  catalog = await SqlCatalog.open({
    name: 'lakehouse',
    driver: new SqliteDriver({ path: path.join(root, 'catalog.db') }),
    warehouse: 's3://lake/warehouse',
    io: (location) => fileIOFor(location, ioOptions),
  });
  built = await buildTradesTable(catalog, { namespace: ['interop'], name: 'trades' });
});
after(async () => {
  await catalog?.close();
  await s3?.stop();
  await fs.rm(root, { recursive: true, force: true });
});

describe('tables on S3 (SeaweedFS)', () => {
  it('are written under the s3:// warehouse and read back by the core library through the cache', async () => {
    assert.match(built.table.metadataLocation, /^s3:\/\/lake\/warehouse\/interop\.db\/trades\/metadata\//);
    for (const commit of built.commits) {
      assert.deepEqual(
        canonical(await coreRows(built.table, commit.snapshotId)),
        canonical(commit.rows),
        `core on S3: ${commit.label}`,
      );
    }
  });

  it('are read, every snapshot, by PyIceberg from the same bucket', async () => {
    const result = await runPythonJson<{
      via_catalog: { snapshots: { snapshot_id: string; rows: ExactRow[] }[]; current_rows: ExactRow[] };
      via_static_table: { snapshots: { snapshot_id: string; rows: ExactRow[] }[] };
    }>('read_with_pyiceberg.py', [
      `sqlite:///${path.join(root, 'catalog.db')}`,
      'lakehouse',
      'interop.trades',
      built.table.metadataLocation,
      's3://lake/warehouse',
      '[]',
      JSON.stringify({
        's3.endpoint': s3.endpoint,
        's3.access-key-id': s3.credentials.accessKeyId,
        's3.secret-access-key': s3.credentials.secretAccessKey,
        's3.region': 'us-east-1',
      }),
    ]);
    for (const via of [result.via_catalog, result.via_static_table]) {
      for (const commit of built.commits) {
        const snapshot = via.snapshots.find((s) => s.snapshot_id === String(commit.snapshotId));
        assert.ok(snapshot, `snapshot ${commit.snapshotId} (${commit.label})`);
        assert.deepEqual(
          canonical(snapshot.rows),
          canonical(commit.rows),
          `PyIceberg on S3: ${commit.label}: ${describeDifferences(snapshot.rows, commit.rows)}`,
        );
      }
    }
    assert.deepEqual(canonical(result.via_catalog.current_rows), canonical(built.finalRows));
  });
});

describe('concurrent appends to a table on S3 (SeaweedFS)', () => {
  it('8 processes x 2 appends: every append lands exactly once', async () => {
    const table = await createAppendTable(catalog, 'concurrency.s3_writers');
    const startFile = path.join(root, 'go-s3');
    // The writers use the default S3FileIO, configured like any AWS SDK client: from the environment.
    const env = {
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
      AWS_REGION: 'us-east-1',
    };
    const catalogUri = path.join(root, 'catalog.db');
    const writers = Array.from({ length: 8 }, (_, writer) =>
      startWriter({
        catalogUri,
        warehouse: 's3://lake/warehouse',
        table: table.name,
        writer,
        appends: 2,
        startFile,
        env,
      }),
    );
    await fs.writeFile(startFile, '');
    for (const run of writers) {
      const { code, signal, stderr } = await run.exited;
      assert.equal(code, 0, `writer exited with ${code ?? signal}: ${stderr.slice(-2000)}`);
    }
    const expected = writers.flatMap((w) => [...w.committed]).sort();
    assert.equal(expected.length, 16);
    await table.refresh();
    assert.deepEqual((await landedAppends(table)).sort(), expected);
    assert.deepEqual(snapshotAppends(table).sort(), expected);
  });
});
