import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { goldTables, loadModelProject, PipelineError } from '../../../layers/pipeline/index.js';

/** A copy of sql/ whose file `file` (under sql/) is edited by `edit`. */
async function editedProject(root: string, file: string, edit: (text: string) => string): Promise<string> {
  const dir = await mkdtemp(path.join(root, 'sql-'));
  await cp('sql', dir, { recursive: true });
  const target = path.join(dir, file);
  const before = await readFile(target, 'utf8');
  const after = edit(before);
  assert.notEqual(after, before, `the edit of ${file} changed nothing`);
  await writeFile(target, after);
  return dir;
}

async function loadFails(dir: string, message: RegExp): Promise<void> {
  await assert.rejects(loadModelProject(dir), (error: unknown) => {
    assert.ok(error instanceof PipelineError, String(error));
    assert.equal(error.retriable, false);
    assert.match(error.message, message);
    return true;
  });
}

describe('gold model contracts', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'contracts-'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  it("derives every gold table definition from its model's contract", async () => {
    const project = await loadModelProject('sql');
    assert.deepEqual(
      project.models.map((model) => model.table).sort((a, b) => a.name.localeCompare(b.name)),
      [...goldTables].sort((a, b) => a.name.localeCompare(b.name)),
    );
    const ohlcv = goldTables.find((table) => table.name === 'ohlcv_1m');
    assert.deepEqual(ohlcv?.partitionBy, [{ column: 'bucket_start', transform: 'day' }]);
    assert.deepEqual(ohlcv?.columns[0], { name: 'product_id', type: 'varchar', required: true, doc: 'product' });
    assert.ok(goldTables.every((table) => table.columns.every((column) => column.doc.length > 0)));
  });

  it('fails the load when a column of the SQL output has another type than the contract, naming model and column', async () => {
    const dir = await editedProject(root, 'gold/latest_prices.sql', (sql) =>
      sql.replace(
        / {2}day_stats\.trade_count_24h\nfrom latest/,
        '  day_stats.trade_count_24h::INTEGER as trade_count_24h\nfrom latest',
      ),
    );
    await loadFails(
      dir,
      /model gold\.latest_prices: column trade_count_24h: the contract says bigint \(BIGINT\), its SQL returns INTEGER/,
    );
  });

  it('fails the load when the SQL returns a column the contract does not declare', async () => {
    const dir = await editedProject(root, 'gold/ohlcv_1m.yml', (yml) =>
      yml.replace(/ {2}- \{ name: sell_volume,[^\n]*\n/, ''),
    );
    await loadFails(
      dir,
      /model gold\.ohlcv_1m: its SQL returns column sell_volume, which the contract does not declare/,
    );
  });

  it('fails the load when the contract declares a column the SQL does not return', async () => {
    const dir = await editedProject(
      root,
      'gold/daily_metrics.yml',
      (yml) => `${yml}  - { name: spread, type: decimal, required: false, doc: best ask - best bid }\n`,
    );
    await loadFails(dir, /model gold\.daily_metrics: column spread is in the contract but its SQL does not return it/);
  });

  it('fails the load on a contract that is not well formed, naming the file and the column', async () => {
    const badType = await editedProject(root, 'gold/ohlcv_1h.yml', (yml) =>
      yml.replace('{ name: vwap, type: decimal', '{ name: vwap, type: float'),
    );
    await loadFails(badType, /model contract .*ohlcv_1h\.yml: column vwap: type must be one of varchar, bigint/);
    const badPartition = await editedProject(root, 'gold/ohlcv_1h.yml', (yml) =>
      yml.replace('{ column: bucket_start, transform: month }', '{ column: hour, transform: month }'),
    );
    await loadFails(badPartition, /ohlcv_1h\.yml: partition_by names hour, which is not a contract column/);
  });

  it("fails the load when a model's SQL does not bind against its inputs' contracts", async () => {
    const dir = await editedProject(root, 'gold/ohlcv_1h.sql', (sql) => `${sql.trimEnd()} where no_such_column > 0\n`);
    await loadFails(dir, /model gold\.ohlcv_1h: its SQL does not bind against its inputs: .*no_such_column/);
  });
});
