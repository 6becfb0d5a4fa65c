import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../src/index.js';
import {
  BALANCER_DRAWS_PER_PICK,
  BALANCER_POLICIES,
  InstancePool,
  createBalancerCursor,
  pick,
  validateBalancer,
} from '../src/model/balancing/index.js';
import type { BalancerConfig, BalancerPolicy } from '../src/model/balancing/index.js';

const validConfig: BalancerConfig = {
  policy: 'power-of-two-choices',
  healthCheck: { intervalUs: 5_000_000, unhealthyThreshold: 2, healthyThreshold: 3 },
  removalDelayUs: 1_000_000,
  readmissionDelayUs: 0,
};

/** Upper 99.9% points of the chi-square distribution, by degrees of freedom. */
const CHI_SQUARE_999: Record<number, number> = { 4: 18.467, 6: 22.458, 9: 27.877 };

function chiSquare(observed: readonly number[], expected: readonly number[]): number {
  let statistic = 0;
  for (let i = 0; i < observed.length; i++) statistic += (observed[i] - expected[i]) ** 2 / expected[i];
  return statistic;
}

/** A pool of `size` live instances, all in service, with the given active counts (0 by default). */
function poolOf(size: number, active: readonly number[] = []): InstancePool {
  const pool = new InstancePool(2);
  for (let i = 0; i < size; i++) {
    const index = pool.add();
    pool.setInService(index, true);
    pool.active[index] = active[i] ?? 0;
  }
  return pool;
}

/** The eligible indices as the pool lists them, sorted. */
function eligibleSet(pool: InstancePool): number[] {
  return Array.from(pool.eligible.subarray(0, pool.eligibleCount)).sort((a, b) => a - b);
}

describe('validateBalancer', () => {
  it('validateBalancer(valid config) returns no problems, for every policy', () => {
    for (const policy of BALANCER_POLICIES) expect(validateBalancer({ ...validConfig, policy })).toEqual([]);
  });

  it('validateBalancer reports an unknown policy, listing the known ones and suggesting the closest', () => {
    expect(validateBalancer({ ...validConfig, policy: 'least-connection' as BalancerPolicy })).toEqual([
      'policy must be one of "round-robin", "least-connections", "power-of-two-choices", "random", got "least-connection" (did you mean "least-connections"?)',
    ]);
    expect(validateBalancer({ ...validConfig, policy: 'weighted' as BalancerPolicy })).toEqual([
      'policy must be one of "round-robin", "least-connections", "power-of-two-choices", "random", got "weighted"',
    ]);
  });

  it('validateBalancer reports each bad health-check field by its path', () => {
    expect(
      validateBalancer({ ...validConfig, healthCheck: { intervalUs: 0, unhealthyThreshold: 1.5, healthyThreshold: 0 } }),
    ).toEqual([
      'healthCheck.intervalUs must be a whole number of microseconds > 0, got 0',
      'healthCheck.unhealthyThreshold must be a whole number of probes >= 1, got 1.5',
      'healthCheck.healthyThreshold must be a whole number of probes >= 1, got 0',
    ]);
    expect(validateBalancer({ ...validConfig, healthCheck: null as unknown as BalancerConfig['healthCheck'] })).toEqual([
      'healthCheck must be an object { intervalUs, unhealthyThreshold, healthyThreshold }, got null',
    ]);
  });

  it('validateBalancer reports negative, fractional or missing delays', () => {
    expect(validateBalancer({ ...validConfig, removalDelayUs: -1, readmissionDelayUs: 2.5 })).toEqual([
      'removalDelayUs must be a whole number of microseconds >= 0, got -1',
      'readmissionDelayUs must be a whole number of microseconds >= 0, got 2.5',
    ]);
    const { readmissionDelayUs: _dropped, ...missing } = validConfig;
    expect(validateBalancer(missing as BalancerConfig)).toEqual(['readmissionDelayUs must be a whole number of microseconds >= 0, got undefined']);
  });

  it('validateBalancer(non-object) reports one problem and does not throw', () => {
    expect(validateBalancer(undefined as unknown as BalancerConfig)).toEqual([
      'balancer config must be an object { policy, healthCheck, removalDelayUs, readmissionDelayUs }, got undefined',
    ]);
  });
});

describe('InstancePool', () => {
  it('add() hands out 0, 1, 2, … not in service, and doubles its arrays keeping their contents', () => {
    const pool = new InstancePool(2);
    expect([pool.add(), pool.add()]).toEqual([0, 1]);
    pool.active[1] = 7;
    pool.setInService(1, true);
    expect(pool.capacity).toBe(2);
    expect(pool.add()).toBe(2);
    expect(pool.capacity).toBe(4);
    expect(pool.add()).toBe(3);
    expect(pool.add()).toBe(4);
    expect(pool.capacity).toBe(8);
    expect(pool.active[1]).toBe(7);
    expect(Array.from(pool.inService.subarray(0, 5))).toEqual([0, 1, 0, 0, 0]);
    expect(Array.from(pool.live.subarray(0, 6))).toEqual([1, 1, 1, 1, 1, 0]);
    expect(eligibleSet(pool)).toEqual([1]);
    expect([pool.liveCount, pool.slots, pool.eligibleCount]).toEqual([5, 5, 1]);
  });

  it('remove(index) takes the instance out of service and add() reuses the most recently freed index with active reset', () => {
    const pool = poolOf(4, [3, 3, 3, 3]);
    pool.remove(1);
    pool.remove(3);
    expect(eligibleSet(pool)).toEqual([0, 2]);
    expect(pool.inService[1]).toBe(0);
    expect(pool.isLive(1)).toBe(false);
    expect(pool.add()).toBe(3);
    expect(pool.add()).toBe(1);
    expect(pool.add()).toBe(4);
    expect([pool.active[3], pool.active[1], pool.inService[3]]).toEqual([0, 0, 0]);
    expect([pool.liveCount, pool.slots]).toEqual([5, 5]);
  });

  it('setInService(index, state) is idempotent and swap-removes from the dense list', () => {
    const pool = poolOf(4);
    pool.setInService(2, true);
    expect(pool.eligibleCount).toBe(4);
    pool.setInService(1, false);
    pool.setInService(1, false);
    expect(Array.from(pool.eligible.subarray(0, pool.eligibleCount))).toEqual([0, 3, 2]);
  });

  it('remove(index) and setInService(index, …) reject an index that is not a live instance', () => {
    const pool = poolOf(2);
    pool.remove(0);
    expect(() => pool.remove(0)).toThrow('InstancePool.remove(index) needs the index of a live instance, got 0');
    expect(() => pool.setInService(5, true)).toThrow('InstancePool.setInService(index) needs the index of a live instance, got 5');
    expect(() => pool.setInService(0.5, true)).toThrow('got 0.5');
    expect(() => new InstancePool(0)).toThrow('new InstancePool(capacityInitial) needs a whole number in [1, 2^30], got 0');
  });
});

type Operation =
  | { kind: 'add' }
  | { kind: 'remove'; which: number }
  | { kind: 'serve'; which: number; inService: boolean }
  | { kind: 'load'; which: number; active: number }
  | { kind: 'pick'; policy: BalancerPolicy };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.constant<Operation>({ kind: 'add' }),
  fc.record({ kind: fc.constant('remove' as const), which: fc.nat() }),
  fc.record({ kind: fc.constant('serve' as const), which: fc.nat(), inService: fc.boolean() }),
  fc.record({ kind: fc.constant('load' as const), which: fc.nat(), active: fc.nat(5) }),
  fc.record({ kind: fc.constant('pick' as const), policy: fc.constantFrom(...BALANCER_POLICIES) }),
  fc.record({ kind: fc.constant('pick' as const), policy: fc.constantFrom(...BALANCER_POLICIES) }),
);

describe('pick', () => {
  it('pick(pool, policy, …) returns an eligible instance, or -1 exactly when none is, over random add/remove/eligibility sequences (reference Set)', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 300 }), fc.integer({ min: 1, max: 1_000_000 }), (operations, seed) => {
        const pool = new InstancePool(1);
        const rng = new RandomStream(seed, 'balancer');
        const cursor = createBalancerCursor();
        const live: number[] = [];
        const eligible = new Set<number>();
        for (const op of operations) {
          if (op.kind === 'add') {
            const index = pool.add();
            expect(live).not.toContain(index);
            live.push(index);
          } else if (op.kind === 'pick') {
            const chosen = pick(pool, op.policy, rng, cursor);
            if (eligible.size === 0) expect(chosen).toBe(-1);
            else expect(eligible.has(chosen)).toBe(true);
            if (op.policy === 'least-connections' && chosen >= 0) {
              const fewest = Math.min(...[...eligible].map((index) => pool.active[index]));
              expect(pool.active[chosen]).toBe(fewest);
            }
          } else if (live.length > 0) {
            const index = live[op.which % live.length];
            if (op.kind === 'remove') {
              pool.remove(index);
              live.splice(live.indexOf(index), 1);
              eligible.delete(index);
            } else if (op.kind === 'serve') {
              pool.setInService(index, op.inService);
              if (op.inService) eligible.add(index);
              else eligible.delete(index);
            } else {
              pool.active[index] = op.active;
            }
          }
          expect(eligibleSet(pool)).toEqual([...eligible].sort((a, b) => a - b));
          expect(pool.liveCount).toBe(live.length);
          for (let index = 0; index < pool.slots; index++) expect(pool.inService[index]).toBe(eligible.has(index) ? 1 : 0);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('pick(pool, policy, rng, …) takes exactly BALANCER_DRAWS_PER_PICK[policy] draws, however many instances are eligible', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BALANCER_POLICIES),
        fc.array(fc.nat(3), { maxLength: 12 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (policy, active, seed) => {
          const pool = poolOf(active.length, active);
          const rng = new RandomStream(seed, 'balancer');
          const twin = new RandomStream(seed, 'balancer');
          pick(pool, policy, rng, createBalancerCursor());
          for (let i = 0; i < BALANCER_DRAWS_PER_PICK[policy]; i++) twin.int32();
          expect(rng.int32()).toBe(twin.int32());
        },
      ),
      { numRuns: 200 },
    );
  });

  it('pick(pool, "round-robin", …): any eligibleCount consecutive picks with no change in between visit every eligible instance once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ size: fc.integer({ min: 1, max: 12 }), out: fc.array(fc.nat(11), { maxLength: 5 }), offset: fc.nat(30) }), {
          minLength: 1,
          maxLength: 6,
        }),
        (phases) => {
          // One pool and one cursor across phases, so each phase starts wherever the last change left the cursor.
          const pool = new InstancePool();
          const cursor = createBalancerCursor();
          const rng = new RandomStream(1, 'unused');
          for (const phase of phases) {
            while (pool.liveCount < phase.size) pool.add();
            for (let index = 0; index < pool.slots; index++) if (pool.isLive(index)) pool.setInService(index, !phase.out.includes(index));
            const count = pool.eligibleCount;
            for (let i = 0; i < phase.offset; i++) pick(pool, 'round-robin', rng, cursor);
            const visits = new Map<number, number>();
            for (let cycle = 0; cycle < 2; cycle++) {
              visits.clear();
              for (let i = 0; i < count; i++) {
                const chosen = pick(pool, 'round-robin', rng, cursor);
                visits.set(chosen, (visits.get(chosen) ?? 0) + 1);
              }
              if (count === 0) expect(pick(pool, 'round-robin', rng, cursor)).toBe(-1);
              expect([...visits.keys()].sort((a, b) => a - b)).toEqual(eligibleSet(pool));
              expect([...visits.values()].every((n) => n === 1)).toBe(true);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('pick(pool, "random", …) is uniform over the eligible instances (chi-square, 99.9%)', () => {
    // 13 instances of which 3 are out, so the eligible list has holes and swapped entries.
    const pool = poolOf(13);
    for (const index of [0, 5, 9]) pool.setInService(index, false);
    const rng = new RandomStream(7, 'balancer');
    const cursor = createBalancerCursor();
    const picks = 50_000;
    const counts = new Map<number, number>();
    for (let i = 0; i < picks; i++) {
      const chosen = pick(pool, 'random', rng, cursor);
      counts.set(chosen, (counts.get(chosen) ?? 0) + 1);
    }
    const eligible = eligibleSet(pool);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(eligible);
    const observed = eligible.map((index) => counts.get(index) ?? 0);
    expect(chiSquare(observed, observed.map(() => picks / eligible.length))).toBeLessThan(CHI_SQUARE_999[9]);
  });

  it('pick(pool, "power-of-two-choices", …) with all instances tied takes the first candidate, uniform over the eligible (chi-square, 99.9%)', () => {
    const pool = poolOf(10);
    const rng = new RandomStream(8, 'balancer');
    const cursor = createBalancerCursor();
    const picks = 50_000;
    const observed = new Array<number>(10).fill(0);
    for (let i = 0; i < picks; i++) observed[pick(pool, 'power-of-two-choices', rng, cursor)]++;
    expect(chiSquare(observed, observed.map(() => picks / 10))).toBeLessThan(CHI_SQUARE_999[9]);
  });

  it('pick(pool, "power-of-two-choices", …) with distinct loads picks the r-th least loaded with probability 2(n−1−r)/(n(n−1)): uniform distinct pairs (chi-square, 99.9%)', () => {
    // Instance i has i active requests, so the pick is the smaller of a uniform pair of distinct indices.
    const n = 6;
    const pool = poolOf(n, [0, 1, 2, 3, 4, 5]);
    const rng = new RandomStream(9, 'balancer');
    const cursor = createBalancerCursor();
    const picks = 60_000;
    const observed = new Array<number>(n).fill(0);
    for (let i = 0; i < picks; i++) observed[pick(pool, 'power-of-two-choices', rng, cursor)]++;
    expect(observed[n - 1]).toBe(0);
    const expected = observed.slice(0, n - 1).map((_, rank) => (picks * 2 * (n - 1 - rank)) / (n * (n - 1)));
    expect(chiSquare(observed.slice(0, n - 1), expected)).toBeLessThan(CHI_SQUARE_999[4]);
  });

  it('pick(pool, "power-of-two-choices", …) with one eligible instance takes it', () => {
    const pool = poolOf(3);
    pool.setInService(0, false);
    pool.setInService(2, false);
    const rng = new RandomStream(10, 'balancer');
    for (let i = 0; i < 100; i++) expect(pick(pool, 'power-of-two-choices', rng, createBalancerCursor())).toBe(1);
  });

  it('pick(pool, "least-connections", …) breaks ties uniformly at random among the least loaded (chi-square, 99.9%)', () => {
    // Seven instances tie at 2 active requests; three carry more and are never chosen.
    const pool = poolOf(10, [2, 5, 2, 2, 3, 2, 2, 9, 2, 2]);
    const rng = new RandomStream(11, 'balancer');
    const cursor = createBalancerCursor();
    const picks = 35_000;
    const observed = new Array<number>(10).fill(0);
    for (let i = 0; i < picks; i++) observed[pick(pool, 'least-connections', rng, cursor)]++;
    expect([observed[1], observed[4], observed[7]]).toEqual([0, 0, 0]);
    const tied = [0, 2, 3, 5, 6, 8, 9].map((index) => observed[index]);
    expect(chiSquare(tied, tied.map(() => picks / 7))).toBeLessThan(CHI_SQUARE_999[6]);
  });

  it('pick(empty pool, policy, …) returns -1 for every policy', () => {
    const pool = new InstancePool();
    pool.add();
    const rng = new RandomStream(12, 'balancer');
    for (const policy of BALANCER_POLICIES) expect(pick(pool, policy, rng, createBalancerCursor())).toBe(-1);
  });
});
