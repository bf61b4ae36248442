import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TradeGapTracker } from '../../../layers/coinbase/index.js';

describe('TradeGapTracker', () => {
  it('opens a range on a jump, closes ids that arrive late, and calls repeats duplicates', () => {
    const tracker = new TradeGapTracker();
    assert.equal(tracker.observeTrade('BTC-USD', 10n, 0).status, 'first');
    assert.equal(tracker.observeTrade('BTC-USD', 11n, 0).status, 'next');
    const gap = tracker.observeTrade('BTC-USD', 15n, 0);
    assert.equal(gap.status, 'gap');
    if (gap.status === 'gap') assert.deepEqual([gap.range.first, gap.range.last], [12n, 14n]);
    assert.equal(tracker.observeTrade('BTC-USD', 13n, 0).status, 'late');
    assert.equal(tracker.observeTrade('BTC-USD', 13n, 0).status, 'duplicate');
    assert.equal(tracker.observeTrade('BTC-USD', 11n, 0).status, 'duplicate');
    assert.deepEqual(tracker.stillMissing('BTC-USD', 0n, 100n), [], 'nothing claimed by a backfill yet');
    assert.equal(tracker.takeDue(0, 0).length, 2, 'the late 13 split 12..14 in two');
    assert.deepEqual(tracker.stillMissing('BTC-USD', 0n, 100n), [
      { first: 12n, last: 12n },
      { first: 14n, last: 14n },
    ]);
    assert.equal(tracker.missingCount(), 2n);
  });

  it('detects trades missed in a quiet market from the heartbeat, ignoring last_trade_id 0', () => {
    const tracker = new TradeGapTracker();
    tracker.observeTrade('ETH-USD', 5n, 0);
    assert.equal(tracker.observeHeartbeat('ETH-USD', 5n, 0), null);
    assert.equal(tracker.observeHeartbeat('ETH-USD', 0n, 0), null);
    const range = tracker.observeHeartbeat('ETH-USD', 8n, 0);
    assert.deepEqual([range?.first, range?.last, range?.detected_by], [6n, 8n, 'heartbeat']);
    assert.equal(tracker.observeTrade('ETH-USD', 9n, 0).status, 'next');
  });

  it('hands out ranges only after the grace period, once, and forgets abandoned ids', () => {
    const tracker = new TradeGapTracker();
    tracker.observeTrade('SOL-USD', 1n, 0);
    tracker.observeTrade('SOL-USD', 100n, 1000);
    assert.deepEqual(tracker.takeDue(1500, 1000), []);
    const due = tracker.takeDue(2000, 1000);
    assert.equal(due.length, 1);
    assert.deepEqual(tracker.takeDue(5000, 1000), []);
    assert.equal(tracker.claim('SOL-USD', 50n), true);
    assert.equal(tracker.claim('SOL-USD', 50n), false);
    tracker.abandon('SOL-USD', 2n, 99n);
    assert.equal(tracker.missingCount(), 0n);
  });

  it('reopens dropped trades as a new gap, left alone by the backfill that is running', () => {
    const tracker = new TradeGapTracker();
    tracker.observeTrade('BTC-USD', 1n, 0);
    tracker.observeTrade('BTC-USD', 2n, 0);
    assert.equal(tracker.reopen('BTC-USD', 2n, 2n, 'dropped', 0)?.detected_by, 'dropped');
    assert.equal(tracker.reopen('BTC-USD', 2n, 2n, 'dropped', 0), null);
    assert.equal(tracker.missingCount(), 1n);
    tracker.observeTrade('BTC-USD', 10n, 0);
    const [first, second] = tracker.takeDue(0, 0);
    assert.deepEqual([first?.first, second?.first, second?.last], [2n, 3n, 9n]);
    // A backfill of 3..9 recovers 5, whose frame is then dropped again and reopened.
    assert.equal(tracker.claim('BTC-USD', 5n), true);
    tracker.reopen('BTC-USD', 5n, 5n, 'dropped', 0);
    assert.deepEqual(tracker.stillMissing('BTC-USD', 3n, 9n), [
      { first: 3n, last: 4n },
      { first: 6n, last: 9n },
    ]);
    tracker.abandon('BTC-USD', 3n, 9n);
    assert.equal(tracker.missingCount(), 2n, 'id 2 (claimed, outside) and the reopened 5 remain');
    assert.deepEqual(
      tracker.takeDue(0, 0).map((range) => [range.first, range.last]),
      [[5n, 5n]],
    );
  });
});
