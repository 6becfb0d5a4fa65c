import { RATE_MAX_MARGIN } from './rate-max-margin.js';

/**
 * The daily cycle: a sinusoid around meanPerS,
 *
 *   rate(t) = meanPerS · (1 + amplitudeRatio · cos(2π (t − peakAtUs) / periodUs)),
 *
 * highest, meanPerS · (1 + amplitudeRatio), at peakAtUs and every period after or before it,
 * and lowest half a period away. amplitudeRatio in [0, 1] keeps the rate non-negative.
 */

/** One day in microseconds, the default period. */
export const DIURNAL_PERIOD_US_DEFAULT = 86_400_000_000;

export interface RateDiurnalConfig {
  readonly kind: 'diurnal';
  readonly meanPerS: number;
  /** Half the peak-to-trough swing as a fraction of the mean, in [0, 1]. */
  readonly amplitudeRatio: number;
  /** Length of one cycle; default DIURNAL_PERIOD_US_DEFAULT (24 h). */
  readonly periodUs?: number;
  /** A time at which the cycle peaks (any one of them). */
  readonly peakAtUs: number;
}

export function diurnalRateAt(p: RateDiurnalConfig, timeUs: number): number {
  const periodUs = p.periodUs ?? DIURNAL_PERIOD_US_DEFAULT;
  // Reducing by the period first keeps the argument of cos small and exact for long runs.
  const phase = ((timeUs - p.peakAtUs) % periodUs) / periodUs;
  return p.meanPerS * (1 + p.amplitudeRatio * Math.cos(2 * Math.PI * phase));
}

/**
 * The integral in rate·µs over [fromUs, toUs]. The difference of sines in the antiderivative
 * is written as 2·cos(midpoint)·sin(half-width), which does not lose digits when the window
 * is short.
 */
export function diurnalIntegralUs(p: RateDiurnalConfig, fromUs: number, toUs: number): number {
  const periodUs = p.periodUs ?? DIURNAL_PERIOD_US_DEFAULT;
  const widthUs = toUs - fromUs;
  const midPhase = ((0.5 * (fromUs + toUs) - p.peakAtUs) % periodUs) / periodUs;
  const halfWidthPhase = (0.5 * widthUs) / periodUs;
  const cyclic = (periodUs / Math.PI) * Math.cos(2 * Math.PI * midPhase) * Math.sin(2 * Math.PI * (halfWidthPhase % 1));
  return p.meanPerS * (widthUs + p.amplitudeRatio * cyclic);
}

/**
 * The largest rate on [fromUs, toUs]: the peak if a peak time falls inside, otherwise the
 * larger end, because the cosine is monotone between a peak and the next trough and a
 * window without a peak holds at most one trough.
 */
export function diurnalMax(p: RateDiurnalConfig, fromUs: number, toUs: number): number {
  const periodUs = p.periodUs ?? DIURNAL_PERIOD_US_DEFAULT;
  const peak = p.meanPerS * (1 + p.amplitudeRatio * 1);
  const nextPeakUs = p.peakAtUs + Math.ceil((fromUs - p.peakAtUs) / periodUs) * periodUs;
  if (nextPeakUs <= toUs) return peak;
  const a = diurnalRateAt(p, fromUs);
  const b = diurnalRateAt(p, toUs);
  return Math.min(peak, (a > b ? a : b) * (1 + RATE_MAX_MARGIN));
}
