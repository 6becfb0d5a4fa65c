import { describeValue } from '../../assert.js';
import { diurnalIntegralUs, diurnalMax, diurnalRateAt } from './rate-diurnal.js';
import type { RateDiurnalConfig } from './rate-diurnal.js';
import { launchIntegralUs, launchMax, launchRateAt } from './rate-launch.js';
import type { RateLaunchConfig } from './rate-launch.js';
import { rampIntegralUs, rampMax, rampRateAt, spikeIntegralUs, spikeMax, spikeRateAt } from './rate-linear.js';
import type { RateConstantConfig, RateRampConfig, RateSpikeConfig } from './rate-linear.js';
import { nextOverlayBoundaryUs, overlayFactorAt } from './rate-overlay.js';
import type { RateOverlay } from './rate-overlay.js';
import { piecewiseIntegralUs, piecewiseMax, piecewiseRateAt } from './rate-piecewise.js';
import type { RatePiecewiseConfig } from './rate-piecewise.js';

export { validateRateProfile } from './rate-profile-validate.js';

/**
 * The user request rate over simulated time, in requests per second, as the scenario
 * language resolves it: every duration is already integer µs and every rate a number per
 * second. Each kind is documented with its config type. The functions below assume a
 * profile that validateRateProfile accepts; they do not re-check it on every call because
 * they sit on the arrival hot path.
 */
export type RateProfileConfig =
  | RateConstantConfig
  | RateRampConfig
  | RateSpikeConfig
  | RateDiurnalConfig
  | RateLaunchConfig
  | RatePiecewiseConfig;

export type RateProfileKind = RateProfileConfig['kind'];

const US_PER_S = 1_000_000;

/** The profile's own rate at timeUs, without overlays. */
function baseRateAt(profile: RateProfileConfig, timeUs: number): number {
  switch (profile.kind) {
    case 'constant':
      return profile.ratePerS;
    case 'ramp':
      return rampRateAt(profile, timeUs);
    case 'spike':
      return spikeRateAt(profile, timeUs);
    case 'diurnal':
      return diurnalRateAt(profile, timeUs);
    case 'launch':
      return launchRateAt(profile, timeUs);
    case 'piecewise':
      return piecewiseRateAt(profile, timeUs);
  }
}

/** The profile's own integral over [fromUs, toUs] in rate·µs. */
function baseIntegralUs(profile: RateProfileConfig, fromUs: number, toUs: number): number {
  switch (profile.kind) {
    case 'constant':
      return profile.ratePerS * (toUs - fromUs);
    case 'ramp':
      return rampIntegralUs(profile, fromUs, toUs);
    case 'spike':
      return spikeIntegralUs(profile, fromUs, toUs);
    case 'diurnal':
      return diurnalIntegralUs(profile, fromUs, toUs);
    case 'launch':
      return launchIntegralUs(profile, fromUs, toUs);
    case 'piecewise':
      return piecewiseIntegralUs(profile, fromUs, toUs);
  }
}

/** The profile's own maximum over the closed window [fromUs, toUs]. */
function baseMax(profile: RateProfileConfig, fromUs: number, toUs: number): number {
  switch (profile.kind) {
    case 'constant':
      return profile.ratePerS;
    case 'ramp':
      return rampMax(profile, fromUs, toUs);
    case 'spike':
      return spikeMax(profile, fromUs, toUs);
    case 'diurnal':
      return diurnalMax(profile, fromUs, toUs);
    case 'launch':
      return launchMax(profile, fromUs, toUs);
    case 'piecewise':
      return piecewiseMax(profile, fromUs, toUs);
  }
}

/** Requests per second at timeUs, multiplied by every overlay active then. */
export function rateAt(profile: RateProfileConfig, timeUs: number, overlays?: readonly RateOverlay[]): number {
  const rate = baseRateAt(profile, timeUs);
  return overlays === undefined || overlays.length === 0 ? rate : rate * overlayFactorAt(overlays, timeUs);
}

function checkWindow(call: string, fromUs: number, toUs: number): void {
  // The negated comparison also catches NaN.
  if (!(fromUs <= toUs)) {
    throw new RangeError(`${call}: needs fromUs <= toUs, got ${describeValue(fromUs)} and ${describeValue(toUs)}`);
  }
}

/**
 * An upper bound of rateAt over the closed window [fromUs, toUs], for thinning. It is the
 * exact maximum for the straight-line kinds and, for diurnal and launch, the maximum widened
 * by RATE_MAX_MARGIN (10⁻¹²) to absorb rounding in cos and exp. With overlays the window is
 * cut where an overlay starts or ends, so the bound stays tight (a factor-5 spike in one
 * corner does not inflate the rest).
 */
export function rateMax(profile: RateProfileConfig, fromUs: number, toUs: number, overlays?: readonly RateOverlay[]): number {
  checkWindow('rateMax', fromUs, toUs);
  if (overlays === undefined || overlays.length === 0) return baseMax(profile, fromUs, toUs);
  let max = 0;
  let lo = fromUs;
  while (lo < toUs) {
    const hi = nextOverlayBoundaryUs(overlays, lo, toUs);
    // The factor is constant on [lo, hi); the point hi itself is covered by the next piece
    // or, at the window's end, by the check after the loop.
    const factor = overlayFactorAt(overlays, lo);
    if (factor > 0) {
      const m = factor * baseMax(profile, lo, hi);
      if (m > max) max = m;
    }
    lo = hi;
  }
  const atEnd = rateAt(profile, toUs, overlays);
  return atEnd > max ? atEnd : max;
}

/**
 * The expected number of arrivals in [fromUs, toUs]: the integral of the rate (per second)
 * over the window (in seconds). Analytic for every kind; with overlays it is the sum of the
 * profile's integral over each stretch of constant overlay factor times that factor.
 */
export function integrateRate(profile: RateProfileConfig, fromUs: number, toUs: number, overlays?: readonly RateOverlay[]): number {
  checkWindow('integrateRate', fromUs, toUs);
  if (overlays === undefined || overlays.length === 0) return baseIntegralUs(profile, fromUs, toUs) / US_PER_S;
  let sum = 0;
  let lo = fromUs;
  while (lo < toUs) {
    const hi = nextOverlayBoundaryUs(overlays, lo, toUs);
    const factor = overlayFactorAt(overlays, lo);
    if (factor > 0) sum += factor * baseIntegralUs(profile, lo, hi);
    lo = hi;
  }
  return sum / US_PER_S;
}
