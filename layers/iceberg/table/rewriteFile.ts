/** Copy-on-write of one data file: writes the rows a filter does NOT match into new files. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier, sharedConnection } from '../../duckdb/index.js';
import type { DataFile } from '../avro/model.js';
import { readParquetByFieldId } from '../data/readByFieldId.js';
import { writeDataFiles } from '../data/writeDataFiles.js';
import { ValidationError } from '../errors.js';
import type { BoundExpression } from '../expr/bind.js';
import { toSql } from '../expr/toSql.js';
import { currentSchema, specById } from '../spec/tableMetadata.js';
import type { Table } from './Table.js';

export async function rewriteWithout(
  table: Table,
  file: DataFile,
  filter: BoundExpression,
  connection?: DuckDBConnection,
): Promise<DataFile[]> {
  if (file.fileFormat !== 'PARQUET')
    throw new ValidationError(
      `cannot rewrite ${file.fileFormat} data file ${file.filePath} of table ${table.metadata.location}`,
    );
  const md = table.metadata;
  const schema = currentSchema(md);
  const local = await table.io.localPath(file.filePath);
  const conn = connection ?? (await sharedConnection());
  // The kept rows are staged with the filter's values bound as parameters (COPY's partitioned
  // writes re-read the query, which cannot carry parameters), then written like any other rows.
  rewriteCounter += 1;
  const kept = `rewrite_kept_${process.pid}_${rewriteCounter}`;
  const where = toSql(schema, filter);
  await conn.run(
    `CREATE TEMP TABLE ${quoteIdentifier(kept)} AS SELECT * FROM ${readParquetByFieldId([local], schema)} WHERE NOT coalesce(${where.sql}, FALSE)`,
    [...where.params],
  );
  try {
    return await writeDataFiles({
      connection: conn,
      io: table.io,
      location: md.location,
      schema,
      spec: specById(md, file.specId),
      properties: md.properties,
      query: `SELECT * FROM ${quoteIdentifier(kept)}`,
    });
  } finally {
    await conn.run(`DROP TABLE IF EXISTS ${quoteIdentifier(kept)}`);
  }
}

let rewriteCounter = 0;
