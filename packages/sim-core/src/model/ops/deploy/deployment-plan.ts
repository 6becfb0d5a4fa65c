import { describeValue } from '../../../assert.js';
import { throwIfProblems } from '../../resilience/validate.js';
import type { DeploymentConfig, DeploymentStrategyKind, RollingStrategy } from './deployment-config.js';
import { validateDeployment } from './deployment-config.js';
import { knotValueAt } from './share-knots.js';
import type { ShareKnots } from './share-knots.js';

/**
 * A deployment resolved against the fleet it replaces: when each part of the fleet or of the
 * traffic moves to the new version. Built once by `planDeployment`; `newVersionShare` reads it
 * per request.
 */
export interface DeploymentPlan {
  readonly config: DeploymentConfig;
  readonly kind: DeploymentStrategyKind;
  readonly atUs: number;
  /** The fleet at the deployment's start (used by rolling; the size of green for blue-green). */
  readonly fleetInstances: number;
  /** Rolling: the instances in each batch (they sum to fleetInstances); empty for the other kinds. */
  readonly batchInstances: readonly number[];
  /** Rolling: when each batch moves to the new version, µs; empty for the other kinds. */
  readonly batchAtUs: readonly number[];
  /** When the new version first has the whole share (rolling: the last batch; canary: the end of the last step; blue-green: the switch), µs. */
  readonly fullAtUs: number;
  /** When the deployment is over: fullAtUs, or for blue-green the old fleet's retirement (switch + keepOldUs), µs. */
  readonly plannedEndUs: number;
  /** The rollback's ramp, µs: config.rollback.rollbackUs, or 0 without a rollback config. */
  readonly rollbackUs: number;
  /** The planned share (no rollback) as knots: 0 before atUs, 1 from fullAtUs on. */
  readonly planned: ShareKnots;
}

/**
 * Resolves a deployment against a fleet of `fleetInstances` (a whole number >= 1) at its start:
 *
 * - rolling: batches of b = batchSize.instances (at most the fleet) or max(1, ⌈ratio · fleet⌉)
 *   instances (the ceiling tolerates 1e-9, so a ratio of 0.28 of 25 instances, 7.000000000000001 in doubles, is 7), the
 *   last batch holding the remainder; batch k moves at atUs + k · batchIntervalUs, and the
 *   share steps to (instances moved) / fleet at each batch.
 * - canary: steps[i].share from atUs + Σ_{j<i} steps[j].durationUs; 1 from the end of the last step.
 * - blue-green: 0 until atUs + switchAfterUs, then 1.
 *
 * Throws a RangeError listing every problem of an invalid config or fleet.
 */
export function planDeployment(config: DeploymentConfig, fleetInstances: number): DeploymentPlan {
  const problems = validateDeployment(config);
  if (!(Number.isSafeInteger(fleetInstances) && fleetInstances >= 1)) {
    problems.push(`fleetInstances must be a whole number of instances >= 1, got ${describeValue(fleetInstances)}`);
  }
  throwIfProblems('planDeployment', problems);
  const atUs = config.atUs;
  const strategy = config.strategy;
  const timesUs: number[] = [atUs];
  const values: number[] = [0];
  let batchInstances: number[] = [];
  let batchAtUs: number[] = [];
  let fullAtUs: number;
  let plannedEndUs: number;
  switch (strategy.kind) {
    case 'rolling': {
      batchInstances = rollingBatches(strategy, fleetInstances);
      batchAtUs = batchInstances.map((_, k) => atUs + k * strategy.batchIntervalUs);
      let moved = 0;
      batchInstances.forEach((count, k) => {
        timesUs.push(batchAtUs[k], batchAtUs[k]);
        values.push(moved / fleetInstances, (moved + count) / fleetInstances);
        moved += count;
      });
      fullAtUs = batchAtUs[batchAtUs.length - 1];
      plannedEndUs = fullAtUs;
      break;
    }
    case 'canary': {
      let at = atUs;
      for (const step of strategy.steps) {
        timesUs.push(at, at);
        values.push(values[values.length - 1], step.share);
        at += step.durationUs;
      }
      timesUs.push(at, at);
      values.push(values[values.length - 1], 1);
      fullAtUs = at;
      plannedEndUs = at;
      break;
    }
    case 'blue-green': {
      fullAtUs = atUs + strategy.switchAfterUs;
      timesUs.push(fullAtUs, fullAtUs);
      values.push(0, 1);
      plannedEndUs = fullAtUs + strategy.keepOldUs;
      break;
    }
    default: {
      const unreachable: never = strategy;
      throw new Error(`unreachable strategy ${String(unreachable)}`);
    }
  }
  if (!Number.isSafeInteger(plannedEndUs)) throw new RangeError(`planDeployment: the plan ends beyond the safe integers of µs (${describeValue(plannedEndUs)})`);
  return {
    config,
    kind: strategy.kind,
    atUs,
    fleetInstances,
    batchInstances,
    batchAtUs,
    fullAtUs,
    plannedEndUs,
    rollbackUs: config.rollback?.rollbackUs ?? 0,
    planned: { timesUs, values },
  };
}

/** The instances of each rolling batch, in order; they sum to the fleet. */
export function rollingBatches(strategy: RollingStrategy, fleetInstances: number): number[] {
  const size = strategy.batchSize;
  const per = size.instances !== undefined ? Math.min(size.instances, fleetInstances) : Math.max(1, Math.ceil(size.ratio * fleetInstances - 1e-9));
  const batches: number[] = [];
  for (let left = fleetInstances; left > 0; left -= per) batches.push(left < per ? left : per);
  return batches;
}

/**
 * The share of traffic (for rolling: of instances) on the new version at tUs, in [0, 1]:
 *
 * - rollbackAtUs null, or tUs < rollbackAtUs: the planned share (see planDeployment); it is
 *   right-continuous, so a batch or step that starts at tUs counts at tUs.
 * - tUs >= rollbackAtUs: with s = the planned share at rollbackAtUs and R = plan.rollbackUs,
 *   s · (1 − (tUs − rollbackAtUs) / R) while tUs < rollbackAtUs + R, and 0 from then on (at
 *   once when R = 0). The ramp is linear for every strategy: a DNS or balancer shift drains
 *   evenly, and a batched rolling rollback is close to a line.
 *
 * O(log knots), allocation-free, never throws: it is meant to run per request.
 */
export function newVersionShare(plan: DeploymentPlan, tUs: number, rollbackAtUs: number | null): number {
  if (rollbackAtUs === null || tUs < rollbackAtUs) return knotValueAt(plan.planned, tUs);
  const R = plan.rollbackUs;
  if (tUs >= rollbackAtUs + R) return 0;
  return knotValueAt(plan.planned, rollbackAtUs) * (1 - (tUs - rollbackAtUs) / R);
}
