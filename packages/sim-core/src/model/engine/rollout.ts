import type { EngineDeploymentConfig } from '../model-config.js';
import type { EventKind } from '../observability/event-log.js';
import type { DeploymentPlan } from '../ops/deploy/deployment-plan.js';

/** A point of a rollout's plan that the event log records when it is reached. */
export interface RolloutMilestone {
  readonly atUs: number;
  readonly kind: EventKind;
  readonly detail: string;
}

/**
 * One deployment in one region: the plan it resolves to at its start (over the group's fleet
 * then), the rollback an alert may start, and what its new version did. The engine part
 * (deployments.ts) drives it; the result (deploy-result.ts) reads it.
 */
export class Rollout {
  readonly index: number;
  /** The deployment's index in `ModelConfig.deployments`. */
  readonly deployment: number;
  readonly config: EngineDeploymentConfig;
  readonly group: number;
  readonly service: number;
  readonly region: number;
  /** Null until the rollout starts at config.atUs. */
  plan: DeploymentPlan | null = null;
  /** When the rollback started (an alert fired), µs; null: none. */
  rollbackAtUs: number | null = null;
  milestones: readonly RolloutMilestone[] = [];
  nextMilestone = 0;

  /** Jobs (requests, not health probes) the new version served, and those it failed. */
  newVersionJobs = 0;
  newVersionErrors = 0;
  /** The last admission of a job to the new version, µs; -1: none. */
  lastNewVersionJobUs = -1;
  /** User requests that failed after one of their jobs ran on the bad version while it was bad. */
  blastRadius = 0;
  /** The second (green) fleet's cost billed so far, and up to when. */
  billedUsd = 0;
  billedToUs = 0;

  constructor(index: number, deployment: number, config: EngineDeploymentConfig, group: number, service: number, region: number) {
    this.index = index;
    this.deployment = deployment;
    this.config = config;
    this.group = group;
    this.service = service;
    this.region = region;
  }

  /**
   * Time, µs, within [fromUs, toUs) during which blue-green runs two fleets: from the start to
   * the plan's end, or — after a rollback — until the rollback has drained the green fleet.
   * A rollback after the plan's end brings the old fleet back for the rollback's ramp, so two
   * fleets run again from the rollback to its end. Other strategies replace in place: 0.
   */
  twoFleetUsIn(fromUs: number, toUs: number): number {
    const plan = this.plan;
    if (plan === null || plan.kind !== 'blue-green') return 0;
    const rollbackAt = this.rollbackAtUs;
    if (rollbackAt === null) return overlapUs(plan.atUs, plan.plannedEndUs, fromUs, toUs);
    // The two pieces are disjoint: the first ends at or before the rollback starts.
    const firstEnd = Math.min(plan.plannedEndUs, rollbackAt);
    return overlapUs(plan.atUs, firstEnd, fromUs, toUs) + overlapUs(rollbackAt, rollbackAt + plan.rollbackUs, fromUs, toUs);
  }

  /** Whether the plan's end was reached without a rollback starting first. */
  completedBy(nowUs: number): boolean {
    const plan = this.plan;
    return plan !== null && nowUs >= plan.plannedEndUs && (this.rollbackAtUs === null || this.rollbackAtUs >= plan.plannedEndUs);
  }
}

function overlapUs(startUs: number, endUs: number, fromUs: number, toUs: number): number {
  const lo = startUs > fromUs ? startUs : fromUs;
  const hi = endUs < toUs ? endUs : toUs;
  return hi > lo ? hi - lo : 0;
}

/**
 * The plan's steps as log entries, in time order: each rolling batch, each canary step, the
 * blue-green switch, then the completion. The start itself is logged when the rollout starts.
 */
export function rolloutMilestones(plan: DeploymentPlan): RolloutMilestone[] {
  const out: RolloutMilestone[] = [];
  const strategy = plan.config.strategy;
  switch (strategy.kind) {
    case 'rolling': {
      let moved = 0;
      plan.batchInstances.forEach((count, k) => {
        moved += count;
        const detail = `batch ${k + 1}/${plan.batchInstances.length}: ${count} instance(s) on the new version, share ${round(moved / plan.fleetInstances)}`;
        out.push({ atUs: plan.batchAtUs[k], kind: 'deploy-step', detail });
      });
      out.push({ atUs: plan.plannedEndUs, kind: 'deploy-completed', detail: `all ${plan.fleetInstances} instance(s) on the new version` });
      return out;
    }
    case 'canary': {
      let atUs = plan.atUs;
      strategy.steps.forEach((step, i) => {
        out.push({ atUs, kind: 'deploy-step', detail: `step ${i + 1}/${strategy.steps.length}: share ${round(step.share)} for ${step.durationUs} µs` });
        atUs += step.durationUs;
      });
      out.push({ atUs: plan.plannedEndUs, kind: 'deploy-completed', detail: 'share 1: all traffic on the new version' });
      return out;
    }
    case 'blue-green':
      out.push({ atUs: plan.fullAtUs, kind: 'deploy-step', detail: `switch: all traffic to the green fleet of ${plan.fleetInstances} instance(s); blue kept for ${strategy.keepOldUs} µs` });
      out.push({ atUs: plan.plannedEndUs, kind: 'deploy-completed', detail: 'blue fleet retired' });
      return out;
    default: {
      const unreachable: never = strategy;
      throw new Error(`unreachable strategy ${String(unreachable)}`);
    }
  }
}

function round(share: number): string {
  return String(Math.round(share * 10_000) / 10_000);
}
