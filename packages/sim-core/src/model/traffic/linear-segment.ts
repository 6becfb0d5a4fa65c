/**
 * Arithmetic on one straight piece of a rate curve: the segment from (t0Us, r0) to
 * (t1Us, r1). The constant, ramp, spike and piecewise profiles are all built from such
 * pieces, so their values, bounds and integrals share these few lines.
 *
 * An unbounded flat piece is written with t0Us = -Infinity or t1Us = Infinity and r0 = r1.
 */

/**
 * The rate at timeUs on a segment of positive length. The result is clamped between r0 and
 * r1 because r0 + (r1 - r0) * f can land one unit in the last place outside them, and an
 * upper bound taken from the endpoints must never be exceeded by a value between them.
 */
export function segmentRateAt(t0Us: number, r0: number, t1Us: number, r1: number, timeUs: number): number {
  if (r0 === r1) return r0;
  const r = r0 + ((r1 - r0) * (timeUs - t0Us)) / (t1Us - t0Us);
  return r0 < r1 ? Math.min(r1, Math.max(r0, r)) : Math.min(r0, Math.max(r1, r));
}

/**
 * The integral, in rate·µs, of the segment over its overlap with [fromUs, toUs]. A straight
 * line integrates exactly by the trapezoid rule, so this is analytic.
 */
export function segmentIntegralUs(t0Us: number, r0: number, t1Us: number, r1: number, fromUs: number, toUs: number): number {
  const lo = fromUs > t0Us ? fromUs : t0Us;
  const hi = toUs < t1Us ? toUs : t1Us;
  if (!(hi > lo)) return 0;
  if (r0 === r1) return r0 * (hi - lo);
  return 0.5 * (segmentRateAt(t0Us, r0, t1Us, r1, lo) + segmentRateAt(t0Us, r0, t1Us, r1, hi)) * (hi - lo);
}

/**
 * The largest rate of the segment on its overlap with the closed window [fromUs, toUs], or
 * -Infinity when they do not meet. A line takes its maximum at an end of the overlap. A
 * segment of zero length stands for a jump; both sides count, which keeps the bound safe
 * whichever side the profile assigns the instant of the jump to.
 */
export function segmentMax(t0Us: number, r0: number, t1Us: number, r1: number, fromUs: number, toUs: number): number {
  const lo = fromUs > t0Us ? fromUs : t0Us;
  const hi = toUs < t1Us ? toUs : t1Us;
  if (lo > hi) return -Infinity;
  if (r0 === r1 || !(t1Us > t0Us)) return r0 > r1 ? r0 : r1;
  const a = segmentRateAt(t0Us, r0, t1Us, r1, lo);
  const b = segmentRateAt(t0Us, r0, t1Us, r1, hi);
  return a > b ? a : b;
}
