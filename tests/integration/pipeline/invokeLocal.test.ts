/**
 * `sls invoke local` for every function serverless.yml declares, with its sample event from
 * functions/events/, in pipeline order on one LAKEHOUSE_HOME: what `npx sls invoke local -f <fn>`
 * gives a user, through the framework itself.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { parse } from 'yaml';

const run = promisify(execFile);
const ORDER = ['bronzeWriter', 'silverPromoter', 'goldBuilder', 'tableMaintenance', 'qualityAudit', 'reconcileCandles'];

describe('sls invoke local', () => {
  let home: string;
  before(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'invoke-local-'));
  });
  after(() => rm(home, { recursive: true, force: true }));

  it('has a sample event for every declared function, and runs them all', { timeout: 120_000 }, async () => {
    const service = parse(await readFile('serverless.yml', 'utf8')) as { functions: Record<string, unknown> };
    const declared = Object.keys(service.functions);
    assert.deepEqual([...declared].sort(), [...ORDER].sort(), 'a new function needs its place in this test');
    const events = await readdir('functions/events');
    const results: Record<string, Record<string, unknown>> = {};
    for (const name of ORDER) {
      const event = events.find((file) => file.startsWith(`${name}.`) && file.endsWith('.json'));
      assert.ok(event, `functions/events has no sample event for ${name}`);
      const { stdout } = await run(
        process.execPath,
        ['node_modules/serverless/bin/serverless.js', 'invoke', 'local', '-f', name, '-p', `functions/events/${event}`],
        {
          // No exchange to reconcile with here: a closed port, so the run records that it could not evaluate.
          env: {
            ...process.env,
            LAKEHOUSE_HOME: home,
            PIPELINE_CHAIN_COMMITS: 'false',
            COINBASE_REST_URL: 'http://127.0.0.1:9',
          },
          maxBuffer: 16 << 20,
        },
      );
      // The handler's result is the last JSON object the framework prints.
      const start = stdout.lastIndexOf('\n{');
      results[name] = JSON.parse(stdout.slice(start === -1 ? stdout.indexOf('{') : start + 1)) as Record<
        string,
        unknown
      >;
    }
    assert.equal(results.bronzeWriter?.written, 6);
    assert.ok(Number(results.silverPromoter?.tradesWritten) > 0, JSON.stringify(results.silverPromoter));
    const models = results.goldBuilder?.models as { model?: string }[] | undefined;
    assert.equal(models?.length, 4, JSON.stringify(results.goldBuilder));
    const tables = results.tableMaintenance?.tables as Record<string, unknown> | undefined;
    assert.ok(tables?.['bronze.coinbase_events'], JSON.stringify(results.tableMaintenance));
    assert.equal(results.qualityAudit?.blockingFailed, 0, JSON.stringify(results.qualityAudit));
    assert.ok(Number(results.qualityAudit?.evaluated) > 20, JSON.stringify(results.qualityAudit));
    const reconciled = results.reconcileCandles as { evaluated?: number; failures?: { observed: string }[] };
    assert.equal(reconciled.evaluated, reconciled.failures?.length, JSON.stringify(reconciled));
    for (const failure of reconciled.failures ?? []) assert.match(failure.observed, /^not evaluated: /);
  });
});
