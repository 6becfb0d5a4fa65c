import { describeValue } from '../../../assert.js';

/**
 * One population's user requests per evaluation window (ARCHITECTURE §5). Window i covers
 * [i·windowUs, (i+1)·windowUs) of simulated time, from 0; the last window ends at `endUs` when
 * given (a run whose length is not a multiple of the window), else at length·windowUs.
 *
 * `succeededPerWindow[i]` counts the requests STARTED in window i that succeeded, wherever they
 * completed: §5's availability of a window is successes / requests started in it. So
 * succeeded <= started in every window.
 */
export interface WindowSeries {
  readonly startedPerWindow: readonly number[];
  readonly succeededPerWindow: readonly number[];
  /** The evaluation window, µs (a whole number > 0; §5's default is 10 s). */
  readonly windowUs: number;
  /** When the last window ends, µs, in ((length − 1)·windowUs, length·windowUs]; default length·windowUs. */
  readonly endUs?: number;
}

/**
 * The problems with a series, as sentences naming the field and the bad value; empty when it
 * is usable. Never throws; checks types (the series may come from a file through a cast).
 */
export function validateWindowSeries(series: WindowSeries): string[] {
  if (typeof series !== 'object' || series === null || Array.isArray(series)) {
    return [`a window series must be an object { startedPerWindow, succeededPerWindow, windowUs, endUs? }, got ${describeValue(series)}`];
  }
  const problems: string[] = [];
  const windowUs: unknown = series.windowUs;
  if (!(Number.isSafeInteger(windowUs) && (windowUs as number) > 0)) problems.push(`windowUs must be a whole number of µs > 0, got ${describeValue(windowUs)}`);
  const started: unknown = series.startedPerWindow;
  const succeeded: unknown = series.succeededPerWindow;
  if (!Array.isArray(started)) problems.push(`startedPerWindow must be an array of request counts, got ${describeValue(started)}`);
  if (!Array.isArray(succeeded)) problems.push(`succeededPerWindow must be an array of request counts, got ${describeValue(succeeded)}`);
  if (!Array.isArray(started) || !Array.isArray(succeeded)) return problems;
  if (started.length !== succeeded.length) {
    problems.push(`startedPerWindow and succeededPerWindow must have one entry per window each, got ${started.length} and ${succeeded.length} entries`);
    return problems;
  }
  checkCounts(problems, started, succeeded);
  const endUs: unknown = series.endUs;
  if (endUs !== undefined && problems.length === 0) {
    const w = windowUs as number;
    const n = started.length;
    const low = Math.max(0, (n - 1) * w);
    if (!(Number.isSafeInteger(endUs) && (endUs as number) <= n * w && ((endUs as number) > low || (n === 0 && endUs === 0)))) {
      problems.push(`endUs must be a whole number of µs in (${low}, ${n * w}] (the end of the last of ${n} windows of ${w} µs), got ${describeValue(endUs)}`);
    }
  }
  return problems;
}

/** Reports the first bad entry of each kind, so a long series gives a few sentences, not thousands. */
function checkCounts(problems: string[], started: readonly unknown[], succeeded: readonly unknown[]): void {
  const badStarted = started.findIndex((v) => !(Number.isSafeInteger(v) && (v as number) >= 0));
  if (badStarted >= 0) problems.push(`startedPerWindow[${badStarted}] must be a whole number >= 0, got ${describeValue(started[badStarted])}`);
  const badSucceeded = succeeded.findIndex((v) => !(Number.isSafeInteger(v) && (v as number) >= 0));
  if (badSucceeded >= 0) problems.push(`succeededPerWindow[${badSucceeded}] must be a whole number >= 0, got ${describeValue(succeeded[badSucceeded])}`);
  if (badStarted >= 0 || badSucceeded >= 0) return;
  const over = succeeded.findIndex((v, i) => (v as number) > (started[i] as number));
  if (over >= 0) {
    problems.push(
      `succeededPerWindow[${over}] (${describeValue(succeeded[over])}) must not exceed startedPerWindow[${over}] (${describeValue(started[over])}): successes count against the window their request started in`,
    );
  }
}

/** Throws a RangeError listing every problem with the series. */
export function checkWindowSeries(owner: string, series: WindowSeries): void {
  const problems = validateWindowSeries(series);
  if (problems.length > 0) throw new RangeError(`${owner}: invalid series: ${problems.join('; ')}`);
}

/** When the series' last window ends, µs. The series is assumed valid. */
export function seriesEndUs(series: WindowSeries): number {
  return series.endUs ?? series.startedPerWindow.length * series.windowUs;
}

/**
 * Availability over [fromUs, toUs): successes / requests started, summed over every window that
 * overlaps the interval — whole windows, since counts cannot be split within one. So
 * [fromUs, toUs) = [impact start, recovery) gives the impact window's availability. Null when
 * those windows started no request (or the interval is empty). Throws a RangeError for a bad
 * series or 0 <= fromUs <= toUs not holding.
 */
export function availabilityOver(series: WindowSeries, fromUs: number, toUs: number): number | null {
  checkWindowSeries('availabilityOver', series);
  if (!(typeof fromUs === 'number' && typeof toUs === 'number' && fromUs >= 0 && fromUs <= toUs && Number.isFinite(toUs))) {
    throw new RangeError(`availabilityOver: need 0 <= fromUs <= toUs (finite), got fromUs ${describeValue(fromUs)} and toUs ${describeValue(toUs)}`);
  }
  if (fromUs === toUs) return null;
  return availabilityOfWindows(series, Math.floor(fromUs / series.windowUs), Math.ceil(toUs / series.windowUs));
}

/** Σ succeeded / Σ started over windows [first, end) clipped to the series; null when nothing started. */
export function availabilityOfWindows(series: WindowSeries, first: number, end: number): number | null {
  const last = Math.min(end, series.startedPerWindow.length);
  let started = 0;
  let succeeded = 0;
  for (let i = Math.max(0, first); i < last; i++) {
    started += series.startedPerWindow[i];
    succeeded += series.succeededPerWindow[i];
  }
  return started === 0 ? null : succeeded / started;
}
