import { segmentIntegralUs, segmentMax, segmentRateAt } from './linear-segment.js';

/**
 * The three profiles made of straight pieces: constant, ramp and spike. Each has a rate, an
 * integral (in rate·µs; the caller divides by 10⁶ for expected arrivals) and an exact
 * maximum over a closed window. Rates are per second, times are absolute simulated µs.
 */

/** The same rate for the whole run. */
export interface RateConstantConfig {
  readonly kind: 'constant';
  readonly ratePerS: number;
}

/**
 * A linear change from fromPerS at startUs to toPerS at endUs, flat outside: fromPerS before
 * startUs and toPerS from endUs on. With endUs = startUs it is a step at startUs.
 */
export interface RateRampConfig {
  readonly kind: 'ramp';
  readonly fromPerS: number;
  readonly toPerS: number;
  readonly startUs: number;
  readonly endUs: number;
}

/**
 * basePerS, except for a plateau at peakPerS on [startUs, startUs + durationUs). startUs and
 * durationUs describe the plateau itself, so adding ramps never moves the peak: with rampUs
 * the rate climbs linearly over the rampUs before startUs and falls linearly over the rampUs
 * after the plateau ends, and the whole event lasts durationUs + 2·rampUs. peakPerS below
 * basePerS makes a dip.
 */
export interface RateSpikeConfig {
  readonly kind: 'spike';
  readonly basePerS: number;
  readonly peakPerS: number;
  readonly startUs: number;
  readonly durationUs: number;
  /** Length of each linear ramp, default 0 (a rectangle). */
  readonly rampUs?: number;
}

export function rampRateAt(p: RateRampConfig, timeUs: number): number {
  if (timeUs < p.startUs) return p.fromPerS;
  if (timeUs >= p.endUs) return p.toPerS;
  return segmentRateAt(p.startUs, p.fromPerS, p.endUs, p.toPerS, timeUs);
}

export function rampIntegralUs(p: RateRampConfig, fromUs: number, toUs: number): number {
  return (
    segmentIntegralUs(-Infinity, p.fromPerS, p.startUs, p.fromPerS, fromUs, toUs) +
    segmentIntegralUs(p.startUs, p.fromPerS, p.endUs, p.toPerS, fromUs, toUs) +
    segmentIntegralUs(p.endUs, p.toPerS, Infinity, p.toPerS, fromUs, toUs)
  );
}

export function rampMax(p: RateRampConfig, fromUs: number, toUs: number): number {
  return Math.max(
    segmentMax(-Infinity, p.fromPerS, p.startUs, p.fromPerS, fromUs, toUs),
    segmentMax(p.startUs, p.fromPerS, p.endUs, p.toPerS, fromUs, toUs),
    segmentMax(p.endUs, p.toPerS, Infinity, p.toPerS, fromUs, toUs),
  );
}

export function spikeRateAt(p: RateSpikeConfig, timeUs: number): number {
  const rampUs = p.rampUs ?? 0;
  const plateauEndUs = p.startUs + p.durationUs;
  if (timeUs < p.startUs - rampUs || timeUs >= plateauEndUs + rampUs) return p.basePerS;
  if (timeUs < p.startUs) return segmentRateAt(p.startUs - rampUs, p.basePerS, p.startUs, p.peakPerS, timeUs);
  if (timeUs < plateauEndUs) return p.peakPerS;
  return segmentRateAt(plateauEndUs, p.peakPerS, plateauEndUs + rampUs, p.basePerS, timeUs);
}

export function spikeIntegralUs(p: RateSpikeConfig, fromUs: number, toUs: number): number {
  const rampUs = p.rampUs ?? 0;
  const upUs = p.startUs - rampUs;
  const plateauEndUs = p.startUs + p.durationUs;
  const downUs = plateauEndUs + rampUs;
  return (
    segmentIntegralUs(-Infinity, p.basePerS, upUs, p.basePerS, fromUs, toUs) +
    segmentIntegralUs(upUs, p.basePerS, p.startUs, p.peakPerS, fromUs, toUs) +
    segmentIntegralUs(p.startUs, p.peakPerS, plateauEndUs, p.peakPerS, fromUs, toUs) +
    segmentIntegralUs(plateauEndUs, p.peakPerS, downUs, p.basePerS, fromUs, toUs) +
    segmentIntegralUs(downUs, p.basePerS, Infinity, p.basePerS, fromUs, toUs)
  );
}

export function spikeMax(p: RateSpikeConfig, fromUs: number, toUs: number): number {
  const rampUs = p.rampUs ?? 0;
  const upUs = p.startUs - rampUs;
  const plateauEndUs = p.startUs + p.durationUs;
  const downUs = plateauEndUs + rampUs;
  // With durationUs = 0 and no ramps there is no plateau at all, so the zero-length pieces
  // must not contribute the peak.
  if (p.durationUs === 0 && rampUs === 0) return p.basePerS;
  return Math.max(
    segmentMax(-Infinity, p.basePerS, upUs, p.basePerS, fromUs, toUs),
    segmentMax(upUs, p.basePerS, p.startUs, p.peakPerS, fromUs, toUs),
    segmentMax(p.startUs, p.peakPerS, plateauEndUs, p.peakPerS, fromUs, toUs),
    segmentMax(plateauEndUs, p.peakPerS, downUs, p.basePerS, fromUs, toUs),
    segmentMax(downUs, p.basePerS, Infinity, p.basePerS, fromUs, toUs),
  );
}
