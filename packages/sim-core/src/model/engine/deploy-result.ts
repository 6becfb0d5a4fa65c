import type { DeploymentStrategyKind } from '../ops/deploy/deployment-config.js';
import { rollbackTimeline } from '../ops/deploy/blast-radius.js';
import type { EngineContext } from './context.js';
import { extraFleetUsd } from './deployments.js';
import type { MigrationSeries } from './migration.js';

/** One deployment in one region, once started (docs/notes-deploy.md has the definitions). */
export interface DeploymentResultJSON {
  service: string;
  region: string;
  strategy: DeploymentStrategyKind;
  atUs: number;
  /** The group's instances at atUs (at least 1): the plan's fleet, and green's size for blue-green. */
  fleetInstances: number;
  plannedEndUs: number;
  /** When an alert named by the rollback fired, µs; null: no rollback. */
  rollbackAtUs: number | null;
  /** rollbackAtUs + rollbackUs: the new version has no traffic left (may lie past the run's end). */
  rolledBackAtUs: number | null;
  /** rollbackAtUs − atUs. */
  timeToDetectUs: number | null;
  /** rolledBackAtUs − atUs. */
  timeToRollbackUs: number | null;
  /** The plan's end was reached without a rollback starting first. */
  completed: boolean;
  /** Requests (not health probes) the new version served, and those it failed (bad-deploy). */
  newVersionJobs: number;
  newVersionErrors: number;
  /** The last time the new version took a job, µs; null: never. */
  lastNewVersionJobUs: number | null;
  /** User requests that failed and had a job on the bad version while the fault was active. */
  blastRadius: number;
  /** Blue-green's second fleet: fleetInstances × the region's price × the time two fleets ran (0 otherwise). */
  extraCostUsd: number;
  /** The time two fleets ran within the run, µs. */
  twoFleetUs: number;
}

/** The migration's figures; series per metrics tick. */
export interface MigrationResultJSON {
  from: string;
  to: string;
  /** The first and last weight's times, µs. */
  startUs: number;
  endUs: number;
  /** Attempts whose route resolved to `from`: kept there, and moved to `to` by the migration. */
  requestsFrom: number;
  requestsTo: number;
  /** Data store writes rejected by the write freeze. */
  writesRejected: number;
  /** The write freeze's length, µs (0 without one). */
  downtimeUs: number;
  dualRunning: boolean;
  series: MigrationSeries;
}

export function buildDeploymentResults(ctx: EngineContext): DeploymentResultJSON[] {
  const deploys = ctx.deploys;
  if (deploys === null) return [];
  const now = ctx.sim.nowUs;
  return deploys.rollouts.flatMap((rollout): DeploymentResultJSON[] => {
    const plan = rollout.plan;
    if (plan === null) return [];
    const timeline = rollout.rollbackAtUs === null ? null : rollbackTimeline(plan, rollout.rollbackAtUs);
    const twoFleetUs = rollout.twoFleetUsIn(0, now);
    return [
      {
        service: ctx.compiled.serviceIds[rollout.service],
        region: ctx.compiled.regionIds[rollout.region],
        strategy: plan.kind,
        atUs: plan.atUs,
        fleetInstances: plan.fleetInstances,
        plannedEndUs: plan.plannedEndUs,
        rollbackAtUs: timeline?.rollbackAtUs ?? null,
        rolledBackAtUs: timeline?.rolledBackAtUs ?? null,
        timeToDetectUs: timeline?.timeToDetectUs ?? null,
        timeToRollbackUs: timeline?.timeToRollbackUs ?? null,
        completed: rollout.completedBy(now),
        newVersionJobs: rollout.newVersionJobs,
        newVersionErrors: rollout.newVersionErrors,
        lastNewVersionJobUs: rollout.lastNewVersionJobUs < 0 ? null : rollout.lastNewVersionJobUs,
        blastRadius: rollout.blastRadius,
        extraCostUsd: extraFleetUsd(plan.fleetInstances, twoFleetUs, ctx.config.regions[rollout.region].instancePriceUsdPerHour),
        twoFleetUs,
      },
    ];
  });
}

export function buildMigrationResult(ctx: EngineContext): MigrationResultJSON | null {
  const migration = ctx.migration;
  if (migration === null) return null;
  const plan = migration.plan;
  return {
    from: plan.config.from,
    to: plan.config.to,
    startUs: plan.startUs,
    endUs: plan.endUs,
    requestsFrom: migration.requestsFrom,
    requestsTo: migration.requestsTo,
    writesRejected: migration.writesRejected,
    downtimeUs: plan.downtimeUs,
    dualRunning: plan.config.dualRunning,
    series: migration.series(),
  };
}
