/** The embedded stack's `catalog` part serves the Iceberg REST catalog over the home's catalog and says where. */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../../layers/config/index.js';
import { embeddedStack } from '../../../local/serverless-plugin/embeddedStack.js';
import { freePort } from '../../helpers/ports.js';

describe('embedded stack catalog part', () => {
  let home: string;
  before(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'stack-catalog-'));
  });
  after(() => rm(home, { recursive: true, force: true }));

  it('is in the default stack', () => {
    assert.ok(loadConfig({ LAKEHOUSE_HOME: home }).pipeline.stack.includes('catalog'));
  });

  it('serves /v1/config and namespaces on CATALOG_SERVER_PORT, and stops', async () => {
    const port = await freePort();
    const config = loadConfig({ LAKEHOUSE_HOME: home, LAKEHOUSE_STACK: 'catalog', CATALOG_SERVER_PORT: String(port) });
    const specs = embeddedStack({
      config,
      pipeline: config.pipeline,
      mappings: [],
      invoker: { invoke: async () => ({ ok: true, payload: null }), close: () => {} },
      log: () => {},
    });
    const part = specs.find((spec) => spec.name === 'catalog');
    assert.ok(part, 'the stack has a catalog part');
    const catalog = await part.start();
    try {
      assert.match(catalog.description, new RegExp(`iceberg rest catalog +http://127\\.0\\.0\\.1:${port}$`));
      const created = await fetch(`http://127.0.0.1:${port}/v1/namespaces`, {
        method: 'POST',
        body: JSON.stringify({ namespace: ['bronze'] }),
      });
      assert.equal(created.status, 200);
      const listed = (await (await fetch(`http://127.0.0.1:${port}/v1/namespaces`)).json()) as {
        namespaces: string[][];
      };
      assert.deepEqual(listed.namespaces, [['bronze']]);
    } finally {
      await catalog.stop();
    }
    await assert.rejects(fetch(`http://127.0.0.1:${port}/v1/config`), 'the server stops with the part');
  });
});
