/**
 * Wall-clock helpers. The bench is the one place in Stormglass allowed to read the clock:
 * it measures the kernel, it is not part of it.
 */

/** Monotonic time in nanoseconds (hrtime does not jump with NTP, unlike Date.now()). */
export function monotonicNs(): bigint {
  return process.hrtime.bigint();
}

/** Seconds elapsed since `startNs` (a `monotonicNs()` reading). */
export function elapsedS(startNs: bigint): number {
  return Number(monotonicNs() - startNs) / 1e9;
}

/** Runs `work` once and returns its result with the wall time it took. */
export function timed<T>(work: () => T): { result: T; wallS: number } {
  const startNs = monotonicNs();
  const result = work();
  return { result, wallS: elapsedS(startNs) };
}

/** Median of a non-empty list (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median() of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Largest value: for a throughput, the run least disturbed by the rest of the machine. */
export function best(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('best() of an empty list');
  return Math.max(...values);
}
