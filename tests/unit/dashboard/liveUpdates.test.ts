import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CommitWatcher } from '../../../local/dashboard/commitWatcher.js';
import { sseMessage } from '../../../local/dashboard/liveUpdates.js';

describe('sseMessage', () => {
  it('is one event line and one data line of JSON, ended by a blank line', () => {
    assert.equal(
      sseMessage('commit', { tables: ['gold.ohlcv_1m'] }),
      'event: commit\ndata: {"tables":["gold.ohlcv_1m"]}\n\n',
    );
  });

  it('keeps a newline inside a value on the one data line', () => {
    assert.equal(sseMessage('x', 'a\nb').split('\n').length, 4);
  });
});

describe('CommitWatcher', () => {
  /** A catalog whose tables point at the given metadata locations. */
  function fakeCatalog(locations: Map<string, string>) {
    return {
      tableExists: async (name: string) => locations.has(String(name)),
      loadMetadataLocation: async (name: string) => {
        const location = locations.get(String(name));
        if (location === undefined) throw new Error(`no table ${String(name)}`);
        return location;
      },
    };
  }

  it('records on the first call, then names each table created, committed or dropped since', async () => {
    const locations = new Map([['silver.trades', 'v1.json']]);
    const watcher = new CommitWatcher(fakeCatalog(locations), ['silver.trades', 'gold.ohlcv_1m', 'gold.latest_prices']);
    assert.deepEqual(await watcher.changed(), []);
    assert.deepEqual([...watcher.existing()], ['silver.trades']);
    assert.deepEqual(await watcher.changed(), [], 'no commit, no change');
    locations.set('silver.trades', 'v2.json');
    locations.set('gold.ohlcv_1m', 'v1.json');
    assert.deepEqual(await watcher.changed(), ['silver.trades', 'gold.ohlcv_1m']);
    locations.delete('silver.trades');
    assert.deepEqual(await watcher.changed(), ['silver.trades']);
    assert.deepEqual([...watcher.existing()], ['gold.ohlcv_1m']);
  });
});
