import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pipelineTables, qualifiedName } from '../../../layers/pipeline/index.js';
import {
  HEALTH_TABLES,
  QUALITY_ROWS,
  qualityResultsQuery,
  rejectedTradesQuery,
  tableMetadataQuery,
} from '../../../local/dashboard/healthQueries.js';

describe('health queries', () => {
  it('covers every table the pipeline writes, bronze first', () => {
    assert.deepEqual(HEALTH_TABLES, pipelineTables.map(qualifiedName));
    assert.equal(HEALTH_TABLES[0], 'bronze.coinbase_events');
    assert.ok(HEALTH_TABLES.includes('ops.quality_results'));
  });

  it("reads each table's $snapshots metadata table, naming the table by a bound parameter", () => {
    const query = tableMetadataQuery(['bronze.coinbase_events', 'gold.ohlcv_1m']);
    assert.deepEqual(query.parameters, ['bronze.coinbase_events', 'gold.ohlcv_1m']);
    assert.match(query.sql, /FROM "bronze"\."coinbase_events\$snapshots"/);
    assert.match(query.sql, /FROM "gold"\."ohlcv_1m\$snapshots"/);
    assert.match(query.sql, /SELECT \$2 AS table_name/);
    assert.equal(query.sql.split('UNION ALL').length, 2);
  });

  it('refuses a table that is not a pipeline table (names never come from a request)', () => {
    assert.throws(
      () => tableMetadataQuery(['gold.ohlcv_1m', 'x"; DROP TABLE y; --.z']),
      /not a pipeline table: x"; DROP/,
    );
  });

  it('bounds the rejected reasons and quality results it reads', () => {
    assert.match(rejectedTradesQuery().sql, /FROM silver\.trades_rejected GROUP BY reason/);
    assert.match(rejectedTradesQuery().sql, /LIMIT \$1/);
    assert.deepEqual(qualityResultsQuery().parameters, [BigInt(QUALITY_ROWS)]);
    assert.match(qualityResultsQuery().sql, /FROM ops\.quality_results ORDER BY evaluated_at DESC/);
  });
});
