// Filters: binding, NOT rewriting, partition projections (inclusive and strict), metrics evaluation, SQL.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  allMatch,
  and,
  bind,
  bucket,
  buildPartitionSpec,
  type DataFile,
  day,
  eq,
  evaluate,
  FileContent,
  gt,
  inclusiveProjection,
  isIn,
  isNull,
  lt,
  mightMatch,
  newSchema,
  not,
  notNull,
  or,
  strictProjection,
  toBytes,
  toSql,
} from '../../../layers/iceberg/index.js';

const schema = newSchema([
  { name: 'id', type: 'long', required: true },
  { name: 'price', type: 'decimal(10, 2)' },
  { name: 'ts', type: 'timestamptz' },
  { name: 'name', type: 'string' },
]);
const spec = buildPartitionSpec(schema, [
  { source: 'ts', transform: day },
  { source: 'id', transform: bucket(4) },
]);

function file(lower: bigint, upper: bigint, nulls = 0): DataFile {
  return {
    content: FileContent.Data,
    filePath: 'f.parquet',
    fileFormat: 'PARQUET',
    specId: 0,
    partition: [],
    recordCount: 10,
    fileSizeInBytes: 1,
    valueCounts: new Map([[1, 10]]),
    nullValueCounts: new Map([[1, nulls]]),
    lowerBounds: new Map([[1, toBytes('long', lower)]]),
    upperBounds: new Map([[1, toBytes('long', upper)]]),
  };
}

describe('binding', () => {
  it('converts literals to the column type and rewrites NOT', () => {
    const bound = bind(schema, not(and(gt('price', '10.5'), eq('id', 3))));
    assert.equal(bound.op, 'or');
    if (bound.op !== 'or') return;
    assert.deepEqual(bound.left, { op: 'ltEq', fieldId: 2, type: 'decimal(10, 2)', value: 1050n });
    assert.deepEqual(bound.right, { op: 'notEq', fieldId: 1, type: 'long', value: 3n });
    assert.throws(() => bind(schema, eq('missing', 1)), /no field missing/);
  });
});

describe('partition projection', () => {
  const dayOf = (iso: string) => Math.floor(Date.parse(iso) / 86_400_000);
  const partition = (iso: string, b: number) => (id: number) => (id === 1000 ? dayOf(iso) : id === 1001 ? b : null);

  it('projects time ranges inclusively onto day partitions', () => {
    const projected = inclusiveProjection(bind(schema, lt('ts', '2024-01-02T12:00:00Z')), spec);
    assert.equal(evaluate(projected, partition('2024-01-02T00:00:00Z', 0)), true);
    assert.equal(evaluate(projected, partition('2024-01-03T00:00:00Z', 0)), false);
  });

  it('projects equality onto bucket partitions only', () => {
    const projected = inclusiveProjection(bind(schema, eq('id', 34)), spec);
    const b = (2017239379 & 0x7fffffff) % 4;
    assert.equal(evaluate(projected, partition('2024-01-01T00:00:00Z', b)), true);
    assert.equal(evaluate(projected, partition('2024-01-01T00:00:00Z', (b + 1) % 4)), false);
    const range = inclusiveProjection(bind(schema, gt('id', 34)), spec);
    assert.equal(range.op, 'true');
  });

  it('strict projection proves whole partitions match', () => {
    const strict = strictProjection(bind(schema, lt('ts', '2024-01-02T00:00:00Z')), spec);
    assert.equal(evaluate(strict, partition('2024-01-01T00:00:00Z', 0)), true);
    assert.equal(evaluate(strict, partition('2024-01-02T00:00:00Z', 0)), false);
    assert.equal(strictProjection(bind(schema, eq('id', 1)), spec).op, 'false');
  });
});

describe('metrics evaluation', () => {
  it('prunes files whose bounds exclude the value', () => {
    assert.equal(mightMatch(bind(schema, eq('id', 5)), file(1n, 4n)), false);
    assert.equal(mightMatch(bind(schema, eq('id', 4)), file(1n, 4n)), true);
    assert.equal(mightMatch(bind(schema, isIn('id', [0, 9])), file(1n, 4n)), false);
    assert.equal(mightMatch(bind(schema, or(eq('id', 0), gt('id', 3))), file(1n, 4n)), true);
    assert.equal(mightMatch(bind(schema, isNull('id')), file(1n, 4n)), false);
    assert.equal(mightMatch(bind(schema, notNull('id')), file(1n, 4n, 10)), false);
  });

  it('proves every row matches only when bounds and null counts allow', () => {
    assert.equal(allMatch(bind(schema, lt('id', 5)), file(1n, 4n)), true);
    assert.equal(allMatch(bind(schema, lt('id', 4)), file(1n, 4n)), false);
    assert.equal(allMatch(bind(schema, lt('id', 5)), file(1n, 4n, 1)), false);
  });
});

describe('SQL rendering', () => {
  it('renders literals as typed parameters, never as SQL text', () => {
    const { sql, params } = toSql(
      schema,
      bind(schema, and(gt('price', '1.5'), lt('ts', '2024-01-02T00:00:00.000001Z'), eq('name', "O'Brien\u0000"))),
    );
    assert.match(sql, /"price" > CAST\(\$1 AS DECIMAL\(10, 2\)\)/);
    assert.match(sql, /"ts" < CAST\(\$2 AS TIMESTAMPTZ\)/);
    assert.match(sql, /"name" = CAST\(\$3 AS VARCHAR\)/);
    assert.deepEqual(params, ['1.50', '2024-01-02 00:00:00.000001+00', "O'Brien\u0000"]);
    assert.ok(!sql.includes('Brien'));
  });
});
