/** Copy-on-write of one data file: writes the rows a filter does NOT match into new files. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { sharedConnection } from '../../engine/duckdb.js';
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
  const query = `SELECT * FROM ${readParquetByFieldId([local], schema)} WHERE NOT coalesce(${toSql(schema, filter)}, FALSE)`;
  return writeDataFiles({
    connection: connection ?? (await sharedConnection()),
    io: table.io,
    location: md.location,
    schema,
    spec: specById(md, file.specId),
    properties: md.properties,
    query,
  });
}
