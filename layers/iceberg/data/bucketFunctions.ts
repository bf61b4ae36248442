/**
 * Iceberg's bucket transform as DuckDB scalar functions, so partitioned writes compute bucket
 * numbers in the engine with the same Java-compatible murmur3 as the rest of the library.
 */
import {
  BIGINT,
  BLOB,
  type DuckDBConnection,
  DuckDBScalarFunction,
  type DuckDBType,
  INTEGER,
  VARCHAR,
} from '@duckdb/node-api';
import { murmur3Hash32, murmur3HashLong } from '../spec/murmur3.js';
import { toBytes } from '../spec/singleValue.js';
import { decimalType } from '../spec/types.js';
import { parseDecimal } from '../spec/values.js';

const registered = new WeakSet<DuckDBConnection>();

function register(
  connection: DuckDBConnection,
  name: string,
  parameterTypes: DuckDBType[],
  hash: (args: unknown[]) => number,
): void {
  connection.registerScalarFunction(
    DuckDBScalarFunction.create({
      name,
      returnType: INTEGER,
      parameterTypes,
      mainFunction: (_info, input, output) => {
        const vectors = parameterTypes.map((_, i) => input.getColumnVector(i));
        for (let row = 0; row < input.rowCount; row++) {
          const args = vectors.map((v) => v.getItem(row));
          const n = Number(args[args.length - 1]);
          output.setItem(row, (hash(args) & 0x7fffffff) % n);
        }
        output.flush();
      },
    }),
  );
}

/**
 * iceberg_bucket_long(BIGINT, n), iceberg_bucket_string(VARCHAR, n), iceberg_bucket_bytes(BLOB, n),
 * iceberg_bucket_uuid(VARCHAR, n), iceberg_bucket_decimal(VARCHAR, scale, n); once per connection.
 */
export function registerBucketFunctions(connection: DuckDBConnection): void {
  if (registered.has(connection)) return;
  registered.add(connection);
  register(connection, 'iceberg_bucket_long', [BIGINT, INTEGER], (a) => murmur3HashLong(BigInt(a[0] as bigint)));
  register(connection, 'iceberg_bucket_string', [VARCHAR, INTEGER], (a) =>
    murmur3Hash32(Buffer.from(String(a[0]), 'utf8')),
  );
  register(connection, 'iceberg_bucket_uuid', [VARCHAR, INTEGER], (a) => murmur3Hash32(toBytes('uuid', String(a[0]))));
  register(connection, 'iceberg_bucket_bytes', [BLOB, INTEGER], (a) => {
    const blob = a[0] as { bytes: Uint8Array };
    return murmur3Hash32(blob.bytes);
  });
  register(connection, 'iceberg_bucket_decimal', [VARCHAR, INTEGER, INTEGER], (a) => {
    const scale = Number(a[1]);
    return murmur3Hash32(toBytes(decimalType(38, scale), parseDecimal(String(a[0]), scale)));
  });
}
