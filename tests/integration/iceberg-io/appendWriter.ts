/**
 * Child process for the concurrent-append tests: appends one row per commit to a table, `appends`
 * times (or until killed), and reports on stdout `committing <writer> <seq>` before each commit and
 * `committed <writer> <seq> <snapshot-id>` once the commit returned.
 * Usage: node appendWriter.js <catalog-uri> <warehouse> <namespace.table> <writer-id> <appends> [start-file]
 */
import fs from 'node:fs/promises';
import { openCatalog } from './catalogFor.js';

const [catalogUri, warehouse, tableName, writerText, appendsText, startFile] = process.argv.slice(2);
if (!catalogUri || !warehouse || !tableName || !writerText || !appendsText) {
  throw new Error(
    'usage: appendWriter.js <catalog-uri> <warehouse> <namespace.table> <writer-id> <appends> [start-file]',
  );
}
const writer = Number(writerText);
const appends = Number(appendsText);

const catalog = await openCatalog(catalogUri, warehouse);
const table = await catalog.loadTable(tableName);
if (startFile !== undefined) {
  while (
    !(await fs.access(startFile).then(
      () => true,
      () => false,
    ))
  ) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
for (let seq = 0; seq < appends; seq++) {
  process.stdout.write(`committing ${writer} ${seq}\n`);
  const snapshot = await table
    .newAppend()
    .appendQuery(`SELECT ${writer}::INTEGER AS writer, ${seq}::INTEGER AS seq, 'w${writer}-s${seq}' AS payload`)
    .set('append-writer', String(writer))
    .set('append-seq', String(seq))
    .commit();
  process.stdout.write(`committed ${writer} ${seq} ${snapshot.snapshotId}\n`);
}
await catalog.close();
