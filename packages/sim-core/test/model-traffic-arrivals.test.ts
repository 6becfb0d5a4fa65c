import { describe, expect, it } from 'vitest';
import { RandomStream } from '../src/kernel/random-stream.js';
import { ArrivalProcess, integrateRate } from '../src/model/traffic/index.js';
import type { RateOverlay, RateProfileConfig } from '../src/model/traffic/index.js';

const S = 1_000_000;
const SEED = 20_250_101;
/** Two-sided 99.9% normal critical value, z(0.9995). */
const Z999 = 3.2905267314918945;
/** Counting windows per run: 100 s in windows of 0.5 s. */
const HORIZON_US = 100 * S;
const BIN_US = 500_000;
const BINS = HORIZON_US / BIN_US;
/**
 * The 0.05% and 99.95% points of the chi-square distribution with 200 degrees of freedom
 * (scipy.stats.chi2.ppf), a two-sided 99.9% band: too little dispersion (arrivals too
 * regular) fails as surely as too much.
 */
const CHI2_200_LOW = 140.66045031901618;
const CHI2_200_HIGH = 272.4226080404334;
/** The Kolmogorov distribution's 99.9% point, for the KS test. */
const KS_999 = 1.949474603504375;

/** Every arrival of a fresh process from startUs to endUs, calling back at each arrival. */
function arrivals(profile: RateProfileConfig, name: string, startUs: number, endUs: number, overlays?: RateOverlay[]): { times: number[]; process: ArrivalProcess } {
  const process = new ArrivalProcess(profile, new RandomStream(SEED, name), { startUs, endUs, overlays });
  const times: number[] = [];
  for (let t = process.nextArrivalUs(startUs); t >= 0; t = process.nextArrivalUs(t)) times.push(t);
  return { times, process };
}

/** Pearson's statistic of the arrival counts in the 200 windows against the profile's integrals. */
function chiSquare(times: readonly number[], profile: RateProfileConfig, overlays?: RateOverlay[]): number {
  const counts = new Array<number>(BINS).fill(0);
  for (const t of times) counts[Math.floor(t / BIN_US)]++;
  let chi2 = 0;
  for (let i = 0; i < BINS; i++) {
    const mean = integrateRate(profile, i * BIN_US, (i + 1) * BIN_US, overlays);
    chi2 += (counts[i] - mean) ** 2 / mean;
  }
  return chi2;
}

interface Case {
  readonly name: string;
  readonly profile: RateProfileConfig;
  readonly overlays?: RateOverlay[];
}

// Every rate stays at 50/s or more, so each 0.5 s window expects at least 25 arrivals and the
// chi-square approximation of the Poisson counts holds. Edges fall inside windows, not on them.
const CASES: Case[] = [
  { name: 'constant 400/s', profile: { kind: 'constant', ratePerS: 400 } },
  { name: 'ramp 100 -> 900/s over 10..90 s', profile: { kind: 'ramp', fromPerS: 100, toPerS: 900, startUs: 10 * S, endUs: 90 * S } },
  {
    name: 'spike 200 -> 3000/s for 0.3 s with 0.2 s ramps',
    profile: { kind: 'spike', basePerS: 200, peakPerS: 3000, startUs: 40_250_000, durationUs: 300_000, rampUs: 200_000 },
  },
  { name: 'rectangular spike 150 -> 1500/s for 2.7 s', profile: { kind: 'spike', basePerS: 150, peakPerS: 1500, startUs: 60_100_000, durationUs: 2_700_000 } },
  { name: 'diurnal 400/s ± 80% with a 30 s period', profile: { kind: 'diurnal', meanPerS: 400, amplitudeRatio: 0.8, periodUs: 30 * S, peakAtUs: 7_500_000 } },
  {
    name: 'launch 100 -> 1600/s, decaying to 300/s',
    profile: { kind: 'launch', basePerS: 100, peakPerS: 1600, plateauPerS: 300, launchAtUs: 20_300_000, riseUs: 4 * S, decayUs: 12 * S },
  },
  ...(['step', 'linear'] as const).map((interpolation) => ({
    name: `piecewise ${interpolation}`,
    profile: {
      kind: 'piecewise' as const,
      interpolation,
      points: [
        { atUs: 0, ratePerS: 200 },
        { atUs: 13_370_000, ratePerS: 800 },
        { atUs: 30_000_000, ratePerS: 60 },
        { atUs: 55_555_555, ratePerS: 500 },
        { atUs: 80_000_000, ratePerS: 250 },
      ],
    },
  })),
  {
    name: 'constant 300/s with a x4 spike overlay and a x0.25 dip',
    profile: { kind: 'constant', ratePerS: 300 },
    overlays: [
      { startUs: 20_200_000, durationUs: 5 * S, factor: 4 },
      { startUs: 50_000_000, durationUs: 10_300_000, factor: 0.25 },
    ],
  },
];

describe.each(CASES)('ArrivalProcess: $name', (c) => {
  const run = arrivals(c.profile, `arrivals/${c.name}`, 0, HORIZON_US, c.overlays);

  it('arrival counts match the integral of the rate: chi-square over 200 windows inside the two-sided 99.9% band', () => {
    const chi2 = chiSquare(run.times, c.profile, c.overlays);
    expect(chi2).toBeGreaterThan(CHI2_200_LOW);
    expect(chi2).toBeLessThan(CHI2_200_HIGH);
  });

  it('the total count is within the 99.9% interval of the integral over the run', () => {
    const expected = integrateRate(c.profile, 0, HORIZON_US, c.overlays);
    expect(Math.abs(run.times.length - expected)).toBeLessThan(Z999 * Math.sqrt(expected));
  });

  it('arrivals are integers in [startUs, endUs) in non-decreasing order', () => {
    let previous = 0;
    for (const t of run.times) {
      if (!(Number.isInteger(t) && t >= previous && t < HORIZON_US)) expect.fail(`arrival ${t} after ${previous}`);
      previous = t;
    }
    expect(run.process.accepted).toBe(run.times.length);
  });
});

describe('ArrivalProcess', () => {
  it('the chi-square oracle rejects the arrivals of a ramp counted against a constant rate of the same mean', () => {
    const ramp: RateProfileConfig = { kind: 'ramp', fromPerS: 300, toPerS: 500, startUs: 0, endUs: HORIZON_US };
    const { times } = arrivals(ramp, 'arrivals/power', 0, HORIZON_US);
    expect(chiSquare(times, ramp)).toBeLessThan(CHI2_200_HIGH);
    expect(chiSquare(times, { kind: 'constant', ratePerS: 400 })).toBeGreaterThan(CHI2_200_HIGH);
  });

  it('inter-arrival times of a constant 1000/s profile pass a KS test against the exponential at 99.9%', () => {
    const { times } = arrivals({ kind: 'constant', ratePerS: 1000 }, 'arrivals/ks', 0, 30 * S);
    const gaps = new Float64Array(times.length - 1);
    for (let i = 1; i < times.length; i++) gaps[i - 1] = times[i] - times[i - 1];
    gaps.sort();
    const n = gaps.length;
    let d = 0;
    for (let i = 0; i < n; ) {
      let j = i;
      while (j + 1 < n && gaps[j + 1] === gaps[i]) j++;
      // Gaps are whole µs; compare each tied group at the midpoint of its 1 µs rounding cell.
      const cdf = -Math.expm1(-(gaps[i] + 0.5) / 1000);
      const cdfLeft = -Math.expm1(-Math.max(0, gaps[i] - 0.5) / 1000);
      d = Math.max(d, Math.abs(cdf - (j + 1) / n), Math.abs(cdfLeft - i / n));
      i = j + 1;
    }
    expect(d).toBeLessThan(KS_999 / Math.sqrt(n));
  });

  it('nextArrivalUs accepts every candidate of a constant profile and over 99.99% of a daily cycle', () => {
    const constant = arrivals({ kind: 'constant', ratePerS: 500 }, 'arrivals/acceptance', 0, 10 * S).process;
    expect(constant.candidates).toBe(constant.accepted);
    const daily = arrivals({ kind: 'diurnal', meanPerS: 200, amplitudeRatio: 0.9, peakAtUs: 0 }, 'arrivals/acceptance', 0, 600 * S).process;
    expect(daily.accepted / daily.candidates).toBeGreaterThan(0.9999);
  });

  it('nextArrivalUs returns -1 at the end of the run and keeps returning it', () => {
    const process = new ArrivalProcess({ kind: 'constant', ratePerS: 1000 }, new RandomStream(SEED, 'arrivals/end'), { startUs: 5 * S, endUs: 5 * S + 10_000 });
    let t = process.nextArrivalUs(0);
    expect(t).toBeGreaterThanOrEqual(5 * S);
    while (t >= 0) t = process.nextArrivalUs(t);
    expect([process.nextArrivalUs(0), process.nextArrivalUs(6 * S)]).toEqual([-1, -1]);
    const empty = new ArrivalProcess({ kind: 'constant', ratePerS: 1000 }, new RandomStream(SEED, 'arrivals/empty'), { startUs: 7, endUs: 7 });
    expect(empty.nextArrivalUs(0)).toBe(-1);
  });

  it('nextArrivalUs(nowUs) called late starts afresh at nowUs and never returns an earlier time', () => {
    const process = new ArrivalProcess({ kind: 'constant', ratePerS: 100 }, new RandomStream(SEED, 'arrivals/late'), { startUs: 0, endUs: 100 * S });
    process.nextArrivalUs(0);
    const t = process.nextArrivalUs(50 * S);
    expect(t).toBeGreaterThanOrEqual(50 * S);
    expect(t).toBeLessThan(50 * S + S);
  });

  it('nextArrivalUs gives the same arrivals for the same seed and stream name, and different ones for another seed', () => {
    const profile: RateProfileConfig = { kind: 'spike', basePerS: 50, peakPerS: 900, startUs: 2 * S, durationUs: S, rampUs: 100_000 };
    const a = arrivals(profile, 'arrivals/determinism', 0, 5 * S).times;
    const b = arrivals(profile, 'arrivals/determinism', 0, 5 * S).times;
    const other = new ArrivalProcess(profile, new RandomStream(SEED + 1, 'arrivals/determinism'), { startUs: 0, endUs: 5 * S });
    expect(b).toEqual(a);
    expect(other.nextArrivalUs(0)).not.toBe(a[0]);
  });

  it('nextArrivalUs crosses a ten-day silence and counts the traffic after it correctly, rejecting candidates only in the window of the step', () => {
    const launchUs = 10 * 86_400 * S;
    const profile: RateProfileConfig = { kind: 'piecewise', interpolation: 'step', points: [{ atUs: 0, ratePerS: 0 }, { atUs: launchUs, ratePerS: 500 }] };
    const { times, process } = arrivals(profile, 'arrivals/silence', 0, launchUs + 20 * S);
    expect(times[0]).toBeGreaterThanOrEqual(launchUs);
    expect(Math.abs(times.length - 10_000)).toBeLessThan(Z999 * 100);
    // Only the 1 s window holding the step has a loose bound: at most 500 candidates there.
    expect(process.candidates - process.accepted).toBeLessThan(500 + Z999 * Math.sqrt(500));
  });

  it('a spike overlay multiplies arrivals only inside its window, also when set with setOverlays mid-run', () => {
    const process = new ArrivalProcess({ kind: 'constant', ratePerS: 200 }, new RandomStream(SEED, 'arrivals/set-overlays'), { startUs: 0, endUs: 30 * S });
    let before = 0;
    let inside = 0;
    let after = 0;
    let t = process.nextArrivalUs(0);
    for (; t >= 0 && t < 10 * S; t = process.nextArrivalUs(t)) before++;
    // The fault is injected at 10 s, after the process has already looked ahead past it.
    process.setOverlays([{ startUs: 10 * S, durationUs: 10 * S, factor: 5 }]);
    for (t = process.nextArrivalUs(t); t >= 0; t = process.nextArrivalUs(t)) {
      if (t < 20 * S) inside++;
      else after++;
    }
    // The arrival drawn before the overlay was set is the first one at or after 10 s.
    inside++;
    for (const [count, mean] of [[before, 2000], [inside, 10_000], [after, 2000]]) expect(Math.abs(count - mean)).toBeLessThan(Z999 * Math.sqrt(mean) + 1);
  });

  it('new ArrivalProcess names every problem with the profile, the overlays and the window', () => {
    const rng = new RandomStream(SEED, 'arrivals/invalid');
    expect(() => new ArrivalProcess({ kind: 'constant', ratePerS: -5 }, rng, { startUs: 10, endUs: 5.5, overlays: [{ startUs: 0, durationUs: 1, factor: -1 }], windowUs: 0 })).toThrow(
      new RangeError(
        'ArrivalProcess: constant: ratePerS must be a finite number >= 0, got -5; overlays[0].factor must be a finite number >= 0, got -1; endUs must be a safe integer, got 5.5; windowUs must be a positive safe integer, got 0',
      ),
    );
    expect(() => new ArrivalProcess({ kind: 'constant', ratePerS: 5 }, rng, { startUs: 10, endUs: 5 })).toThrow(new RangeError('ArrivalProcess: endUs (5) must be >= startUs (10)'));
  });
});
