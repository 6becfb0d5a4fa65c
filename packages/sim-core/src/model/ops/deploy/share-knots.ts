import { segmentIntegralUs } from '../../traffic/linear-segment.js';

/**
 * A share over time drawn through knots (timesUs[i], values[i]), times non-decreasing:
 * straight lines between consecutive knots at different times, a jump where several knots share
 * a time (the value at that instant is the last of them: the curve is right-continuous), flat
 * at the first value before the first knot and at the last value after the last one.
 * Deployments and migrations both describe their shares this way.
 */
export interface ShareKnots {
  readonly timesUs: readonly number[];
  readonly values: readonly number[];
}

/** The largest i with timesUs[i] <= tUs, or -1 when tUs is before every knot. */
function knotIndexAt(timesUs: readonly number[], tUs: number): number {
  let lo = -1;
  let hi = timesUs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (timesUs[mid] <= tUs) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The value at tUs; O(log n) and allocation-free (it runs per request). */
export function knotValueAt(knots: ShareKnots, tUs: number): number {
  const { timesUs, values } = knots;
  const i = knotIndexAt(timesUs, tUs);
  if (i < 0) return values[0];
  if (i === timesUs.length - 1) return values[i];
  // i is the last knot at or before tUs, so timesUs[i + 1] > tUs >= timesUs[i]: no zero-length division.
  const t0 = timesUs[i];
  const v0 = values[i];
  const v1 = values[i + 1];
  return v0 === v1 ? v0 : v0 + ((v1 - v0) * (tUs - t0)) / (timesUs[i + 1] - t0);
}

/** The integral of the value over [fromUs, toUs], in value·µs; exact (trapezoids on straight pieces). */
export function knotIntegralUs(knots: ShareKnots, fromUs: number, toUs: number): number {
  const { timesUs, values } = knots;
  const last = timesUs.length - 1;
  let sum = segmentIntegralUs(-Infinity, values[0], timesUs[0], values[0], fromUs, toUs);
  for (let i = 0; i < last && timesUs[i] < toUs; i++) {
    sum += segmentIntegralUs(timesUs[i], values[i], timesUs[i + 1], values[i + 1], fromUs, toUs);
  }
  sum += segmentIntegralUs(timesUs[last], values[last], Infinity, values[last], fromUs, toUs);
  return sum;
}

/** A rate over time, per second; it must be finite and >= 0 wherever it is asked. */
export type RateFunction = (tUs: number) => number;

/** The default longest sub-interval of the Simpson rule in `knotRateIntegralUs`, µs (1 s). */
export const RATE_INTEGRAL_STEP_US_DEFAULT = 1_000_000;

/**
 * ∫ rate(t) · value(t) dt over [fromUs, toUs], in rate·µs, for a rate given as a function: on
 * each straight piece of the knots, the composite Simpson rule with sub-intervals no longer than
 * stepUs. Exact (to rounding) when the rate is a polynomial of degree <= 2 on each sub-interval,
 * since the product is then a cubic; for a smooth rate the error falls as stepUs⁴; a jump in the
 * rate inside a sub-interval costs at most jump · value · stepUs / 3.
 */
export function knotRateIntegralUs(knots: ShareKnots, rate: RateFunction, fromUs: number, toUs: number, stepUs: number): number {
  const { timesUs, values } = knots;
  const last = timesUs.length - 1;
  let sum = simpsonPiece(rate, -Infinity, values[0], timesUs[0], values[0], fromUs, toUs, stepUs);
  for (let i = 0; i < last && timesUs[i] < toUs; i++) {
    sum += simpsonPiece(rate, timesUs[i], values[i], timesUs[i + 1], values[i + 1], fromUs, toUs, stepUs);
  }
  sum += simpsonPiece(rate, timesUs[last], values[last], Infinity, values[last], fromUs, toUs, stepUs);
  return sum;
}

/** Composite Simpson of rate × the straight piece (t0, v0)–(t1, v1) over its overlap with [fromUs, toUs]. */
function simpsonPiece(rate: RateFunction, t0: number, v0: number, t1: number, v1: number, fromUs: number, toUs: number, stepUs: number): number {
  const lo = fromUs > t0 ? fromUs : t0;
  const hi = toUs < t1 ? toUs : t1;
  if (!(hi > lo)) return 0;
  const flat = v0 === v1;
  const valueAt = (t: number): number => (flat ? v0 : v0 + ((v1 - v0) * (t - t0)) / (t1 - t0));
  if (flat && v0 === 0) return 0;
  const n = Math.max(1, Math.ceil((hi - lo) / stepUs));
  const h = (hi - lo) / n;
  let sum = 0;
  let left = rate(lo) * valueAt(lo);
  for (let k = 0; k < n; k++) {
    const a = lo + k * h;
    const b = k === n - 1 ? hi : lo + (k + 1) * h;
    const mid = 0.5 * (a + b);
    const right = rate(b) * valueAt(b);
    sum += ((b - a) / 6) * (left + 4 * rate(mid) * valueAt(mid) + right);
    left = right;
  }
  return sum;
}
