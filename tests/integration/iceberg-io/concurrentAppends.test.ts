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
import { appendAtOnce, appendWhileWritersAreKilled } from '../../helpers/concurrentAppends.js';
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

describe('concurrent appends from OS processes (SQLite catalog)', () => {
  it('8 processes x 2 appends: every append lands exactly once', async () => {
    const target = { catalog, catalogUri, warehouse };
    const startFile = path.join(root, 'go-eight');
    const table = await appendAtOnce(target, { table: 'concurrency.eight_writers', writers: 8, appends: 2, startFile });
    assert.equal(table.currentSnapshot()?.summary['total-records'], '16');
  });

  it('writers killed mid-commit leave the table readable and lose no committed append', async () => {
    await appendWhileWritersAreKilled({ catalog, catalogUri, warehouse }, 'concurrency.killed_writers');
  });
});
