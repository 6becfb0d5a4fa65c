import type { RandomStream } from '../../kernel/random-stream.js';
import type { Simulation } from '../../kernel/simulation.js';
import type { AlertFiring } from '../ops/alerts/alert-records.js';
import { newVersionShare, planDeployment } from '../ops/deploy/deployment-plan.js';
import type { EngineContext } from './context.js';
import { DIGEST_DEPLOY, US_PER_HOUR } from './outcomes.js';
import { Rollout, rolloutMilestones } from './rollout.js';
import { PARENT_ATTEMPT, PARENT_CALL, PARENT_JOB } from './tables.js';

/** JobTable.version flags: the new version serves the job; it was bad at admission; the job will fail. */
export const VERSION_NEW = 1;
export const VERSION_BAD = 2;
export const VERSION_FAIL = 4;

/** Bounds the walk from a job up to its user request (calls nest at most this deep). */
const PARENT_HOPS_MAX = 256;

/**
 * Deployments through the engine (docs/notes-deploy.md). Each deployment becomes one Rollout
 * per region; at its start it is planned over the group's fleet then, and from that instant every
 * job an instance of the group takes draws once from `deploy/<service>/<region>` and runs the
 * new version when the draw is below `newVersionShare` (a share of requests, also for rolling:
 * the balancer spreads evenly). A `bad-deploy` fault makes the new version's jobs slower and
 * failing; an alert named by the deployment's rollback starts the rollback ramp; blue-green
 * bills its second fleet. ModelEngine creates this part only when there are deployments, so
 * without one the request path pays a null check.
 */
export class Deployments {
  private readonly ctx: EngineContext;
  readonly rollouts: Rollout[] = [];
  /** Per group: the rollout that governs it (the latest started), -1 before any. */
  private readonly rolloutOfGroup: Int32Array;
  /** Per group: its stream when some deployment targets it, else null (no draw). */
  private readonly rngs: (RandomStream | null)[];
  /** Per service: the active bad-deploy faults, composed (error ratios compound, latencies add). */
  private readonly badActive: Int32Array;
  private readonly badErrorRatio: Float64Array;
  private readonly badLatencyUs: Float64Array;

  constructor(ctx: EngineContext) {
    this.ctx = ctx;
    const n = ctx.n;
    this.rolloutOfGroup = new Int32Array(ctx.groups.length).fill(-1);
    this.rngs = ctx.groups.map(() => null);
    const S = ctx.config.services.length;
    this.badActive = new Int32Array(S);
    this.badErrorRatio = new Float64Array(S);
    this.badLatencyUs = new Float64Array(S);
    (ctx.config.deployments ?? []).forEach((config, d) => {
      const s = ctx.config.services.findIndex((service) => service.id === config.service);
      const regions = config.region !== undefined ? [config.region] : ctx.config.services[s].placements.map((placement) => placement.region);
      for (const id of regions) {
        const r = ctx.network.regionIndex(id);
        const g = ctx.groupOf[s * n + r];
        this.rollouts.push(new Rollout(this.rollouts.length, d, config, g, s, r));
        this.rngs[g] = ctx.sim.stream(`deploy/${config.service}/${id}`);
      }
    });
  }

  /** Schedules each rollout's start. */
  start(): void {
    for (const rollout of this.rollouts) this.ctx.sim.schedule(rollout.config.atUs, this.onRolloutStart, rollout.index);
  }

  readonly onRolloutStart = (sim: Simulation, k: number): void => {
    const ctx = this.ctx;
    const rollout = this.rollouts[k];
    const group = ctx.groups[rollout.group];
    // A group with no instance at the start still gets a plan (of one), so its shares are defined.
    const fleet = Math.max(1, group.activeInstances);
    const plan = planDeployment(rollout.config, fleet);
    rollout.plan = plan;
    rollout.billedToUs = sim.nowUs;
    rollout.milestones = rolloutMilestones(plan);
    this.rolloutOfGroup[rollout.group] = k;
    sim.trace(DIGEST_DEPLOY, k * 4);
    ctx.eventLog.add(sim.nowUs, 'deploy-started', ctx.groupLabel(rollout.group), `${plan.kind} over ${fleet} instance(s), planned to end at ${plan.plannedEndUs} µs`, k);
    this.scheduleMilestone(rollout);
  };

  private scheduleMilestone(rollout: Rollout): void {
    const next = rollout.milestones[rollout.nextMilestone];
    if (next === undefined || next.atUs > this.ctx.config.durationUs) return;
    this.ctx.sim.schedule(next.atUs - this.ctx.sim.nowUs, this.onMilestone, rollout.index);
  }

  readonly onMilestone = (sim: Simulation, k: number): void => {
    const rollout = this.rollouts[k];
    // A rollback stops the plan: its later steps never happen.
    if (rollout.rollbackAtUs !== null) return;
    const milestone = rollout.milestones[rollout.nextMilestone++];
    this.ctx.eventLog.add(sim.nowUs, milestone.kind, this.ctx.groupLabel(rollout.group), milestone.detail, k);
    this.scheduleMilestone(rollout);
  };

  /**
   * An instance of group g takes job j (admission to a worker; a queued job when it leaves the
   * queue): which version serves it. One draw per job whenever a deployment targets the group
   * (before its start too), so a deployment's timing never shifts the stream. A job of the bad
   * version works `workUs` plus the fault's added latency and is finished here (true); any other
   * job is left to the caller (false). Allocation-free.
   */
  startWork(j: number, g: number, workUs: number): boolean {
    const jobs = this.ctx.jobs;
    jobs.version[j] = 0;
    const rng = this.rngs[g];
    if (rng === null) return false;
    const u = rng.float();
    const k = this.rolloutOfGroup[g];
    if (k < 0) return false;
    const rollout = this.rollouts[k];
    const now = this.ctx.sim.nowUs;
    const share = newVersionShare(rollout.plan as NonNullable<Rollout['plan']>, now, rollout.rollbackAtUs);
    if (!(u < share)) return false;
    const counted = jobs.cell[j] >= 0;
    if (counted) {
      rollout.newVersionJobs++;
      rollout.lastNewVersionJobUs = now;
    }
    const s = rollout.service;
    if (this.badActive[s] === 0) {
      jobs.version[j] = VERSION_NEW;
      return false;
    }
    // Given u < share, u / share is uniform on [0, 1): the same draw decides the failure.
    const fails = u < share * this.badErrorRatio[s];
    jobs.version[j] = VERSION_NEW | VERSION_BAD | (fails ? VERSION_FAIL : 0);
    // Counted here, with the rollout that chose the version (a later rollout may govern the group by the job's end).
    if (fails && counted) rollout.newVersionErrors++;
    this.markRequest(j, k);
    this.ctx.sim.schedule(workUs + this.badLatencyUs[s], this.onBadWorkDone, jobs.handle(j));
    return true;
  }

  /** The bad version's work is done: a failing job answers an error at once (its dependency steps never run). */
  readonly onBadWorkDone = (sim: Simulation, handle: number): void => {
    const servers = this.ctx.servers;
    const j = servers.liveJob(handle);
    if (j < 0) return;
    const jobs = this.ctx.jobs;
    if ((jobs.version[j] & VERSION_FAIL) === 0) {
      servers.runStep(j);
      return;
    }
    jobs.failed[j] = 1;
    servers.finishJob(j);
  };

  /** Marks the user request behind job j (through calls and parent jobs) as touched by rollout k's bad version. */
  private markRequest(j: number, k: number): void {
    const { jobs, calls, attempts, requests } = this.ctx;
    let kind = jobs.parentKind[j];
    let parent = jobs.parent[j];
    for (let hops = 0; hops < PARENT_HOPS_MAX; hops++) {
      if (kind === PARENT_ATTEMPT) {
        const a = attempts.resolve(parent);
        const req = a < 0 ? -1 : requests.resolve(attempts.request[a]);
        if (req >= 0 && requests.deployMark[req] === 0) requests.deployMark[req] = k + 1;
        return;
      }
      if (kind === PARENT_CALL) {
        const c = calls.resolve(parent);
        if (c < 0) return;
        kind = calls.parentKind[c];
        parent = calls.parent[c];
      } else if (kind === PARENT_JOB) {
        const pj = jobs.resolve(parent);
        if (pj < 0) return;
        kind = jobs.parentKind[pj];
        parent = jobs.parent[pj];
      } else {
        return; // A health probe: no user request behind it.
      }
    }
  }

  /** A user request failed: it counts in the blast radius of the rollout whose bad version it met. */
  requestFailed(req: number): void {
    const mark = this.ctx.requests.deployMark[req];
    if (mark > 0) this.rollouts[mark - 1].blastRadius++;
  }

  /**
   * An alert fired (Operations' hook): every started rollout not yet rolling back whose rollback
   * names the rule, in the firing's scope region (all regions for a rule without one), starts
   * rolling back now. A rollout that has completed is rolled back too: the alert watches the
   * new version whether or not the plan has reached its end.
   */
  onAlertFiring(firing: AlertFiring): void {
    const ctx = this.ctx;
    const now = ctx.sim.nowUs;
    const region = firing.scope.region;
    for (const rollout of this.rollouts) {
      const plan = rollout.plan;
      if (plan === null || rollout.rollbackAtUs !== null || this.rolloutOfGroup[rollout.group] !== rollout.index) continue;
      if (!(rollout.config.rollback?.onAlerts.includes(firing.rule) ?? false)) continue;
      if (region !== undefined && ctx.compiled.regionIds[rollout.region] !== region) continue;
      rollout.rollbackAtUs = now;
      ctx.sim.trace(DIGEST_DEPLOY, rollout.index * 4 + 1);
      ctx.eventLog.add(now, 'rollback-started', ctx.groupLabel(rollout.group), `${firing.rule} fired; the new version's share ramps to 0 over ${plan.rollbackUs} µs`, rollout.index);
      if (now + plan.rollbackUs <= ctx.config.durationUs) ctx.sim.schedule(plan.rollbackUs, this.onRolledBack, rollout.index);
    }
  }

  readonly onRolledBack = (sim: Simulation, k: number): void => {
    this.ctx.eventLog.add(sim.nowUs, 'rolled-back', this.ctx.groupLabel(this.rollouts[k].group), 'no traffic on the new version', k);
  };

  /** Rebuilds the bad-version state from every active bad-deploy fault (so overlapping ones compose). */
  refreshBadDeploys(): void {
    const ctx = this.ctx;
    this.badActive.fill(0);
    this.badErrorRatio.fill(0);
    this.badLatencyUs.fill(0);
    ctx.config.faults.forEach((fault, i) => {
      if (ctx.faults.faultActive[i] === 0 || fault.kind !== 'bad-deploy') return;
      const s = ctx.config.services.findIndex((service) => service.id === fault.service);
      this.badActive[s]++;
      this.badErrorRatio[s] = 1 - (1 - this.badErrorRatio[s]) * (1 - fault.errorRatio);
      this.badLatencyUs[s] += fault.addedLatencyUs;
    });
  }

  /**
   * Bills blue-green's second fleet up to `nowUs` (a metrics tick): fleetInstances × the
   * region's instance price over the time two fleets ran, into the group's cost and the
   * region's cost series.
   */
  bill(nowUs: number): void {
    const ctx = this.ctx;
    for (const rollout of this.rollouts) {
      if (rollout.plan === null || rollout.billedToUs >= nowUs) continue;
      const usd = extraFleetUsd(rollout.plan.fleetInstances, rollout.twoFleetUsIn(rollout.billedToUs, nowUs), ctx.config.regions[rollout.region].instancePriceUsdPerHour);
      rollout.billedToUs = nowUs;
      if (usd === 0) continue;
      rollout.billedUsd += usd;
      ctx.groupCostUsd[rollout.group] += usd;
      ctx.services.costUsd(rollout.region, nowUs, usd);
    }
  }
}

/** A fleet's cost over a window: instances × window in hours × the hourly price (the metrics ticks' shape). */
export function extraFleetUsd(instances: number, windowUs: number, priceUsdPerHour: number): number {
  return ((instances * windowUs) / US_PER_HOUR) * priceUsdPerHour;
}
