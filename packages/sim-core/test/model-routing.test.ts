import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Network, RandomStream } from '../src/index.js';
import {
  DnsCohorts,
  NO_HEALTHY_REGION,
  ROUTING_POLICIES,
  RegionHealth,
  RouteTable,
  detectionDelayBoundsUs,
  drainCompleteAtUs,
  resolveRegion,
  validateRegionHealthCheck,
} from '../src/model/routing/index.js';
import type { RouteTableConfig } from '../src/model/routing/index.js';
import type { LinkConfig } from '../src/index.js';
import { threeRegionModel } from './fixtures/three-region-model.js';

const S = 1_000_000;
const MS = 1_000;
/** Two-sided 99.9% normal quantile, for binomial intervals. */
const Z_999 = 3.2905;
/** Upper 99.9% points of the chi-square distribution, by degrees of freedom. */
const CHI_SQUARE_999: Record<number, number> = { 1: 10.828, 2: 13.816, 15: 37.697 };

function chiSquare(observed: readonly number[], expected: readonly number[]): number {
  let statistic = 0;
  for (let i = 0; i < observed.length; i++) statistic += (observed[i] - expected[i]) ** 2 / expected[i];
  return statistic;
}

const fixture = threeRegionModel();
const network = new Network(fixture.regions, fixture.links);
const US = network.regionIndex('us-east');
const EU = network.regionIndex('eu-west');
const AP = network.regionIndex('ap-southeast');
const ALL = fixture.regions.map((r) => r.id);

function mask(...healthy: number[]): Uint8Array {
  const m = new Uint8Array(network.regionCount);
  for (const i of healthy) m[i] = 1;
  return m;
}

function table(config: Partial<RouteTableConfig>, placed: readonly string[] = ALL, estimates?: Float64Array): RouteTable {
  return new RouteTable(network, { policy: 'nearest-healthy', weights: [], failoverOrder: [], ...config }, placed, estimates);
}

describe('RegionHealth', () => {
  it('starts healthy, turns unhealthy at the k-th consecutive failure and healthy after h passes', () => {
    const health = new RegionHealth(3, { unhealthyThreshold: 3, healthyThreshold: 2 });
    expect(Array.from(health.healthyMask)).toEqual([1, 1, 1]);
    expect(health.recordCheck(1, false, 10)).toBe(false);
    expect(health.recordCheck(1, false, 20)).toBe(false);
    expect(health.recordCheck(1, false, 30)).toBe(true);
    expect(health.isHealthy(1)).toBe(false);
    expect(health.healthyMask[1]).toBe(0);
    expect(health.healthyCount).toBe(2);
    expect(health.lastChangeUs(1)).toBe(30);
    expect(health.recordCheck(1, false, 40)).toBe(false); // already unhealthy
    expect(health.recordCheck(1, true, 50)).toBe(false);
    expect(health.recordCheck(1, true, 60)).toBe(true);
    expect(health.isHealthy(1)).toBe(true);
    expect(health.lastChangeUs(1)).toBe(60);
    expect(health.lastChangeUs(0)).toBe(0);
    expect(health.healthyCount).toBe(3);
  });

  it('resets a streak on any result that agrees with the verdict (no flapping)', () => {
    const health = new RegionHealth(1, { unhealthyThreshold: 2, healthyThreshold: 2 });
    for (let i = 0; i < 20; i++) expect(health.recordCheck(0, i % 2 === 0, i)).toBe(false);
    expect(health.isHealthy(0)).toBe(true);
  });

  it('rejects bad thresholds, counts and indices', () => {
    expect(() => new RegionHealth(0, { unhealthyThreshold: 1, healthyThreshold: 1 })).toThrow(/regionCount/);
    expect(() => new RegionHealth(2, { unhealthyThreshold: 0, healthyThreshold: 1 })).toThrow(/unhealthyThreshold must be a whole number of checks >= 1, got 0/);
    expect(() => new RegionHealth(2, { unhealthyThreshold: 1, healthyThreshold: 1.5 })).toThrow(/healthyThreshold/);
    expect(() => new RegionHealth(2, { unhealthyThreshold: 1, healthyThreshold: 1 }).recordCheck(2, true, 0)).toThrow(/\[0, 1\], got 2/);
    expect(validateRegionHealthCheck(fixture.routing.healthCheck)).toEqual([]);
    expect(validateRegionHealthCheck({ intervalUs: 0, timeoutUs: -1, healthyThreshold: 1, unhealthyThreshold: 1 })).toHaveLength(2);
  });
});

describe('detectionDelayBoundsUs', () => {
  it('is (k-1)·I to k·I + timeout', () => {
    expect(detectionDelayBoundsUs(fixture.routing.healthCheck)).toEqual({ minUs: 20 * S, maxUs: 32 * S });
    expect(detectionDelayBoundsUs({ intervalUs: 5 * S, timeoutUs: 0, healthyThreshold: 1, unhealthyThreshold: 1 })).toEqual({ minUs: 0, maxUs: 5 * S });
    expect(() => detectionDelayBoundsUs({ intervalUs: 0, timeoutUs: 0, healthyThreshold: 1, unhealthyThreshold: 1 })).toThrow(/intervalUs/);
  });

  /**
   * Drives the state machine with checks started every I from `phaseUs`; a check started before
   * the death passes at once, one started at or after it fails after `failAfterUs` (0: refused,
   * timeoutUs: no answer). Returns when the region was marked unhealthy.
   */
  function markedUnhealthyAtUs(intervalUs: number, k: number, phaseUs: number, deathUs: number, failAfterUs: number): number {
    const health = new RegionHealth(1, { unhealthyThreshold: k, healthyThreshold: 1 });
    // Start a few checks before the death: earlier passing checks change nothing.
    const firstUs = phaseUs + Math.max(0, Math.floor((deathUs - phaseUs) / intervalUs) - 2) * intervalUs;
    for (let startUs = firstUs; ; startUs += intervalUs) {
      const passed = startUs < deathUs;
      const atUs = passed ? startUs : startUs + failAfterUs;
      if (health.recordCheck(0, passed, atUs)) return atUs;
    }
  }

  it('bounds the state machine under any check phase, death time and failure mode', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 * S }),
        fc.integer({ min: 0, max: 10 * S }),
        fc.integer({ min: 1, max: 6 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 0, max: 1000 * S }),
        fc.boolean(),
        (intervalUs, timeoutUs, k, phase, deathUs, byTimeout) => {
          const phaseUs = Math.floor(phase * intervalUs);
          const bounds = detectionDelayBoundsUs({ intervalUs, timeoutUs, healthyThreshold: 1, unhealthyThreshold: k });
          const delayUs = markedUnhealthyAtUs(intervalUs, k, phaseUs, deathUs, byTimeout ? timeoutUs : 0) - deathUs;
          expect(delayUs).toBeGreaterThanOrEqual(bounds.minUs);
          expect(delayUs).toBeLessThanOrEqual(bounds.maxUs);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is tight: both ends are reached', () => {
    const config = fixture.routing.healthCheck;
    const k = config.unhealthyThreshold;
    const { minUs, maxUs } = detectionDelayBoundsUs(config);
    // Dies exactly as a check starts, failures refused at once.
    expect(markedUnhealthyAtUs(config.intervalUs, k, 0, 100 * S, 0) - 100 * S).toBe(minUs);
    // Dies 1 µs after a check started, failures wait out the timeout.
    expect(markedUnhealthyAtUs(config.intervalUs, k, 0, 100 * S + 1, config.timeoutUs) - (100 * S + 1)).toBe(maxUs - 1);
  });
});

describe('RouteTable', () => {
  const rng = new RandomStream(1, 'routing-test');

  it('nearest-healthy picks the closest healthy region and skips unhealthy ones', () => {
    // The fixture's geography: Virginia–Dublin is far shorter than either to Singapore.
    expect(network.rttAt(US, EU)).toBeLessThan(network.rttAt(US, AP));
    expect(network.rttAt(AP, EU)).toBeLessThan(network.rttAt(AP, US));
    const routes = table({ policy: 'nearest-healthy' });
    expect([US, EU, AP].map((from) => routes.resolve(from, rng))).toEqual([US, EU, AP]);
    routes.update(mask(EU, AP));
    expect([US, EU, AP].map((from) => routes.resolve(from, rng))).toEqual([EU, EU, AP]);
    routes.update(mask(US));
    expect([US, EU, AP].map((from) => routes.resolve(from, rng))).toEqual([US, US, US]);
    routes.update(mask());
    expect([US, EU, AP].map((from) => routes.resolve(from, rng))).toEqual([-1, -1, -1]);
    expect(resolveRegion(routes, US, rng)).toBe(NO_HEALTHY_REGION);
  });

  it('nearest-healthy only routes to regions where the entry service is placed', () => {
    const routes = table({ policy: 'nearest-healthy' }, ['eu-west', 'ap-southeast']);
    expect(routes.resolve(US, rng)).toBe(EU);
    routes.update(mask(US, AP));
    expect(routes.resolve(US, rng)).toBe(AP);
  });

  it('nearest-healthy breaks RTT ties towards the lower index', () => {
    const base = fixture.links[0];
    const links: LinkConfig[] = [
      { ...base, between: ['us-east', 'eu-west'], rttUs: 80 * MS },
      { ...base, between: ['us-east', 'ap-southeast'], rttUs: 80 * MS },
    ];
    const tied = new Network(fixture.regions, links);
    const routes = new RouteTable(tied, { policy: 'nearest-healthy', weights: [], failoverOrder: [] }, ['ap-southeast', 'eu-west']);
    expect(routes.resolve(US, rng)).toBe(EU);
  });

  it('nearest-healthy and latency-based agree with brute force for every health mask', () => {
    const estimates = new Float64Array(3);
    const nearest = table({ policy: 'nearest-healthy' });
    const latency = table({ policy: 'latency-based' }, ALL, estimates);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 2 }), fc.array(fc.integer({ min: 0, max: 500 * MS }), { minLength: 3, maxLength: 3 }), (bits, from, est) => {
        const healthy = new Uint8Array([bits & 1, (bits >> 1) & 1, (bits >> 2) & 1]);
        estimates.set(est);
        nearest.update(healthy);
        latency.update(healthy);
        const argmin = (cost: (r: number) => number): number => {
          let best = -1;
          for (let r = 0; r < 3; r++) if (healthy[r] === 1 && (best < 0 || cost(r) < cost(best))) best = r;
          return best;
        };
        expect(nearest.resolve(from, rng)).toBe(argmin((r) => network.rttAt(from, r)));
        expect(latency.resolve(from, rng)).toBe(argmin((r) => network.rttAt(from, r) + estimates[r]));
      }),
      { numRuns: 200 },
    );
  });

  it('latency-based lets a slow nearby region lose to a fast distant one', () => {
    const estimates = new Float64Array(3);
    const routes = table({ policy: 'latency-based' }, ALL, estimates);
    expect(routes.resolve(US, rng)).toBe(US);
    estimates[US] = network.rttAt(US, EU) + 1; // the engine updates the estimates in place
    expect(routes.resolve(US, rng)).toBe(EU);
  });

  it('weighted frequencies match the weights among healthy regions (chi-square 99.9%)', () => {
    const weights = [
      { region: 'us-east', weight: 1 },
      { region: 'eu-west', weight: 2 },
      { region: 'ap-southeast', weight: 5 },
    ];
    const routes = table({ policy: 'weighted', weights });
    const draws = 40_000;
    const stream = new RandomStream(7, 'weighted');
    const counts = [0, 0, 0];
    for (let i = 0; i < draws; i++) counts[routes.resolve(US, stream)]++;
    expect(chiSquare(counts, [1, 2, 5].map((w) => (w / 8) * draws))).toBeLessThan(CHI_SQUARE_999[2]);

    routes.update(mask(US, AP));
    const after = [0, 0, 0];
    for (let i = 0; i < draws; i++) after[routes.resolve(EU, stream)]++;
    expect(after[EU]).toBe(0);
    expect(chiSquare([after[US], after[AP]], [draws / 6, (5 * draws) / 6])).toBeLessThan(CHI_SQUARE_999[1]);
  });

  it('weighted draws exactly once per resolution, also with nothing healthy', () => {
    const routes = table({ policy: 'weighted', weights: [{ region: 'eu-west', weight: 1 }] });
    const a = new RandomStream(3, 'twin');
    const b = new RandomStream(3, 'twin');
    expect(routes.resolve(US, a)).toBe(EU);
    routes.update(mask(US, AP)); // the only weighted region is down; zero-weight regions are never used
    expect(routes.resolve(US, a)).toBe(-1);
    b.float();
    b.float();
    expect(a.int32()).toBe(b.int32());
  });

  it('failover-only takes the first healthy region in order', () => {
    const routes = table({ policy: 'failover-only', failoverOrder: ['eu-west', 'us-east'] });
    expect([US, EU, AP].map((from) => routes.resolve(from, rng))).toEqual([EU, EU, EU]);
    routes.update(mask(US, AP));
    expect(routes.resolve(AP, rng)).toBe(US);
    routes.update(mask(AP)); // healthy but not in the order: active-passive never spills there
    expect(routes.resolve(AP, rng)).toBe(-1);
  });

  it('returns -1 under every policy when no region is healthy', () => {
    for (const policy of ROUTING_POLICIES) {
      const routes = table({ policy, weights: [{ region: 'us-east', weight: 1 }], failoverOrder: ['us-east'] }, ALL, new Float64Array(3));
      expect(routes.resolve(AP, rng)).toBeGreaterThanOrEqual(0);
      routes.update(mask());
      expect(routes.resolve(AP, rng)).toBe(NO_HEALTHY_REGION);
    }
  });

  it('follows RegionHealth: update when recordCheck reports a change', () => {
    const health = new RegionHealth(3, fixture.routing.healthCheck);
    const routes = table({ policy: 'nearest-healthy' });
    const interval = fixture.routing.healthCheck.intervalUs;
    const changes: number[] = [];
    for (let t = 0; t < 10 * interval; t += interval) {
      if (health.recordCheck(US, t < 3 * interval, t)) {
        changes.push(t);
        routes.update(health.healthyMask);
      }
    }
    expect(changes).toEqual([5 * interval]);
    expect(routes.resolve(US, rng)).toBe(EU);
  });

  it('rejects inconsistent inputs', () => {
    expect(() => table({ policy: 'random' as RouteTableConfig['policy'] })).toThrow(/unknown policy "random"/);
    expect(() => table({}, [])).toThrow(/placed in no region/);
    expect(() => table({}, ['us-est'])).toThrow(/unknown region "us-est" \(did you mean "us-east"\?\)/);
    expect(() => table({ policy: 'weighted', weights: [{ region: 'us-east', weight: -1 }] })).toThrow(/weights\[0\]\.weight must be a finite number >= 0, got -1/);
    expect(() => table({ policy: 'weighted', weights: [{ region: 'us-east', weight: 1 }, { region: 'us-east', weight: 2 }] })).toThrow(/repeats region "us-east"/);
    expect(() => table({ policy: 'weighted', weights: [{ region: 'us-east', weight: 0 }] })).toThrow(/weight > 0/);
    expect(() => table({ policy: 'weighted', weights: [{ region: 'us-east', weight: 1 }] }, ['eu-west'])).toThrow(/weight > 0/);
    expect(() => table({ policy: 'failover-only' })).toThrow(/needs a failoverOrder/);
    expect(() => table({ policy: 'latency-based' })).toThrow(/length 3, got none/);
    expect(() => table({ policy: 'latency-based' }, ALL, new Float64Array(2))).toThrow(/got length 2/);
  });
});

describe('DnsCohorts', () => {
  const TTL = 60 * S;

  it('keeps a resolved region until the cohort expires, on a staggered grid', () => {
    const dns = new DnsCohorts(1, 4, TTL);
    let answer = 0;
    let calls = 0;
    const resolve = (): number => {
      calls++;
      return answer;
    };
    // Cohort 1 first expires at (1 + 0.5)/4 · TTL = 22.5 s, then every TTL.
    expect(dns.regionFor(0, 1, 0, resolve)).toBe(0);
    expect(dns.expiresAtOf(0, 1)).toBe(22.5 * S);
    answer = 2;
    expect(dns.regionFor(0, 1, 22.5 * S - 1, resolve)).toBe(0);
    expect(dns.regionFor(0, 1, 22.5 * S, resolve)).toBe(2);
    expect(dns.expiresAtOf(0, 1)).toBe(82.5 * S);
    expect(calls).toBe(2);
    expect(dns.expiresAtOf(0, 0)).toBe(-1);
  });

  it('does not cache a failed resolution, and a TTL of 0 always resolves', () => {
    const dns = new DnsCohorts(2, 2, TTL);
    expect(dns.regionFor(1, 0, 0, () => -1)).toBe(-1);
    expect(dns.regionFor(1, 0, 1, () => 1)).toBe(1);
    const uncached = new DnsCohorts(1, 2, 0);
    expect(uncached.regionFor(0, 0, 0, () => 1)).toBe(1);
    expect(uncached.regionFor(0, 0, 0, () => 2)).toBe(2);
  });

  it('cohortOf is uniform (chi-square 99.9%)', () => {
    const dns = new DnsCohorts(1, 16, TTL);
    const stream = new RandomStream(5, 'cohorts');
    const counts = new Array<number>(16).fill(0);
    const draws = 32_000;
    for (let i = 0; i < draws; i++) counts[dns.cohortOf(stream)]++;
    expect(chiSquare(counts, counts.map(() => draws / 16))).toBeLessThan(CHI_SQUARE_999[15]);
  });

  it('drains the old region linearly over one TTL, and completely by drainCompleteAtUs', () => {
    const cohorts = 64;
    const dns = new DnsCohorts(1, cohorts, TTL);
    const stream = new RandomStream(11, 'drain');
    const changeUs = 10 * TTL + 12_345_678; // off the grid on purpose
    const OLD = 0;
    const NEW = 1;
    let current = OLD;
    const resolve = (): number => current;
    // Steady traffic before the change: every cohort asks at least once per TTL/(4C), and just before the change.
    const stepUs = TTL / (4 * cohorts);
    for (let t = changeUs - 2 * TTL; t < changeUs; t += stepUs) for (let c = 0; c < cohorts; c++) dns.regionFor(0, c, Math.floor(t), resolve);
    for (let c = 0; c < cohorts; c++) dns.regionFor(0, c, changeUs - 1, resolve);
    current = NEW;
    const requests = 20_000;
    for (const x of [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99]) {
      const nowUs = changeUs + Math.round(x * TTL);
      let old = 0;
      for (let i = 0; i < requests; i++) if (dns.regionFor(0, dns.cohortOf(stream), nowUs, resolve) === OLD) old++;
      const p = 1 - x;
      // Binomial 99.9% half-width, plus the stagger's granularity (half a cohort).
      const halfWidth = Z_999 * Math.sqrt((p * (1 - p)) / requests) + 0.5 / cohorts;
      expect(Math.abs(old / requests - p)).toBeLessThanOrEqual(halfWidth);
    }
    const doneUs = drainCompleteAtUs(changeUs, TTL);
    expect(doneUs).toBe(changeUs + TTL);
    for (let c = 0; c < cohorts; c++) expect(dns.regionFor(0, c, doneUs, resolve)).toBe(NEW);
  });

  it('holds exactly 1 - x of the cohorts on the old region at change + x·TTL (before anyone re-resolves)', () => {
    const cohorts = 16;
    const dns = new DnsCohorts(1, cohorts, TTL);
    for (let c = 0; c < cohorts; c++) dns.regionFor(0, c, 0, () => 0);
    // A change at 0: cohort c holds the old region until (c + 0.5)/C · TTL.
    for (let j = 0; j <= cohorts; j++) {
      const x = j / cohorts;
      let old = 0;
      for (let c = 0; c < cohorts; c++) if (dns.expiresAtOf(0, c) > x * TTL) old++;
      expect(old / cohorts).toBe(1 - x);
    }
  });

  it('rejects bad sizes, TTLs and cohort indices', () => {
    expect(() => new DnsCohorts(0, 4, TTL)).toThrow(/populationCount/);
    expect(() => new DnsCohorts(1, 0, TTL)).toThrow(/cohortsPerPopulation must be an integer in \[1, 65536\], got 0/);
    expect(() => new DnsCohorts(1, 4, -1)).toThrow(/dnsTtlUs/);
    expect(() => new DnsCohorts(1, 4, 1.5)).toThrow(/dnsTtlUs/);
    const dns = new DnsCohorts(1, 4, TTL);
    expect(() => dns.regionFor(0, 4, 0, () => 0)).toThrow(/no cohort 4 of population 0/);
    expect(() => dns.regionFor(1, 0, 0, () => 0)).toThrow(/no cohort 0 of population 1/);
    expect(() => dns.regionFor(0, 0.5, 0, () => 0)).toThrow(/no cohort 0.5/);
  });
});
