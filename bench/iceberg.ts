/**
 * Iceberg library benchmark (figures printed, nothing asserted), on local FS + SQLite catalog:
 *  - commit latency p50/p95 of appending a 10k-row file (write + commit, and the commit alone);
 *  - scan planning time for a table of 10,000 data files;
 *  - write throughput in rows/s as a ratio to a bare DuckDB COPY of the same rows in the same run.
 *
 *   node dist/bench/iceberg.js        (BENCH_APPENDS, BENCH_FILES, BENCH_ROWS to change the sizes)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sharedConnection } from '../layers/engine/index.js';
import {
  type DataFile,
  eq,
  FileContent,
  newSchema,
  SqlCatalog,
  SqliteDriver,
  toBytes,
  writeDataFiles,
} from '../layers/iceberg/index.js';

const APPENDS = Number(process.env.BENCH_APPENDS ?? 40);
const FILES = Number(process.env.BENCH_FILES ?? 10_000);
const ROWS = Number(process.env.BENCH_ROWS ?? 2_000_000);

const rowsQuery = (n: number, offset = 0) =>
  `SELECT (i + ${offset})::BIGINT AS id, (i * 1.25)::DECIMAL(18, 8) AS price,
   TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_microseconds(i * 1000) AS ts, 'BTC-USD' AS product FROM range(0, ${n}) r(i)`;

const schema = newSchema([
  { name: 'id', type: 'long', required: true },
  { name: 'price', type: 'decimal(18, 8)' },
  { name: 'ts', type: 'timestamptz' },
  { name: 'product', type: 'string' },
]);

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

const dir = mkdtempSync(path.join(tmpdir(), 'iceberg-bench-'));
const catalog = await SqlCatalog.open({
  name: 'bench',
  driver: new SqliteDriver({ path: path.join(dir, 'catalog.db') }),
  warehouse: path.join(dir, 'warehouse'),
});
await catalog.createNamespace('bench');

try {
  const table = await catalog.createTable('bench.appends', { schema });
  const total: number[] = [];
  const commitOnly: number[] = [];
  for (let i = 0; i < APPENDS; i++) {
    total.push(
      (
        await timed(() =>
          table
            .newAppend()
            .appendQuery(rowsQuery(10_000, i * 10_000))
            .commit(),
        )
      )[1],
    );
    const md = table.metadata;
    const files = await writeDataFiles({
      connection: await sharedConnection(),
      io: table.io,
      location: md.location,
      schema: table.schema(),
      spec: table.spec(),
      properties: md.properties,
      query: rowsQuery(10_000, -(i + 1) * 10_000),
    });
    commitOnly.push((await timed(() => table.newAppend().appendFiles(files).commit()))[1]);
  }
  console.log(
    `append 10k rows (write + commit), ${APPENDS} runs: p50 ${percentile(total, 50).toFixed(1)} ms, p95 ${percentile(total, 95).toFixed(1)} ms`,
  );
  console.log(
    `commit of a written 10k-row file, ${APPENDS} runs: p50 ${percentile(commitOnly, 50).toFixed(1)} ms, p95 ${percentile(commitOnly, 95).toFixed(1)} ms`,
  );

  const wide = await catalog.createTable('bench.planning', { schema });
  const batch = 1000;
  for (let start = 0; start < FILES; start += batch) {
    const files: DataFile[] = Array.from({ length: Math.min(batch, FILES - start) }, (_, k) => {
      const n = start + k;
      return {
        content: FileContent.Data,
        filePath: `${wide.location()}/data/synthetic-${n}.parquet`,
        fileFormat: 'PARQUET',
        specId: 0,
        partition: [],
        recordCount: 1000,
        fileSizeInBytes: 64_000,
        valueCounts: new Map([[1, 1000]]),
        nullValueCounts: new Map([[1, 0]]),
        lowerBounds: new Map([[1, toBytes('long', BigInt(n * 1000))]]),
        upperBounds: new Map([[1, toBytes('long', BigInt(n * 1000 + 999))]]),
      };
    });
    await wide.newAppend().appendFiles(files).commit();
  }
  const planAll: number[] = [];
  const planOne: number[] = [];
  for (let i = 0; i < 5; i++) {
    planAll.push((await timed(() => wide.scan().planFiles()))[1]);
    planOne.push((await timed(() => wide.scan({ filter: eq('id', 4_242_000) }).planFiles()))[1]);
  }
  console.log(
    `planFiles over ${FILES} data files: median ${percentile(planAll, 50).toFixed(1)} ms (all), ${percentile(planOne, 50).toFixed(1)} ms (id = ..., pruned by bounds)`,
  );

  // Alternate the two writers and keep each one's best run: the machine is shared, timings are noisy.
  const connection = await sharedConnection();
  const target = await catalog.createTable('bench.throughput', { schema });
  const bareRuns: number[] = [];
  const icebergRuns: number[] = [];
  for (let run = 0; run < 3; run++) {
    const bare = path.join(dir, `bare-${run}`);
    const copy = `COPY (${rowsQuery(ROWS)}) TO '${bare}' (FORMAT parquet, COMPRESSION zstd, FILE_SIZE_BYTES 536870912)`;
    bareRuns.push((await timed(() => connection.run(copy)))[1]);
    icebergRuns.push((await timed(() => target.newAppend().appendQuery(rowsQuery(ROWS)).commit()))[1]);
  }
  const bareRate = ROWS / (Math.min(...bareRuns) / 1000);
  const icebergRate = ROWS / (Math.min(...icebergRuns) / 1000);
  console.log(
    `write ${ROWS} rows (best of 3): bare COPY ${Math.round(bareRate)} rows/s, Iceberg append ${Math.round(icebergRate)} rows/s, ratio ${(icebergRate / bareRate).toFixed(2)}`,
  );
} finally {
  await catalog.close();
  rmSync(dir, { recursive: true, force: true });
}
