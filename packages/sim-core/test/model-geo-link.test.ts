import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../src/kernel/random-stream.js';
import { LINK_DRAWS_PER_HOP, Link, NETWORK_DEFAULTS, localLink } from '../src/model/geo/index.js';
import type { LinkConfigWithRtt, LinkDirection } from '../src/model/geo/index.js';

const N = 100_000;
/** Two-sided 99.9% normal critical value, z(0.9995). */
const Z999 = 3.2905267314918945;
/** Kolmogorov-Smirnov critical value at alpha = 0.001 is about 1.95 / sqrt(n). */
const KS_CRITICAL = 1.95 / Math.sqrt(N);
const SEED = 20_240_611;

function link(overrides: Partial<LinkConfigWithRtt> = {}): Link {
  return new Link({
    between: ['us-east', 'eu-west'],
    rttUs: 80_001,
    jitterUs: 5_000,
    lossRatio: 0,
    bandwidthBitsPerS: 1e9,
    retransmitTimeoutUs: 200_000,
    retransmitsMax: 3,
    ...overrides,
  });
}

function delays(l: Link, direction: LinkDirection, count: number, seed = SEED, sizeBytes = 0): Float64Array {
  const rng = new RandomStream(seed, 'link');
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = l.oneWayDelayUs(direction, rng, sizeBytes);
  return out;
}

/** The sample mean and its 99.9% half-width, from the sample's own standard deviation. */
function meanInterval(values: ArrayLike<number>): { mean: number; halfWidth: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i] - mean) ** 2;
  return { mean, halfWidth: Z999 * Math.sqrt(squares / (values.length - 1) / values.length) };
}

/** The Kolmogorov-Smirnov statistic of a sample against a continuous CDF. */
function ksStatistic(values: Float64Array, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(values).sort();
  let d = 0;
  for (let i = 0; i < sorted.length; i++) {
    const f = cdf(sorted[i]);
    d = Math.max(d, f - i / sorted.length, (i + 1) / sorted.length - f);
  }
  return d;
}

/** Asserts that `count` of `n` trials is inside the 99.9% normal interval of Binomial(n, q). */
function expectBinomial(count: number, n: number, q: number): void {
  expect(Math.abs(count - n * q)).toBeLessThanOrEqual(Z999 * Math.sqrt(n * q * (1 - q)) + 1);
}

describe('Link.oneWayDelayUs', () => {
  it('one-way delay distribution matches RTT/2 + exponential jitter (mean in its 99.9% interval, KS at alpha 0.001)', () => {
    const l = link();
    const sample = delays(l, 0, N);
    // Rounding to whole µs moves each value by at most 0.5 µs: at most 0.5 / 5000 = 1e-4 in
    // the CDF, far below the KS critical value of 0.0062, and zero in the mean on average.
    const excess = sample.map((d) => d - 80_001 / 2);
    const { mean, halfWidth } = meanInterval(excess);
    expect(Math.abs(mean - 5_000)).toBeLessThanOrEqual(halfWidth);
    expect(ksStatistic(excess, (x) => (x <= 0 ? 0 : -Math.expm1(-x / 5_000)))).toBeLessThan(KS_CRITICAL);
    expect(sample.every((d) => Number.isInteger(d) && d >= 40_000)).toBe(true);
  });

  it('oneWayDelayUs with jitterUs 0 and lossRatio 0 is exactly round(rttUs / 2 + serialization)', () => {
    const l = link({ jitterUs: 0, rttUs: 30_000, bandwidthBitsPerS: 1e6 });
    expect(delays(l, 1, 10).every((d) => d === 15_000)).toBe(true);
    // 1,250 bytes at 1 Mbit/s take 10 ms to serialize.
    expect(delays(l, 0, 10, SEED, 1_250).every((d) => d === 25_000)).toBe(true);
  });

  it.each([
    { p: 0.2, k: 3 },
    { p: 0.5, k: 1 },
  ])('loss $p with $k retransmits: exactly j retransmissions has share (1-p)p^j and the lost share is p^(k+1)', ({ p, k }) => {
    const l = link({ jitterUs: 0, rttUs: 20_000, lossRatio: p, retransmitsMax: k });
    const sample = delays(l, 0, N);
    const counts = new Array<number>(k + 1).fill(0);
    let lost = 0;
    for (const d of sample) {
      if (d === -1) lost++;
      else counts[(d - 10_000) / 200_000]++;
    }
    for (let j = 0; j <= k; j++) expectBinomial(counts[j], N, (1 - p) * p ** j);
    expectBinomial(lost, N, p ** (k + 1));
    expect(l.deliveryRatio(0)).toBeCloseTo(1 - p ** (k + 1), 12);
  });

  it('the mean delay increase under loss is retransmitTimeoutUs times E[retransmissions | delivered]', () => {
    const p = 0.3;
    const k = 2;
    const l = link({ lossRatio: p, retransmitsMax: k });
    const delivered = Array.from(delays(l, 0, N)).filter((d) => d !== -1);
    const { mean, halfWidth } = meanInterval(delivered.map((d) => d - 80_001 / 2));
    const retransmissions = ((1 - p) * (p + 2 * p * p)) / (1 - p ** 3); // E[j | j <= 2], written out
    expect(Math.abs(mean - (5_000 + 200_000 * retransmissions))).toBeLessThanOrEqual(halfWidth);
    expect(l.expectedOneWayUs(0)).toBeCloseTo(80_001 / 2 + 5_000 + 200_000 * retransmissions, 6);
  });

  it('oneWayDelayUs is deterministic: the same stream seed gives the same delays, another seed others', () => {
    const l = link({ lossRatio: 0.1 });
    expect(delays(l, 0, 1_000)).toEqual(delays(l, 0, 1_000));
    expect(delays(l, 0, 1_000, SEED + 1)).not.toEqual(delays(l, 0, 1_000));
  });

  it(`oneWayDelayUs consumes exactly LINK_DRAWS_PER_HOP = ${LINK_DRAWS_PER_HOP} draws whether up, degraded, partitioned or lost`, () => {
    const faulty = [link(), link({ lossRatio: 0.9, retransmitsMax: 0 }), link(), link()];
    faulty[2].partition();
    faulty[3].degrade({ addedLatencyUs: 7, addedLossRatio: 1 });
    for (const l of faulty) {
      const rng = new RandomStream(SEED, 'draws');
      for (let i = 0; i < 100; i++) l.oneWayDelayUs(0, rng);
      const reference = new RandomStream(SEED, 'draws');
      for (let i = 0; i < 100 * LINK_DRAWS_PER_HOP; i++) reference.float();
      expect(rng.int32()).toBe(reference.int32());
    }
  });

  it('with the same draws a degraded link never delivers a message sooner, nor one the healthy link lost', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (seed, lossRatio, addedLatencyUs, addedLossRatio) => {
          const healthy = link({ lossRatio, retransmitsMax: 2 });
          const degraded = link({ lossRatio, retransmitsMax: 2 });
          degraded.degrade({ addedLatencyUs, addedLossRatio });
          const before = delays(healthy, 1, 200, seed);
          const after = delays(degraded, 1, 200, seed);
          for (let i = 0; i < before.length; i++) {
            if (before[i] === -1) expect(after[i]).toBe(-1);
            else if (after[i] !== -1) expect(after[i]).toBeGreaterThanOrEqual(before[i]);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('Link fault verbs', () => {
  it('partition(0) loses every a->b message at once while b->a still delivers; repair(0) restores a->b', () => {
    const l = link();
    l.partition(0);
    expect([l.state(0), l.state(1)]).toEqual(['partitioned', 'up']);
    expect(delays(l, 0, 1_000).every((d) => d === -1)).toBe(true);
    expect(delays(l, 1, 1_000).every((d) => d >= 40_000)).toBe(true);
    expect(l.deliveryRatio(0)).toBe(0);
    expect(l.expectedOneWayUs(0)).toBe(Infinity);
    l.repair(0);
    expect(l.state(0)).toBe('up');
    expect(delays(l, 0, 1_000)).toEqual(delays(link(), 0, 1_000));
  });

  it("partition() with no direction and partition('both') cut both ways; repair(1) repairs b->a only", () => {
    const l = link();
    l.partition();
    expect([l.state(0), l.state(1)]).toEqual(['partitioned', 'partitioned']);
    l.repair(1);
    expect([l.state(0), l.state(1)]).toEqual(['partitioned', 'up']);
    l.repair('both');
    l.partition('both');
    expect(delays(l, 1, 10).every((d) => d === -1)).toBe(true);
  });

  it('degrade({ addedLatencyUs }) adds exactly that latency to each delay under the same draws; restore() removes it', () => {
    const healthy = delays(link(), 0, 1_000);
    const l = link();
    l.degrade({ addedLatencyUs: 25_000, addedLossRatio: 0 }, 0);
    expect([l.state(0), l.state(1)]).toEqual(['degraded', 'up']);
    expect(delays(l, 0, 1_000)).toEqual(healthy.map((d) => d + 25_000));
    expect(delays(l, 1, 1_000)).toEqual(delays(link(), 1, 1_000));
    l.restore();
    expect(l.state(0)).toBe('up');
    expect(delays(l, 0, 1_000)).toEqual(healthy);
  });

  it('degrade({ addedLossRatio }) loses transmissions independently of the base loss: p = 1 - (1 - loss)(1 - added)', () => {
    const l = link({ lossRatio: 0.1, retransmitsMax: 0 });
    l.degrade({ addedLatencyUs: 0, addedLossRatio: 0.3 });
    const p = 1 - 0.9 * 0.7;
    expect(l.transmissionLossRatio(0)).toBeCloseTo(p, 15);
    const lost = delays(l, 0, N).filter((d) => d === -1).length;
    expectBinomial(lost, N, p);
  });

  it('a partition keeps the degradation for after repair; restore() keeps a partition', () => {
    const l = link();
    l.degrade({ addedLatencyUs: 1_000, addedLossRatio: 0.01 });
    l.partition();
    expect(l.state(0)).toBe('partitioned');
    l.restore();
    expect(l.state(0)).toBe('partitioned');
    l.degrade({ addedLatencyUs: 1_000, addedLossRatio: 0.01 });
    l.repair();
    expect(l.state(0)).toBe('degraded');
    expect(l.transmissionLossRatio(1)).toBeCloseTo(0.01, 15);
  });

  it('degrade, partition and the constructor reject bad values, naming them', () => {
    const l = link();
    expect(() => l.degrade({ addedLatencyUs: -1, addedLossRatio: 0 })).toThrow('degrade: addedLatencyUs must be a finite number >= 0 µs, got -1');
    expect(() => l.degrade({ addedLatencyUs: 0, addedLossRatio: 1.5 })).toThrow('degrade: addedLossRatio must be in [0, 1], got 1.5');
    expect(() => l.partition(2 as LinkDirection)).toThrow("partition: direction must be 0, 1 or 'both', got 2");
    expect(() => link({ lossRatio: 1 })).toThrow('new Link: link "us-east" <-> "eu-west": lossRatio must be in [0, 1)');
    expect(() => link({ rttUs: undefined as unknown as number })).toThrow('rttUs is required');
  });
});

describe('localLink', () => {
  it('localLink(id) joins the region to itself with the NETWORK_DEFAULTS intra-region settings', () => {
    const l = localLink('us-east');
    expect(l.between).toEqual(['us-east', 'us-east']);
    expect(l.origin).toBe('local');
    expect([l.rttUs, l.jitterUs, l.lossRatio, l.bandwidthBitsPerS]).toEqual([
      NETWORK_DEFAULTS.intraRegionRttUs,
      NETWORK_DEFAULTS.intraRegionJitterUs,
      NETWORK_DEFAULTS.intraRegionLossRatio,
      NETWORK_DEFAULTS.intraRegionBandwidthBitsPerS,
    ]);
    expect(l.expectedRttUs()).toBe(1_000 + 2 * 100);
    expect(delays(l, 0, 1_000).every((d) => d >= 500)).toBe(true);
  });

  it('localLink(id, { rttUs, jitterUs }) overrides the defaults', () => {
    const l = localLink('eu-west', { rttUs: 400, jitterUs: 0 });
    expect(delays(l, 1, 10).every((d) => d === 200)).toBe(true);
  });
});
