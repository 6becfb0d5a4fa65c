import { segmentIntegralUs, segmentMax, segmentRateAt } from './linear-segment.js';

/**
 * A rate curve drawn through points, as people paste it from a dashboard. The points must
 * have strictly increasing atUs. Outside the points the curve is flat: the first point's
 * rate before it, the last point's rate after it (to start from zero, begin with a point
 * whose rate is 0).
 *
 * - 'step': the rate is points[i].ratePerS on [points[i].atUs, points[i + 1].atUs).
 * - 'linear': straight lines between consecutive points.
 */
export interface RatePiecewisePoint {
  readonly atUs: number;
  readonly ratePerS: number;
}

export type RatePiecewiseInterpolation = 'step' | 'linear';

export interface RatePiecewiseConfig {
  readonly kind: 'piecewise';
  readonly points: readonly RatePiecewisePoint[];
  readonly interpolation: RatePiecewiseInterpolation;
}

/** The largest i with points[i].atUs <= timeUs, or -1 when timeUs is before every point. */
function pointIndexAt(points: readonly RatePiecewisePoint[], timeUs: number): number {
  let lo = -1;
  let hi = points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (points[mid].atUs <= timeUs) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function piecewiseRateAt(p: RatePiecewiseConfig, timeUs: number): number {
  const points = p.points;
  const i = pointIndexAt(points, timeUs);
  if (i < 0) return points[0].ratePerS;
  if (p.interpolation === 'step' || i === points.length - 1) return points[i].ratePerS;
  const a = points[i];
  const b = points[i + 1];
  return segmentRateAt(a.atUs, a.ratePerS, b.atUs, b.ratePerS, timeUs);
}

/**
 * The integral in rate·µs over [fromUs, toUs]: the flat run-in, then each segment the window
 * touches (found by binary search, so a long table costs O(log n + segments touched)), then
 * the flat run-out.
 */
export function piecewiseIntegralUs(p: RatePiecewiseConfig, fromUs: number, toUs: number): number {
  const points = p.points;
  const last = points.length - 1;
  const step = p.interpolation === 'step';
  let sum = segmentIntegralUs(-Infinity, points[0].ratePerS, points[0].atUs, points[0].ratePerS, fromUs, toUs);
  for (let i = Math.max(0, pointIndexAt(points, fromUs)); i < last && points[i].atUs < toUs; i++) {
    const a = points[i];
    const b = points[i + 1];
    sum += segmentIntegralUs(a.atUs, a.ratePerS, b.atUs, step ? a.ratePerS : b.ratePerS, fromUs, toUs);
  }
  sum += segmentIntegralUs(points[last].atUs, points[last].ratePerS, Infinity, points[last].ratePerS, fromUs, toUs);
  return sum;
}

/** The largest rate on the closed window [fromUs, toUs], segment by segment. */
export function piecewiseMax(p: RatePiecewiseConfig, fromUs: number, toUs: number): number {
  const points = p.points;
  const last = points.length - 1;
  const step = p.interpolation === 'step';
  let max = segmentMax(-Infinity, points[0].ratePerS, points[0].atUs, points[0].ratePerS, fromUs, toUs);
  for (let i = Math.max(0, pointIndexAt(points, fromUs)); i < last && points[i].atUs <= toUs; i++) {
    const a = points[i];
    const b = points[i + 1];
    const m = segmentMax(a.atUs, a.ratePerS, b.atUs, step ? a.ratePerS : b.ratePerS, fromUs, toUs);
    if (m > max) max = m;
  }
  const m = segmentMax(points[last].atUs, points[last].ratePerS, Infinity, points[last].ratePerS, fromUs, toUs);
  return m > max ? m : max;
}
