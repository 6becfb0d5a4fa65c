import { RATE_MAX_MARGIN } from './rate-max-margin.js';

/**
 * A product launch or a marketing push. With L = launchAtUs, R = riseUs, τ = decayUs and
 * P = plateauPerS (default basePerS):
 *
 *   t < L:          basePerS
 *   L ≤ t < L + R:  basePerS + (peakPerS − basePerS) · s((t − L) / R),  s(x) = 3x² − 2x³
 *   t ≥ L + R:      P + (peakPerS − P) · exp(−(t − L − R) / τ)
 *
 * The rise is the smoothstep polynomial: it leaves the base and reaches the peak with zero
 * slope, so the curve has no kinks, and it integrates in closed form. After the peak the
 * excess decays exponentially with time constant τ towards the plateau: the new steady
 * level of the launched product (the base again if plateauPerS is omitted). With R = 0 the
 * rate jumps to the peak at L. Every piece is monotone, and every integral is analytic.
 */
export interface RateLaunchConfig {
  readonly kind: 'launch';
  readonly basePerS: number;
  readonly peakPerS: number;
  readonly launchAtUs: number;
  readonly riseUs: number;
  /** Time constant of the decay from the peak (the excess falls by 1/e per decayUs); > 0. */
  readonly decayUs: number;
  /** The level the decay tends to; default basePerS. */
  readonly plateauPerS?: number;
}

/** Antiderivative of the smoothstep difference: S(x1) − S(x0) with S(x) = x³ − x⁴/2. */
function smoothstepIntegralDiff(x0: number, x1: number): number {
  // Factored through (x1 − x0) so that short windows keep their digits.
  const cubic = x1 * x1 + x1 * x0 + x0 * x0;
  const quartic = 0.5 * (x1 + x0) * (x1 * x1 + x0 * x0);
  return (x1 - x0) * (cubic - quartic);
}

export function launchRateAt(p: RateLaunchConfig, timeUs: number): number {
  if (timeUs < p.launchAtUs) return p.basePerS;
  const peakAtUs = p.launchAtUs + p.riseUs;
  if (timeUs < peakAtUs) {
    const x = (timeUs - p.launchAtUs) / p.riseUs;
    const s = x * x * (3 - 2 * x);
    return p.basePerS + (p.peakPerS - p.basePerS) * (s < 0 ? 0 : s > 1 ? 1 : s);
  }
  const plateau = p.plateauPerS ?? p.basePerS;
  return plateau + (p.peakPerS - plateau) * Math.exp(-(timeUs - peakAtUs) / p.decayUs);
}

/** The integral in rate·µs over [fromUs, toUs], piece by piece, all analytic. */
export function launchIntegralUs(p: RateLaunchConfig, fromUs: number, toUs: number): number {
  const peakAtUs = p.launchAtUs + p.riseUs;
  let sum = 0;
  // Before the launch.
  const beforeEndUs = toUs < p.launchAtUs ? toUs : p.launchAtUs;
  if (beforeEndUs > fromUs) sum += p.basePerS * (beforeEndUs - fromUs);
  // The rise.
  const riseLo = fromUs > p.launchAtUs ? fromUs : p.launchAtUs;
  const riseHi = toUs < peakAtUs ? toUs : peakAtUs;
  if (riseHi > riseLo) {
    const x0 = (riseLo - p.launchAtUs) / p.riseUs;
    const x1 = (riseHi - p.launchAtUs) / p.riseUs;
    sum += p.basePerS * (riseHi - riseLo) + (p.peakPerS - p.basePerS) * p.riseUs * smoothstepIntegralDiff(x0, x1);
  }
  // The decay: plateau·Δ + excess·τ·(e^(−u0) − e^(−u1)), with expm1 for short windows.
  const decayLo = fromUs > peakAtUs ? fromUs : peakAtUs;
  if (toUs > decayLo) {
    const plateau = p.plateauPerS ?? p.basePerS;
    const u0 = (decayLo - peakAtUs) / p.decayUs;
    const du = (toUs - decayLo) / p.decayUs;
    sum += plateau * (toUs - decayLo) - (p.peakPerS - plateau) * p.decayUs * Math.exp(-u0) * Math.expm1(-du);
  }
  return sum;
}

/**
 * The largest rate on [fromUs, toUs]. Each piece is monotone, so the maximum is at a window
 * end or at the peak time; the rise and the decay are evaluated with floating-point
 * polynomials and exp, hence the small relative margin.
 */
export function launchMax(p: RateLaunchConfig, fromUs: number, toUs: number): number {
  const a = launchRateAt(p, fromUs);
  const b = launchRateAt(p, toUs);
  let max = a > b ? a : b;
  const peakAtUs = p.launchAtUs + p.riseUs;
  if (fromUs <= peakAtUs && peakAtUs <= toUs && p.peakPerS > max) max = p.peakPerS;
  return max * (1 + RATE_MAX_MARGIN);
}
