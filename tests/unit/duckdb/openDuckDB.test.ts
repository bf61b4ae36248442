import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDuckDB } from '../../../layers/duckdb/index.js';

async function setting(options: Parameters<typeof openDuckDB>[0], name: string): Promise<string> {
  const instance = await openDuckDB(options);
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      'SELECT CAST(value AS VARCHAR) FROM duckdb_settings() WHERE name = $1',
      [name],
    );
    return String(reader.getRows()[0]?.[0]);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('openDuckDB', () => {
  it("keeps DuckDB's file data cache unless told not to, so the pipeline's RSS stays off its memory limit", async () => {
    assert.equal(await setting({}, 'enable_external_file_cache'), 'true');
    assert.equal(await setting({ cacheFileData: false }, 'enable_external_file_cache'), 'false');
  });

  it('applies the memory limit and thread count it is given', async () => {
    assert.equal(await setting({ memoryLimit: '256MB' }, 'memory_limit'), '244.1 MiB');
    assert.equal(await setting({ threads: 1 }, 'threads'), '1');
  });
});
