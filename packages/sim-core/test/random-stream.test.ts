import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { RandomStream, Simulation, TraceDigest, hashName } from '../src/index.js';

describe('RandomStream', () => {
  it('float() draws exactly what seedrandom.xorwow draws for the seed string "seed/name"', () => {
    fc.assert(
      fc.property(fc.integer(), fc.string({ minLength: 1, maxLength: 20 }), (seed, name) => {
        const ours = new RandomStream(seed, name);
        const reference = seedrandom.xorwow(`${seed}/${name}`);
        for (let i = 0; i < 50; i++) expect(ours.float()).toBe(reference());
      }),
      { numRuns: 100 },
    );
  });

  it('int32() matches seedrandom.xorwow().int32()', () => {
    const ours = new RandomStream(42, 'traffic/us-east');
    const reference = seedrandom.xorwow('42/traffic/us-east');
    for (let i = 0; i < 1000; i++) expect(ours.int32()).toBe(reference.int32());
  });

  it('sim.stream(name) draws do not change when another stream is added or used', () => {
    const alone = new Simulation({ seed: 9 });
    const a1 = Array.from({ length: 20 }, () => alone.stream('a').float());
    const crowded = new Simulation({ seed: 9 });
    crowded.stream('z').float();
    const a2: number[] = [];
    for (let i = 0; i < 20; i++) {
      crowded.stream('b').float();
      a2.push(crowded.stream('a').float());
    }
    expect(a2).toEqual(a1);
  });

  it('different seeds and different names give different streams', () => {
    const draws = (seed: number, name: string): number[] => {
      const stream = new RandomStream(seed, name);
      return Array.from({ length: 8 }, () => stream.float());
    };
    expect(draws(1, 'a')).not.toEqual(draws(2, 'a'));
    expect(draws(1, 'a')).not.toEqual(draws(1, 'b'));
    expect(draws(1, 'a')).toEqual(draws(1, 'a'));
  });

  it('int(lo, hi) stays in range, hits both ends, and is uniform (chi-square)', () => {
    const rng = new RandomStream(5, 'int');
    const counts = new Array<number>(10).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const k = rng.int(3, 12);
      expect(k >= 3 && k <= 12).toBe(true);
      counts[k - 3]!++;
    }
    const expected = n / 10;
    const chiSquare = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    // 9 degrees of freedom: the 0.1% critical value is 27.88.
    expect(chiSquare).toBeLessThan(27.88);
    expect(rng.int(7, 7)).toBe(7);
    const wide = rng.int(0, 2 ** 40);
    expect(wide >= 0 && wide <= 2 ** 40 && Number.isInteger(wide)).toBe(true);
  });

  it('exponential(mean) has the right mean within a 99.9% confidence interval', () => {
    const rng = new RandomStream(11, 'exp');
    const n = 200_000;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += rng.exponential(250);
    // The sd of an exponential equals its mean; 3.29 sd of the sample mean is the 99.9% interval.
    expect(Math.abs(sum / n - 250)).toBeLessThan((3.29 * 250) / Math.sqrt(n));
  });

  it('exponential(mean) follows 1 − exp(−x/mean): Kolmogorov–Smirnov over 200k draws', () => {
    const rng = new RandomStream(13, 'ks');
    const n = 200_000;
    const xs = Float64Array.from({ length: n }, () => rng.exponential(3));
    xs.sort();
    let d = 0;
    for (let i = 0; i < n; i++) {
      const cdf = 1 - Math.exp(-xs[i]! / 3);
      d = Math.max(d, Math.abs(cdf - i / n), Math.abs(cdf - (i + 1) / n));
    }
    // The 0.1% critical value of the KS statistic is 1.95 / sqrt(n).
    expect(d).toBeLessThan(1.95 / Math.sqrt(n));
  });

  it('exponential(mean) reaches the ziggurat tail beyond 7.7 means as often as e^−x predicts', () => {
    const rng = new RandomStream(14, 'tail');
    const n = 2_000_000;
    let beyondR = 0;
    let beyond10 = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.exponential(1);
      if (x > 7.697117470131487) beyondR++;
      if (x > 10) beyond10++;
    }
    // Poisson counts: expected n·e^−x, checked within 4 standard deviations.
    const expectedR = n * Math.exp(-7.697117470131487);
    const expected10 = n * Math.exp(-10);
    expect(Math.abs(beyondR - expectedR)).toBeLessThan(4 * Math.sqrt(expectedR));
    expect(Math.abs(beyond10 - expected10)).toBeLessThan(4 * Math.sqrt(expected10) + 1);
  });

  it('chance(p) and normal() have the right first moments', () => {
    const rng = new RandomStream(12, 'misc');
    const n = 200_000;
    let hits = 0;
    let sum = 0;
    let sumSquares = 0;
    for (let i = 0; i < n; i++) {
      if (rng.chance(0.3)) hits++;
      const z = rng.normal();
      sum += z;
      sumSquares += z * z;
    }
    expect(Math.abs(hits / n - 0.3)).toBeLessThan(3.29 * Math.sqrt((0.3 * 0.7) / n));
    expect(Math.abs(sum / n)).toBeLessThan(3.29 / Math.sqrt(n));
    expect(Math.abs(sumSquares / n - 1)).toBeLessThan(3.29 * Math.sqrt(2 / n));
  });

  it('rejects bad parameters with a message naming the value', () => {
    const rng = new RandomStream(1, 'bad');
    expect(() => rng.int(5, 4)).toThrow('int(lo, hi) needs lo <= hi, got 5 > 4');
    expect(() => rng.int(0.5, 4)).toThrow('int(lo, hi) needs safe integers, got 0.5, 4');
    expect(() => rng.exponential(0)).toThrow('exponential(mean) needs a finite mean > 0, got 0');
    expect(() => rng.exponential(NaN)).toThrow('exponential(mean) needs a finite mean > 0, got NaN');
    expect(() => rng.chance(1.5)).toThrow('chance(p) needs 0 <= p <= 1, got 1.5');
  });
});

describe('TraceDigest', () => {
  it('fold() is order- and value-sensitive and hex() is 16 hex digits', () => {
    const make = (events: [number, number, number][]): string => {
      const digest = new TraceDigest();
      for (const [t, k, x] of events) digest.fold(t, k, x);
      return digest.hex();
    };
    const base = make([[1, 2, 3], [4, 5, 6]]);
    expect(base).toMatch(/^[0-9a-f]{16}$/);
    expect(make([[1, 2, 3], [4, 5, 6]])).toBe(base);
    expect(make([[4, 5, 6], [1, 2, 3]])).not.toBe(base);
    expect(make([[1, 2, 3], [4, 5, 7]])).not.toBe(base);
    expect(make([[1, 2, 3]])).not.toBe(base);
    // Times above 2^32 µs (71 minutes) still count in full.
    expect(make([[2 ** 40, 1, 1]])).not.toBe(make([[2 ** 40 + 2 ** 33, 1, 1]]));
  });

  it('distinct event lists give distinct digests (no collisions in 20k random pairs)', () => {
    const seen = new Map<string, string>();
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(2 ** 40), fc.nat(1000), fc.nat(1000)), { minLength: 1, maxLength: 6 }), (events) => {
        const digest = new TraceDigest();
        for (const [t, k, x] of events) digest.fold(t, k, x);
        const key = JSON.stringify(events);
        const hex = digest.hex();
        const previous = seen.get(hex);
        if (previous !== undefined) expect(previous).toBe(key);
        seen.set(hex, key);
      }),
      { numRuns: 20_000 },
    );
  });

  it('hashName(name) is stable across runs', () => {
    expect(hashName('mmc/arrival')).toBe(hashName('mmc/arrival'));
    expect(hashName('a')).not.toBe(hashName('b'));
    expect(hashName('')).toBe(0x811c9dc5);
  });
});
