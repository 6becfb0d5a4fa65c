import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DIURNAL_PERIOD_US_DEFAULT,
  integrateRate,
  overlayFactorAt,
  rateAt,
  rateMax,
  validateOverlays,
  validateRateProfile,
} from '../src/model/traffic/index.js';
import type { RateOverlay, RateProfileConfig } from '../src/model/traffic/index.js';

const S = 1_000_000;

/** Five-point Gauss–Legendre nodes on [-1, 1] and their weights: exact for degree <= 9. */
const GL_NODES = [0, -0.5384693101056831, 0.5384693101056831, -0.906179845938664, 0.906179845938664];
const GL_WEIGHTS = [0.5688888888888889, 0.47862867049936647, 0.47862867049936647, 0.23692688505618908, 0.23692688505618908];

/**
 * Times where the profile (or an overlay) has a kink or a jump, read off the config as the
 * documentation describes each shape; the numeric integral splits there so that every
 * piece it integrates is smooth. Diurnal peaks are listed too, for the bound checks.
 */
function breakpoints(p: RateProfileConfig, fromUs: number, toUs: number, overlays: readonly RateOverlay[]): number[] {
  const points: number[] = [];
  switch (p.kind) {
    case 'constant':
      break;
    case 'ramp':
      points.push(p.startUs, p.endUs);
      break;
    case 'spike': {
      const r = p.rampUs ?? 0;
      points.push(p.startUs - r, p.startUs, p.startUs + p.durationUs, p.startUs + p.durationUs + r);
      break;
    }
    case 'diurnal': {
      const period = p.periodUs ?? DIURNAL_PERIOD_US_DEFAULT;
      for (let t = p.peakAtUs + Math.ceil((fromUs - p.peakAtUs) / period) * period; t <= toUs; t += period) points.push(t);
      break;
    }
    case 'launch':
      points.push(p.launchAtUs, p.launchAtUs + p.riseUs);
      break;
    case 'piecewise':
      for (const point of p.points) points.push(point.atUs);
      break;
  }
  for (const o of overlays) points.push(o.startUs, o.startUs + o.durationUs);
  return points.filter((t) => t > fromUs && t < toUs).sort((a, b) => a - b);
}

/** The longest sub-interval the numeric integral may use so that GL5 is accurate to ~1e-12. */
function stepMaxUs(p: RateProfileConfig): number {
  if (p.kind === 'diurnal') return (p.periodUs ?? DIURNAL_PERIOD_US_DEFAULT) / 32;
  if (p.kind === 'launch') return p.decayUs / 4;
  return Infinity;
}

/** The expected arrivals over [fromUs, toUs], by composite Gauss–Legendre on rateAt alone. */
function numericIntegral(p: RateProfileConfig, fromUs: number, toUs: number, overlays: readonly RateOverlay[] = []): number {
  const cuts = [fromUs, ...breakpoints(p, fromUs, toUs, overlays), toUs];
  const hMax = stepMaxUs(p);
  let sum = 0;
  for (let c = 0; c + 1 < cuts.length; c++) {
    const a = cuts[c];
    const b = cuts[c + 1];
    const n = Math.max(4, Math.ceil((b - a) / hMax));
    const h = (b - a) / n;
    for (let k = 0; k < n; k++) {
      const mid = a + (k + 0.5) * h;
      for (let g = 0; g < 5; g++) sum += GL_WEIGHTS[g] * 0.5 * h * rateAt(p, mid + 0.5 * h * GL_NODES[g], overlays);
    }
  }
  return sum / S;
}

const time = fc.integer({ min: 0, max: 200_000_000 });
/** Rates of zero or of 10⁻³ to 10⁴ per second: subnormal rates only test the floating-point unit. */
const rate = fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 10_000, noNaN: true }));
const window = fc.tuple(time, time).map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a]));

const profiles: Record<RateProfileConfig['kind'], fc.Arbitrary<RateProfileConfig>> = {
  constant: rate.map((ratePerS) => ({ kind: 'constant', ratePerS })),
  ramp: fc.tuple(rate, rate, time, time).map(([fromPerS, toPerS, a, b]) => ({ kind: 'ramp', fromPerS, toPerS, startUs: Math.min(a, b), endUs: Math.max(a, b) })),
  spike: fc
    .tuple(rate, rate, time, fc.integer({ min: 0, max: 50_000_000 }), fc.option(fc.integer({ min: 0, max: 20_000_000 }), { nil: undefined }))
    .map(([basePerS, peakPerS, startUs, durationUs, rampUs]) => ({ kind: 'spike', basePerS, peakPerS, startUs, durationUs, rampUs })),
  diurnal: fc
    .tuple(rate, fc.double({ min: 0, max: 1, noNaN: true }), fc.option(fc.integer({ min: 10_000_000, max: 1_000_000_000 }), { nil: undefined }), fc.integer({ min: -1e9, max: 1e9 }))
    .map(([meanPerS, amplitudeRatio, periodUs, peakAtUs]) => ({ kind: 'diurnal', meanPerS, amplitudeRatio, periodUs, peakAtUs })),
  launch: fc
    .tuple(rate, rate, fc.option(rate, { nil: undefined }), time, fc.integer({ min: 0, max: 50_000_000 }), fc.integer({ min: 1_000_000, max: 100_000_000 }))
    .map(([basePerS, peakPerS, plateauPerS, launchAtUs, riseUs, decayUs]) => ({ kind: 'launch', basePerS, peakPerS, plateauPerS, launchAtUs, riseUs, decayUs })),
  piecewise: fc
    .tuple(time, fc.array(fc.tuple(fc.integer({ min: 1, max: 30_000_000 }), rate), { minLength: 1, maxLength: 12 }), fc.constantFrom('step' as const, 'linear' as const))
    .map(([firstUs, steps, interpolation]) => {
      let atUs = firstUs;
      const points = steps.map(([gapUs, ratePerS], i) => ({ atUs: i === 0 ? atUs : (atUs += gapUs), ratePerS }));
      return { kind: 'piecewise', points, interpolation };
    }),
};

const overlayList = fc.array(
  fc.record({ startUs: time, durationUs: fc.integer({ min: 0, max: 80_000_000 }), factor: fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 20, noNaN: true })) }),
  { maxLength: 4 },
);

/**
 * Relative 1e-6 of the integral. The floor, 1e-9 of (bound × width), only matters when the
 * integral itself nearly vanishes (a diurnal trough at amplitude 1), where the analytic
 * form and the quadrature both round at the scale of the rate rather than of the result.
 */
function expectClose(actual: number, expected: number, scale: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-6 * Math.abs(expected) + 1e-9 * scale);
}

describe.each(Object.keys(profiles) as RateProfileConfig['kind'][])('%s profile', (kind) => {
  const profile = profiles[kind];

  it(`integrateRate(${kind}, from, to) equals a Gauss–Legendre integral of rateAt to 1e-6 (property)`, () => {
    fc.assert(
      fc.property(profile, window, (p, [a, b]) => {
        expect(validateRateProfile(p)).toEqual([]);
        expectClose(integrateRate(p, a, b), numericIntegral(p, a, b), (rateMax(p, a, b) * (b - a)) / S);
      }),
      { numRuns: 150 },
    );
  });

  it(`integrateRate(${kind}, from, to, overlays) equals a Gauss–Legendre integral of the overlaid rateAt (property)`, () => {
    fc.assert(
      fc.property(profile, window, overlayList, (p, [a, b], overlays) => {
        expectClose(integrateRate(p, a, b, overlays), numericIntegral(p, a, b, overlays), (rateMax(p, a, b, overlays) * (b - a)) / S);
      }),
      { numRuns: 100 },
    );
  });

  it(`rateMax(${kind}, from, to, overlays?) is at least every rateAt sampled in the window, breakpoints included (property)`, () => {
    fc.assert(
      fc.property(profile, window, fc.option(overlayList, { nil: undefined }), (p, [a, b], overlays) => {
        const bound = rateMax(p, a, b, overlays);
        const samples = [a, b, ...breakpoints(p, a, b, overlays ?? [])];
        for (let i = 1; i < 200; i++) samples.push(a + ((b - a) * i) / 200);
        let highest = 0;
        for (const t of samples) highest = Math.max(highest, rateAt(p, t, overlays));
        expect(highest).toBeLessThanOrEqual(bound);
      }),
      { numRuns: 200 },
    );
  });
});

describe('rate profile shapes at named times', () => {
  it('rateAt(ramp) is fromPerS before startUs, the average at the midpoint and toPerS from endUs on', () => {
    const p: RateProfileConfig = { kind: 'ramp', fromPerS: 100, toPerS: 300, startUs: 10 * S, endUs: 20 * S };
    expect([rateAt(p, 0), rateAt(p, 15 * S), rateAt(p, 20 * S), rateAt(p, 99 * S)]).toEqual([100, 200, 300, 300]);
    expect(integrateRate(p, 0, 30 * S)).toBeCloseTo(100 * 10 + 200 * 10 + 300 * 10, 9);
    expect(rateMax(p, 0, 12 * S)).toBeCloseTo(140, 12);
  });

  it('rateAt(spike) puts the plateau on [startUs, startUs + durationUs) with the ramps outside it', () => {
    const p: RateProfileConfig = { kind: 'spike', basePerS: 10, peakPerS: 110, startUs: 10 * S, durationUs: 5 * S, rampUs: 2 * S };
    expect([rateAt(p, 7 * S), rateAt(p, 9 * S), rateAt(p, 10 * S), rateAt(p, 15 * S - 1), rateAt(p, 16 * S), rateAt(p, 17 * S)]).toEqual([10, 60, 110, 110, 60, 10]);
    // Base for 100 s, plus the plateau's excess for 5 s and two triangles of 2 s.
    expect(integrateRate(p, 0, 100 * S)).toBeCloseTo(10 * 100 + 100 * 5 + 100 * 2, 9);
    const rectangle: RateProfileConfig = { kind: 'spike', basePerS: 10, peakPerS: 110, startUs: 10 * S, durationUs: 5 * S };
    expect([rateAt(rectangle, 10 * S - 1), rateAt(rectangle, 10 * S), rateAt(rectangle, 15 * S)]).toEqual([10, 110, 10]);
    expect(rateMax(rectangle, 0, 10 * S - 1)).toBe(10);
  });

  it('rateAt(diurnal) is mean·(1 + amplitude) at the peak and mean·(1 − amplitude) half a period later', () => {
    const p: RateProfileConfig = { kind: 'diurnal', meanPerS: 1000, amplitudeRatio: 0.6, peakAtUs: 14 * 3600 * S };
    expect(rateAt(p, 14 * 3600 * S)).toBeCloseTo(1600, 9);
    expect(rateAt(p, 2 * 3600 * S)).toBeCloseTo(400, 9);
    expect(rateAt(p, 10 * 86_400 * S + 14 * 3600 * S)).toBeCloseTo(1600, 6);
    expect(integrateRate(p, 0, 86_400 * S)).toBeCloseTo(1000 * 86_400, 3);
    expect(rateMax(p, 13 * 3600 * S, 15 * 3600 * S)).toBe(1600);
  });

  it('rateAt(launch) follows smoothstep to the peak, then decays by 1/e per decayUs towards the plateau', () => {
    const p: RateProfileConfig = { kind: 'launch', basePerS: 100, peakPerS: 1100, plateauPerS: 300, launchAtUs: 60 * S, riseUs: 10 * S, decayUs: 20 * S };
    expect(rateAt(p, 59 * S)).toBe(100);
    expect(rateAt(p, 65 * S)).toBeCloseTo(600, 9);
    expect(rateAt(p, 62 * S)).toBeCloseTo(100 + 1000 * (3 * 0.2 ** 2 - 2 * 0.2 ** 3), 9);
    expect(rateAt(p, 70 * S)).toBe(1100);
    expect(rateAt(p, 90 * S)).toBeCloseTo(300 + 800 / Math.E, 9);
    // Base for 60 s, the rise's mean is halfway (smoothstep is symmetric), the decay's excess is peak − plateau times τ.
    expect(integrateRate(p, 0, 10_000 * S)).toBeCloseTo(100 * 60 + 600 * 10 + 300 * 9930 + 800 * 20, 6);
    expect(rateMax(p, 0, 80 * S)).toBeCloseTo(1100, 6);
  });

  it('rateAt(piecewise) holds each rate until the next point for step and interpolates for linear, flat outside', () => {
    const points = [
      { atUs: 10 * S, ratePerS: 50 },
      { atUs: 20 * S, ratePerS: 150 },
      { atUs: 40 * S, ratePerS: 0 },
    ];
    const step: RateProfileConfig = { kind: 'piecewise', points, interpolation: 'step' };
    const linear: RateProfileConfig = { kind: 'piecewise', points, interpolation: 'linear' };
    expect([0, 15, 20, 30, 40, 50].map((s) => rateAt(step, s * S))).toEqual([50, 50, 150, 150, 0, 0]);
    expect([0, 15, 20, 30, 40, 50].map((s) => rateAt(linear, s * S))).toEqual([50, 100, 150, 75, 0, 0]);
    expect(integrateRate(step, 0, 50 * S)).toBeCloseTo(50 * 20 + 150 * 20, 9);
    expect(integrateRate(linear, 0, 50 * S)).toBeCloseTo(50 * 10 + 100 * 10 + 75 * 20, 9);
    expect(rateMax(step, 0, 19 * S)).toBe(50);
    expect(rateMax(linear, 25 * S, 30 * S)).toBeCloseTo(112.5, 12);
  });

  it('integrateRate(profile, from, to) throws when to < from', () => {
    const p: RateProfileConfig = { kind: 'constant', ratePerS: 1 };
    expect(() => integrateRate(p, 5, 4)).toThrow('integrateRate: needs fromUs <= toUs, got 5 and 4');
    expect(() => rateMax(p, Number.NaN, 4)).toThrow('rateMax: needs fromUs <= toUs, got NaN and 4');
  });
});

describe('overlays (the traffic-spike fault)', () => {
  const base: RateProfileConfig = { kind: 'constant', ratePerS: 200 };
  const spike: RateOverlay[] = [{ startUs: 10 * S, durationUs: 5 * S, factor: 3 }];

  it('rateAt(profile, t, [spike]) multiplies the rate by the factor only inside [startUs, startUs + durationUs)', () => {
    expect([0, 10 * S - 1, 10 * S, 12 * S, 15 * S - 1, 15 * S, 99 * S].map((t) => rateAt(base, t, spike))).toEqual([200, 200, 600, 600, 600, 200, 200]);
    expect(overlayFactorAt(spike, 9 * S)).toBe(1);
  });

  it('integrateRate(profile, from, to, [spike]) adds (factor − 1) × rate × overlap', () => {
    expect(integrateRate(base, 0, 60 * S, spike)).toBeCloseTo(200 * 60 + 2 * 200 * 5, 9);
    expect(integrateRate(base, 12 * S, 13 * S, spike)).toBeCloseTo(600, 9);
    expect(integrateRate(base, 20 * S, 30 * S, spike)).toBeCloseTo(2000, 9);
  });

  it('rateMax(profile, from, to, [spike]) includes the factor only for windows that meet the overlay', () => {
    expect(rateMax(base, 0, 9 * S, spike)).toBe(200);
    expect(rateMax(base, 0, 10 * S, spike)).toBe(600);
    expect(rateMax(base, 15 * S, 20 * S, spike)).toBe(200);
  });

  it('rateAt with overlapping overlays multiplies their factors, and factor 0 silences the users', () => {
    const overlays: RateOverlay[] = [...spike, { startUs: 14 * S, durationUs: Infinity, factor: 0.5 }, { startUs: 30 * S, durationUs: S, factor: 0 }];
    expect([12, 14, 20, 30].map((s) => rateAt(base, s * S, overlays))).toEqual([600, 300, 100, 0]);
    expect(integrateRate(base, 30 * S, 31 * S, overlays)).toBe(0);
  });
});

describe('validation', () => {
  const cases: [string, unknown, string[]][] = [
    ['a valid spike', { kind: 'spike', basePerS: 1, peakPerS: 2, startUs: 0, durationUs: 5 }, []],
    ['a negative constant', { kind: 'constant', ratePerS: -1 }, ['constant: ratePerS must be a finite number >= 0, got -1']],
    [
      'a ramp ending before it starts',
      { kind: 'ramp', fromPerS: 1, toPerS: Number.NaN, startUs: 10_000_000, endUs: 5_000_000 },
      ['ramp: toPerS must be a finite number >= 0, got NaN', 'ramp: endUs (5000000) must be >= startUs (10000000)'],
    ],
    [
      'a spike with a negative ramp',
      { kind: 'spike', basePerS: 1, peakPerS: '5', startUs: 0, durationUs: -1, rampUs: -2 },
      ['spike: peakPerS must be a finite number >= 0, got "5"', 'spike: durationUs must be a finite number >= 0, got -1', 'spike: rampUs must be a finite number >= 0, got -2'],
    ],
    [
      'a diurnal cycle with amplitude 1.5',
      { kind: 'diurnal', meanPerS: 10, amplitudeRatio: 1.5, periodUs: 0, peakAtUs: Infinity },
      [
        'diurnal: amplitudeRatio must be a number between 0 and 1, got 1.5',
        'diurnal: periodUs must be a finite number > 0, got 0',
        'diurnal: peakAtUs must be a finite number, got Infinity',
      ],
    ],
    [
      'a launch without a decay',
      { kind: 'launch', basePerS: 1, peakPerS: 10, plateauPerS: -3, launchAtUs: 0, riseUs: -1, decayUs: 0 },
      ['launch: plateauPerS must be a finite number >= 0, got -3', 'launch: riseUs must be a finite number >= 0, got -1', 'launch: decayUs must be a finite number > 0, got 0'],
    ],
    [
      'piecewise points that do not increase',
      {
        kind: 'piecewise',
        points: [{ atUs: 5, ratePerS: 1 }, { atUs: 5, ratePerS: -2 }, null, { atUs: 7, ratePerS: 3 }, { atUs: 6, ratePerS: 3 }],
        interpolation: 'cubic',
      },
      [
        'piecewise: points[1].atUs (5) must be greater than points[0].atUs (5)',
        'piecewise: points[1].ratePerS must be a finite number >= 0, got -2',
        'piecewise: points[2] must be an object { atUs, ratePerS }, got null',
        'piecewise: points[4].atUs (6) must be greater than points[3].atUs (7)',
        'piecewise: interpolation must be "step" or "linear", got "cubic"',
      ],
    ],
    ['piecewise without points', { kind: 'piecewise', points: [], interpolation: 'step' }, ['piecewise: points must be a non-empty array of { atUs, ratePerS }, got an empty array']],
    ['an unknown kind', { kind: 'sine' }, ['rate profile kind must be one of constant, ramp, spike, diurnal, launch, piecewise, got "sine"']],
    ['null', null, ['rate profile must be an object, got null']],
  ];

  it.each(cases)('validateRateProfile(%s) returns exactly its problems', (_name, profile, expected) => {
    expect(validateRateProfile(profile as RateProfileConfig)).toEqual(expected);
  });

  it('validateOverlays returns exactly the problems of each overlay', () => {
    const overlays = [{ startUs: 0, durationUs: Infinity, factor: 2 }, { startUs: Number.NaN, durationUs: -1, factor: -2 }, 7];
    expect(validateOverlays(overlays as RateOverlay[])).toEqual([
      'overlays[1].startUs must be a finite number, got NaN',
      'overlays[1].durationUs must be a number >= 0 (Infinity for never repaired), got -1',
      'overlays[1].factor must be a finite number >= 0, got -2',
      'overlays[2] must be an object { startUs, durationUs, factor }, got 7',
    ]);
  });
});
