// openCatalog(config) picks the driver, warehouse and FileIO from the typed configuration;
// loadMetadataLocation reads only the catalog pointer; partitioned writes land in Java's directories.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../../layers/config/index.js';
import {
  day,
  identity,
  NoSuchTableError,
  newSchema,
  openCatalog,
  PostgresError,
  type SqlCatalog,
  ValidationError,
} from '../../../layers/iceberg/index.js';

describe('openCatalog from configuration', () => {
  let home = '';
  let catalog: SqlCatalog;
  before(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'open-catalog-'));
    catalog = await openCatalog(loadConfig({ LAKEHOUSE_HOME: home, CATALOG_NAME: 'cfg' }));
  });
  after(async () => {
    await catalog.close();
    await rm(home, { recursive: true, force: true });
  });

  it('opens SQLite at paths.catalogDb with tables under paths.warehouse when CATALOG_URI is unset', async () => {
    assert.equal(catalog.name, 'cfg');
    await catalog.createNamespace('bronze');
    const table = await catalog.createTable('bronze.t', { schema: newSchema([{ name: 'id', type: 'long' }]) });
    assert.equal(table.metadata.location, path.join(home, 'warehouse', 'bronze.db', 't'));
    assert.ok((await readdir(home)).includes('catalog.db'));
  });

  it('reads the current metadata location without loading metadata, and refresh skips unchanged tables', async () => {
    await catalog.createNamespace('silver');
    const table = await catalog.createTable('silver.events', {
      schema: newSchema([
        { name: 'id', type: 'long' },
        { name: 'ts', type: 'timestamptz' },
        { name: 'kind', type: 'string' },
      ]),
      partitionSpec: [
        { source: 'ts', transform: day },
        { source: 'kind', transform: identity },
      ],
    });
    const created = table.metadataLocation;
    assert.equal(await catalog.loadMetadataLocation('silver.events'), created);

    const other = await catalog.loadTable('silver.events');
    await other
      .newAppend()
      .appendQuery(
        `SELECT 1::BIGINT AS id, TIMESTAMPTZ '2024-01-01 10:00:00+00' AS ts, 'a b/c' AS kind
         UNION ALL SELECT 2, TIMESTAMPTZ '2024-01-02 23:00:00+00', NULL`,
      )
      .commit();
    assert.equal(await catalog.loadMetadataLocation('silver.events'), other.metadataLocation);
    assert.notEqual(other.metadataLocation, created);

    const loadTable = catalog.loadTable.bind(catalog);
    let loads = 0;
    catalog.loadTable = (identifier) => {
      loads++;
      return loadTable(identifier);
    };
    try {
      await table.refresh();
      assert.equal(table.metadataLocation, other.metadataLocation);
      assert.equal(loads, 1, 'the pointer moved: metadata reloaded');
      await table.refresh();
      assert.equal(loads, 1, 'unchanged pointer: no reload');
    } finally {
      catalog.loadTable = loadTable;
    }

    const tasks = await table.scan().planFiles();
    const dirs = tasks.map((t) =>
      path.relative(path.join(table.metadata.location, 'data'), path.dirname(t.dataFile.filePath)),
    );
    assert.deepEqual(dirs.sort(), ['ts_day=2024-01-01/kind=a+b%2Fc', 'ts_day=2024-01-02/kind=null']);
    const staging = (await readdir(path.join(table.metadata.location, 'data'))).filter((d) => d.startsWith('.staging'));
    assert.deepEqual(staging, []);

    await assert.rejects(catalog.loadMetadataLocation('silver.missing'), NoSuchTableError);
  });

  it('chooses the PostgreSQL driver for a postgresql:// URI', async () => {
    // Port 1 on loopback refuses the connection: the error comes from the PostgreSQL driver.
    const config = loadConfig({ LAKEHOUSE_HOME: home, CATALOG_URI: 'postgresql://u:secret@127.0.0.1:1/catalog' });
    await assert.rejects(openCatalog(config), (error: unknown) => error instanceof PostgresError && error.retriable);
  });

  it('refuses other URIs without echoing credentials', async () => {
    const config = loadConfig({ LAKEHOUSE_HOME: home, CATALOG_URI: 'mysql://u:secret@127.0.0.1/catalog' });
    await assert.rejects(
      openCatalog(config),
      (error: unknown) =>
        error instanceof ValidationError && error.message.includes('mysql:') && !error.message.includes('secret'),
    );
  });
});
