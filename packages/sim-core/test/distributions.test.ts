import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DISTRIBUTION_DRAWS_PER_SAMPLE,
  NORMAL_Z99,
  distributionConstant,
  distributionEmpirical,
  distributionExponential,
  distributionLognormal,
  distributionNormal,
  distributionPareto,
  distributionUniform,
  erfc,
  normalCdf,
  normalInverseCdf,
} from '../src/distributions/index.js';
import type { Distribution, DistributionEmpiricalPoint } from '../src/distributions/index.js';
import { RandomStream } from '../src/kernel/random-stream.js';

const N = 200_000;
/** Two-sided 99.9% normal critical value, z(0.9995). */
const Z999 = 3.2905267314918945;
const SEED = 20_240_601;
const TABLE: DistributionEmpiricalPoint[] = [
  { p: 0, value: 1 },
  { p: 0.5, value: 20 },
  { p: 0.99, value: 300 },
  { p: 1, value: 900 },
];
const LOGNORMAL_SIGMA = Math.log(250 / 40) / 2.3263478740408408;

/**
 * One statistical case: a distribution and its CDF written out here, independently of the
 * implementation, so the KS test compares samples against the textbook formula. `cdfLeft`
 * is P(X < x), which differs from the CDF only at a point mass (the constant, a clamp).
 */
interface Case {
  readonly call: string;
  readonly dist: Distribution;
  readonly cdf: (x: number) => number;
  readonly cdfLeft?: (x: number) => number;
  /** The sample-mean check needs a finite variance; pareto with shape <= 2 has none. */
  readonly checkMean: boolean;
}

/** The CDF of the TABLE distribution, by inverting its piecewise-linear quantile directly. */
function tableCdf(x: number): number {
  if (x < TABLE[0].value) return 0;
  for (let i = 0; i + 1 < TABLE.length; i++) {
    const a = TABLE[i];
    const b = TABLE[i + 1];
    if (x < b.value) return a.p + ((x - a.value) / (b.value - a.value)) * (b.p - a.p);
  }
  return 1;
}

const CASES: Case[] = [
  { call: 'distributionConstant(5)', dist: distributionConstant(5), cdf: (x) => (x >= 5 ? 1 : 0), cdfLeft: (x) => (x > 5 ? 1 : 0), checkMean: true },
  { call: 'distributionUniform(-3, 7)', dist: distributionUniform(-3, 7), cdf: (x) => Math.min(1, Math.max(0, (x + 3) / 10)), checkMean: true },
  { call: 'distributionExponential(250)', dist: distributionExponential(250), cdf: (x) => (x <= 0 ? 0 : -Math.expm1(-x / 250)), checkMean: true },
  { call: 'distributionNormal(100, 15)', dist: distributionNormal(100, 15), cdf: (x) => normalCdf((x - 100) / 15), checkMean: true },
  {
    call: 'distributionNormal(10, 10, { min: 0 })',
    dist: distributionNormal(10, 10, { min: 0 }),
    cdf: (x) => (x < 0 ? 0 : normalCdf((x - 10) / 10)),
    cdfLeft: (x) => (x <= 0 ? 0 : normalCdf((x - 10) / 10)),
    checkMean: true,
  },
  {
    call: 'distributionLognormal({ median: 40, p99: 250 })',
    dist: distributionLognormal({ median: 40, p99: 250 }),
    cdf: (x) => (x <= 0 ? 0 : normalCdf(Math.log(x / 40) / LOGNORMAL_SIGMA)),
    checkMean: true,
  },
  { call: 'distributionPareto({ scale: 1, shape: 3.5 })', dist: distributionPareto({ scale: 1, shape: 3.5 }), cdf: (x) => (x < 1 ? 0 : 1 - x ** -3.5), checkMean: true },
  { call: 'distributionPareto({ scale: 2, shape: 1.5 })', dist: distributionPareto({ scale: 2, shape: 1.5 }), cdf: (x) => (x < 2 ? 0 : 1 - (2 / x) ** 1.5), checkMean: false },
  { call: 'distributionPareto({ scale: 1, shape: 0.8 })', dist: distributionPareto({ scale: 1, shape: 0.8 }), cdf: (x) => (x < 1 ? 0 : 1 - x ** -0.8), checkMean: false },
  { call: 'distributionEmpirical(p0=1, p50=20, p99=300, p100=900)', dist: distributionEmpirical(TABLE), cdf: tableCdf, checkMean: true },
];

const sampleCache = new Map<string, Float64Array>();
/** N samples from a fixed-seed stream named after the case, sorted ascending (cached). */
function sortedSamples(c: Case): Float64Array {
  let xs = sampleCache.get(c.call);
  if (xs === undefined) {
    const rng = new RandomStream(SEED, `distributions/${c.call}`);
    xs = new Float64Array(N);
    for (let i = 0; i < N; i++) xs[i] = c.dist.sample(rng);
    xs.sort();
    sampleCache.set(c.call, xs);
  }
  return xs;
}

/**
 * The Kolmogorov–Smirnov distance sup |F_n(x) - F(x)|. Tied samples are taken as a group,
 * comparing P(X < x) with the fraction below the group and P(X <= x) with the fraction up to
 * its end, so a point mass (and the rare tie from 32-bit draws) is not mistaken for a misfit.
 */
function ksStatistic(sorted: Float64Array, cdf: (x: number) => number, cdfLeft: (x: number) => number = cdf): number {
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && sorted[j + 1] === sorted[i]) j++;
    d = Math.max(d, Math.abs(cdf(sorted[i]) - (j + 1) / n), Math.abs(cdfLeft(sorted[i]) - i / n));
    i = j + 1;
  }
  return d;
}

const KS_CRITICAL = 1.95 / Math.sqrt(N);

describe.each(CASES)('$call', (c) => {
  if (c.checkMean) it(`${c.call} has a sample mean within the 99.9% confidence interval of mean()`, () => {
    const xs = sortedSamples(c);
    let sum = 0;
    for (const x of xs) sum += x;
    const m = sum / N;
    let ss = 0;
    for (const x of xs) ss += (x - m) ** 2;
    const halfWidth = (Z999 * Math.sqrt(ss / (N - 1))) / Math.sqrt(N);
    // The 1e-12 slack only absorbs summation rounding, for the constant's zero-width interval.
    expect(Math.abs(m - c.dist.mean())).toBeLessThanOrEqual(halfWidth + 1e-12 * Math.abs(c.dist.mean()));
  });

  it(`${c.call} has sample p10, p50, p90 and p99 within the order-statistic band of quantile(p)`, () => {
    const xs = sortedSamples(c);
    for (const p of [0.1, 0.5, 0.9, 0.99]) {
      // The sample p-quantile is the order statistic X_(k), k = ceil(Np). The count of samples
      // at or below quantile(p') is Binomial(N, p'), with standard error sqrt(p'(1 - p') / N)
      // as a fraction, so X_(k) leaves [quantile(p - d), quantile(p + d)] with d = Z999 times
      // that error (plus 1/N for the rounding of k) with probability about 0.1%. Mapping the
      // band through quantile() needs no density estimate and is exact at point masses.
      const d = Z999 * Math.sqrt((p * (1 - p)) / N) + 1 / N;
      const observed = xs[Math.ceil(N * p) - 1];
      expect(observed).toBeGreaterThanOrEqual(c.dist.quantile(Math.max(0, p - d)));
      expect(observed).toBeLessThanOrEqual(c.dist.quantile(Math.min(1, p + d)));
    }
  });

  it(`${c.call} passes a Kolmogorov–Smirnov test against its CDF at the 0.1% level`, () => {
    expect(ksStatistic(sortedSamples(c), c.cdf, c.cdfLeft)).toBeLessThan(KS_CRITICAL);
  });
});

describe('the statistical oracles can fail', () => {
  it('ksStatistic rejects lognormal({ median: 40, p99: 250 }) samples against a CDF with a 2% higher median', () => {
    const shifted = (x: number): number => (x <= 0 ? 0 : normalCdf(Math.log(x / 40.8) / LOGNORMAL_SIGMA));
    const lognormal = CASES.find((c) => c.dist.kind === 'lognormal');
    if (lognormal === undefined) throw new Error('CASES lost its lognormal');
    expect(ksStatistic(sortedSamples(lognormal), shifted)).toBeGreaterThan(KS_CRITICAL);
  });
});

/**
 * The integral of quantile(p) over [0, 1], which is the mean, found numerically. Substituting
 * p = 1 - (1 - s)^3 (dp = 3 (1 - s)^2 ds) flattens a power-law upper tail such as pareto's
 * (1 - p)^(-1 / shape) for shape >= 1.5, so the midpoint rule in s converges quickly; the
 * exponent stays small enough that p never rounds to 1 in the last cell.
 */
function integrateQuantile(dist: Distribution, cells = 100_000): number {
  let sum = 0;
  for (let i = 0; i < cells; i++) {
    const r = 1 - (i + 0.5) / cells;
    sum += dist.quantile(1 - r ** 3) * 3 * r * r;
  }
  return sum / cells;
}

describe('analytic mean() and quantile()', () => {
  it('distributionLognormal({ median, p99 }) puts the median at median and the 99th percentile at p99', () => {
    const d = distributionLognormal({ median: 40, p99: 250 });
    expect(Math.abs(d.quantile(0.5) / 40 - 1)).toBeLessThan(1e-9);
    expect(Math.abs(d.quantile(0.99) / 250 - 1)).toBeLessThan(1e-9);
    expect(d.mean()).toBeCloseTo(54.5520231136517, 12);
  });

  it('distributionLognormal({ median, p99 }) hits both stated percentiles for any valid pair', () => {
    fc.assert(fc.property(fc.double({ min: 1e-3, max: 1e9, noNaN: true }), fc.double({ min: 1, max: 1e3, noNaN: true }), (median, ratio) => {
      const d = distributionLognormal({ median, p99: median * ratio });
      expect(Math.abs(d.quantile(0.5) / median - 1)).toBeLessThan(1e-9);
      expect(Math.abs(d.quantile(0.99) / (median * ratio) - 1)).toBeLessThan(1e-9);
    }));
  });

  it('distributionNormal(mean, sd, { min }) reports the mean of the clamped variable', () => {
    expect(distributionNormal(0, 1, { min: 0 }).mean()).toBeCloseTo(0.3989422804014327, 15);
    expect(distributionNormal(10, 10, { min: 0 }).mean()).toBeCloseTo(10.833154705876863, 12);
    expect(distributionNormal(10, 10, { min: 1e6 }).mean()).toBe(1e6);
    expect(distributionNormal(10, 0, { min: 3 }).mean()).toBe(10);
    expect(distributionNormal(10, 10).mean()).toBe(10);
  });

  it('distributionNormal(mean, sd, { min }) clamps quantiles at min and leaves the rest alone', () => {
    const d = distributionNormal(10, 10, { min: 0 });
    expect(d.quantile(0)).toBe(0);
    expect(d.quantile(0.1)).toBe(0);
    expect(d.quantile(0.975)).toBeCloseTo(10 + 10 * 1.959963984540054, 12);
    expect(distributionNormal(10, 10).quantile(0)).toBe(-Infinity);
  });

  it('distributionLognormal({ median, p99: median }) and distributionNormal(mean, 0) are constants, even at p=0 and p=1', () => {
    const lognormal = distributionLognormal({ median: 40, p99: 40 });
    const normal = distributionNormal(7, 0, { min: 3 });
    expect([lognormal.quantile(0), lognormal.quantile(1), lognormal.mean()]).toEqual([40, 40, 40]);
    expect([normal.quantile(0), normal.quantile(1), normal.mean()]).toEqual([7, 7, 7]);
  });

  it.each(CASES.filter((c) => Number.isFinite(c.dist.mean())))('$call mean() equals the integral of quantile(p) over [0, 1]', (c) => {
    // The quadrature's own error is at most about 1e-6 relative here (the normal's logarithmic
    // lower tail and pareto 1.5's slow one); a wrong formula, such as a clamp left out of the
    // mean, is off by percent.
    expect(Math.abs(integrateQuantile(c.dist) - c.dist.mean())).toBeLessThan(1e-5 * Math.max(1, Math.abs(c.dist.mean())));
  });

  it('distributionPareto({ scale, shape }) has mean shape*scale/(shape-1), infinite for shape <= 1', () => {
    expect(distributionPareto({ scale: 2, shape: 3 }).mean()).toBe(3);
    expect(distributionPareto({ scale: 2, shape: 1 }).mean()).toBe(Infinity);
    expect(distributionPareto({ scale: 1, shape: 2 }).quantile(0.99)).toBeCloseTo(10, 12);
    expect(distributionPareto({ scale: 2, shape: 1 }).quantile(0)).toBe(2);
    expect(distributionPareto({ scale: 2, shape: 1 }).quantile(1)).toBe(Infinity);
  });

  it('distributionExponential(mean) and distributionUniform(min, max) have their textbook quantiles', () => {
    const e = distributionExponential(100);
    expect(e.quantile(0.5)).toBeCloseTo(100 * Math.LN2, 12);
    expect([e.quantile(0), e.quantile(1)]).toEqual([0, Infinity]);
    const u = distributionUniform(-3, 7);
    expect([u.quantile(0), u.quantile(0.25), u.quantile(1), u.mean()]).toEqual([-3, -0.5, 7, 2]);
    expect(distributionConstant(5).quantile(0.3)).toBe(5);
  });

  it('distributionEmpirical(points) interpolates linearly between rows and hits every row exactly', () => {
    const d = distributionEmpirical(TABLE);
    for (const row of TABLE) expect(d.quantile(row.p)).toBe(row.value);
    expect(d.quantile(0.25)).toBeCloseTo(10.5, 12);
    expect(d.quantile(0.745)).toBeCloseTo(160, 9);
    expect(d.mean()).toBeCloseTo(0.5 * 10.5 + 0.49 * 160 + 0.01 * 600, 12);
  });

  it('distributionEmpirical(points) copies the table, so later edits to it change nothing', () => {
    const rows = TABLE.map((row) => ({ ...row }));
    const d = distributionEmpirical(rows);
    rows[1].value = 1000;
    expect(d.quantile(0.5)).toBe(20);
  });

  it('distributionEmpirical(points) quantiles are non-decreasing and match every row for any valid table', () => {
    // Strictly increasing p from 0 to 1 with sorted distinct inner points, and values that
    // climb by non-negative steps (zero steps give flat stretches, i.e. point masses).
    const table = fc
      .tuple(
        fc.uniqueArray(fc.double({ min: 0, max: 1, minExcluded: true, maxExcluded: true, noNaN: true }), { maxLength: 6 }),
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e6, noNaN: true })), { minLength: 8, maxLength: 8 }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      )
      .map(([inner, steps, start]) => {
        const ps = [0, ...inner.sort((x, y) => x - y), 1];
        const rows: DistributionEmpiricalPoint[] = [];
        // Adding 0 turns a generated -0 into 0: the table treats them alike, toBe does not.
        let value = start + 0;
        ps.forEach((p, i) => {
          if (i > 0) value += steps[i];
          rows.push({ p, value });
        });
        return rows;
      });
    fc.assert(fc.property(table, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (rows, a, b) => {
      const d = distributionEmpirical(rows);
      for (const row of rows) expect(d.quantile(row.p)).toBe(row.value);
      expect(d.quantile(Math.min(a, b))).toBeLessThanOrEqual(d.quantile(Math.max(a, b)));
    }));
  });

  it('quantile(p) rejects p outside [0, 1] with a RangeError naming the distribution', () => {
    const d = distributionLognormal({ median: 40, p99: 250 });
    expect(() => d.quantile(1.5)).toThrow(new RangeError('lognormal(median=40, p99=250).quantile: p must be a number in [0, 1], got 1.5'));
    expect(() => d.quantile(Number.NaN)).toThrow(/got NaN$/);
  });

  it('describe() names the kind and its parameters, without units', () => {
    expect(CASES.map((c) => `${c.dist.kind}: ${c.dist.describe()}`)).toEqual([
      'constant: constant(value=5)',
      'uniform: uniform(min=-3, max=7)',
      'exponential: exponential(mean=250)',
      'normal: normal(mean=100, sd=15)',
      'normal: normal(mean=10, sd=10, min=0)',
      'lognormal: lognormal(median=40, p99=250)',
      'pareto: pareto(scale=1, shape=3.5)',
      'pareto: pareto(scale=2, shape=1.5)',
      'pareto: pareto(scale=1, shape=0.8)',
      'empirical: empirical(0:1, 0.5:20, 0.99:300, 1:900)',
    ]);
  });

  it('every factory returns a frozen object of the same shape', () => {
    for (const c of CASES) {
      expect(Object.keys(c.dist)).toEqual(['kind', 'sample', 'mean', 'quantile', 'describe']);
      expect(Object.isFrozen(c.dist)).toBe(true);
    }
  });
});

describe('determinism and draw accounting', () => {
  it('every kind draws the same sample sequence from two streams with the same seed and name', () => {
    for (const c of CASES) {
      const a = new RandomStream(7, 'det');
      const b = new RandomStream(7, 'det');
      const fromA = Array.from({ length: 500 }, () => c.dist.sample(a));
      const fromB = Array.from({ length: 500 }, () => c.dist.sample(b));
      expect(fromB).toEqual(fromA);
    }
  });

  it(`every kind consumes exactly DISTRIBUTION_DRAWS_PER_SAMPLE (${DISTRIBUTION_DRAWS_PER_SAMPLE}) float per sample`, () => {
    const samples = 1000;
    for (const c of CASES) {
      const used = new RandomStream(11, 'draws');
      for (let i = 0; i < samples; i++) c.dist.sample(used);
      const fresh = new RandomStream(11, 'draws');
      for (let i = 0; i < samples * DISTRIBUTION_DRAWS_PER_SAMPLE; i++) fresh.float();
      expect(used.float(), c.call).toBe(fresh.float());
    }
  });

  it('every kind samples by inversion: sample(rng) is quantile(u) at the midpoint of the drawn 32-bit cell', () => {
    for (const c of CASES) {
      const rng = new RandomStream(13, 'inversion');
      const twin = new RandomStream(13, 'inversion');
      for (let i = 0; i < 200; i++) expect(c.dist.sample(rng), c.call).toBe(c.dist.quantile(twin.float() + 2 ** -33));
    }
  });
});

describe('normal-math', () => {
  const relativeError = (actual: number, expected: number): number => Math.abs(actual / expected - 1);

  it('normalInverseCdf(p) returns known standard normal quantiles to 1e-12 relative', () => {
    // Reference values from mpmath at 50 digits.
    const known: Array<[number, number]> = [
      [0.975, 1.959963984540054], [0.99, 2.3263478740408408], [0.025, -1.959963984540054],
      [0.1, -1.2815515655446004], [0.001, -3.0902323061678136], [1e-10, -6.361340902404056],
      [1e-300, -37.0470962993612],
    ];
    for (const [p, z] of known) expect(relativeError(normalInverseCdf(p), z), `p=${p}`).toBeLessThan(1e-12);
    expect(relativeError(normalInverseCdf(0.99), NORMAL_Z99)).toBeLessThan(1e-12);
  });

  it('normalInverseCdf(p) is exactly 0 at p=0.5, infinite at the ends, and antisymmetric', () => {
    expect(normalInverseCdf(0.5)).toBe(0);
    expect([normalInverseCdf(0), normalInverseCdf(1)]).toEqual([-Infinity, Infinity]);
    // Dyadic p, so that 1 - p is exact and the symmetry is a property of the code, not of rounding.
    for (const p of [2 ** -40, 2 ** -20, 1 / 1024, 0.125, 0.25, 0.375]) expect(normalInverseCdf(1 - p)).toBe(-normalInverseCdf(p));
  });

  it('normalCdf(x) and erfc(x) return known values to 1e-12 relative, deep tails included', () => {
    const cdf: Array<[number, number]> = [
      [-1, 0.15865525393145705], [1.96, 0.9750021048517796], [3, 0.9986501019683699],
      [-5, 2.866515718791939e-7], [-10, 7.619853024160525e-24], [-37, 5.725571222524577e-300],
    ];
    for (const [x, v] of cdf) expect(relativeError(normalCdf(x), v), `x=${x}`).toBeLessThan(1e-12);
    const erfcKnown: Array<[number, number]> = [[0, 1], [0.5, 0.4795001221869535], [3, 2.209049699858544e-5], [10, 2.088487583762545e-45], [-1, 1.842700792949715]];
    for (const [x, v] of erfcKnown) expect(relativeError(erfc(x), v), `x=${x}`).toBeLessThan(1e-12);
  });

  it('normalCdf(normalInverseCdf(p)) returns p for p in (1e-12, 1 - 1e-12)', () => {
    fc.assert(fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => {
      // Relative 1e-12 in the nearer tail, plus the rounding of a probability near 1.
      expect(Math.abs(normalCdf(normalInverseCdf(p)) - p)).toBeLessThanOrEqual(1e-12 * Math.min(p, 1 - p) + 2 * Number.EPSILON);
    }), { numRuns: 2000 });
  });

  it('normalCdf(normalInverseCdf(p)) keeps 1e-12 relative accuracy for lower-tail p down to 1e-300', () => {
    fc.assert(fc.property(fc.double({ min: 0.31, max: 300, noNaN: true }), (e) => {
      const p = 10 ** -e;
      expect(relativeError(normalCdf(normalInverseCdf(p)), p)).toBeLessThan(1e-12);
    }), { numRuns: 1000 });
  });

  it('normalInverseCdf(p) rejects p outside [0, 1]', () => {
    expect(() => normalInverseCdf(1.5)).toThrow(new RangeError('normalInverseCdf: p must be a number in [0, 1], got 1.5'));
    expect(() => normalInverseCdf(Number.NaN)).toThrow(new RangeError('normalInverseCdf: p must be a number in [0, 1], got NaN'));
  });
});

/** Casts a deliberately malformed argument past the type checker, as JSON input would arrive. */
const bad = <T>(value: unknown): T => value as T;

describe('parameter validation', () => {
  const cases: Array<[string, () => unknown, string]> = [
    ['distributionConstant(NaN)', () => distributionConstant(Number.NaN), 'distributionConstant: value must be a finite number, got NaN'],
    ['distributionUniform(Infinity, 1)', () => distributionUniform(Infinity, 1), 'distributionUniform: min must be a finite number, got Infinity'],
    ['distributionUniform(3, 1)', () => distributionUniform(3, 1), 'distributionUniform: max (1) must be >= min (3)'],
    ['distributionExponential(-1)', () => distributionExponential(-1), 'distributionExponential: mean must be a finite number > 0, got -1'],
    ['distributionExponential("5")', () => distributionExponential(bad('5')), 'distributionExponential: mean must be a finite number > 0, got "5"'],
    ['distributionNormal(NaN, 1)', () => distributionNormal(Number.NaN, 1), 'distributionNormal: mean must be a finite number, got NaN'],
    ['distributionNormal(100, -2)', () => distributionNormal(100, -2), 'distributionNormal: sd must be a finite number >= 0, got -2'],
    ['distributionNormal(100, 10, { min: -Infinity })', () => distributionNormal(100, 10, { min: -Infinity }), 'distributionNormal: options.min must be a finite number, got -Infinity'],
    ['distributionNormal(100, 10, null)', () => distributionNormal(100, 10, bad(null)), 'distributionNormal: options must be an object { min?: number }, got null'],
    ['distributionLognormal({ median: 40, p99: 30 })', () => distributionLognormal({ median: 40, p99: 30 }), 'distributionLognormal: p99 (30) must be >= median (40)'],
    ['distributionLognormal({ median: 0, p99: 30 })', () => distributionLognormal({ median: 0, p99: 30 }), 'distributionLognormal: median must be a finite number > 0, got 0'],
    ['distributionLognormal({ median: 40 })', () => distributionLognormal(bad({ median: 40 })), 'distributionLognormal: p99 must be a finite number > 0, got undefined'],
    ['distributionLognormal(undefined)', () => distributionLognormal(bad(undefined)), 'distributionLognormal: params must be an object with median and p99, got undefined'],
    ['distributionPareto({ scale: 0, shape: 2 })', () => distributionPareto({ scale: 0, shape: 2 }), 'distributionPareto: scale must be a finite number > 0, got 0'],
    ['distributionPareto({ scale: 1, shape: -Infinity })', () => distributionPareto({ scale: 1, shape: -Infinity }), 'distributionPareto: shape must be a finite number > 0, got -Infinity'],
    ['distributionEmpirical(p not increasing)', () => distributionEmpirical([{ p: 0, value: 1 }, { p: 0.5, value: 20 }, { p: 0.4, value: 30 }, { p: 1, value: 40 }]), 'distributionEmpirical: points[2].p (0.4) must be greater than points[1].p (0.5)'],
    ['distributionEmpirical(repeated p)', () => distributionEmpirical([{ p: 0, value: 1 }, { p: 0.5, value: 2 }, { p: 0.5, value: 3 }, { p: 1, value: 4 }]), 'distributionEmpirical: points[2].p (0.5) must be greater than points[1].p (0.5)'],
    ['distributionEmpirical(starts at 0.1)', () => distributionEmpirical([{ p: 0.1, value: 1 }, { p: 1, value: 2 }]), 'distributionEmpirical: points[0].p (0.1) must be 0: the table must start at p=0'],
    ['distributionEmpirical(ends at 0.99)', () => distributionEmpirical([{ p: 0, value: 1 }, { p: 0.5, value: 20 }, { p: 0.99, value: 300 }]), 'distributionEmpirical: points[2].p (0.99) must be 1: the table must end at p=1'],
    ['distributionEmpirical(value decreases)', () => distributionEmpirical([{ p: 0, value: 1 }, { p: 0.5, value: 20 }, { p: 1, value: 10 }]), 'distributionEmpirical: points[2].value (10) must be >= points[1].value (20)'],
    ['distributionEmpirical(one row)', () => distributionEmpirical([{ p: 0, value: 1 }]), 'distributionEmpirical: points must have at least 2 entries (p=0 and p=1), got 1'],
    ['distributionEmpirical(NaN value)', () => distributionEmpirical([{ p: 0, value: 1 }, { p: 1, value: Number.NaN }]), 'distributionEmpirical: points[1].value must be a finite number, got NaN'],
    ['distributionEmpirical(null row)', () => distributionEmpirical(bad([{ p: 0, value: 1 }, null])), 'distributionEmpirical: points[1] must be an object { p, value }, got null'],
    ['distributionEmpirical(not an array)', () => distributionEmpirical(bad({ p: 0, value: 1 })), 'distributionEmpirical: points must be an array of { p, value }, got an object'],
  ];

  it.each(cases)('%s throws a RangeError naming the parameter and the bad value', (_call, build, message) => {
    expect(build).toThrow(new RangeError(message));
    expect(build).toThrow(RangeError);
  });
});
