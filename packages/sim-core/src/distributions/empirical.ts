import { describeValue } from '../assert.js';
import { distributionFromQuantile } from './distribution.js';
import type { Distribution } from './distribution.js';

/** One row of a quantile table: `value` is the p-quantile. */
export interface DistributionEmpiricalPoint {
  readonly p: number;
  readonly value: number;
}

const FACTORY = 'distributionEmpirical';

/** Checks the table row by row and returns it as two parallel arrays. */
function validatePoints(points: ReadonlyArray<DistributionEmpiricalPoint>): { ps: Float64Array; values: Float64Array } {
  if (!Array.isArray(points)) {
    throw new RangeError(`${FACTORY}: points must be an array of { p, value }, got ${describeValue(points)}`);
  }
  if (points.length < 2) {
    throw new RangeError(`${FACTORY}: points must have at least 2 entries (p=0 and p=1), got ${points.length}`);
  }
  const ps = new Float64Array(points.length);
  const values = new Float64Array(points.length);
  for (let i = 0; i < points.length; i++) {
    const point: unknown = points[i];
    if (typeof point !== 'object' || point === null) {
      throw new RangeError(`${FACTORY}: points[${i}] must be an object { p, value }, got ${describeValue(point)}`);
    }
    const { p, value } = point as { p?: unknown; value?: unknown };
    if (typeof p !== 'number' || !Number.isFinite(p)) {
      throw new RangeError(`${FACTORY}: points[${i}].p must be a finite number, got ${describeValue(p)}`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new RangeError(`${FACTORY}: points[${i}].value must be a finite number, got ${describeValue(value)}`);
    }
    if (i === 0 && p !== 0) {
      throw new RangeError(`${FACTORY}: points[0].p (${p}) must be 0: the table must start at p=0`);
    }
    if (i > 0 && !(p > ps[i - 1])) {
      throw new RangeError(`${FACTORY}: points[${i}].p (${p}) must be greater than points[${i - 1}].p (${ps[i - 1]})`);
    }
    if (i > 0 && value < values[i - 1]) {
      throw new RangeError(`${FACTORY}: points[${i}].value (${value}) must be >= points[${i - 1}].value (${values[i - 1]})`);
    }
    ps[i] = p;
    values[i] = value;
  }
  const last = points.length - 1;
  if (ps[last] !== 1) {
    throw new RangeError(`${FACTORY}: points[${last}].p (${ps[last]}) must be 1: the table must end at p=1`);
  }
  return { ps, values };
}

/**
 * A distribution given by a quantile table, e.g. a measured latency profile
 * [{ p: 0, value: 1 }, { p: 0.5, value: 20 }, { p: 0.99, value: 300 }, { p: 1, value: 900 }].
 * Between rows the quantile is interpolated linearly, so the density is piecewise constant
 * and the mean is the sum over rows of (p[i+1] - p[i]) (value[i] + value[i+1]) / 2.
 *
 * The table is copied, so mutating the caller's array later does not change the distribution.
 */
export function distributionEmpirical(points: ReadonlyArray<DistributionEmpiricalPoint>): Distribution {
  const { ps, values } = validatePoints(points);
  const last = ps.length - 1;

  const quantileOf = (p: number): number => {
    if (p >= 1) return values[last];
    // Binary search for the row i with ps[i] <= p < ps[i + 1]; ps[0] = 0 <= p holds on entry.
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (ps[mid] <= p) lo = mid;
      else hi = mid;
    }
    const fraction = (p - ps[lo]) / (ps[hi] - ps[lo]);
    return values[lo] + fraction * (values[hi] - values[lo]);
  };

  let mean = 0;
  for (let i = 0; i < last; i++) mean += (ps[i + 1] - ps[i]) * (values[i] + values[i + 1]) / 2;

  const rows: string[] = [];
  for (let i = 0; i <= last; i++) rows.push(`${ps[i]}:${values[i]}`);
  return distributionFromQuantile('empirical', quantileOf, mean, `empirical(${rows.join(', ')})`);
}
