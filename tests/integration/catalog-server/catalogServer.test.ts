/** The REST catalog server over raw HTTP: every endpoint, its errors as ErrorModel JSON, auth and prefix. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../../layers/config/index.js';
import { SqlCatalog, SqliteDriver } from '../../../layers/iceberg/index.js';
import { type CatalogServer, startCatalogServer } from '../../../local/catalog-server/catalogServer.js';
import { startConfiguredCatalogServer } from '../../../local/catalog-server/fromConfig.js';
import { loadOpenApiValidator } from '../../interop/iceberg/tableMetadataValidator.js';
import { type Reply, restClient } from './restClient.js';

const SCHEMA = {
  type: 'struct',
  'schema-id': 0,
  fields: [
    { id: 1, name: 'id', type: 'long', required: true },
    { id: 2, name: 'ts', type: 'timestamptz', required: false },
    { id: 3, name: 'product', type: 'string', required: false },
  ],
};
const SPEC = { 'spec-id': 0, fields: [{ 'source-id': 3, 'field-id': 1000, name: 'product', transform: 'identity' }] };

let root: string;
let catalog: SqlCatalog;
let server: CatalogServer;
let call: ReturnType<typeof restClient>;

const validators = new Map<string, ReturnType<typeof loadOpenApiValidator>>();

/** Asserts the reply has `status` and its body is the OpenAPI document's `schemaName`; returns the body. */
function conforming(reply: Reply, status: number, schemaName: string) {
  assert.equal(reply.status, status, JSON.stringify(reply.plain));
  const validate = validators.get(schemaName) ?? loadOpenApiValidator(schemaName);
  validators.set(schemaName, validate);
  assert.deepEqual(validate(reply.plain), [], `${schemaName}: ${JSON.stringify(reply.plain)}`);
  return reply.body;
}

function assertError(reply: Reply, code: number, type: string, messagePart?: string) {
  conforming(reply, code, 'IcebergErrorResponse');
  assert.equal(reply.body.error.code, code);
  assert.equal(reply.body.error.type, type);
  assert.equal(typeof reply.body.error.message, 'string');
  if (messagePart !== undefined) assert.match(reply.body.error.message, new RegExp(messagePart));
}

async function createTable(namespace: string, name: string, extra: Record<string, unknown> = {}) {
  return call('POST', `/v1/namespaces/${namespace}/tables`, { name, schema: SCHEMA, ...extra });
}

before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'catalog-server-'));
  catalog = await SqlCatalog.open({
    name: 'lakehouse',
    driver: new SqliteDriver({ path: path.join(root, 'catalog.db') }),
    warehouse: path.join(root, 'warehouse'),
  });
  server = await startCatalogServer({ catalog, host: '127.0.0.1', port: 0, tableConfig: { 's3.region': 'eu-x' } });
  call = restClient(server.url);
});

after(async () => {
  await server?.close();
  await catalog?.close();
  await fs.rm(root, { recursive: true, force: true });
});

describe('GET /v1/config', () => {
  it('answers defaults, overrides and the endpoints served', async () => {
    const reply = await call('GET', '/v1/config');
    conforming(reply, 200, 'CatalogConfig');
    assert.deepEqual(reply.body.defaults, {});
    assert.deepEqual(reply.body.overrides, {});
    for (const endpoint of [
      'GET /v1/{prefix}/namespaces',
      'HEAD /v1/{prefix}/namespaces/{namespace}',
      'POST /v1/{prefix}/namespaces/{namespace}/tables/{table}',
      'POST /v1/{prefix}/tables/rename',
      'POST /v1/{prefix}/namespaces/{namespace}/register',
    ])
      assert.ok(reply.body.endpoints.includes(endpoint), endpoint);
  });
});

describe('namespaces', () => {
  it('creates, lists (top level and under a parent), loads and checks existence', async () => {
    const created = await call('POST', '/v1/namespaces', { namespace: ['sales'], properties: { owner: 'ana' } });
    conforming(created, 200, 'CreateNamespaceResponse');
    // `exists` is the SQL catalog's marker row (the JdbcCatalog / PyIceberg SqlCatalog layout).
    assert.deepEqual(created.body, { namespace: ['sales'], properties: { exists: 'true', owner: 'ana' } });
    assert.equal((await call('POST', '/v1/namespaces', { namespace: ['sales', 'eu'] })).status, 200);

    assert.deepEqual(conforming(await call('GET', '/v1/namespaces'), 200, 'ListNamespacesResponse').namespaces, [
      ['sales'],
    ]);
    assert.deepEqual((await call('GET', '/v1/namespaces?parent=sales')).body.namespaces, [['sales', 'eu']]);
    assert.deepEqual(conforming(await call('GET', '/v1/namespaces/sales'), 200, 'GetNamespaceResponse'), {
      namespace: ['sales'],
      properties: { exists: 'true', owner: 'ana', location: path.join(root, 'warehouse', 'sales.db') },
    });
    assert.equal((await call('GET', '/v1/namespaces/sales%1Feu')).status, 200);
    assert.equal((await call('HEAD', '/v1/namespaces/sales%1Feu')).status, 204);
    assert.equal((await call('HEAD', '/v1/namespaces/nope')).status, 404);
  });

  it('refuses a duplicate, a missing one, and a malformed one', async () => {
    assertError(await call('POST', '/v1/namespaces', { namespace: ['sales'] }), 409, 'AlreadyExistsException', 'sales');
    assertError(await call('GET', '/v1/namespaces/nope'), 404, 'NoSuchNamespaceException', 'nope');
    assertError(await call('GET', '/v1/namespaces?parent=nope'), 404, 'NoSuchNamespaceException', 'nope');
    assertError(await call('DELETE', '/v1/namespaces/nope'), 404, 'NoSuchNamespaceException');
    assertError(await call('POST', '/v1/namespaces', { namespace: 'sales' }), 400, 'BadRequestException', 'namespace');
    assertError(await call('POST', '/v1/namespaces', { namespace: ['a.b'] }), 400, 'BadRequestException', 'a\\.b');
    assertError(await call('POST', '/v1/namespaces', '{not json'), 400, 'BadRequestException', 'JSON');
  });

  it('updates properties, reporting removed and missing keys', async () => {
    const reply = await call('POST', '/v1/namespaces/sales/properties', {
      removals: ['owner', 'absent'],
      updates: { team: 'data' },
    });
    conforming(reply, 200, 'UpdateNamespacePropertiesResponse');
    assert.deepEqual(reply.body, { updated: ['team'], removed: ['owner'], missing: ['absent'] });
    assert.deepEqual((await call('GET', '/v1/namespaces/sales')).body.properties, {
      exists: 'true',
      team: 'data',
      location: path.join(root, 'warehouse', 'sales.db'),
    });
    await call('POST', '/v1/namespaces/sales/properties', { updates: { location: '/elsewhere' } });
    assert.equal((await call('GET', '/v1/namespaces/sales')).body.properties.location, '/elsewhere');
    assertError(
      await call('POST', '/v1/namespaces/sales/properties', { removals: ['team'], updates: { team: 'x' } }),
      400,
      'BadRequestException',
      'team',
    );
  });

  it('drops an empty namespace and refuses one that still has tables', async () => {
    assert.equal((await call('POST', '/v1/namespaces', { namespace: ['scratch'] })).status, 200);
    assert.equal((await createTable('scratch', 't')).status, 200);
    assertError(await call('DELETE', '/v1/namespaces/scratch'), 409, 'NamespaceNotEmptyException');
    assert.equal((await call('DELETE', '/v1/namespaces/scratch/tables/t')).status, 204);
    assert.equal((await call('DELETE', '/v1/namespaces/scratch')).status, 204);
    assert.equal((await call('HEAD', '/v1/namespaces/scratch')).status, 404);
  });
});

describe('tables', () => {
  before(async () => {
    assert.equal((await call('POST', '/v1/namespaces', { namespace: ['shop'] })).status, 200);
  });

  it('creates a partitioned table and answers a LoadTableResult the catalog agrees with', async () => {
    const reply = await createTable('shop', 'orders', { 'partition-spec': SPEC, properties: { k: 'v' } });
    conforming(reply, 200, 'LoadTableResult');
    const location = reply.body['metadata-location'];
    assert.ok(existsSync(location), location);
    assert.deepEqual(reply.body.config, { 's3.region': 'eu-x' });
    const metadata = reply.body.metadata;
    assert.equal(metadata['format-version'], 2);
    assert.deepEqual(
      metadata.schemas[0].fields.map((f: { name: string }) => f.name),
      ['id', 'ts', 'product'],
    );
    assert.equal(metadata['partition-specs'][0].fields[0].transform, 'identity');
    assert.equal(metadata.properties.k, 'v');
    assert.equal(await catalog.loadMetadataLocation('shop.orders'), location);

    const loaded = await call('GET', '/v1/namespaces/shop/tables/orders');
    conforming(loaded, 200, 'LoadTableResult');
    assert.equal(loaded.body['metadata-location'], location);
    assert.equal(loaded.body.metadata['table-uuid'], metadata['table-uuid']);
  });

  it('lists tables and checks existence', async () => {
    assert.deepEqual(
      conforming(await call('GET', '/v1/namespaces/shop/tables'), 200, 'ListTablesResponse').identifiers,
      [{ namespace: ['shop'], name: 'orders' }],
    );
    assert.equal((await call('HEAD', '/v1/namespaces/shop/tables/orders')).status, 204);
    assert.equal((await call('HEAD', '/v1/namespaces/shop/tables/nope')).status, 404);
  });

  it('refuses a duplicate, a missing namespace or table, and malformed requests', async () => {
    assertError(await createTable('shop', 'orders'), 409, 'AlreadyExistsException', 'shop.orders');
    assertError(await createTable('nope', 'orders'), 404, 'NoSuchNamespaceException', 'nope');
    assertError(await call('GET', '/v1/namespaces/nope/tables'), 404, 'NoSuchNamespaceException');
    assertError(await call('GET', '/v1/namespaces/shop/tables/nope'), 404, 'NoSuchTableException', 'shop.nope');
    assertError(await call('DELETE', '/v1/namespaces/shop/tables/nope'), 404, 'NoSuchTableException');
    assertError(
      await call('POST', '/v1/namespaces/shop/tables', { name: 'x', schema: { type: 'struct', fields: 'no' } }),
      400,
      'BadRequestException',
      'schema',
    );
    assertError(
      await call('POST', '/v1/namespaces/shop/tables', { schema: SCHEMA }),
      400,
      'BadRequestException',
      'name',
    );
  });

  it('commits requirements and updates through the catalog, and answers 409 when a requirement fails', async () => {
    const before = await catalog.loadTable('shop.orders');
    const evolve = {
      identifier: { namespace: ['shop'], name: 'orders' },
      requirements: [
        { type: 'assert-table-uuid', uuid: before.metadata.tableUuid },
        { type: 'assert-current-schema-id', 'current-schema-id': 0 },
      ],
      updates: [
        {
          action: 'add-schema',
          schema: { ...SCHEMA, fields: [...SCHEMA.fields, { id: 4, name: 'qty', type: 'int', required: false }] },
          'last-column-id': 4,
        },
        { action: 'set-current-schema', 'schema-id': -1 },
        { action: 'set-properties', updates: { evolved: 'yes' } },
      ],
    };
    const reply = await call('POST', '/v1/namespaces/shop/tables/orders', evolve);
    conforming(reply, 200, 'CommitTableResponse');
    assert.equal(reply.body.metadata['current-schema-id'], 1);
    const after = await catalog.loadTable('shop.orders');
    assert.equal(after.metadataLocation, reply.body['metadata-location']);
    assert.equal(after.metadata.properties.evolved, 'yes');
    assert.equal(after.metadata.lastColumnId, 4);

    // The same commit again was written against schema 0, which is no longer current.
    assertError(
      await call('POST', '/v1/namespaces/shop/tables/orders', evolve),
      409,
      'CommitFailedException',
      'assert-current-schema-id',
    );
    assert.equal(await catalog.loadMetadataLocation('shop.orders'), after.metadataLocation);
  });

  it('lets exactly one of 8 concurrent commits from the same base win; the others get 409', async () => {
    const base = await catalog.loadTable('shop.orders');
    const commit = (i: number) =>
      call('POST', '/v1/namespaces/shop/tables/orders', {
        requirements: [{ type: 'assert-current-schema-id', 'current-schema-id': base.metadata.currentSchemaId }],
        updates: [
          {
            action: 'add-schema',
            schema: {
              ...SCHEMA,
              fields: [...SCHEMA.fields, { id: 10 + i, name: `c${i}`, type: 'int', required: false }],
            },
          },
          { action: 'set-current-schema', 'schema-id': -1 },
        ],
      });
    const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => commit(i)));
    const won = replies.filter((reply) => reply.status === 200);
    assert.equal(won.length, 1, JSON.stringify(replies.map((r) => r.status)));
    for (const reply of replies.filter((r) => r.status !== 200)) assertError(reply, 409, 'CommitFailedException');
    assert.equal(await catalog.loadMetadataLocation('shop.orders'), won[0]?.body['metadata-location']);
  });

  it('keeps 64-bit snapshot ids exact in a ref requirement', async () => {
    const reply = await call(
      'POST',
      '/v1/namespaces/shop/tables/orders',
      `{"requirements":[{"type":"assert-ref-snapshot-id","ref":"main","snapshot-id":9007199254740993}],"updates":[]}`,
    );
    assertError(reply, 409, 'CommitFailedException', 'main at none');
  });

  it('answers 400 for an unknown update or requirement and a mismatched identifier, 404 for a missing table', async () => {
    const path = '/v1/namespaces/shop/tables/orders';
    assertError(
      await call('POST', path, { requirements: [], updates: [{ action: 'set-statistics-bogus' }] }),
      400,
      'BadRequestException',
      'updates\\[0\\]',
    );
    assertError(
      await call('POST', path, { requirements: [{ type: 'assert-nothing' }], updates: [] }),
      400,
      'BadRequestException',
      'requirements\\[0\\]',
    );
    assertError(
      await call('POST', path, { identifier: { namespace: ['shop'], name: 'other' }, requirements: [], updates: [] }),
      400,
      'BadRequestException',
      'shop.other',
    );
    assertError(
      await call('POST', '/v1/namespaces/shop/tables/nope', { requirements: [], updates: [] }),
      404,
      'NoSuchTableException',
    );
  });

  it('creates a table through a commit with assert-create, once', async () => {
    const created = {
      requirements: [{ type: 'assert-create' }],
      updates: [
        { action: 'assign-uuid', uuid: '11111111-2222-3333-4444-555555555555' },
        { action: 'upgrade-format-version', 'format-version': 2 },
        { action: 'add-schema', schema: SCHEMA },
        { action: 'set-current-schema', 'schema-id': -1 },
        { action: 'add-spec', spec: SPEC },
        { action: 'set-default-spec', 'spec-id': -1 },
        { action: 'add-sort-order', 'sort-order': { 'order-id': 0, fields: [] } },
        { action: 'set-default-sort-order', 'sort-order-id': -1 },
        { action: 'set-location', location: path.join(root, 'warehouse', 'shop.db', 'made') },
      ],
    };
    const reply = await call('POST', '/v1/namespaces/shop/tables/made', created);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal((await catalog.loadTable('shop.made')).metadata.tableUuid, '11111111-2222-3333-4444-555555555555');
    assertError(await call('POST', '/v1/namespaces/shop/tables/made', created), 409, 'CommitFailedException');
    assertError(await call('POST', '/v1/namespaces/nope/tables/made', created), 404, 'NoSuchNamespaceException');
  });

  it('stages a create without writing it, then creates the table from a commit with assert-create', async () => {
    const staged = await createTable('shop', 'staged', { 'stage-create': true, properties: { p: '1' } });
    const metadata = conforming(staged, 200, 'LoadTableResult').metadata;
    assert.equal(staged.body['metadata-location'], undefined);
    assert.equal(metadata.location, path.join(root, 'warehouse', 'shop.db', 'staged'));
    assert.equal((await call('HEAD', '/v1/namespaces/shop/tables/staged')).status, 404, 'staging writes nothing');
    assertError(await createTable('shop', 'orders', { 'stage-create': true }), 409, 'AlreadyExistsException');

    const reply = await call('POST', '/v1/namespaces/shop/tables/staged', {
      requirements: [{ type: 'assert-create' }],
      updates: [
        { action: 'assign-uuid', uuid: metadata['table-uuid'] },
        { action: 'upgrade-format-version', 'format-version': metadata['format-version'] },
        { action: 'add-schema', schema: metadata.schemas[0] },
        { action: 'set-current-schema', 'schema-id': -1 },
        { action: 'add-spec', spec: metadata['partition-specs'][0] },
        { action: 'set-default-spec', 'spec-id': -1 },
        { action: 'add-sort-order', 'sort-order': metadata['sort-orders'][0] },
        { action: 'set-default-sort-order', 'sort-order-id': -1 },
        { action: 'set-location', location: metadata.location },
        { action: 'set-properties', updates: metadata.properties },
      ],
    });
    conforming(reply, 200, 'CommitTableResponse');
    const table = await catalog.loadTable('shop.staged');
    assert.equal(table.metadata.tableUuid, metadata['table-uuid']);
    assert.equal(table.metadata.properties.p, '1');
    assert.equal((await call('DELETE', '/v1/namespaces/shop/tables/staged')).status, 204);
  });

  it('renames, refusing a taken target and a missing source', async () => {
    const rename = (from: string, to: string) =>
      call('POST', '/v1/tables/rename', {
        source: { namespace: ['shop'], name: from },
        destination: { namespace: ['shop'], name: to },
      });
    assert.equal((await rename('made', 'renamed')).status, 204);
    assert.equal((await call('HEAD', '/v1/namespaces/shop/tables/made')).status, 404);
    assert.equal((await call('HEAD', '/v1/namespaces/shop/tables/renamed')).status, 204);
    assertError(await rename('renamed', 'orders'), 409, 'AlreadyExistsException');
    assertError(await rename('made', 'again'), 404, 'NoSuchTableException');
    assertError(await call('POST', '/v1/tables/rename', { source: {} }), 400, 'BadRequestException', 'source');
  });

  it('registers an existing metadata file under a new name, once', async () => {
    const location = await catalog.loadMetadataLocation('shop.orders');
    const reply = await call('POST', '/v1/namespaces/shop/register', { name: 'copy', 'metadata-location': location });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body['metadata-location'], location);
    assert.equal(await catalog.loadMetadataLocation('shop.copy'), location);
    assertError(
      await call('POST', '/v1/namespaces/shop/register', { name: 'copy', 'metadata-location': location }),
      409,
      'AlreadyExistsException',
    );
    assertError(
      await call('POST', '/v1/namespaces/nope/register', { name: 'copy', 'metadata-location': location }),
      404,
      'NoSuchNamespaceException',
    );
  });

  it('drops a table, purging its files when asked', async () => {
    assert.equal((await call('DELETE', '/v1/namespaces/shop/tables/copy')).status, 204);
    assert.ok(existsSync(await catalog.loadMetadataLocation('shop.orders')), 'a plain drop keeps shared files');
    const location = await catalog.loadMetadataLocation('shop.renamed');
    assert.equal((await call('DELETE', '/v1/namespaces/shop/tables/renamed?purgeRequested=true')).status, 204);
    assert.equal(existsSync(location), false);
    assert.equal((await call('HEAD', '/v1/namespaces/shop/tables/renamed')).status, 404);
  });
});

describe('routing', () => {
  it('answers 404 for an unknown endpoint and 405 for a wrong method', async () => {
    assertError(await call('GET', '/v2/config'), 404, 'NoSuchEndpointException');
    assertError(await call('GET', '/v1/namespaces/shop/tables/orders/extra'), 404, 'NoSuchEndpointException');
    assertError(await call('PUT', '/v1/namespaces/shop'), 405, 'MethodNotAllowedException', 'GET, HEAD, DELETE');
    assertError(await call('POST', '/v1/config'), 405, 'MethodNotAllowedException');
  });
});

describe('bearer auth and prefix', () => {
  let guarded: CatalogServer;
  before(async () => {
    guarded = await startCatalogServer({ catalog, host: '127.0.0.1', port: 0, token: 's3cret', prefix: 'lh' });
  });
  after(() => guarded?.close());

  it('refuses a request without the token or with a wrong one', async () => {
    const anonymous = restClient(guarded.url);
    assertError(await anonymous('GET', '/v1/config'), 401, 'NotAuthorizedException');
    assertError(
      await anonymous('GET', '/v1/lh/namespaces', undefined, { authorization: 'Bearer wrong' }),
      401,
      'NotAuthorizedException',
    );
    assertError(
      await anonymous('GET', '/v1/lh/namespaces', undefined, { authorization: 'Basic s3cret' }),
      401,
      'NotAuthorizedException',
    );
  });

  it('serves a request with the token, advertising and honouring the prefix', async () => {
    const authorized = restClient(guarded.url, { authorization: 'Bearer s3cret' });
    const config = await authorized('GET', '/v1/config');
    assert.equal(config.status, 200);
    assert.deepEqual(config.body.overrides, { prefix: 'lh' });
    const listed = await authorized('GET', '/v1/lh/namespaces/shop/tables');
    assert.equal(listed.status, 200);
    assert.ok(listed.body.identifiers.some((id: { name: string }) => id.name === 'orders'));
  });
});

describe('startConfiguredCatalogServer', () => {
  it('binds 127.0.0.1 by default and serves the configured catalog', async () => {
    const home = path.join(root, 'home');
    const configured = await startConfiguredCatalogServer(
      loadConfig({ LAKEHOUSE_HOME: home, CATALOG_SERVER_PORT: '0', CATALOG_SERVER_TOKEN: 't' }),
    );
    try {
      assert.match(configured.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const configuredCall = restClient(configured.url, { authorization: 'Bearer t' });
      assert.equal((await configuredCall('POST', '/v1/namespaces', { namespace: ['bronze'] })).status, 200);
      assert.ok(existsSync(path.join(home, 'catalog.db')));
      assertError(await restClient(configured.url)('GET', '/v1/namespaces'), 401, 'NotAuthorizedException');
    } finally {
      await configured.close();
    }
  });
});
