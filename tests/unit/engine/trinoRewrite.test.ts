import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type MetadataTableKind,
  type NameParts,
  type RewriteResolver,
  rewriteTrinoSql,
  type TableFunctionCall,
  tokenize,
  type VersionSpec,
} from '../../../layers/engine/index.js';

const calls: unknown[] = [];
const resolver: RewriteResolver = {
  async versionOf(name: NameParts, version: VersionSpec) {
    calls.push({ name, version });
    return `SELECT 'v:${name.join('.')}'`;
  },
  async metadataTable(name: NameParts, kind: MetadataTableKind) {
    calls.push({ name, kind });
    return `SELECT 'm:${name.join('.')}:${kind}'`;
  },
  async tableFunction(call: TableFunctionCall) {
    calls.push(call);
    return `SELECT 'f:${call.name}'`;
  },
};

async function rewrite(sql: string): Promise<string> {
  calls.length = 0;
  return (await rewriteTrinoSql(sql, resolver)).sql;
}

describe('tokenize', () => {
  it('gives back the input exactly and keeps literals, identifiers and comments whole', () => {
    const sql = `SELECT 'it''s -- no', "a""b", E'x\\'y', $$ FOR VERSION $$ /* c /* nested */ */ -- tail\n FROM t`;
    const tokens = tokenize(sql);
    assert.equal(tokens.map((t) => t.text).join(''), sql);
    assert.deepEqual(
      tokens.filter((t) => t.kind === 'string').map((t) => t.text),
      ["'it''s -- no'", "E'x\\'y'", '$$ FOR VERSION $$'],
    );
    assert.deepEqual(
      tokens.filter((t) => t.kind === 'comment').map((t) => t.text),
      ['/* c /* nested */ */', '-- tail'],
    );
  });
});

describe('rewriteTrinoSql', () => {
  it('rewrites FOR VERSION AS OF a snapshot id and a ref, keeping or adding the alias', async () => {
    assert.equal(
      await rewrite('SELECT * FROM gold.t FOR VERSION AS OF 123 WHERE x = 1'),
      `SELECT * FROM (SELECT 'v:gold.t') AS "t" WHERE x = 1`,
    );
    assert.deepEqual(calls, [{ name: ['gold', 't'], version: { kind: 'snapshot', snapshotId: 123n } }]);
    assert.equal(
      await rewrite(`SELECT * FROM iceberg.gold.t FOR VERSION AS OF 'audit' a`),
      `SELECT * FROM (SELECT 'v:iceberg.gold.t') a`,
    );
    assert.deepEqual(calls, [{ name: ['iceberg', 'gold', 't'], version: { kind: 'ref', ref: 'audit' } }]);
  });

  it('keeps 64-bit snapshot ids exact', async () => {
    await rewrite('SELECT * FROM t FOR VERSION AS OF 9223372036854775807');
    assert.deepEqual(calls, [{ name: ['t'], version: { kind: 'snapshot', snapshotId: 9223372036854775807n } }]);
  });

  it('rewrites FOR TIMESTAMP AS OF with a literal or an expression', async () => {
    await rewrite(`SELECT * FROM t FOR TIMESTAMP AS OF TIMESTAMP '2024-01-01 00:00:00 UTC' JOIN u ON true`);
    assert.deepEqual(calls, [
      { name: ['t'], version: { kind: 'timestamp', expression: `CAST('2024-01-01 00:00:00 UTC' AS TIMESTAMPTZ)` } },
    ]);
    const out = await rewrite(`SELECT * FROM t FOR TIMESTAMP AS OF now() - INTERVAL '1' HOUR WHERE true`);
    assert.equal(out, `SELECT * FROM (SELECT 'v:t') AS "t" WHERE true`);
    assert.deepEqual(calls, [
      { name: ['t'], version: { kind: 'timestamp', expression: `CAST((now() - INTERVAL '1' HOUR ) AS TIMESTAMPTZ)` } },
    ]);
  });

  it('rewrites quoted metadata tables and rejects unknown ones', async () => {
    assert.equal(
      await rewrite('SELECT * FROM gold."t$snapshots"'),
      `SELECT * FROM (SELECT 'm:gold.t:snapshots') AS "t$snapshots"`,
    );
    assert.equal(await rewrite('SELECT * FROM "T$history" h'), `SELECT * FROM (SELECT 'm:T:history') h`);
    await assert.rejects(rewrite('SELECT * FROM "t$nope"'), /unknown metadata table/);
    assert.equal(await rewrite('SELECT "a$b" FROM t'), 'SELECT "a$b" FROM t');
    assert.equal(await rewrite('DESCRIBE gold."t$files"'), `DESCRIBE (SELECT 'm:gold.t:files')`);
  });

  it('rewrites the table functions with positional and named literal arguments', async () => {
    const out = await rewrite(
      `SELECT count(*) FROM iceberg_scan('/w/t/metadata/v1.metadata.json', snapshot_id => 5, allow_moved_paths => true)`,
    );
    assert.equal(out, `SELECT count(*) FROM (SELECT 'f:iceberg_scan') AS "iceberg_scan"`);
    const call = calls[0] as TableFunctionCall;
    assert.deepEqual(call.positional, [{ kind: 'string', value: '/w/t/metadata/v1.metadata.json' }]);
    assert.deepEqual(
      [...call.named],
      [
        ['snapshot_id', { kind: 'number', value: '5' }],
        ['allow_moved_paths', { kind: 'boolean', value: true }],
      ],
    );
  });

  it('leaves text inside strings and comments alone and reports the names it saw', async () => {
    const sql = `SELECT 'FROM t FOR VERSION AS OF 1', "x$snapshots_not" /* iceberg_scan('x') */ FROM gold.prices p`;
    const result = await rewriteTrinoSql(sql, resolver);
    assert.equal(result.sql, sql);
    assert.equal(result.changed, false);
    assert.ok(result.names.some((n) => n.join('.') === 'gold.prices'));
  });
});
