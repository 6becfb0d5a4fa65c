import { describeValue } from '../../assert.js';
import { closestSpelling } from '../../units/levenshtein.js';

/**
 * What the autoscaler measures, averaged over the group's running instances:
 * - `utilisation`: the fraction of time their workers are busy, in [0, 1];
 * - `concurrency`: the requests each holds (served plus queued).
 */
export type AutoscalerMetric = 'utilisation' | 'concurrency';

export const AUTOSCALER_METRICS: readonly AutoscalerMetric[] = ['utilisation', 'concurrency'];

/** Keeps the metric near `target` by sizing the group in proportion to it (AWS target tracking). */
export interface AutoscalerTargetTrackingPolicy {
  kind: 'target-tracking';
  metric: AutoscalerMetric;
  /** For `utilisation` a fraction in (0, 1]; for `concurrency` requests per instance, > 0. */
  target: number;
}

/**
 * One band of a step policy: when `lowerBound <= metric < upperBound`, change the group by
 * `adjustment` instances (negative to scale in). The bounds are values of the metric itself.
 */
export interface AutoscalerStep {
  lowerBound: number;
  /** Absent: no upper bound (allowed on the last step only). */
  upperBound?: number;
  adjustment: number;
}

/** Adds or removes a fixed number of instances depending on the band the metric is in (AWS step scaling). */
export interface AutoscalerStepPolicy {
  kind: 'step';
  metric: AutoscalerMetric;
  /** Sorted by `lowerBound`, not overlapping; gaps between steps mean "no change". */
  steps: AutoscalerStep[];
}

export type AutoscalerPolicy = AutoscalerTargetTrackingPolicy | AutoscalerStepPolicy;

export const AUTOSCALER_POLICY_KINDS: readonly AutoscalerPolicy['kind'][] = ['target-tracking', 'step'];

/**
 * A change made at a set time (AWS scheduled action). `min` and `max` stay in effect until a
 * later action changes them; `desired` sets the group's size once, at the first evaluation
 * at or after `atUs` (see `decide`).
 */
export interface AutoscalerScheduledAction {
  atUs: number;
  min?: number;
  max?: number;
  desired?: number;
}

/**
 * One autoscaling group (one service in one region), fully resolved: every unit a number,
 * names ending in their unit. It is part of the public contract between the scenario language
 * and the engine; `decide` holds the decision logic and the engine schedules the evaluations
 * and the provisioning.
 */
export interface AutoscalerConfig {
  /** Fewest instances (running plus provisioning) the group keeps. */
  min: number;
  /** Most instances the group may have. */
  max: number;
  /** Time between two evaluations of the policy, µs. */
  evaluationIntervalUs: number;
  /**
   * After a scale action, no further action in the same direction for this long, µs; scale-in
   * also waits this long after a scale-out (see `decide`).
   */
  cooldownUs: number;
  /** From a scale-out decision to the new instance starting up, µs (the engine's concern). */
  provisioningDelayUs: number;
  /** The regional cap on instances; a fault may lower it at run time (`AutoscalerState.quota`). Absent: no cap. */
  quota?: number;
  policy: AutoscalerPolicy;
  /** In time order, at most one action at any `atUs`. */
  scheduled?: AutoscalerScheduledAction[];
}

/**
 * The problems in an autoscaler config, as sentences that name the field (relative to the
 * autoscaler, e.g. `policy.steps[1].lowerBound`) and the bad value; an empty list means the
 * config is usable. It never throws, so a scenario author sees every problem at once, and it
 * checks types too because the config may come from a YAML file through a cast.
 */
export function validateAutoscaler(config: AutoscalerConfig): string[] {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    return [`autoscaling config must be an object { min, max, evaluationIntervalUs, cooldownUs, provisioningDelayUs, policy, ... }, got ${describeValue(config)}`];
  }
  const problems: string[] = [];
  const minValid = isCount(config.min);
  const maxValid = isCount(config.max) && config.max >= 1;
  if (!minValid) problems.push(`min must be a whole number of instances >= 0, got ${describeValue(config.min)}`);
  if (!maxValid) problems.push(`max must be a whole number of instances >= 1, got ${describeValue(config.max)}`);
  if (minValid && maxValid && config.min > config.max) problems.push(`min (${config.min}) must be <= max (${config.max})`);
  if (!(Number.isSafeInteger(config.evaluationIntervalUs) && config.evaluationIntervalUs > 0)) {
    problems.push(`evaluationIntervalUs must be a whole number of microseconds > 0, got ${describeValue(config.evaluationIntervalUs)}`);
  }
  for (const field of ['cooldownUs', 'provisioningDelayUs'] as const) {
    if (!(Number.isSafeInteger(config[field]) && config[field] >= 0)) {
      problems.push(`${field} must be a whole number of microseconds >= 0, got ${describeValue(config[field])}`);
    }
  }
  if (config.quota !== undefined && !isCount(config.quota)) {
    problems.push(`quota, when given, must be a whole number of instances >= 0, got ${describeValue(config.quota)}`);
  }
  validatePolicy(config.policy, problems);
  if (config.scheduled !== undefined) {
    validateScheduled(config.scheduled, minValid && maxValid ? config.min : undefined, minValid && maxValid ? config.max : undefined, problems);
  }
  return problems;
}

function validatePolicy(policy: AutoscalerPolicy, problems: string[]): void {
  if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) {
    problems.push(`policy must be an object { kind: "target-tracking", metric, target } or { kind: "step", metric, steps }, got ${describeValue(policy)}`);
    return;
  }
  const kind: unknown = policy.kind;
  if (!(AUTOSCALER_POLICY_KINDS as readonly unknown[]).includes(kind)) {
    problems.push(`policy.kind must be "target-tracking" or "step", got ${describeValue(kind)}${didYouMean(kind, AUTOSCALER_POLICY_KINDS)}`);
  }
  const metric: unknown = policy.metric;
  const metricValid = (AUTOSCALER_METRICS as readonly unknown[]).includes(metric);
  if (!metricValid) {
    problems.push(`policy.metric must be "utilisation" or "concurrency", got ${describeValue(metric)}${didYouMean(metric, AUTOSCALER_METRICS)}`);
  }
  if (kind === 'target-tracking') {
    const target = (policy as AutoscalerTargetTrackingPolicy).target;
    if (metric === 'utilisation' && !(typeof target === 'number' && target > 0 && target <= 1)) {
      problems.push(`policy.target must be in (0, 1] for metric "utilisation" (a fraction, not a percentage), got ${describeValue(target)}`);
    } else if (metric === 'concurrency' && !(typeof target === 'number' && Number.isFinite(target) && target > 0)) {
      problems.push(`policy.target must be a finite number > 0 for metric "concurrency" (requests per instance), got ${describeValue(target)}`);
    }
  } else if (kind === 'step') {
    validateSteps((policy as AutoscalerStepPolicy).steps, problems);
  }
}

function validateSteps(steps: AutoscalerStep[], problems: string[]): void {
  if (!(Array.isArray(steps) && steps.length > 0)) {
    problems.push(`policy.steps must be a non-empty array of { lowerBound, upperBound?, adjustment }, got ${describeValue(steps)}`);
    return;
  }
  // The previous well-formed step's upper bound, for the order check; undefined after a bad step.
  let previousUpper: number | undefined;
  steps.forEach((step, i) => {
    const name = `policy.steps[${i}]`;
    if (typeof step !== 'object' || step === null || Array.isArray(step)) {
      problems.push(`${name} must be an object { lowerBound, upperBound?, adjustment }, got ${describeValue(step)}`);
      previousUpper = undefined;
      return;
    }
    const { lowerBound, upperBound, adjustment } = step;
    const lowerValid = typeof lowerBound === 'number' && Number.isFinite(lowerBound);
    if (!lowerValid) problems.push(`${name}.lowerBound must be a finite number, got ${describeValue(lowerBound)}`);
    let upperValid = true;
    if (upperBound === undefined) {
      if (i < steps.length - 1) problems.push(`${name}.upperBound may be omitted only on the last step (there it means no upper bound)`);
    } else if (!(typeof upperBound === 'number' && Number.isFinite(upperBound) && (!lowerValid || upperBound > lowerBound))) {
      upperValid = false;
      const bound = lowerValid ? ` > lowerBound (${lowerBound})` : '';
      problems.push(`${name}.upperBound, when given, must be a finite number${bound}, got ${describeValue(upperBound)}`);
    }
    if (!Number.isSafeInteger(adjustment)) {
      problems.push(`${name}.adjustment must be a whole number of instances (negative to scale in), got ${describeValue(adjustment)}`);
    }
    if (lowerValid && previousUpper !== undefined && lowerBound < previousUpper) {
      problems.push(`${name}.lowerBound (${lowerBound}) must be >= policy.steps[${i - 1}].upperBound (${previousUpper}): steps must be sorted and must not overlap`);
    }
    previousUpper = upperValid && upperBound !== undefined ? upperBound : undefined;
  });
}

/**
 * Checks each action and, when the config's own min and max are usable, the bounds in effect
 * after each action (min and max carry over from earlier actions).
 */
function validateScheduled(scheduled: AutoscalerScheduledAction[], configMin: number | undefined, configMax: number | undefined, problems: string[]): void {
  if (!Array.isArray(scheduled)) {
    problems.push(`scheduled, when given, must be an array of { atUs, min?, max?, desired? }, got ${describeValue(scheduled)}`);
    return;
  }
  let min = configMin;
  let max = configMax;
  let previousAtUs: number | undefined;
  scheduled.forEach((action, i) => {
    const name = `scheduled[${i}]`;
    if (typeof action !== 'object' || action === null || Array.isArray(action)) {
      problems.push(`${name} must be an object { atUs, min?, max?, desired? }, got ${describeValue(action)}`);
      min = undefined;
      return;
    }
    if (!(Number.isSafeInteger(action.atUs) && action.atUs >= 0)) {
      problems.push(`${name}.atUs must be a whole number of microseconds >= 0, got ${describeValue(action.atUs)}`);
    } else {
      if (previousAtUs !== undefined && action.atUs <= previousAtUs) {
        problems.push(`${name}.atUs (${action.atUs}) must be > scheduled[${i - 1}].atUs (${previousAtUs}): actions must be in time order, one at a time`);
      }
      previousAtUs = action.atUs;
    }
    if (action.min === undefined && action.max === undefined && action.desired === undefined) {
      problems.push(`${name} must set at least one of min, max, desired`);
    }
    let valuesValid = true;
    for (const field of ['min', 'max', 'desired'] as const) {
      const value = action[field];
      if (value !== undefined && !isCount(value)) {
        problems.push(`${name}.${field}, when given, must be a whole number of instances >= 0, got ${describeValue(value)}`);
        valuesValid = false;
      }
    }
    // Once a bound is unknown the later comparisons would only repeat this problem.
    if (!valuesValid || min === undefined || max === undefined) {
      min = undefined;
      return;
    }
    min = action.min ?? min;
    max = action.max ?? max;
    if (min > max) {
      problems.push(`${name} leaves min (${min}) above max (${max})`);
      min = undefined;
      return;
    }
    if (action.desired !== undefined && !(action.desired >= min && action.desired <= max)) {
      problems.push(`${name}.desired (${action.desired}) must be within the min..max in effect then (${min}..${max})`);
    }
  });
}

/** A whole number of instances >= 0. */
function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** ` (did you mean "x"?)` for a plausible typo of a known name, else ''. */
function didYouMean(value: unknown, known: readonly string[]): string {
  const suggestion = typeof value === 'string' ? closestSpelling(value, known) : undefined;
  return suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
}
