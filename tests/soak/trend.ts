/**
 * Does a series trend upward past its bound? A least-squares line through the samples after warm-up;
 * its rise over that span (slope x span) is compared with the bound. A line, not first-vs-last, so a
 * GC sawtooth or one slow sample does not decide the verdict.
 */

export interface Point {
  /** Seconds since the run started. */
  readonly t: number;
  readonly value: number;
}

export interface Trend {
  readonly slopePerSecond: number;
  /** slope x (last t - first t): how much the fitted line climbs over the span. */
  readonly rise: number;
  readonly mean: number;
  readonly max: number;
}

export function fitTrend(points: readonly Point[]): Trend {
  const n = points.length;
  if (n === 0) return { slopePerSecond: 0, rise: 0, mean: Number.NaN, max: Number.NaN };
  const meanT = points.reduce((sum, p) => sum + p.t, 0) / n;
  const mean = points.reduce((sum, p) => sum + p.value, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const p of points) {
    covariance += (p.t - meanT) * (p.value - mean);
    variance += (p.t - meanT) ** 2;
  }
  const slopePerSecond = variance === 0 ? 0 : covariance / variance;
  const span = (points[n - 1] as Point).t - (points[0] as Point).t;
  return { slopePerSecond, rise: slopePerSecond * span, mean, max: Math.max(...points.map((p) => p.value)) };
}

export interface Bound {
  /** What is measured, with its unit, e.g. "RSS MiB of serverless". */
  readonly series: string;
  /** Largest rise allowed over the span after warm-up. */
  readonly maxRise: number;
  /** Largest value allowed at any sample after warm-up (optional). */
  readonly maxValue?: number;
}

export interface Verdict extends Trend {
  readonly series: string;
  readonly maxRise: number;
  readonly maxValue: number | undefined;
  /** Why the series fails its bound; undefined when it holds. */
  readonly failure: string | undefined;
}

/** The samples after `warmupSeconds`, fitted and judged against `bound`. */
export function judge(points: readonly Point[], warmupSeconds: number, bound: Bound): Verdict {
  const steady = points.filter((p) => p.t >= warmupSeconds && Number.isFinite(p.value));
  const trend = fitTrend(steady);
  let failure: string | undefined;
  if (steady.length < 3) failure = `only ${steady.length} samples after warm-up (need 3)`;
  else if (trend.rise > bound.maxRise) {
    failure = `rises ${trend.rise.toFixed(1)} over ${((steady.at(-1) as Point).t - (steady[0] as Point).t).toFixed(0)} s (bound ${bound.maxRise})`;
  } else if (bound.maxValue !== undefined && trend.max > bound.maxValue) {
    failure = `reaches ${trend.max.toFixed(1)} (bound ${bound.maxValue})`;
  }
  return { ...trend, series: bound.series, maxRise: bound.maxRise, maxValue: bound.maxValue, failure };
}
