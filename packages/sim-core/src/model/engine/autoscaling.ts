import type { Simulation } from '../../kernel/simulation.js';
import { decide } from '../autoscaling/decide.js';
import { DIGEST_SCALE } from './outcomes.js';
import type { EngineContext } from './context.js';

/** The autoscaler: evaluations, provisioning, scale-in and draining. */
export class Autoscaling {
  private readonly ctx: EngineContext;

  constructor(ctx: EngineContext) {
    this.ctx = ctx;
  }

  readonly onEvaluate = (sim: Simulation, g: number): void => {
    const group = this.ctx.groups[g];
    const config = group.config.autoscaling;
    if (config === undefined) return;
    const now = sim.nowUs;
    group.integrate(now);
    const dark = this.ctx.regionDark[group.region] > 0;
    if (dark || group.evaluatedDark) {
      // A dark region's control plane is down with it: no decision while it is dark, nor at the
      // first evaluation after, whose window still holds dark time (its zero load would scale
      // the fleet in); the averages restart from here.
      group.evaluatedDark = dark;
      group.evaluatedBusyArea = group.busyArea;
      group.evaluatedQueuedArea = group.queuedArea;
      group.evaluatedUs = now;
      group.turnedAwaySeen = group.turnedAway;
      if (group.service === this.ctx.compiled.entryService) group.noRegionSeen = this.ctx.client.noRegionAttempts;
      sim.schedule(config.evaluationIntervalUs, this.onEvaluate, g);
      return;
    }
    const current = group.activeInstances + group.provisioning - group.provisionCancelled;
    // The metric is averaged over the `current` instances, warming ones included, so that
    // decide's ceil(current · metric / target) sizes the group for the load measured rather
    // than multiplying instances that are not serving yet by a utilisation they never shared.
    let metric: number;
    // Demand the fleet cannot see in its own load: requests turned away for want of an instance
    // in service — at this balancer, or (entry service) users who found no healthy region.
    const isEntry = group.service === this.ctx.compiled.entryService;
    const turnedAway = group.turnedAway - group.turnedAwaySeen + (isEntry ? this.ctx.client.noRegionAttempts - group.noRegionSeen : 0);
    if (current === 0) {
      // No instance: decide expects the load one instance would carry.
      metric = turnedAway > 0 ? 1 : 0;
    } else {
      const instanceUs = current * (now - group.evaluatedUs);
      const busyUs = group.busyArea - group.evaluatedBusyArea;
      if (instanceUs <= 0) metric = 0;
      else if (config.policy.metric === 'utilisation') metric = Math.min(1, busyUs / (instanceUs * group.concurrency));
      else metric = (busyUs + group.queuedArea - group.evaluatedQueuedArea) / instanceUs;
    }
    // A group turning users away is too small, whatever its instances' load says (it may be
    // starting up, or out of routing until its region's checks pass): never below the target.
    if (turnedAway > 0 && config.policy.kind === 'target-tracking') metric = Math.max(metric, config.policy.target);
    group.evaluatedBusyArea = group.busyArea;
    group.evaluatedQueuedArea = group.queuedArea;
    group.evaluatedUs = now;
    group.turnedAwaySeen = group.turnedAway;
    group.noRegionSeen = this.ctx.client.noRegionAttempts;
    const decision = decide(config, {
      nowUs: now,
      current,
      metricValue: metric,
      lastScaleUpUs: group.lastScaleUpUs,
      lastScaleDownUs: group.lastScaleDownUs,
      quota: Math.min(this.ctx.config.limits.instancesMax, group.faultQuota),
    });
    if (decision.shortfall > 0) {
      group.shortfallTotal += decision.shortfall;
      group.shortfallMax = Math.max(group.shortfallMax, decision.shortfall);
    }
    const delta = decision.desired - current;
    if (delta !== 0) {
      this.ctx.eventLog.add(now, 'scaled', this.ctx.groupLabel(g), `${current} -> ${decision.desired} (${decision.reason}, metric ${metric.toFixed(3)})`);
      sim.trace(DIGEST_SCALE, g * 65_536 + decision.desired);
    } else if (decision.reason === 'quota') {
      this.ctx.eventLog.add(now, 'scaled', this.ctx.groupLabel(g), `held at ${current} by the quota (${decision.shortfall} short)`);
    }
    if (delta > 0) {
      group.provisioning += delta;
      group.lastScaleUpUs = now;
      for (let k = 0; k < delta; k++) sim.schedule(config.provisioningDelayUs, this.onProvisioned, g);
    } else if (delta < 0) {
      group.lastScaleDownUs = now;
      this.scaleIn(g, -delta);
    }
    sim.schedule(config.evaluationIntervalUs, this.onEvaluate, g);
  };

  readonly onProvisioned = (sim: Simulation, g: number): void => {
    const group = this.ctx.groups[g];
    group.provisioning--;
    if (group.provisionCancelled > 0) {
      group.provisionCancelled--;
      return;
    }
    this.ctx.instances.launchInstance(g);
  };

  /** Stops `count` instances: launches not yet provisioned first, then starting ones, then the least busy. */
  scaleIn(g: number, count: number): void {
    const group = this.ctx.groups[g];
    const cancel = Math.min(count, group.provisioning - group.provisionCancelled);
    group.provisionCancelled += cancel;
    group.stops += cancel;
    let left = count - cancel;
    const pool = group.pool;
    for (; left > 0; left--) {
      let chosen = -1;
      let chosenScore = Number.POSITIVE_INFINITY;
      for (let i = 0; i < pool.slots; i++) {
        if (pool.live[i] === 0 || group.draining[i] === 1) continue;
        // Not ready or crashed instances go first (score -1), then the fewest requests held.
        const score = group.ready[i] === 0 || group.up[i] === 0 ? -1 : pool.active[i];
        if (score < chosenScore) {
          chosen = i;
          chosenScore = score;
        }
      }
      if (chosen < 0) return;
      group.stops++;
      if (chosenScore < 0) this.ctx.instances.removeInstance(group, chosen);
      else this.drain(g, chosen);
    }
  }

  drain(g: number, i: number): void {
    const group = this.ctx.groups[g];
    group.draining[i] = 1;
    group.drainingCount++;
    group.applyService(i);
    if (group.busy[i] === 0 && group.queueLength[i] === 0) this.ctx.instances.removeInstance(group, i);
    else this.ctx.sim.schedule(group.config.instance.drainUs, this.onDrainDeadline, this.ctx.instances.lifeKey(g, i));
  }

  readonly onDrainDeadline = (sim: Simulation, key: number): void => {
    const at = this.ctx.instances.fromLifeKey(key);
    if (at !== null && this.ctx.groups[at.g].draining[at.i] === 1) this.ctx.instances.removeInstance(this.ctx.groups[at.g], at.i);
  };
}
