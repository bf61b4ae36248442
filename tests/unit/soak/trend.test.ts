import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitTrend, judge, type Point } from '../../soak/trend.js';

const series = (values: readonly number[], step = 10): Point[] => values.map((value, i) => ({ t: i * step, value }));

describe('soak trend check', () => {
  it('fits the least-squares line: slope and rise of an exact line', () => {
    const trend = fitTrend(series([100, 102, 104, 106, 108]));
    assert.ok(Math.abs(trend.slopePerSecond - 0.2) < 1e-9);
    assert.ok(Math.abs(trend.rise - 8) < 1e-9);
    assert.equal(trend.mean, 104);
    assert.equal(trend.max, 108);
  });

  it('passes a flat series with a sawtooth (GC) and fails one that climbs past the bound', () => {
    const sawtooth = series([500, 560, 505, 570, 498, 565, 502, 568, 501, 563]);
    assert.equal(judge(sawtooth, 0, { series: 'rss', maxRise: 64 }).failure, undefined);
    const climbing = series([500, 520, 540, 560, 580, 600, 620, 640, 660, 680]);
    const verdict = judge(climbing, 0, { series: 'rss', maxRise: 64 });
    assert.match(verdict.failure ?? '', /rises 180\.0 over 90 s \(bound 64\)/);
  });

  it('judges only the samples after warm-up, and checks the ceiling', () => {
    const warming = series([100, 300, 500, 700, 700, 701, 700, 702]);
    assert.equal(judge(warming, 40, { series: 'rss', maxRise: 16 }).failure, undefined);
    assert.match(judge(warming, 40, { series: 'rss', maxRise: 16, maxValue: 650 }).failure ?? '', /reaches 702/);
    assert.match(judge(warming, 65, { series: 'rss', maxRise: 16 }).failure ?? '', /only 1 samples/);
  });
});
