import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  blastRadius,
  knotValueAt,
  newVersionShare,
  newVersionShareIntegralUs,
  planDeployment,
  rollbackTimeline,
  rollingBatches,
  shareKnotsWithRollback,
  validateDeployment,
} from '../src/model/ops/deploy/index.js';
import type { DeploymentConfig, DeploymentStrategy, RollingBatchSize, RollingStrategy } from '../src/model/ops/deploy/index.js';

const S = 1_000_000;
const MIN = 60 * S;

const canary: DeploymentConfig = {
  service: 'checkout',
  atUs: 10 * MIN,
  strategy: { kind: 'canary', steps: [{ share: 0.05, durationUs: 10 * MIN }, { share: 0.25, durationUs: 10 * MIN }] },
  rollback: { onAlerts: ['CheckoutErrorRatio'], rollbackUs: MIN },
};
/** The same bad version all at once: one rolling batch holding the whole fleet. */
const bigBang: DeploymentConfig = { ...canary, strategy: { kind: 'rolling', batchSize: { ratio: 1 }, batchIntervalUs: MIN } };
const rolling: DeploymentConfig = { ...canary, strategy: { kind: 'rolling', batchSize: { instances: 3 }, batchIntervalUs: 2 * MIN } };
const blueGreen: DeploymentConfig = { ...canary, strategy: { kind: 'blue-green', switchAfterUs: 5 * MIN, keepOldUs: 30 * MIN } };

/**
 * The reference share: the strategy's rules applied by a linear scan in plain arithmetic, written
 * from the documented semantics without the plan's knots.
 */
function referenceShare(config: DeploymentConfig, fleet: number, tUs: number, rollbackAtUs: number | null): number {
  const planned = (x: number): number => {
    if (x < config.atUs) return 0;
    const strategy = config.strategy;
    switch (strategy.kind) {
      case 'rolling': {
        const size = strategy.batchSize;
        const per = size.instances !== undefined ? Math.min(size.instances, fleet) : Math.max(1, Math.ceil(size.ratio * fleet - 1e-9));
        let moved = 0;
        for (let k = 0; k * per < fleet; k++) if (config.atUs + k * strategy.batchIntervalUs <= x) moved = Math.min(fleet, (k + 1) * per);
        return moved / fleet;
      }
      case 'canary': {
        let start = config.atUs;
        for (const step of strategy.steps) {
          if (x < start + step.durationUs) return step.share;
          start += step.durationUs;
        }
        return 1;
      }
      case 'blue-green':
        return x >= config.atUs + strategy.switchAfterUs ? 1 : 0;
    }
  };
  if (rollbackAtUs === null || tUs < rollbackAtUs) return planned(tUs);
  const rampUs = config.rollback?.rollbackUs ?? 0;
  const elapsed = tUs - rollbackAtUs;
  return elapsed >= rampUs ? 0 : (planned(rollbackAtUs) * (rampUs - elapsed)) / rampUs;
}

/** Small whole-µs plans, so a 1-µs midpoint sum over the whole plan stays cheap. */
const strategies: fc.Arbitrary<DeploymentStrategy> = fc.oneof(
  fc.record({
    kind: fc.constant('rolling' as const),
    batchSize: fc.oneof(
      fc.integer({ min: 1, max: 25 }).map((instances): RollingBatchSize => ({ instances })),
      fc.constantFrom(0.1, 0.2, 0.25, 0.28, 1 / 3, 0.5, 1).map((ratio): RollingBatchSize => ({ ratio })),
    ),
    batchIntervalUs: fc.integer({ min: 1, max: 200 }),
  }),
  fc.record({
    kind: fc.constant('canary' as const),
    steps: fc.array(fc.record({ share: fc.constantFrom(0.01, 0.05, 0.1, 0.25, 0.5, 0.9, 1), durationUs: fc.integer({ min: 1, max: 300 }) }), {
      minLength: 1,
      maxLength: 5,
    }),
  }),
  fc.record({ kind: fc.constant('blue-green' as const), switchAfterUs: fc.integer({ min: 0, max: 500 }), keepOldUs: fc.integer({ min: 0, max: 500 }) }),
);
const configs = fc.record({
  service: fc.constant('api'),
  atUs: fc.integer({ min: 0, max: 100 }),
  strategy: strategies,
  rollback: fc.record({ onAlerts: fc.constant(['HighErrors']), rollbackUs: fc.integer({ min: 0, max: 300 }) }),
});
const fleets = fc.integer({ min: 1, max: 20 });
const rollbackOffsets = fc.option(fc.integer({ min: 0, max: 1500 }), { nil: null });

describe('validateDeployment', () => {
  it('validateDeployment accepts every strategy, with and without a rollback', () => {
    for (const config of [canary, bigBang, rolling, blueGreen]) expect(validateDeployment(config)).toEqual([]);
    expect(validateDeployment({ ...canary, rollback: undefined })).toEqual([]);
  });

  it('validateDeployment names every bad field and its value, without throwing', () => {
    const bad = {
      service: '',
      atUs: 1.5,
      strategy: { kind: 'canary', steps: [{ share: 5, durationUs: 0 }, 'half'] },
      rollback: { onAlerts: ['ok', 3], rollbackUs: -1 },
    } as unknown as DeploymentConfig;
    expect(validateDeployment(bad, 'deployments[0]')).toEqual([
      'deployments[0]: service must be a non-empty string naming the service, got ""',
      'deployments[0]: atUs must be a whole number of µs >= 0, got 1.5',
      'deployments[0]: strategy.steps[0].share must be a fraction of the traffic in (0, 1] (not a percentage), got 5',
      'deployments[0]: strategy.steps[0].durationUs must be a whole number of µs > 0, got 0',
      'deployments[0]: strategy.steps[1] must be an object { share, durationUs }, got "half"',
      'deployments[0]: rollback.onAlerts[1] must be a non-empty string naming an alert rule, got 3',
      'deployments[0]: rollback.rollbackUs must be a whole number of µs >= 0, got -1',
    ]);
  });

  it('validateDeployment suggests the spelling of a misspelt strategy kind', () => {
    const config = { ...canary, strategy: { kind: 'canery', steps: [] } } as unknown as DeploymentConfig;
    expect(validateDeployment(config)).toEqual(['strategy.kind must be one of "rolling", "canary", "blue-green", got "canery" (did you mean "canary"?)']);
  });

  it('validateDeployment checks the rolling batch size, the blue-green times and an empty canary', () => {
    const strategy = (s: unknown) => validateDeployment({ ...canary, strategy: s } as DeploymentConfig);
    expect(strategy({ kind: 'rolling', batchSize: { instances: 2, ratio: 0.5 }, batchIntervalUs: 1 })).toEqual([
      'strategy.batchSize must give exactly one of instances and ratio, got both',
    ]);
    expect(strategy({ kind: 'rolling', batchSize: {}, batchIntervalUs: 0 })).toEqual([
      'strategy.batchSize must give exactly one of instances and ratio, got neither',
      'strategy.batchIntervalUs must be a whole number of µs > 0, got 0',
    ]);
    expect(strategy({ kind: 'rolling', batchSize: { ratio: 25 }, batchIntervalUs: 1 })).toEqual([
      'strategy.batchSize.ratio must be a fraction of the fleet in (0, 1] (not a percentage), got 25',
    ]);
    expect(strategy({ kind: 'rolling', batchSize: { instances: 0.5 }, batchIntervalUs: 1 })).toEqual([
      'strategy.batchSize.instances must be a whole number of instances > 0, got 0.5',
    ]);
    expect(strategy({ kind: 'blue-green', switchAfterUs: -1, keepOldUs: '1h' })).toEqual([
      'strategy.switchAfterUs must be a whole number of µs >= 0, got -1',
      'strategy.keepOldUs must be a whole number of µs >= 0, got "1h"',
    ]);
    expect(strategy({ kind: 'canary', steps: [] })[0]).toMatch(/^strategy.steps must be a non-empty array .* big-bang deploy/);
    expect(validateDeployment({ ...canary, rollback: { onAlerts: [], rollbackUs: 0 } })).toEqual([
      'rollback.onAlerts must be a non-empty array of alert rule names, got an array',
    ]);
    expect(validateDeployment(42 as unknown as DeploymentConfig)[0]).toMatch(/^a deployment must be an object .* got 42$/);
  });
});

describe('planDeployment', () => {
  it('planDeployment throws one RangeError listing every problem, the fleet included', () => {
    expect(() => planDeployment({ ...canary, atUs: -1 }, 0)).toThrow(
      /^planDeployment: invalid config: atUs must be a whole number of µs >= 0, got -1; fleetInstances must be a whole number of instances >= 1, got 0$/,
    );
  });

  it('planDeployment of a rolling deploy of 10 instances in batches of 3 moves 3, 3, 3, 1 every 2 min', () => {
    const plan = planDeployment(rolling, 10);
    expect(plan.batchInstances).toEqual([3, 3, 3, 1]);
    expect(plan.batchAtUs).toEqual([10 * MIN, 12 * MIN, 14 * MIN, 16 * MIN]);
    expect(plan.fullAtUs).toBe(16 * MIN);
    expect(plan.plannedEndUs).toBe(16 * MIN);
    expect(newVersionShare(plan, 12 * MIN - 1, null)).toBe(0.3);
    expect(newVersionShare(plan, 12 * MIN, null)).toBe(0.6);
    expect(newVersionShare(plan, 16 * MIN, null)).toBe(1);
  });

  it('rollingBatches takes a ratio of the fleet rounded up, without counting floating-point noise as an instance', () => {
    const byRatio = (ratio: number, fleet: number) => rollingBatches({ kind: 'rolling', batchSize: { ratio }, batchIntervalUs: 1 }, fleet);
    // 0.28 · 25 is 7.000000000000001 in doubles: batches of 7, not 8.
    expect(byRatio(0.28, 25)).toEqual([7, 7, 7, 4]);
    expect(byRatio(0.1, 30)).toEqual(Array(10).fill(3));
    expect(byRatio(0.25, 10)).toEqual([3, 3, 3, 1]);
    expect(byRatio(0.01, 5)).toEqual([1, 1, 1, 1, 1]);
    expect(rollingBatches({ kind: 'rolling', batchSize: { instances: 50 }, batchIntervalUs: 1 }, 7)).toEqual([7]);
  });

  it('rollingBatches: the batches sum to the fleet, all but the last are equal and the last is not larger (property)', () => {
    const rollingStrategies = strategies.filter((s): s is RollingStrategy => s.kind === 'rolling');
    fc.assert(
      fc.property(rollingStrategies, fc.integer({ min: 1, max: 1000 }), (strategy, fleet) => {
        const batches = rollingBatches(strategy, fleet);
        expect(batches.reduce((a, b) => a + b, 0)).toBe(fleet);
        const per = batches[0];
        expect(batches.slice(0, -1).every((b) => b === per)).toBe(true);
        expect(batches[batches.length - 1]).toBeGreaterThan(0);
        expect(batches[batches.length - 1]).toBeLessThanOrEqual(per);
        expect(batches.length).toBe(Math.ceil(fleet / per));
      }),
      { numRuns: 500 },
    );
  });

  it('planDeployment ends a canary after its steps and a blue-green after keepOldUs past the switch', () => {
    const c = planDeployment(canary, 4);
    expect([c.fullAtUs, c.plannedEndUs, c.rollbackUs]).toEqual([30 * MIN, 30 * MIN, MIN]);
    expect(c.batchInstances).toEqual([]);
    const b = planDeployment(blueGreen, 4);
    expect([b.fullAtUs, b.plannedEndUs]).toEqual([15 * MIN, 45 * MIN]);
    expect(planDeployment({ ...canary, rollback: undefined }, 4).rollbackUs).toBe(0);
  });
});

describe('newVersionShare', () => {
  it('newVersionShare follows the canary steps: 0 before the start, each share from its step start, 1 after the last', () => {
    const plan = planDeployment(canary, 4);
    expect(newVersionShare(plan, 10 * MIN - 1, null)).toBe(0);
    expect(newVersionShare(plan, 10 * MIN, null)).toBe(0.05);
    expect(newVersionShare(plan, 20 * MIN - 1, null)).toBe(0.05);
    expect(newVersionShare(plan, 20 * MIN, null)).toBe(0.25);
    expect(newVersionShare(plan, 30 * MIN, null)).toBe(1);
    expect(newVersionShare(plan, 1e12, null)).toBe(1);
  });

  it('newVersionShare ramps a rollback linearly from the share at the rollback to 0 over rollbackUs', () => {
    const plan = planDeployment(canary, 4);
    const r = 22 * MIN;
    expect(newVersionShare(plan, r - 1, r)).toBe(0.25);
    expect(newVersionShare(plan, r, r)).toBe(0.25);
    expect(newVersionShare(plan, r + 30 * S, r)).toBeCloseTo(0.125, 15);
    expect(newVersionShare(plan, r + MIN - 1, r)).toBeGreaterThan(0);
    expect(newVersionShare(plan, r + MIN, r)).toBe(0);
    // After the rollback the planned steps no longer matter.
    expect(newVersionShare(plan, 40 * MIN, r)).toBe(0);
    const instant = planDeployment({ ...canary, rollback: { onAlerts: ['x'], rollbackUs: 0 } }, 4);
    expect(newVersionShare(instant, r, r)).toBe(0);
  });

  it('newVersionShare switches blue-green at once and includes a rolling batch at its own instant', () => {
    const plan = planDeployment(blueGreen, 4);
    expect(newVersionShare(plan, 15 * MIN - 1, null)).toBe(0);
    expect(newVersionShare(plan, 15 * MIN, null)).toBe(1);
    // A rollback before the switch leaves nothing to roll back.
    expect(newVersionShare(plan, 20 * MIN, 12 * MIN)).toBe(0);
  });

  it('newVersionShare agrees with a linear-scan reference of the strategy rules, and shareKnotsWithRollback with both (property)', () => {
    fc.assert(
      fc.property(configs, fleets, rollbackOffsets, fc.array(fc.integer({ min: -50, max: 3000 }), { minLength: 1, maxLength: 40 }), (config, fleet, offset, times) => {
        const plan = planDeployment(config, fleet);
        const r = offset === null ? null : config.atUs + offset;
        const knots = shareKnotsWithRollback(plan, r);
        for (const t of times) {
          const share = newVersionShare(plan, t, r);
          expect(share).toBeCloseTo(referenceShare(config, fleet, t, r), 12);
          expect(knotValueAt(knots, t)).toBeCloseTo(share, 12);
          expect(share >= 0 && share <= 1).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('blastRadius', () => {
  it('blastRadius at 1000 requests/s and 20% errors, rolled back 3 min in over 1 min: canary 2100, big bang 42000', () => {
    const r = canary.atUs + 3 * MIN;
    const until = 60 * MIN;
    // Failed = rate · error ratio · share · (time to detect + rollback ramp / 2): 1000 · 0.2 · 0.05 · 210 s.
    expect(blastRadius(planDeployment(canary, 4), 1000, 0.2, r, until)).toBeCloseTo(2100, 9);
    expect(blastRadius(planDeployment(bigBang, 4), 1000, 0.2, r, until)).toBeCloseTo(42_000, 9);
    // Without a rollback the bad version fails requests until the run ends.
    const canaryAll = 1000 * 0.2 * (0.05 * 600 + 0.25 * 600 + 1 * 1800);
    expect(blastRadius(planDeployment(canary, 4), 1000, 0.2, null, until)).toBeCloseTo(canaryAll, 8);
  });

  it('blastRadius: a canary rolled back during its first step fails exactly share₀ times what a big bang does, never more at any rollback time (property)', () => {
    const canaries = fc.record({
      steps: fc.array(fc.record({ share: fc.double({ min: 0.001, max: 1, noNaN: true }), durationUs: fc.integer({ min: 1, max: 3600 * S }) }), { minLength: 1, maxLength: 6 }),
      atUs: fc.integer({ min: 0, max: 3600 * S }),
      rollbackUs: fc.integer({ min: 0, max: 600 * S }),
    });
    fc.assert(
      fc.property(canaries, fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 7200 * S }), fc.double({ min: 0, max: 5000, noNaN: true }), (c, errorRatio, detectUs, rate) => {
        const rollback = { onAlerts: ['errors'], rollbackUs: c.rollbackUs };
        const canaryPlan = planDeployment({ service: 'api', atUs: c.atUs, strategy: { kind: 'canary', steps: c.steps }, rollback }, 10);
        const bigPlan = planDeployment({ service: 'api', atUs: c.atUs, strategy: { kind: 'rolling', batchSize: { ratio: 1 }, batchIntervalUs: 1 }, rollback }, 10);
        const r = c.atUs + detectUs;
        const until = r + c.rollbackUs + 1;
        const big = blastRadius(bigPlan, rate, errorRatio, r, until);
        // Share 1 from the start: rate · error · (time to detect + ramp / 2).
        const bigExpected = (rate * errorRatio * (detectUs + c.rollbackUs / 2)) / S;
        expect(big).toBeCloseTo(bigExpected, 6);
        expect(Math.abs(big - bigExpected)).toBeLessThanOrEqual(1e-12 * Math.max(1, bigExpected));
        const small = blastRadius(canaryPlan, rate, errorRatio, r, until);
        expect(small).toBeLessThanOrEqual(big * (1 + 1e-12));
        if (detectUs < c.steps[0].durationUs) {
          expect(Math.abs(small - c.steps[0].share * bigExpected)).toBeLessThanOrEqual(1e-12 * Math.max(1, bigExpected));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('blastRadius at a constant rate equals a 1-µs midpoint sum of the reference share (property)', () => {
    // Every knot is a whole µs, so the share is straight on each 1-µs cell and the midpoint rule is exact there.
    fc.assert(
      fc.property(configs, fleets, rollbackOffsets, fc.integer({ min: 0, max: 3000 }), (config, fleet, offset, span) => {
        const plan = planDeployment(config, fleet);
        const r = offset === null ? null : config.atUs + offset;
        const until = config.atUs + span;
        let cells = 0;
        for (let t = config.atUs; t < until; t++) cells += referenceShare(config, fleet, t + 0.5, r);
        const expected = (300 * 0.1 * cells) / S;
        expect(Math.abs(blastRadius(plan, 300, 0.1, r, until) - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1e-9, expected));
        expect(Math.abs(newVersionShareIntegralUs(plan, r, config.atUs, until) - cells)).toBeLessThanOrEqual(1e-9 * Math.max(1, cells));
      }),
      { numRuns: 300 },
    );
  });

  it('blastRadius with a rate function is exact for a rate growing linearly, a blue-green rolled back after the switch', () => {
    // rate(t) = a + b·t per second: Simpson's rule integrates rate × (a straight share) exactly.
    const a = 100;
    const b = 1e-6;
    const rate = (t: number) => a + b * t;
    const plan = planDeployment(blueGreen, 4);
    const T = 15 * MIN;
    const r = 25 * MIN;
    const R = MIN;
    // ∫_T^r rate dt + ∫_0^R rate(r + u) · (1 − u/R) du, in rate·µs.
    const analytic = a * (r - T) + (b * (r * r - T * T)) / 2 + ((a + b * r) * R) / 2 + (b * R * R) / 6;
    const expected = (0.3 * analytic) / S;
    expect(Math.abs(blastRadius(plan, rate, 0.3, r, 90 * MIN) - expected)).toBeLessThanOrEqual(1e-10 * expected);
    // A constant given as a function gives the constant's exact answer.
    const constant = blastRadius(plan, 1234, 0.3, r, 90 * MIN);
    expect(Math.abs(blastRadius(plan, () => 1234, 0.3, r, 90 * MIN) - constant)).toBeLessThanOrEqual(1e-10 * constant);
  });

  it('blastRadius with an hourly sinusoidal rate matches the analytic integral within 1e-9 (Simpson error ~ h⁴ ω⁴ is ~1e-20 here)', () => {
    const a = 1000;
    const c = 500;
    const periodUs = 3600 * S;
    const w = (2 * Math.PI) / periodUs;
    const rate = (t: number) => a + c * Math.sin(w * t);
    const F = (t: number) => a * t - (c / w) * Math.cos(w * t);
    const plan = planDeployment(canary, 4);
    const r = 23 * MIN + 17 * S;
    const R = MIN;
    // Step one (0.05) over [10, 20) min, step two (0.25) over [20 min, r), then the ramp from 0.25.
    const ramp =
      0.25 *
      ((a * R) / 2 +
        (c * (Math.cos(w * r) - Math.cos(w * (r + R)))) / w -
        (c / R) * (Math.sin(w * (r + R)) / (w * w) - (R * Math.cos(w * (r + R))) / w - Math.sin(w * r) / (w * w)));
    const analytic = 0.05 * (F(20 * MIN) - F(10 * MIN)) + 0.25 * (F(r) - F(20 * MIN)) + ramp;
    const expected = (0.5 * analytic) / S;
    expect(Math.abs(blastRadius(plan, rate, 0.5, r, 2 * 3600 * S) - expected)).toBeLessThanOrEqual(1e-9 * expected);
  });

  it('blastRadius rejects a bad error ratio, rate, step or rollback time', () => {
    const plan = planDeployment(canary, 4);
    expect(() => blastRadius(plan, 10, 1.5, null, MIN)).toThrow(/errorRatio must be a fraction in \[0, 1\], got 1.5/);
    expect(() => blastRadius(plan, -1, 0.5, null, MIN)).toThrow(/ratePerS must be a finite number >= 0, got -1/);
    expect(() => blastRadius(plan, () => 1, 0.5, null, MIN, { stepUs: 0 })).toThrow(/stepUs must be a finite number of µs > 0, got 0/);
    expect(() => blastRadius(plan, 10, 0.5, canary.atUs - 1, MIN)).toThrow(/rollbackAtUs must be null or a whole number of µs >= the deployment's start/);
    expect(() => blastRadius(plan, 10, 0.5, null, Number.NaN)).toThrow(/untilUs must be a finite number of µs, got NaN/);
  });
});

describe('rollbackTimeline', () => {
  it('rollbackTimeline reports the time to detect, the share then and the time to roll back', () => {
    const plan = planDeployment(canary, 4);
    expect(rollbackTimeline(plan, 13 * MIN)).toEqual({
      rollbackAtUs: 13 * MIN,
      timeToDetectUs: 3 * MIN,
      shareAtRollback: 0.05,
      rolledBackAtUs: 14 * MIN,
      timeToRollbackUs: 4 * MIN,
    });
    expect(() => rollbackTimeline(plan, 1.5)).toThrow(RangeError);
  });
});
