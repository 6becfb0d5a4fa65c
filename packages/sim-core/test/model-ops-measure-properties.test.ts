import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { availabilityOver, impactWindow, measureRto } from '../src/model/ops/measure/index.js';
import type { RtoMeasurement, WindowSeries } from '../src/model/ops/measure/index.js';

/**
 * The reference: §5 read literally, by brute force over plain arrays. Windows are labelled
 * first; the impact is the first bad window from the fault's window on; then every good window
 * after it is tried in turn as a recovery start, and its run is grown window by window until a
 * bad window or the series' end, its length compared with the stability period.
 */
function referenceRto(series: WindowSeries, faultUs: number, threshold: number, stabilityUs: number): RtoMeasurement {
  const w = series.windowUs;
  const n = series.startedPerWindow.length;
  const end = series.endUs ?? n * w;
  const label = series.startedPerWindow.map((started, i) => (started === 0 ? 'empty' : series.succeededPerWindow[i] / started >= threshold ? 'good' : 'bad'));
  const considered = label.map((_, i) => i).filter((i) => (i + 1) * w > faultUs && i * w < end && faultUs < end);
  const first = considered.find((i) => label[i] === 'bad');
  if (first === undefined) return { status: 'no-impact', impactStartUs: null, recoveredAtUs: null, rtoUs: 0, availabilityDuringImpact: null };
  let recovery: number | undefined;
  for (let r = first + 1; r < n && recovery === undefined; r++) {
    if (label[r] !== 'good') continue;
    let last = r;
    while (last + 1 < n && label[last + 1] !== 'bad') last++;
    if (Math.min((last + 1) * w, end) - r * w >= stabilityUs) recovery = r;
  }
  const impacted = label.map((_, i) => i).filter((i) => i >= first && i < (recovery ?? n));
  const started = impacted.reduce((sum, i) => sum + series.startedPerWindow[i], 0);
  const succeeded = impacted.reduce((sum, i) => sum + series.succeededPerWindow[i], 0);
  return {
    status: recovery === undefined ? 'not-recovered' : 'recovered',
    impactStartUs: Math.max(first * w, faultUs),
    recoveredAtUs: recovery === undefined ? null : recovery * w,
    rtoUs: recovery === undefined ? null : recovery * w - faultUs,
    availabilityDuringImpact: started === 0 ? null : succeeded / started,
  };
}

/**
 * Series with few requests per window (0–4), so empty windows, exact threshold hits (e.g. 3/4
 * against 0.75) and short runs are all common; a fault anywhere in the span.
 */
const scenario = fc
  .record({
    windowUs: fc.integer({ min: 1, max: 20_000_000 }),
    counts: fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })), { maxLength: 40 }),
    endShare: fc.option(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { nil: undefined }),
    faultShare: fc.double({ min: 0, max: 1, noNaN: true }),
    threshold: fc.constantFrom(0.5, 0.75, 0.99, 1),
    stabilityWindows: fc.double({ min: 0, max: 8, noNaN: true }),
  })
  .map(({ windowUs, counts, endShare, faultShare, threshold, stabilityWindows }) => {
    const n = counts.length;
    // endUs in ((n − 1)·w, n·w]: the last window keeps at least 1 µs.
    const endUs = endShare === undefined || n === 0 ? undefined : n * windowUs - Math.floor(endShare * (windowUs - 1));
    const span = endUs ?? n * windowUs;
    const series: WindowSeries = {
      startedPerWindow: counts.map(([a, b]) => Math.max(a, b)),
      succeededPerWindow: counts.map(([a, b]) => Math.min(a, b)),
      windowUs,
      ...(endUs === undefined ? {} : { endUs }),
    };
    return { series, faultUs: Math.floor(faultShare * span), threshold, stabilityUs: Math.floor(stabilityWindows * windowUs) };
  });

describe('measureRto against the brute-force reference', () => {
  it('agrees on every field', () => {
    fc.assert(
      fc.property(scenario, ({ series, faultUs, threshold, stabilityUs }) => {
        const options = { thresholdRatio: threshold, stabilityUs };
        const measured = measureRto(series, faultUs, options);
        expect(measured).toEqual(referenceRto(series, faultUs, threshold, stabilityUs));
        const impact = impactWindow(series, faultUs, options);
        expect(impact === null ? null : [impact.startUs, impact.endUs]).toEqual(measured.status === 'no-impact' ? null : [measured.impactStartUs, measured.recoveredAtUs]);
        if (measured.impactStartUs !== null) {
          const to = measured.recoveredAtUs ?? series.endUs ?? series.startedPerWindow.length * series.windowUs;
          expect(availabilityOver(series, measured.impactStartUs, to)).toBe(measured.availabilityDuringImpact);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('measureRto properties', () => {
  it('a recovery starts on a window boundary after the fault: RTO = k·window − (fault mod window), k >= 1', () => {
    fc.assert(
      fc.property(scenario, ({ series, faultUs, threshold, stabilityUs }) => {
        const m = measureRto(series, faultUs, { thresholdRatio: threshold, stabilityUs });
        if (m.status !== 'recovered') return;
        const w = series.windowUs;
        const k = ((m.rtoUs as number) + (faultUs % w)) / w;
        expect(Number.isInteger(k) && k >= 1).toBe(true);
        expect(m.impactStartUs as number).toBeGreaterThanOrEqual(faultUs);
        expect(m.recoveredAtUs as number).toBeGreaterThan(m.impactStartUs as number);
      }),
      { numRuns: 1000 },
    );
  });

  it('a longer stability period never gives an earlier recovery, and only an impact can be unrecovered', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 50_000_000 }), ({ series, faultUs, threshold, stabilityUs }, extraUs) => {
        const rto = (m: RtoMeasurement): number => (m.rtoUs === null ? Infinity : m.rtoUs);
        const shorter = measureRto(series, faultUs, { thresholdRatio: threshold, stabilityUs });
        const longer = measureRto(series, faultUs, { thresholdRatio: threshold, stabilityUs: stabilityUs + extraUs });
        expect(rto(longer)).toBeGreaterThanOrEqual(rto(shorter));
        expect(longer.impactStartUs).toBe(shorter.impactStartUs);
        if (shorter.status === 'no-impact') expect(shorter.rtoUs).toBe(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('the first impacted window is below the threshold and every window of the stable run is not', () => {
    fc.assert(
      fc.property(scenario, ({ series, faultUs, threshold, stabilityUs }) => {
        const impact = impactWindow(series, faultUs, { thresholdRatio: threshold, stabilityUs });
        if (impact === null) return;
        const availability = (i: number): number | null =>
          series.startedPerWindow[i] === 0 ? null : series.succeededPerWindow[i] / series.startedPerWindow[i];
        expect(availability(impact.firstWindow)).toBeLessThan(threshold);
        if (impact.recoveryWindow === null) return;
        expect(availability(impact.recoveryWindow)).toBeGreaterThanOrEqual(threshold);
        const w = series.windowUs;
        for (let i = impact.recoveryWindow; i * w < impact.recoveryWindow * w + stabilityUs && i < series.startedPerWindow.length; i++) {
          const a = availability(i);
          if (a !== null) expect(a).toBeGreaterThanOrEqual(threshold);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
