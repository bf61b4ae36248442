/** The small trades table several tests build, and DuckDB queries producing its rows. */
import { type CreateTableOptions, day, identity, newSchema } from '../../layers/iceberg/index.js';

/** id, price, ts, product; partitioned by day(ts) and product. */
export function tradesTableOptions(): CreateTableOptions {
  return {
    schema: newSchema([
      { name: 'id', type: 'long', required: true },
      { name: 'price', type: 'decimal(18, 8)' },
      { name: 'ts', type: 'timestamptz' },
      { name: 'product', type: 'string' },
    ]),
    partitionSpec: [
      { source: 'ts', transform: day },
      { source: 'product', transform: identity },
    ],
  };
}

/** Rows `from..to-1`: one every 6 hours from 2024-01-01, price = id * 1.25, product from `productSql` (of `i`). */
export function tradeRowsQuery(from: number, to: number, productSql: string): string {
  return `SELECT i::BIGINT AS id, (i * 1.25)::DECIMAL(18, 8) AS price,
    TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_hours(i * 6) AS ts, ${productSql} AS product
    FROM range(${from}, ${to}) r(i)`;
}
