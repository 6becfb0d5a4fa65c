import { describeValue } from '../../../assert.js';
import type { DeploymentPlan } from './deployment-plan.js';
import { RATE_INTEGRAL_STEP_US_DEFAULT, knotIntegralUs, knotRateIntegralUs, knotValueAt } from './share-knots.js';
import type { RateFunction, ShareKnots } from './share-knots.js';

/**
 * The new version's share with a rollback at rollbackAtUs (null: none) as knots, equal to
 * `newVersionShare(plan, t, rollbackAtUs)` at every t: the planned knots up to rollbackAtUs,
 * then the linear ramp to 0 over plan.rollbackUs, then 0.
 */
export function shareKnotsWithRollback(plan: DeploymentPlan, rollbackAtUs: number | null): ShareKnots {
  if (rollbackAtUs === null) return plan.planned;
  const { timesUs, values } = plan.planned;
  const times: number[] = [];
  const shares: number[] = [];
  for (let i = 0; i < timesUs.length && timesUs[i] <= rollbackAtUs; i++) {
    times.push(timesUs[i]);
    shares.push(values[i]);
  }
  times.push(rollbackAtUs, rollbackAtUs + plan.rollbackUs);
  shares.push(knotValueAt(plan.planned, rollbackAtUs), 0);
  return { timesUs: times, values: shares };
}

/** ∫ newVersionShare(plan, t, rollbackAtUs) dt over [fromUs, toUs], in share·µs; exact. */
export function newVersionShareIntegralUs(plan: DeploymentPlan, rollbackAtUs: number | null, fromUs: number, toUs: number): number {
  return knotIntegralUs(shareKnotsWithRollback(plan, rollbackAtUs), fromUs, toUs);
}

export interface BlastRadiusOptions {
  /** The Simpson rule's longest sub-interval for a rate given as a function, µs; absent: 1 s. */
  readonly stepUs?: number;
}

/**
 * The expected user requests the new version fails: ∫ rate(t) · share(t) · errorRatio dt / 10^6
 * over [plan.atUs, untilUs], with share(t) = newVersionShare(plan, t, rollbackAtUs) and the rate
 * in user requests per second.
 *
 * - A constant rate: exact, rate · errorRatio · newVersionShareIntegralUs / 10^6.
 * - A rate function: the composite Simpson rule on each straight piece of the share (see
 *   knotRateIntegralUs for its error); exact for rates that are polynomials of degree <= 2.
 *
 * These are requests that reach the new version and fail; with client retries a failed attempt
 * may be retried onto the old version, so user-visible failures are fewer (the engine measures
 * them). untilUs bounds the integral (the run's end): without a rollback the bad version keeps
 * failing. Throws a RangeError for a bad argument.
 */
export function blastRadius(
  plan: DeploymentPlan,
  ratePerS: number | RateFunction,
  errorRatio: number,
  rollbackAtUs: number | null,
  untilUs: number,
  options: BlastRadiusOptions = {},
): number {
  if (!(typeof errorRatio === 'number' && errorRatio >= 0 && errorRatio <= 1)) {
    throw new RangeError(`blastRadius: errorRatio must be a fraction in [0, 1], got ${describeValue(errorRatio)}`);
  }
  checkRollbackAt(plan, rollbackAtUs);
  if (!(typeof untilUs === 'number' && Number.isFinite(untilUs))) throw new RangeError(`blastRadius: untilUs must be a finite number of µs, got ${describeValue(untilUs)}`);
  const knots = shareKnotsWithRollback(plan, rollbackAtUs);
  if (typeof ratePerS === 'number') {
    if (!(Number.isFinite(ratePerS) && ratePerS >= 0)) throw new RangeError(`blastRadius: ratePerS must be a finite number >= 0, got ${describeValue(ratePerS)}`);
    return (ratePerS * errorRatio * knotIntegralUs(knots, plan.atUs, untilUs)) / 1_000_000;
  }
  if (typeof ratePerS !== 'function') throw new RangeError(`blastRadius: ratePerS must be a number or a function of time, got ${describeValue(ratePerS)}`);
  const stepUs = options.stepUs ?? RATE_INTEGRAL_STEP_US_DEFAULT;
  if (!(typeof stepUs === 'number' && Number.isFinite(stepUs) && stepUs > 0)) throw new RangeError(`blastRadius: stepUs must be a finite number of µs > 0, got ${describeValue(stepUs)}`);
  return (errorRatio * knotRateIntegralUs(knots, ratePerS, plan.atUs, untilUs, stepUs)) / 1_000_000;
}

/**
 * A rollback at rollbackAtUs in the terms the report uses, µs:
 *
 *   timeToDetectUs   = rollbackAtUs − plan.atUs (the deployment's start to the alert that triggers it)
 *   shareAtRollback  = the planned share at rollbackAtUs
 *   rolledBackAtUs   = rollbackAtUs + plan.rollbackUs (the new version has no traffic left)
 *   timeToRollbackUs = rolledBackAtUs − plan.atUs
 */
export interface RollbackTimeline {
  readonly rollbackAtUs: number;
  readonly timeToDetectUs: number;
  readonly shareAtRollback: number;
  readonly rolledBackAtUs: number;
  readonly timeToRollbackUs: number;
}

/** See RollbackTimeline; a rollback before the deployment's start is a RangeError. */
export function rollbackTimeline(plan: DeploymentPlan, rollbackAtUs: number): RollbackTimeline {
  checkRollbackAt(plan, rollbackAtUs);
  const rolledBackAtUs = rollbackAtUs + plan.rollbackUs;
  return {
    rollbackAtUs,
    timeToDetectUs: rollbackAtUs - plan.atUs,
    shareAtRollback: knotValueAt(plan.planned, rollbackAtUs),
    rolledBackAtUs,
    timeToRollbackUs: rolledBackAtUs - plan.atUs,
  };
}

function checkRollbackAt(plan: DeploymentPlan, rollbackAtUs: number | null): void {
  if (rollbackAtUs === null) return;
  if (!(Number.isSafeInteger(rollbackAtUs) && rollbackAtUs >= plan.atUs)) {
    throw new RangeError(`rollbackAtUs must be null or a whole number of µs >= the deployment's start (${plan.atUs}), got ${describeValue(rollbackAtUs)}`);
  }
}
