import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authenticate } from '../../../local/gateway/auth.js';
import { likeToRegExp } from '../../../local/gateway/metadata/staticResult.js';
import { classifyError, GatewayQueryError, toQueryError } from '../../../local/gateway/protocol/errors.js';
import { serializeQueryResults } from '../../../local/gateway/protocol/queryResults.js';
import { readClientSession } from '../../../local/gateway/sessionHeaders.js';

describe('error classification', () => {
  const cases: [string, string][] = [
    ['Parser Error: syntax error at or near "FROM"', 'SYNTAX_ERROR'],
    ['Failed to extract statements: Parser Error: syntax error at end of input', 'SYNTAX_ERROR'],
    ['Catalog Error: Table with name nope does not exist!\nDid you mean "gold.x"?', 'TABLE_NOT_FOUND'],
    ['Catalog Error: Scalar Function with name nope does not exist!', 'FUNCTION_NOT_FOUND'],
    ['Catalog Error: Table Function with name nope does not exist!', 'FUNCTION_NOT_FOUND'],
    ['Binder Error: Referenced column "x" not found in FROM clause!', 'COLUMN_NOT_FOUND'],
    ['Catalog Error: Schema with name nope does not exist!', 'SCHEMA_NOT_FOUND'],
    ["Conversion Error: Could not convert string 'a' to INT32", 'INVALID_CAST_ARGUMENT'],
    [
      'Out of Memory Error: failed to allocate data of size 1.0 GiB (512.0 MiB/512.0 MiB used)',
      'EXCEEDED_LOCAL_MEMORY_LIMIT',
    ],
    [
      'Permission Error: Cannot access file "/etc/passwd" - file system operations are disabled by configuration',
      'PERMISSION_DENIED',
    ],
    ['something unexpected', 'GENERIC_INTERNAL_ERROR'],
  ];
  for (const [message, name] of cases) {
    it(`maps "${message.slice(0, 50)}" to ${name}`, () => {
      assert.equal(classifyError(new Error(message)).errorName, name);
    });
  }

  it("maps the engine's error classes by name", () => {
    const named = (name: string, message: string) => Object.assign(new Error(message), { name });
    assert.equal(classifyError(named('QuerySyntaxError', 'bad FOR VERSION AS OF')).errorName, 'SYNTAX_ERROR');
    assert.equal(classifyError(named('ReadOnlyError', 'read-only')).errorName, 'PERMISSION_DENIED');
    assert.equal(classifyError(named('NotFoundError', 'table gold.x does not exist')).errorName, 'TABLE_NOT_FOUND');
    assert.equal(classifyError(named('NotFoundError', 'snapshot 42 of table gold.x not found')).errorName, 'NOT_FOUND');
  });

  it('builds Trino error objects with code, type and location', () => {
    const error = toQueryError(
      classifyError(
        new Error('Parser Error: syntax error at or near "WHERE"\n\nLINE 1: SELECT FROM WHERE\n                    ^'),
      ),
    );
    assert.equal(error.errorCode, 1);
    assert.equal(error.errorType, 'USER_ERROR');
    assert.deepEqual(error.errorLocation, { lineNumber: 1, columnNumber: 13 });
    assert.equal(error.message, 'Parser Error: syntax error at or near "WHERE"');
    const limit = toQueryError(new GatewayQueryError('EXCEEDED_TIME_LIMIT', 'too slow'));
    assert.deepEqual([limit.errorCode, limit.errorType], [131075, 'INSUFFICIENT_RESOURCES']);
  });
});

describe('protocol pieces', () => {
  it('splices pre-rendered rows into QueryResults JSON', () => {
    const text = serializeQueryResults({
      id: 'q',
      infoUri: 'http://x/ui',
      stats: { state: 'FINISHED' } as never,
      warnings: [],
      data: ['[9007199254740993,"1.50"]'],
    });
    assert.ok(text.endsWith(',"data":[[9007199254740993,"1.50"]]}'));
    assert.equal(JSON.parse(text).id, 'q');
  });

  it('reads X-Trino (and X-Presto) session headers', () => {
    const session = readClientSession({
      'x-trino-user': 'ann',
      'x-trino-catalog': 'iceberg',
      'x-presto-schema': 'gold',
      'x-trino-session': 'query_max_run_time=10m,join_distribution_type=BROADCAST',
      'x-trino-source': 'grafana',
    });
    assert.deepEqual(session, {
      user: 'ann',
      catalog: 'iceberg',
      schema: 'gold',
      source: 'grafana',
      properties: { query_max_run_time: '10m', join_distribution_type: 'BROADCAST' },
      preparedStatements: new Map(),
    });
  });

  it('authenticates bearer and basic secrets and challenges otherwise', () => {
    assert.deepEqual(authenticate({ mode: 'none' }, undefined), { ok: true });
    const bearer = { mode: 'bearer', secret: 'tok' } as const;
    assert.equal(authenticate(bearer, 'Bearer tok').ok, true);
    assert.equal(authenticate(bearer, 'Bearer toK').ok, false);
    const challenged = authenticate(bearer, undefined);
    assert.ok(!challenged.ok && challenged.challenge.startsWith('Bearer'));
    const basic = { mode: 'basic', secret: 'pw' } as const;
    const header = `Basic ${Buffer.from('ann:pw').toString('base64')}`;
    assert.deepEqual(authenticate(basic, header), { ok: true, user: 'ann' });
    assert.equal(authenticate(basic, `Basic ${Buffer.from('ann:no').toString('base64')}`).ok, false);
  });

  it('turns LIKE patterns into anchored expressions', () => {
    assert.ok(likeToRegExp('gold%').test('gold_table'));
    assert.ok(!likeToRegExp('gold%').test('silver'));
    assert.ok(likeToRegExp('a_c').test('abc'));
    assert.ok(likeToRegExp('a\\_c', '\\').test('a_c'));
    assert.ok(!likeToRegExp('a\\_c', '\\').test('abc'));
    assert.ok(likeToRegExp('x.y').test('x.y') && !likeToRegExp('x.y').test('xzy'));
  });
});

describe('Trino durations', () => {
  it('parses session durations to milliseconds', async () => {
    const { parseDuration } = await import('../../../local/gateway/sessionHeaders.js');
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('1.5m'), 90_000);
    assert.equal(parseDuration('2h'), 7_200_000);
    assert.equal(parseDuration('soon'), undefined);
  });
});
