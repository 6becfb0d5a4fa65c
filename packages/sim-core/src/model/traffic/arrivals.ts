import { describeValue } from '../../assert.js';
import type { RandomStream } from '../../kernel/random-stream.js';
import { validateOverlays } from './rate-overlay.js';
import type { RateOverlay } from './rate-overlay.js';
import { rateAt, rateMax, validateRateProfile } from './rate-profile.js';
import type { RateProfileConfig } from './rate-profile.js';

/** Length of a thinning window: the span over which one upper bound of the rate holds. */
export const ARRIVAL_WINDOW_US_DEFAULT = 1_000_000;

/** While the rate is zero, windows double, up to this many times the base length. */
const ZERO_WINDOW_GROWTH_MAX = 1024;

const US_PER_S = 1_000_000;

export interface ArrivalProcessOptions {
  /** The first arrival is at or after startUs (integer µs). */
  readonly startUs: number;
  /** Every arrival is before endUs (integer µs, >= startUs). */
  readonly endUs: number;
  /** Multiplicative overlays (the traffic-spike fault); see also setOverlays. */
  readonly overlays?: readonly RateOverlay[];
  /** Thinning window length, default ARRIVAL_WINDOW_US_DEFAULT (1 s); a positive integer. */
  readonly windowUs?: number;
}

/**
 * Open-loop arrivals of a non-homogeneous Poisson process with the profile's rate, by
 * Lewis–Shedler thinning against a piecewise-constant bound.
 *
 * Time is cut into windows of windowUs. In each window the bound λ̄ is rateMax over it, a
 * homogeneous Poisson process of rate λ̄ proposes candidates (exponential gaps), and a
 * candidate at t is kept with probability rate(t)/λ̄. When a gap runs past the window's end
 * the clock restarts there with the next window's bound, which is exact because exponential
 * gaps are memoryless. Arrival times are continuous internally and only the returned value is
 * rounded to whole µs, so rounding never accumulates: that rounding (at most 0.5 µs) is the
 * only departure from the exact Poisson arrivals.
 *
 * Acceptance (accepted / candidates) in a window is the mean rate over the window divided by
 * its maximum: 1 for a constant rate; above 0.9999 for a daily cycle with amplitudeRatio up to 0.9; for a ramp,
 * 1 − (change over 1 s)/(2·rate); for a spike or a step, 1 everywhere except the one or
 * two windows that contain an edge. Windows where the rate is zero draw nothing and grow
 * (doubling up to 1024 windows) so a long quiet stretch costs a few bound evaluations.
 *
 * Each candidate costs one exponential, one float and one rateAt; nothing is allocated.
 */
export class ArrivalProcess {
  readonly startUs: number;
  readonly endUs: number;
  /** Candidates proposed so far (accepted or not), for measuring the acceptance. */
  candidates = 0;
  /** Arrivals returned so far. */
  accepted = 0;
  private readonly profile: RateProfileConfig;
  private readonly rng: RandomStream;
  private readonly windowUs: number;
  private overlays: readonly RateOverlay[];
  /** The exact (unrounded) time of the last candidate, or where the clock restarted. */
  private timeUs: number;
  private windowEndUs: number;
  private boundPerS = 0;
  private meanGapUs = 0;
  /** Length of the next window to try; longer than windowUs only while the rate is zero. */
  private nextWindowUs: number;
  /** The last value returned; -Infinity before the first arrival. */
  private lastUs = -Infinity;
  private finished = false;

  constructor(profile: RateProfileConfig, rng: RandomStream, options: ArrivalProcessOptions) {
    const { startUs, endUs, overlays = [], windowUs = ARRIVAL_WINDOW_US_DEFAULT } = options;
    const problems = validateRateProfile(profile);
    for (const problem of validateOverlays(overlays)) problems.push(problem);
    if (!Number.isSafeInteger(startUs)) problems.push(`startUs must be a safe integer, got ${describeValue(startUs)}`);
    if (!Number.isSafeInteger(endUs)) problems.push(`endUs must be a safe integer, got ${describeValue(endUs)}`);
    else if (endUs < startUs) problems.push(`endUs (${endUs}) must be >= startUs (${startUs})`);
    if (!(Number.isSafeInteger(windowUs) && windowUs > 0)) problems.push(`windowUs must be a positive safe integer, got ${describeValue(windowUs)}`);
    if (problems.length > 0) throw new RangeError(`ArrivalProcess: ${problems.join('; ')}`);
    this.profile = profile;
    this.rng = rng;
    this.startUs = startUs;
    this.endUs = endUs;
    this.overlays = overlays;
    this.windowUs = windowUs;
    this.nextWindowUs = windowUs;
    this.timeUs = startUs;
    // An empty window at the start makes the first call open a real one.
    this.windowEndUs = startUs;
  }

  /**
   * The next arrival as an absolute integer µs in [startUs, endUs), never before nowUs and
   * never before the previous arrival, or -1 when there is none before endUs (and from then
   * on). Called at the previous arrival's time, the usual pattern, it continues the process
   * without a gap. Called later, it starts afresh at nowUs, skipping the arrivals in between:
   * still the same Poisson process from nowUs on, since its increments are independent.
   */
  nextArrivalUs(nowUs: number): number {
    if (this.finished) return -1;
    if (nowUs > this.lastUs && nowUs > this.timeUs) this.timeUs = nowUs;
    const rng = this.rng;
    for (;;) {
      if (this.timeUs >= this.windowEndUs && !this.openWindow()) {
        this.finished = true;
        return -1;
      }
      if (this.boundPerS === 0) {
        this.timeUs = this.windowEndUs;
        continue;
      }
      const t = this.timeUs + rng.exponential(this.meanGapUs);
      if (t >= this.windowEndUs) {
        this.timeUs = this.windowEndUs;
        continue;
      }
      this.timeUs = t;
      this.candidates++;
      if (rng.float() * this.boundPerS < rateAt(this.profile, t, this.overlays)) {
        const at = Math.round(t);
        if (at >= this.endUs) {
          this.finished = true;
          return -1;
        }
        this.accepted++;
        this.lastUs = at;
        return at;
      }
    }
  }

  /**
   * Replaces the overlays from the current time on (a fault injected while the run is
   * going). The current window's bound was taken with the old overlays, so the next call
   * opens a fresh window where the process stands; memorylessness keeps that exact. The
   * caller validates the overlays (validateOverlays) if they come from outside.
   */
  setOverlays(overlays: readonly RateOverlay[]): void {
    this.overlays = overlays;
    this.windowEndUs = this.timeUs;
    this.nextWindowUs = this.windowUs;
  }

  /** Opens the window starting at timeUs; false when timeUs has reached endUs. */
  private openWindow(): boolean {
    const fromUs = this.timeUs;
    if (fromUs >= this.endUs) return false;
    let lengthUs = this.nextWindowUs;
    for (;;) {
      const toUs = Math.min(fromUs + lengthUs, this.endUs);
      let bound = rateMax(this.profile, fromUs, toUs, this.overlays);
      // A bound so small that its mean gap overflows is zero for every practical purpose.
      if (!(US_PER_S / bound < Infinity)) bound = 0;
      if (bound === 0 || lengthUs === this.windowUs) {
        this.windowEndUs = toUs;
        this.boundPerS = bound;
        this.meanGapUs = bound > 0 ? US_PER_S / bound : 0;
        this.nextWindowUs = bound === 0 ? Math.min(lengthUs * 2, this.windowUs * ZERO_WINDOW_GROWTH_MAX) : this.windowUs;
        return true;
      }
      // A grown window that holds traffic would give a loose bound over its quiet part, so
      // fall back to the base length from the same point.
      lengthUs = this.windowUs;
    }
  }
}
