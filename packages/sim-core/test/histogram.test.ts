import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { HISTOGRAM_RELATIVE_ERROR_MAX, HISTOGRAM_ZERO_THRESHOLD, Histogram } from '../src/metrics/histogram.js';

const GRID = [0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];
const TWO_POW_31 = 2 ** 31;

/** The exact nearest-rank quantile, computed the way the histogram defines it. */
function exactQuantile(sorted: readonly number[], q: number): number {
  if (q === 0) return sorted[0];
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1];
}

function histogramOf(samples: readonly number[]): Histogram {
  const h = new Histogram();
  for (const x of samples) h.record(x);
  return h;
}

// The worst relative error any property run saw, reported once at the end.
let worstRelativeError = 0;
afterAll(() => {
  console.log(`histogram: worst relative quantile error seen = ${worstRelativeError.toPrecision(8)} (design bound ${HISTOGRAM_RELATIVE_ERROR_MAX})`);
});

/** Checks one answer against the exact quantile; values below the zero threshold may report 0. */
function expectClose(actual: number, exact: number): void {
  if (exact < HISTOGRAM_ZERO_THRESHOLD) {
    expect(Math.abs(actual - exact)).toBeLessThan(HISTOGRAM_ZERO_THRESHOLD);
    if (exact === 0) expect(actual).toBe(0);
    return;
  }
  const relative = Math.abs(actual - exact) / exact;
  worstRelativeError = Math.max(worstRelativeError, relative);
  expect(relative).toBeLessThanOrEqual(0.01);
  // The design bound, half a sub-bucket (1/256), with room only for rounding.
  expect(relative).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ERROR_MAX * (1 + 1e-9));
}

// Uniforms in (0, 1] from integers, so the heavy-tailed transforms below never see 0.
const uniforms = (maxLength: number) =>
  fc.array(fc.integer({ min: 1, max: TWO_POW_31 }).map((k) => k / TWO_POW_31), { minLength: 1, maxLength, size: 'max' });

const pareto = fc
  .record({ alpha: fc.double({ min: 1.1, max: 3, noNaN: true }), scale: fc.double({ min: 1, max: 1e4, noNaN: true }), us: uniforms(5000) })
  .map(({ alpha, scale, us }) => us.map((u) => scale * u ** (-1 / alpha)));

const lognormal = fc
  .record({ mu: fc.double({ min: -5, max: 15, noNaN: true }), sigma: fc.double({ min: 1, max: 5, noNaN: true }), us: uniforms(5000), vs: uniforms(5000) })
  .map(({ mu, sigma, us, vs }) =>
    us.map((u, i) => Math.exp(mu + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * vs[i % vs.length]))),
  );

const spanning = fc.array(fc.double({ min: -3, max: 12, noNaN: true }).map((d) => 10 ** d), { minLength: 1, maxLength: 5000, size: 'max' });

const duplicates = fc
  .record({
    pool: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 1e9, noNaN: true })), { minLength: 1, maxLength: 6 }),
    picks: fc.array(fc.nat(), { minLength: 1, maxLength: 5000, size: 'max' }),
  })
  .map(({ pool, picks }) => picks.map((k) => pool[k % pool.length]));

const allEqual = fc
  .record({ value: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e15, noNaN: true })), n: fc.integer({ min: 1, max: 5000 }) })
  .map(({ value, n }) => new Array<number>(n).fill(value));

// Any non-negative finite double, including subnormals and values near the top of the range.
const anyDoubles = fc.array(fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true }), { minLength: 1, maxLength: 2000, size: 'max' });

const generators = { pareto, lognormal, spanning, duplicates, allEqual, anyDoubles };

describe('Histogram quantiles', () => {
  for (const [name, samples] of Object.entries(generators)) {
    it(`quantile(q) is within 1% of the exact nearest-rank quantile for ${name} samples`, () => {
      fc.assert(
        fc.property(samples, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }), (xs, randomQs) => {
          const h = histogramOf(xs);
          const sorted = [...xs].sort((a, b) => a - b);
          for (const q of [...GRID, ...randomQs]) expectClose(h.quantile(q), exactQuantile(sorted, q));
        }),
        { numRuns: 60 },
      );
    });
  }

  it('quantile(0) is the exact min and quantile(1) the exact max', () => {
    fc.assert(
      fc.property(lognormal, (xs) => {
        const h = histogramOf(xs);
        expect(h.quantile(0)).toBe(Math.min(...xs));
        expect(h.quantile(1)).toBe(Math.max(...xs));
      }),
      { numRuns: 30 },
    );
  });

  it('quantiles(qs) answers in the order asked and equals quantile(q) for each q', () => {
    fc.assert(
      fc.property(pareto, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 20 }), (xs, qs) => {
        const h = histogramOf(xs);
        const asked = [...qs, ...GRID.slice().reverse()];
        expect(h.quantiles(asked)).toEqual(asked.map((q) => h.quantile(q)));
      }),
      { numRuns: 50 },
    );
  });

  it('quantile(q) reports 0 for samples in the zero bucket (below 2^-32)', () => {
    const h = histogramOf([0, 0, 1e-12, 5e-324, 100]);
    expect(h.quantile(0.5)).toBe(0);
    expect(h.quantile(0.8)).toBe(0);
    expect(h.quantile(1)).toBe(100);
    expect(h.bucketsAllocated).toBe(128);
  });

  it('quantile(q), min, max and mean return NaN on an empty histogram, and sum returns 0', () => {
    const h = new Histogram();
    expect(h.quantile(0.5)).toBeNaN();
    expect(h.quantiles([0, 1])).toEqual([NaN, NaN]);
    expect([h.min, h.max, h.mean]).toEqual([NaN, NaN, NaN]);
    expect([h.count, h.sum, h.bucketsAllocated]).toEqual([0, 0, 0]);
  });
});

describe('Histogram statistics', () => {
  it('count, sum, mean, min and max are exact for integer samples', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 40 }), { minLength: 1, maxLength: 2000, size: 'max' }), (xs) => {
        const h = histogramOf(xs);
        const sum = xs.reduce((a, b) => a + b, 0);
        expect(h.count).toBe(xs.length);
        expect(h.sum).toBe(sum);
        expect(h.mean).toBe(sum / xs.length);
        expect(h.min).toBe(Math.min(...xs));
        expect(h.max).toBe(Math.max(...xs));
      }),
      { numRuns: 50 },
    );
  });

  it('sum keeps small samples recorded after a huge one (compensated summation)', () => {
    const h = new Histogram();
    h.record(2 ** 53);
    for (let i = 0; i < 1000; i++) h.record(1);
    expect(h.sum).toBe(2 ** 53 + 1000);
  });

  it('record(-0) counts as zero and min reports +0', () => {
    const h = histogramOf([-0, 3]);
    expect(Object.is(h.min, 0)).toBe(true);
    expect(h.quantile(0.5)).toBe(0);
  });

  it('recordMany(value, count) equals recording the value count times', () => {
    const many = new Histogram();
    many.recordMany(250, 7);
    many.recordMany(0, 3);
    many.recordMany(1e9, 0);
    const one = histogramOf([...new Array<number>(7).fill(250), 0, 0, 0]);
    expect(many.toJSON()).toEqual(one.toJSON());
  });

  it('record(value) keeps memory small for 1e6 samples in [90_000, 110_000]', () => {
    const h = new Histogram();
    for (let i = 0; i < 1_000_000; i++) h.record(90_000 + ((i * 7919) % 20_001));
    expect(h.count).toBe(1_000_000);
    expect(h.bucketsAllocated).toBeLessThanOrEqual(256);
    expect(Math.abs(h.quantile(0.5) - 100_000) / 100_000).toBeLessThan(0.004);
  });
});

describe('Histogram errors', () => {
  it.each([
    [-1, '-1'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
  ])('record(%s) throws a RangeError naming the value', (value, shown) => {
    const h = new Histogram();
    expect(() => h.record(value)).toThrow(new RangeError(`Histogram.record: value must be a finite non-negative number, got ${shown}`));
    expect(h.count).toBe(0);
  });

  it.each([
    [-0.1, '-0.1'],
    [1.5, '1.5'],
    [NaN, 'NaN'],
  ])('quantile(%s) throws a RangeError naming q', (q, shown) => {
    const h = histogramOf([1]);
    expect(() => h.quantile(q)).toThrow(new RangeError(`Histogram.quantile: q must be in [0, 1], got ${shown}`));
    expect(() => h.quantiles([0.5, q])).toThrow(new RangeError(`Histogram.quantile: q must be in [0, 1], got ${shown}`));
  });

  it('recordMany(value, count) rejects a fractional or negative count', () => {
    const h = new Histogram();
    expect(() => h.recordMany(1, 1.5)).toThrow(new RangeError('Histogram.recordMany: count must be a non-negative safe integer, got 1.5'));
    expect(() => h.recordMany(-2, 1)).toThrow(new RangeError('Histogram.recordMany: value must be a finite non-negative number, got -2'));
  });
});

describe('Histogram merge, clone, reset and JSON', () => {
  it('merge(other) gives exactly the histogram of the union of samples', () => {
    fc.assert(
      fc.property(fc.oneof(pareto, spanning, duplicates), fc.array(fc.boolean(), { maxLength: 5000, size: 'max' }), (xs, sides) => {
        const a = histogramOf(xs.filter((_, i) => sides[i] === true));
        const b = histogramOf(xs.filter((_, i) => sides[i] !== true));
        a.merge(b);
        const all = histogramOf(xs);
        expect(a.quantiles(GRID)).toEqual(all.quantiles(GRID));
        expect({ ...a.toJSON(), sum: 0 }).toEqual({ ...all.toJSON(), sum: 0 });
        expect(Math.abs(a.sum - all.sum)).toBeLessThanOrEqual(all.sum * 1e-12);
      }),
      { numRuns: 60 },
    );
  });

  it('merge(empty) changes nothing, and merging into an empty histogram copies', () => {
    const h = histogramOf([1, 10, 100]);
    const before = h.toJSON();
    h.merge(new Histogram());
    expect(h.toJSON()).toEqual(before);
    const empty = new Histogram();
    empty.merge(h);
    expect(empty.toJSON()).toEqual(before);
  });

  it('merge(self) doubles every count', () => {
    const h = histogramOf([0, 1, 10, 100]);
    h.merge(h);
    expect(h.toJSON()).toEqual(histogramOf([0, 1, 10, 100, 0, 1, 10, 100]).toJSON());
  });

  it('clone() is independent and reset() empties the histogram but keeps its buckets', () => {
    const h = histogramOf([5, 6, 7]);
    const copy = h.clone();
    h.record(1e6);
    expect(copy.count).toBe(3);
    expect(copy.max).toBe(7);
    const allocated = h.bucketsAllocated;
    h.reset();
    expect(h.toJSON()).toEqual(new Histogram().toJSON());
    expect(h.bucketsAllocated).toBe(allocated);
    h.record(6);
    expect(h.quantile(0.5)).toBe(6);
  });

  it('fromJSON(toJSON()) round-trips through JSON text', () => {
    fc.assert(
      fc.property(fc.oneof(lognormal, duplicates, allEqual, fc.constant<number[]>([])), (xs) => {
        const h = histogramOf(xs);
        const back = Histogram.fromJSON(JSON.parse(JSON.stringify(h)));
        expect(back.toJSON()).toEqual(h.toJSON());
        expect(back.quantiles(GRID)).toEqual(h.quantiles(GRID));
        expect([back.count, back.sum, back.min, back.max]).toEqual([h.count, h.sum, h.min, h.max]);
      }),
      { numRuns: 40 },
    );
  });

  it('toJSON() lists only non-empty buckets as delta-coded pairs', () => {
    const json = histogramOf([0, 1, 1, 1.5]).toJSON();
    expect(json).toEqual({ version: 1, count: 4, zeroCount: 1, sum: 3.5, min: 0, max: 1.5, buckets: [1023 * 128, 2, 64, 1] });
  });

  it('fromJSON(json) rejects inconsistent input with a RangeError naming the field', () => {
    const good = histogramOf([1, 2]).toJSON();
    expect(() => Histogram.fromJSON({ ...good, count: 3 })).toThrow(
      new RangeError('Histogram.fromJSON: count must equal zeroCount plus the bucket counts (2), got 3'),
    );
    expect(() => Histogram.fromJSON({ ...good, buckets: [5, 1] })).toThrow(/outside the histogram range, got 5/);
    expect(() => Histogram.fromJSON({ ...good, min: null })).toThrow(/min and max must satisfy/);
  });
});
