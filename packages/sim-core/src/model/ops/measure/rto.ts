import { describeValue } from '../../../assert.js';
import { availabilityOfWindows, checkWindowSeries, seriesEndUs } from './window-series.js';
import type { WindowSeries } from './window-series.js';

/** §5's default recovery threshold: availability at or above 99%. */
export const RTO_THRESHOLD_RATIO_DEFAULT = 0.99;
/** §5's default stability period: 60 s of windows back at or above the threshold. */
export const RTO_STABILITY_US_DEFAULT = 60_000_000;
/** §5's default evaluation window, 10 s (the series carries its own `windowUs`). */
export const EVALUATION_WINDOW_US_DEFAULT = 10_000_000;

export interface RtoOptions {
  /** The recovery threshold, availability in (0, 1]; default 0.99 (or the scenario's SLO). */
  readonly thresholdRatio?: number;
  /** How long the recovered windows must last, µs (a whole number >= 0); default 60 s. */
  readonly stabilityUs?: number;
}

/** The impact window of a fault: from the first window below the threshold to the recovery. */
export interface ImpactWindow {
  /** The start of the first impacted window, but not before the fault: max(index·windowUs, fault start). */
  readonly startUs: number;
  /** The start of the recovery run (`recoveredAtUs`); null when not recovered within the series. */
  readonly endUs: number | null;
  /** The index of the first impacted window. */
  readonly firstWindow: number;
  /** The index of the recovery run's first window; null when not recovered. */
  readonly recoveryWindow: number | null;
}

/**
 * - `no-impact`: no window from the fault on fell below the threshold; rtoUs is 0.
 * - `recovered`: impact, then a stable recovery; rtoUs = recoveredAtUs − fault start.
 * - `not-recovered`: impact, and no stable recovery before the series ends; rtoUs is null and
 *   fails any RTO target.
 */
export type RtoStatus = 'no-impact' | 'recovered' | 'not-recovered';

export interface RtoMeasurement {
  readonly status: RtoStatus;
  readonly impactStartUs: number | null;
  readonly recoveredAtUs: number | null;
  readonly rtoUs: number | null;
  /**
   * Successes / requests started over the impact window's windows (the first impacted one to
   * the last before the recovery run, or to the series' end when not recovered); null when
   * there was no impact.
   */
  readonly availabilityDuringImpact: number | null;
}

/**
 * The impact window of a fault that began at `faultStartUs`, by ARCHITECTURE §5, on the
 * affected population's series (the caller picks the population: its regions and endpoints).
 *
 * Each window is `empty` (no request started), `good` (succeeded / started >= thresholdRatio)
 * or `bad`. The windows considered start with the one the fault began in, floor(f / windowUs);
 * its requests from before the fault count too, as the counts cannot be split.
 * - Impact starts in the first bad window considered.
 * - Recovery: after the first impacted window, a run starts at a good window and goes on over
 *   good AND empty windows until a bad one; its length at window m is
 *   min((m + 1)·windowUs, end) − (its start). The first run whose length reaches stabilityUs is
 *   the recovery; the impact window ends at its start. A run cut off by the end of the series
 *   before reaching stabilityUs does not count: not recovered.
 * Empty windows: no request, no evidence. One cannot start the impact or a recovery run (the
 *   fault is not over just because nobody asked), nor break a run (nothing failed), and its
 *   time counts towards the run's stability.
 *
 * So a recovery always starts on a window boundary after the fault, and RTO = k·windowUs −
 * (f mod windowUs) for a whole k >= 1. Null when there is no impact. Throws a RangeError for a
 * bad series, fault time (a whole number of µs in [0, end]) or options.
 */
export function impactWindow(series: WindowSeries, faultStartUs: number, options: RtoOptions = {}): ImpactWindow | null {
  const { threshold, stabilityUs } = checkArguments('impactWindow', series, faultStartUs, options);
  return findImpact(series, faultStartUs, threshold, stabilityUs);
}

/**
 * The measured RTO of a fault that began at `faultStartUs` (ARCHITECTURE §5; see
 * `impactWindow` for the exact rules): from the fault's start to the start of the first run of
 * windows at or above the threshold lasting at least stabilityUs after the impact began.
 */
export function measureRto(series: WindowSeries, faultStartUs: number, options: RtoOptions = {}): RtoMeasurement {
  const { threshold, stabilityUs } = checkArguments('measureRto', series, faultStartUs, options);
  const impact = findImpact(series, faultStartUs, threshold, stabilityUs);
  if (impact === null) {
    return { status: 'no-impact', impactStartUs: null, recoveredAtUs: null, rtoUs: 0, availabilityDuringImpact: null };
  }
  const end = impact.recoveryWindow ?? series.startedPerWindow.length;
  return {
    status: impact.endUs === null ? 'not-recovered' : 'recovered',
    impactStartUs: impact.startUs,
    recoveredAtUs: impact.endUs,
    rtoUs: impact.endUs === null ? null : impact.endUs - faultStartUs,
    availabilityDuringImpact: availabilityOfWindows(series, impact.firstWindow, end),
  };
}

const EMPTY = 0;
const GOOD = 1;
const BAD = 2;

function classify(series: WindowSeries, i: number, threshold: number): number {
  const started = series.startedPerWindow[i];
  if (started === 0) return EMPTY;
  // A quotient of whole numbers, compared as is: 99 / 100 rounds to the same double as 0.99.
  return series.succeededPerWindow[i] / started >= threshold ? GOOD : BAD;
}

function findImpact(series: WindowSeries, faultStartUs: number, threshold: number, stabilityUs: number): ImpactWindow | null {
  const w = series.windowUs;
  const n = series.startedPerWindow.length;
  const endUs = seriesEndUs(series);
  if (faultStartUs >= endUs) return null;
  let first = -1;
  for (let i = Math.floor(faultStartUs / w); i < n && first < 0; i++) {
    if (classify(series, i, threshold) === BAD) first = i;
  }
  if (first < 0) return null;
  const startUs = Math.max(first * w, faultStartUs);
  let runStart = -1;
  for (let m = first + 1; m < n; m++) {
    const state = classify(series, m, threshold);
    if (state === BAD) {
      runStart = -1;
      continue;
    }
    if (runStart < 0) {
      if (state === EMPTY) continue;
      runStart = m;
    }
    if (Math.min((m + 1) * w, endUs) - runStart * w >= stabilityUs) {
      return { startUs, endUs: runStart * w, firstWindow: first, recoveryWindow: runStart };
    }
  }
  return { startUs, endUs: null, firstWindow: first, recoveryWindow: null };
}

function checkArguments(owner: string, series: WindowSeries, faultStartUs: number, options: RtoOptions): { threshold: number; stabilityUs: number } {
  checkWindowSeries(owner, series);
  const problems: string[] = [];
  const endUs = seriesEndUs(series);
  if (!(Number.isSafeInteger(faultStartUs) && faultStartUs >= 0 && faultStartUs <= endUs)) {
    problems.push(`faultStartUs must be a whole number of µs in [0, ${endUs}] (the series' span), got ${describeValue(faultStartUs)}`);
  }
  if (typeof options !== 'object' || options === null) {
    problems.push(`options must be an object { thresholdRatio?, stabilityUs? }, got ${describeValue(options)}`);
    throw new RangeError(`${owner}: ${problems.join('; ')}`);
  }
  const threshold: unknown = options.thresholdRatio ?? RTO_THRESHOLD_RATIO_DEFAULT;
  const stabilityUs: unknown = options.stabilityUs ?? RTO_STABILITY_US_DEFAULT;
  if (!(typeof threshold === 'number' && threshold > 0 && threshold <= 1)) {
    problems.push(`thresholdRatio must be an availability in (0, 1] (a fraction, not a percentage), got ${describeValue(threshold)}`);
  }
  if (!(Number.isSafeInteger(stabilityUs) && (stabilityUs as number) >= 0)) problems.push(`stabilityUs must be a whole number of µs >= 0, got ${describeValue(stabilityUs)}`);
  if (problems.length > 0) throw new RangeError(`${owner}: ${problems.join('; ')}`);
  return { threshold: threshold as number, stabilityUs: stabilityUs as number };
}
