import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, validateAutoscaler } from '../src/model/autoscaling/index.js';
import type { AutoscalerConfig, AutoscalerMetric, AutoscalerPolicy, AutoscalerState, AutoscalerStep } from '../src/model/autoscaling/index.js';

const S = 1_000_000;
const MINUTE = 60 * S;
const HOUR = 60 * MINUTE;

const base: AutoscalerConfig = {
  min: 2,
  max: 20,
  evaluationIntervalUs: MINUTE,
  cooldownUs: 5 * MINUTE,
  provisioningDelayUs: 2 * MINUTE,
  policy: { kind: 'target-tracking', metric: 'utilisation', target: 0.5 },
};

/** An evaluation at 1 h with 4 instances at the target and no recent action, unless overridden. */
function state(overrides: Partial<AutoscalerState> = {}): AutoscalerState {
  return { nowUs: HOUR, current: 4, metricValue: 0.5, lastScaleUpUs: -Infinity, lastScaleDownUs: -Infinity, quota: Infinity, ...overrides };
}

describe('decide: target tracking', () => {
  it('decide() proposes ceil(current · metric / target): out, in, or steady', () => {
    expect(decide(base, state({ metricValue: 0.75 }))).toEqual({ desired: 6, reason: 'target-tracking', shortfall: 0 });
    expect(decide(base, state({ metricValue: 0.8 }))).toEqual({ desired: 7, reason: 'target-tracking', shortfall: 0 }); // 6.4
    expect(decide(base, state({ metricValue: 0.3 }))).toEqual({ desired: 3, reason: 'target-tracking', shortfall: 0 }); // 2.4
    expect(decide(base, state({ metricValue: 0.5 }))).toEqual({ desired: 4, reason: 'steady', shortfall: 0 });
    expect(decide(base, state({ metricValue: 0.45 }))).toEqual({ desired: 4, reason: 'steady', shortfall: 0 }); // 3.6: ceil keeps 4
  });

  it('decide() does not add an instance for floating-point noise: 7 · 0.3 / 0.3 stays 7', () => {
    const config: AutoscalerConfig = { ...base, min: 1, policy: { kind: 'target-tracking', metric: 'utilisation', target: 0.3 } };
    expect((7 * 0.3) / 0.3).toBeGreaterThan(7);
    expect(decide(config, state({ current: 7, metricValue: 0.3 }))).toEqual({ desired: 7, reason: 'steady', shortfall: 0 });
  });

  it('decide() scales out from zero on the load one instance would carry', () => {
    const config: AutoscalerConfig = { ...base, min: 0, policy: { kind: 'target-tracking', metric: 'concurrency', target: 4 } };
    expect(decide(config, state({ current: 0, metricValue: 10 }))).toEqual({ desired: 3, reason: 'target-tracking', shortfall: 0 });
    expect(decide(config, state({ current: 0, metricValue: 0 }))).toEqual({ desired: 0, reason: 'steady', shortfall: 0 });
    expect(decide(config, state({ current: 3, metricValue: 0 }))).toEqual({ desired: 0, reason: 'target-tracking', shortfall: 0 });
  });
});

describe('decide: cooldown', () => {
  it('decide() holds a scale-out within cooldownUs of the last scale-out and allows it at exactly cooldownUs', () => {
    const out = { metricValue: 1 };
    expect(decide(base, state({ ...out, lastScaleUpUs: HOUR - 5 * MINUTE + 1 }))).toEqual({ desired: 4, reason: 'cooldown', shortfall: 0 });
    expect(decide(base, state({ ...out, lastScaleUpUs: HOUR - 5 * MINUTE }))).toEqual({ desired: 8, reason: 'target-tracking', shortfall: 0 });
  });

  it('decide() lets a scale-out through right after a scale-in (cooldown is per direction)', () => {
    expect(decide(base, state({ metricValue: 1, lastScaleDownUs: HOUR }))).toEqual({ desired: 8, reason: 'target-tracking', shortfall: 0 });
  });

  it('decide() holds a scale-in within cooldownUs of the last scale-in and, more conservatively, of the last scale-out', () => {
    const scaleIn = { current: 8, metricValue: 0.25 };
    expect(decide(base, state({ ...scaleIn, lastScaleDownUs: HOUR - MINUTE }))).toEqual({ desired: 8, reason: 'cooldown', shortfall: 0 });
    expect(decide(base, state({ ...scaleIn, lastScaleUpUs: HOUR - MINUTE }))).toEqual({ desired: 8, reason: 'cooldown', shortfall: 0 });
    const expired = { lastScaleUpUs: HOUR - 5 * MINUTE, lastScaleDownUs: HOUR - 5 * MINUTE };
    expect(decide(base, state({ ...scaleIn, ...expired }))).toEqual({ desired: 4, reason: 'target-tracking', shortfall: 0 });
  });

  it('decide() with cooldownUs 0 acts at every evaluation', () => {
    const config = { ...base, cooldownUs: 0 };
    expect(decide(config, state({ metricValue: 1, lastScaleUpUs: HOUR })).desired).toBe(8);
    expect(decide(config, state({ metricValue: 0.25, lastScaleDownUs: HOUR, lastScaleUpUs: HOUR })).desired).toBe(2);
  });
});

describe('decide: min, max and quota', () => {
  it('decide() clamps to min and max and names the bound that bit', () => {
    expect(decide(base, state({ metricValue: 0.1 }))).toEqual({ desired: 2, reason: 'min', shortfall: 0 });
    expect(decide(base, state({ metricValue: 3 }))).toEqual({ desired: 20, reason: 'max', shortfall: 0 });
    expect(decide(base, state({ current: 20, metricValue: 1 }))).toEqual({ desired: 20, reason: 'max', shortfall: 0 });
  });

  it('decide() restores min and max even inside the cooldown', () => {
    expect(decide(base, state({ current: 1, metricValue: 0, lastScaleDownUs: HOUR }))).toEqual({ desired: 2, reason: 'min', shortfall: 0 });
    expect(decide(base, state({ current: 25, metricValue: 1, lastScaleUpUs: HOUR }))).toEqual({ desired: 20, reason: 'max', shortfall: 0 });
  });

  it('decide() caps a scale-out at the smaller of state.quota and config.quota, reporting the shortfall', () => {
    expect(decide(base, state({ metricValue: 3, quota: 10 }))).toEqual({ desired: 10, reason: 'quota', shortfall: 10 });
    expect(decide({ ...base, quota: 8 }, state({ metricValue: 3, quota: 12 }))).toEqual({ desired: 8, reason: 'quota', shortfall: 12 });
    expect(decide({ ...base, quota: 12 }, state({ metricValue: 1, quota: 100 }))).toEqual({ desired: 8, reason: 'target-tracking', shortfall: 0 });
  });

  it('decide() never stops instances because a fault lowered the quota, and may hold the group below min', () => {
    expect(decide(base, state({ current: 12, metricValue: 0.75, quota: 10 }))).toEqual({ desired: 12, reason: 'quota', shortfall: 6 });
    expect(decide(base, state({ current: 12, metricValue: 0.4, quota: 10 }))).toEqual({ desired: 10, reason: 'target-tracking', shortfall: 0 });
    expect(decide(base, state({ current: 0, metricValue: 0, quota: 1 }))).toEqual({ desired: 1, reason: 'quota', shortfall: 1 });
  });
});

describe('decide: scheduled actions', () => {
  const T1 = 2 * HOUR;
  const T2 = 3 * HOUR;
  const T3 = 4 * HOUR;
  const config: AutoscalerConfig = {
    ...base,
    scheduled: [
      { atUs: T1, min: 6, max: 30 },
      { atUs: T2, desired: 12 },
      { atUs: T3, min: 2, max: 10 },
    ],
  };

  it('decide() ignores an action before its atUs and applies its min from atUs on', () => {
    expect(decide(config, state({ nowUs: T1 - 1 }))).toEqual({ desired: 4, reason: 'steady', shortfall: 0 });
    expect(decide(config, state({ nowUs: T1 }))).toEqual({ desired: 6, reason: 'scheduled', shortfall: 0 });
    expect(decide(config, state({ nowUs: T1 + HOUR / 2, current: 6, metricValue: 0.1 }))).toEqual({ desired: 6, reason: 'scheduled', shortfall: 0 });
  });

  it('decide() keeps a scheduled max in effect until a later action changes it', () => {
    expect(decide(config, state({ nowUs: T1 + MINUTE, current: 20, metricValue: 1 }))).toEqual({ desired: 30, reason: 'scheduled', shortfall: 0 });
    expect(decide(config, state({ nowUs: T3, current: 12, metricValue: 1 }))).toEqual({ desired: 10, reason: 'scheduled', shortfall: 0 });
  });

  it('decide() applies a scheduled desired in the one evaluation interval starting at atUs, over the policy and the cooldown', () => {
    const recent = { current: 6, metricValue: 0.1, lastScaleUpUs: T2 - MINUTE, lastScaleDownUs: T2 - MINUTE };
    expect(decide(config, state({ ...recent, nowUs: T2 - 1 }))).toEqual({ desired: 6, reason: 'cooldown', shortfall: 0 });
    expect(decide(config, state({ ...recent, nowUs: T2 }))).toEqual({ desired: 12, reason: 'scheduled', shortfall: 0 });
    expect(decide(config, state({ ...recent, nowUs: T2 + MINUTE - 1 }))).toEqual({ desired: 12, reason: 'scheduled', shortfall: 0 });
    expect(decide(config, state({ nowUs: T2 + MINUTE, current: 12, metricValue: 0.5 }))).toEqual({ desired: 12, reason: 'steady', shortfall: 0 });
  });

  it('decide() still caps a scheduled desired at the quota', () => {
    expect(decide(config, state({ nowUs: T2, current: 6, quota: 9 }))).toEqual({ desired: 9, reason: 'quota', shortfall: 3 });
  });
});

describe('decide: step scaling', () => {
  const steps: AutoscalerStep[] = [
    { lowerBound: 0, upperBound: 0.2, adjustment: -2 },
    { lowerBound: 0.2, upperBound: 0.4, adjustment: -1 },
    { lowerBound: 0.6, upperBound: 0.8, adjustment: 1 },
    { lowerBound: 0.8, adjustment: 3 },
  ];
  const config: AutoscalerConfig = { ...base, min: 1, policy: { kind: 'step', metric: 'utilisation', steps } };
  const at = (metricValue: number): { desired: number; reason: string } => {
    const { desired, reason } = decide(config, state({ current: 10, metricValue }));
    return { desired, reason };
  };

  it('decide() applies the adjustment of the step whose [lowerBound, upperBound) holds the metric', () => {
    expect(at(0)).toEqual({ desired: 8, reason: 'step' });
    expect(at(0.19999)).toEqual({ desired: 8, reason: 'step' });
    expect(at(0.2)).toEqual({ desired: 9, reason: 'step' });
    expect(at(0.6)).toEqual({ desired: 11, reason: 'step' });
    expect(at(0.79999)).toEqual({ desired: 11, reason: 'step' });
    expect(at(0.8)).toEqual({ desired: 13, reason: 'step' });
    expect(at(7)).toEqual({ desired: 13, reason: 'step' });
  });

  it('decide() makes no change when the metric falls between steps', () => {
    expect(at(0.4)).toEqual({ desired: 10, reason: 'steady' });
    expect(at(0.59999)).toEqual({ desired: 10, reason: 'steady' });
  });

  it('decide() clamps a step that would go below min, or below zero', () => {
    expect(decide(config, state({ current: 2, metricValue: 0.1 }))).toEqual({ desired: 1, reason: 'min', shortfall: 0 });
    expect(decide({ ...config, min: 0 }, state({ current: 1, metricValue: 0.1 }))).toEqual({ desired: 0, reason: 'step', shortfall: 0 });
  });
});

describe('decide: state checks', () => {
  it('decide() throws a RangeError on a state no engine should produce', () => {
    expect(() => decide(base, state({ current: -1 }))).toThrow(RangeError);
    expect(() => decide(base, state({ metricValue: Number.NaN }))).toThrow('metricValue NaN');
    expect(() => decide(base, state({ lastScaleUpUs: HOUR + 1 }))).toThrow('lastScaleUpUs 3600000001');
  });
});

/**
 * A deterministic group under constant load, evaluated every interval: the metric is the load
 * over the running instances (utilisation saturates at 1), scale-out instances run after the
 * provisioning delay, and scale-in cancels provisioning instances before stopping running ones.
 */
interface GroupRun {
  current: number[];
  running: number[];
  ups: number[];
  downs: number[];
}

function runGroup(config: AutoscalerConfig, load: number, initial: number, evaluations: number): GroupRun {
  const metric: AutoscalerMetric = config.policy.metric;
  let running = initial;
  let provisioning: number[] = [];
  let lastScaleUpUs = -Infinity;
  let lastScaleDownUs = -Infinity;
  const run: GroupRun = { current: [], running: [], ups: [], downs: [] };
  for (let k = 0; k < evaluations; k++) {
    const nowUs = k * config.evaluationIntervalUs;
    running += provisioning.filter((readyUs) => readyUs <= nowUs).length;
    provisioning = provisioning.filter((readyUs) => readyUs > nowUs);
    const current = running + provisioning.length;
    const perInstance = load / Math.max(running, 1);
    const metricValue = metric === 'utilisation' ? Math.min(1, perInstance) : perInstance;
    const { desired } = decide(config, { nowUs, current, metricValue, lastScaleUpUs, lastScaleDownUs, quota: Infinity });
    if (desired > current) {
      for (let i = current; i < desired; i++) provisioning.push(nowUs + config.provisioningDelayUs);
      lastScaleUpUs = nowUs;
      run.ups.push(nowUs);
    } else if (desired < current) {
      let remove = current - desired;
      const cancelled = Math.min(remove, provisioning.length);
      provisioning = provisioning.slice(0, provisioning.length - cancelled);
      remove -= cancelled;
      running -= remove;
      lastScaleDownUs = nowUs;
      run.downs.push(nowUs);
    }
    run.current.push(running + provisioning.length);
    run.running.push(running);
  }
  return run;
}

const groupCase = fc
  .record({
    metric: fc.constantFrom<AutoscalerMetric>('utilisation', 'concurrency'),
    loadMilli: fc.integer({ min: 1, max: 400_000 }),
    targetPercent: fc.integer({ min: 20, max: 2000 }),
    min: fc.integer({ min: 1, max: 5 }),
    span: fc.integer({ min: 0, max: 300 }),
    initialShare: fc.double({ min: 0, max: 1, noNaN: true }),
    intervalUs: fc.integer({ min: S, max: MINUTE }),
    cooldownIntervals: fc.double({ min: 0, max: 5, noNaN: true }),
    provisioningIntervals: fc.double({ min: 0, max: 5, noNaN: true }),
  })
  .map((c) => {
    // Utilisation targets stay in [0.2, 0.9]: at a target of 1 a saturated group reads exactly the target and never grows.
    const targetPercent = c.metric === 'utilisation' ? 20 + (c.targetPercent % 71) : c.targetPercent;
    const policy: AutoscalerPolicy = { kind: 'target-tracking', metric: c.metric, target: targetPercent / 100 };
    const config: AutoscalerConfig = {
      min: c.min,
      max: c.min + c.span,
      evaluationIntervalUs: c.intervalUs,
      cooldownUs: Math.round(c.cooldownIntervals * c.intervalUs),
      provisioningDelayUs: Math.round(c.provisioningIntervals * c.intervalUs),
      policy,
    };
    // L / t = (loadMilli / 1000) / (targetPercent / 100) = loadMilli / (10 · targetPercent), ceil in exact integers.
    const needed = Math.floor((c.loadMilli + 10 * targetPercent - 1) / (10 * targetPercent));
    const expected = Math.min(config.max, Math.max(config.min, needed));
    const initial = config.min + Math.floor(c.initialShare * c.span);
    return { config, load: c.loadMilli / 1000, initial, expected };
  });

describe('decide: target tracking in a feedback loop', () => {
  it('repeated decide() with metric = load / running reaches clamp(ceil(L / t), min, max) and stays there', () => {
    fc.assert(
      fc.property(groupCase, ({ config, load, initial, expected }) => {
        const evaluations = 1_500;
        const run = runGroup(config, load, initial, evaluations);
        for (let k = evaluations - 100; k < evaluations; k++) {
          expect(run.current[k]).toBe(expected);
          expect(run.running[k]).toBe(expected);
        }
        // Validation agrees the generated config is usable.
        expect(validateAutoscaler(config)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('repeated decide() respects the cooldown: same-direction actions, and a scale-in after a scale-out, are cooldownUs apart', () => {
    fc.assert(
      fc.property(groupCase, ({ config, load, initial }) => {
        const run = runGroup(config, load, initial, 300);
        for (let i = 1; i < run.ups.length; i++) expect(run.ups[i] - run.ups[i - 1]).toBeGreaterThanOrEqual(config.cooldownUs);
        for (let i = 1; i < run.downs.length; i++) expect(run.downs[i] - run.downs[i - 1]).toBeGreaterThanOrEqual(config.cooldownUs);
        for (const downUs of run.downs) {
          const lastUp = run.ups.filter((upUs) => upUs < downUs).at(-1);
          if (lastUp !== undefined) expect(downUs - lastUp).toBeGreaterThanOrEqual(config.cooldownUs);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('validateAutoscaler', () => {
  const stepConfig: AutoscalerConfig = {
    ...base,
    policy: { kind: 'step', metric: 'concurrency', steps: [{ lowerBound: 0, upperBound: 2, adjustment: -1 }, { lowerBound: 8, adjustment: 2 }] },
    scheduled: [{ atUs: HOUR, min: 4 }, { atUs: 2 * HOUR, desired: 10, max: 12 }],
    quota: 50,
  };
  const problems = (overrides: Partial<AutoscalerConfig>): string[] => validateAutoscaler({ ...base, ...overrides });

  it('validateAutoscaler(valid configs) returns no problems', () => {
    expect(validateAutoscaler(base)).toEqual([]);
    expect(validateAutoscaler(stepConfig)).toEqual([]);
    expect(problems({ policy: { kind: 'target-tracking', metric: 'concurrency', target: 25 } })).toEqual([]);
    expect(problems({ policy: { kind: 'target-tracking', metric: 'utilisation', target: 1 } })).toEqual([]);
  });

  it('validateAutoscaler reports bad min and max, and min above max', () => {
    expect(problems({ min: -1, max: 0 })).toEqual([
      'min must be a whole number of instances >= 0, got -1',
      'max must be a whole number of instances >= 1, got 0',
    ]);
    expect(problems({ min: 1.5 })).toEqual(['min must be a whole number of instances >= 0, got 1.5']);
    expect(problems({ min: 5, max: 3 })).toEqual(['min (5) must be <= max (3)']);
  });

  it('validateAutoscaler reports bad times and quota', () => {
    expect(problems({ evaluationIntervalUs: 0, cooldownUs: -1, provisioningDelayUs: 0.5, quota: -2 })).toEqual([
      'evaluationIntervalUs must be a whole number of microseconds > 0, got 0',
      'cooldownUs must be a whole number of microseconds >= 0, got -1',
      'provisioningDelayUs must be a whole number of microseconds >= 0, got 0.5',
      'quota, when given, must be a whole number of instances >= 0, got -2',
    ]);
  });

  it('validateAutoscaler reports a bad policy kind or metric with a suggestion', () => {
    expect(problems({ policy: { kind: 'target-traking', metric: 'utilization', target: 0.5 } as unknown as AutoscalerPolicy })).toEqual([
      'policy.kind must be "target-tracking" or "step", got "target-traking" (did you mean "target-tracking"?)',
      'policy.metric must be "utilisation" or "concurrency", got "utilization" (did you mean "utilisation"?)',
    ]);
    expect(problems({ policy: 'target-tracking' as unknown as AutoscalerPolicy })).toEqual([
      'policy must be an object { kind: "target-tracking", metric, target } or { kind: "step", metric, steps }, got "target-tracking"',
    ]);
  });

  it('validateAutoscaler reports a target outside (0, 1] for utilisation and not > 0 for concurrency', () => {
    expect(problems({ policy: { kind: 'target-tracking', metric: 'utilisation', target: 70 } })).toEqual([
      'policy.target must be in (0, 1] for metric "utilisation" (a fraction, not a percentage), got 70',
    ]);
    expect(problems({ policy: { kind: 'target-tracking', metric: 'utilisation', target: 0 } })).toEqual([
      'policy.target must be in (0, 1] for metric "utilisation" (a fraction, not a percentage), got 0',
    ]);
    expect(problems({ policy: { kind: 'target-tracking', metric: 'concurrency', target: Infinity } })).toEqual([
      'policy.target must be a finite number > 0 for metric "concurrency" (requests per instance), got Infinity',
    ]);
  });

  it('validateAutoscaler reports malformed, unsorted and overlapping steps', () => {
    const stepProblems = (steps: AutoscalerStep[]): string[] => problems({ policy: { kind: 'step', metric: 'utilisation', steps } });
    expect(stepProblems([])).toEqual(['policy.steps must be a non-empty array of { lowerBound, upperBound?, adjustment }, got an array']);
    expect(stepProblems([{ lowerBound: 0.5, adjustment: 1 }, { lowerBound: 0.8, adjustment: 2 }])).toEqual([
      'policy.steps[0].upperBound may be omitted only on the last step (there it means no upper bound)',
    ]);
    expect(stepProblems([{ lowerBound: 0.5, upperBound: 0.5, adjustment: 1.5 }])).toEqual([
      'policy.steps[0].upperBound, when given, must be a finite number > lowerBound (0.5), got 0.5',
      'policy.steps[0].adjustment must be a whole number of instances (negative to scale in), got 1.5',
    ]);
    expect(stepProblems([{ lowerBound: 0, upperBound: 0.5, adjustment: -1 }, { lowerBound: 0.4, adjustment: 1 }])).toEqual([
      'policy.steps[1].lowerBound (0.4) must be >= policy.steps[0].upperBound (0.5): steps must be sorted and must not overlap',
    ]);
    expect(stepProblems([{ lowerBound: 0.6, upperBound: 0.9, adjustment: 1 }, { lowerBound: 0, upperBound: 0.3, adjustment: -1 }])).toEqual([
      'policy.steps[1].lowerBound (0) must be >= policy.steps[0].upperBound (0.9): steps must be sorted and must not overlap',
    ]);
    expect(stepProblems([{ lowerBound: Number.NaN, upperBound: 1, adjustment: 1 }, null as unknown as AutoscalerStep])).toEqual([
      'policy.steps[0].lowerBound must be a finite number, got NaN',
      'policy.steps[1] must be an object { lowerBound, upperBound?, adjustment }, got null',
    ]);
  });

  it('validateAutoscaler reports malformed and out-of-order scheduled actions', () => {
    expect(problems({ scheduled: [{ atUs: 2 * HOUR, min: 3 }, { atUs: HOUR, max: 10 }, { atUs: 3 * HOUR }] })).toEqual([
      'scheduled[1].atUs (3600000000) must be > scheduled[0].atUs (7200000000): actions must be in time order, one at a time',
      'scheduled[2] must set at least one of min, max, desired',
    ]);
    expect(problems({ scheduled: [{ atUs: -1, desired: 2.5 }] })).toEqual([
      'scheduled[0].atUs must be a whole number of microseconds >= 0, got -1',
      'scheduled[0].desired, when given, must be a whole number of instances >= 0, got 2.5',
    ]);
    expect(problems({ scheduled: {} as unknown as AutoscalerConfig['scheduled'] })).toEqual([
      'scheduled, when given, must be an array of { atUs, min?, max?, desired? }, got an object',
    ]);
  });

  it('validateAutoscaler checks scheduled bounds against the min and max in effect, carried over from earlier actions', () => {
    expect(problems({ scheduled: [{ atUs: HOUR, min: 25 }] })).toEqual(['scheduled[0] leaves min (25) above max (20)']);
    expect(problems({ scheduled: [{ atUs: HOUR, max: 8 }, { atUs: 2 * HOUR, desired: 9 }] })).toEqual([
      'scheduled[1].desired (9) must be within the min..max in effect then (2..8)',
    ]);
    expect(problems({ scheduled: [{ atUs: HOUR, min: 0, max: 0 }, { atUs: 2 * HOUR, min: 2, max: 20, desired: 2 }] })).toEqual([]);
  });

  it('validateAutoscaler(non-object) reports one problem and does not throw', () => {
    expect(validateAutoscaler(null as unknown as AutoscalerConfig)).toEqual([
      'autoscaling config must be an object { min, max, evaluationIntervalUs, cooldownUs, provisioningDelayUs, policy, ... }, got null',
    ]);
  });
});
