import { describe, expect, it } from 'vitest';
import {
  EVALUATION_WINDOW_US_DEFAULT,
  RTO_STABILITY_US_DEFAULT,
  RTO_THRESHOLD_RATIO_DEFAULT,
  availabilityOver,
  impactWindow,
  measureRto,
  validateWindowSeries,
} from '../src/model/ops/measure/index.js';
import type { RtoMeasurement, WindowSeries } from '../src/model/ops/measure/index.js';

const S = 1_000_000;
const W = 10 * S;

/** A series of `started` requests per window with the given successes, 10-s windows. */
function series(succeeded: number[], started: number | number[] = 100, endUs?: number): WindowSeries {
  const startedPerWindow = typeof started === 'number' ? succeeded.map(() => started) : started;
  return { startedPerWindow, succeededPerWindow: succeeded, windowUs: W, ...(endUs === undefined ? {} : { endUs }) };
}

const ok = (n: number): number[] => new Array<number>(n).fill(100);

describe('defaults', () => {
  it('are the §5 ones: 99%, 60 s stability, 10 s windows', () => {
    expect([RTO_THRESHOLD_RATIO_DEFAULT, RTO_STABILITY_US_DEFAULT, EVALUATION_WINDOW_US_DEFAULT]).toEqual([0.99, 60 * S, 10 * S]);
  });
});

describe('measureRto, hand-computed', () => {
  it('recovered: impact in the fault window (clipped to the fault), a broken run, then six good windows', () => {
    // Fault at 25 s (window 2, offset 5 s). Windows 2–4 bad, 5 good, 6 bad (breaks the run), 7–12 good.
    const s = series([...ok(2), 60, 0, 0, 100, 50, ...ok(8)]);
    const expected: RtoMeasurement = {
      status: 'recovered',
      impactStartUs: 25 * S,
      recoveredAtUs: 70 * S,
      rtoUs: 45 * S,
      availabilityDuringImpact: (60 + 0 + 0 + 100 + 50) / 500,
    };
    expect(measureRto(s, 25 * S)).toEqual(expected);
    expect(impactWindow(s, 25 * S)).toEqual({ startUs: 25 * S, endUs: 70 * S, firstWindow: 2, recoveryWindow: 7 });
    expect(availabilityOver(s, 25 * S, 70 * S)).toBe(expected.availabilityDuringImpact);
  });

  it('impact later than the fault window starts at that window; a fault on a boundary owns the window it starts', () => {
    const s = series([...ok(3), 100, 10, ...ok(6)]);
    expect(measureRto(s, 25 * S)).toMatchObject({ status: 'recovered', impactStartUs: 40 * S, recoveredAtUs: 50 * S, rtoUs: 25 * S });
    expect(measureRto(s, 40 * S)).toMatchObject({ impactStartUs: 40 * S, rtoUs: 10 * S, availabilityDuringImpact: 0.1 });
  });

  it('no impact: a bad window before the fault does not count; RTO is 0', () => {
    const s = series([0, ...ok(10)]);
    expect(measureRto(s, 10 * S)).toEqual({ status: 'no-impact', impactStartUs: null, recoveredAtUs: null, rtoUs: 0, availabilityDuringImpact: null });
    expect(impactWindow(s, 10 * S)).toBeNull();
    // ... but a fault inside that window sees it.
    expect(measureRto(s, 5 * S)).toMatchObject({ status: 'recovered', impactStartUs: 5 * S, rtoUs: 5 * S });
    // A fault at the very end has no window left.
    expect(measureRto(s, 110 * S).status).toBe('no-impact');
  });

  it('not recovered: five good windows at the end are short of 60 s; availability runs to the end', () => {
    const s = series([...ok(2), 0, 50, ...ok(5)]);
    expect(measureRto(s, 20 * S)).toEqual({ status: 'not-recovered', impactStartUs: 20 * S, recoveredAtUs: null, rtoUs: null, availabilityDuringImpact: 550 / 700 });
    expect(impactWindow(s, 20 * S)).toEqual({ startUs: 20 * S, endUs: null, firstWindow: 2, recoveryWindow: null });
  });

  it('the threshold is inclusive: 99/100 is back, 98/100 and 989/1000 are not', () => {
    expect(measureRto(series([0, ...new Array<number>(6).fill(99)]), 0).rtoUs).toBe(10 * S);
    expect(measureRto(series([0, 98, ...ok(6)]), 0).rtoUs).toBe(20 * S);
    expect(measureRto(series([0, 989, ...new Array<number>(6).fill(1000)], 1000), 0).rtoUs).toBe(20 * S);
    expect(measureRto(series([0, 90, ...ok(6)]), 0, { thresholdRatio: 0.9 }).rtoUs).toBe(10 * S);
  });

  it('empty windows neither start the impact nor a recovery run, do not break one, and count towards its length', () => {
    // Window 0 empty: the impact starts at the bad window 1.
    expect(measureRto(series([0, 0, ...ok(6)], [0, 100, ...ok(6)]), 0)).toMatchObject({ impactStartUs: 10 * S, rtoUs: 20 * S });
    // After the impact: two empty windows, then six good ones; the run starts at the first good one.
    expect(measureRto(series([0, 0, 0, ...ok(6)], [100, 0, 0, ...ok(6)]), 0).rtoUs).toBe(30 * S);
    // One good window then five empty ones: a 60-s run with no failure in it.
    expect(measureRto(series([0, 100, 0, 0, 0, 0, 0], [100, 100, 0, 0, 0, 0, 0]), 0).rtoUs).toBe(10 * S);
    // An empty window inside a run, then a bad one: broken; the next run qualifies.
    expect(measureRto(series([0, 100, 0, 0, ...ok(6)], [100, 100, 0, 100, ...ok(6)]), 0).rtoUs).toBe(40 * S);
    // Only empty windows after the impact: no evidence, not recovered.
    expect(measureRto(series([0, 0, 0], [100, 0, 0]), 0).status).toBe('not-recovered');
    // No request at all: no impact.
    expect(measureRto(series([0, 0], [0, 0]), 0).status).toBe('no-impact');
  });

  it('a shorter last window (endUs) shortens the run that reaches it; stabilityUs 0 takes the first good window', () => {
    const succeeded = [0, 0, ...ok(6)];
    expect(measureRto(series(succeeded, 100, 75 * S), 0).status).toBe('not-recovered');
    expect(measureRto(series(succeeded, 100, 80 * S), 0).rtoUs).toBe(20 * S);
    expect(measureRto(series(succeeded, 100, 75 * S), 0, { stabilityUs: 55 * S }).rtoUs).toBe(20 * S);
    expect(measureRto(series([0, 100, 0, 100]), 3 * S, { stabilityUs: 0 })).toMatchObject({ rtoUs: 7 * S, availabilityDuringImpact: 0 });
  });
});

describe('validation', () => {
  it('names every bad field and value, never throwing', () => {
    expect(validateWindowSeries(series(ok(3)))).toEqual([]);
    expect(validateWindowSeries({ startedPerWindow: [1, -1], succeededPerWindow: [1.5, 0], windowUs: 0 })).toEqual([
      'windowUs must be a whole number of µs > 0, got 0',
      'startedPerWindow[1] must be a whole number >= 0, got -1',
      'succeededPerWindow[0] must be a whole number >= 0, got 1.5',
    ]);
    expect(validateWindowSeries({ startedPerWindow: [1, 2], succeededPerWindow: [1, 3], windowUs: W })).toEqual([
      'succeededPerWindow[1] (3) must not exceed startedPerWindow[1] (2): successes count against the window their request started in',
    ]);
    expect(validateWindowSeries({ startedPerWindow: [1], succeededPerWindow: [], windowUs: W })[0]).toMatch(/one entry per window each, got 1 and 0/);
    expect(validateWindowSeries({ ...series(ok(3)), endUs: 20 * S })).toEqual([
      'endUs must be a whole number of µs in (20000000, 30000000] (the end of the last of 3 windows of 10000000 µs), got 20000000',
    ]);
    expect(validateWindowSeries({ startedPerWindow: 'x', succeededPerWindow: null, windowUs: W } as unknown as WindowSeries)).toEqual([
      'startedPerWindow must be an array of request counts, got "x"',
      'succeededPerWindow must be an array of request counts, got null',
    ]);
    expect(validateWindowSeries(undefined as unknown as WindowSeries)[0]).toMatch(/got undefined$/);
    expect(validateWindowSeries({ startedPerWindow: [], succeededPerWindow: [], windowUs: W, endUs: 0 })).toEqual([]);
  });

  it('makes the measures throw one RangeError listing every problem', () => {
    expect(() => measureRto(series(ok(3)), 31 * S, { thresholdRatio: 99, stabilityUs: -1 })).toThrow(
      'measureRto: faultStartUs must be a whole number of µs in [0, 30000000] (the series\' span), got 31000000; thresholdRatio must be an availability in (0, 1] (a fraction, not a percentage), got 99; stabilityUs must be a whole number of µs >= 0, got -1',
    );
    expect(() => impactWindow({ ...series(ok(1)), windowUs: 1.5 }, 0)).toThrow(/impactWindow: invalid series: windowUs/);
    expect(() => availabilityOver(series(ok(3)), 5, 4)).toThrow(/0 <= fromUs <= toUs/);
  });
});

describe('availabilityOver', () => {
  it('sums whole windows overlapping [from, to), null when none started a request or the interval is empty', () => {
    const s = series([100, 50, 0, 100], [100, 100, 0, 100]);
    expect(availabilityOver(s, 0, 40 * S)).toBe(250 / 300);
    expect(availabilityOver(s, 15 * S, 15 * S + 1)).toBe(0.5);
    expect(availabilityOver(s, 5 * S, 10 * S)).toBe(1);
    expect(availabilityOver(s, 9 * S, 11 * S)).toBe(150 / 200);
    expect(availabilityOver(s, 20 * S, 30 * S)).toBeNull();
    expect(availabilityOver(s, 15 * S, 15 * S)).toBeNull();
    expect(availabilityOver(s, 35 * S, 1000 * S)).toBe(1);
  });
});
