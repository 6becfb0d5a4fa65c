import type { Simulation } from '../../kernel/simulation.js';
import { US_PER_HOUR } from './outcomes.js';
import type { EngineContext } from './context.js';

/** Gauges and cost at the end of every metrics tick. */
export class MetricsTicks {
  private readonly ctx: EngineContext;
  tickIndex = 0;

  constructor(ctx: EngineContext) {
    this.ctx = ctx;
    const groups = ctx.groups.length;
    this.tickBusy = new Float64Array(groups);
    this.tickCapacity = new Float64Array(groups);
    this.tickBilled = new Float64Array(groups);
  }

  readonly tickBusy: Float64Array;

  readonly tickCapacity: Float64Array;

  readonly tickBilled: Float64Array;

  /** When tick `t`'s gauges are read: its last microsecond (the run's end for the last tick). */
  sampleTimeUs(t: number): number {
    const interval = this.ctx.config.metrics.intervalUs;
    const end = Math.min((t + 1) * interval, this.ctx.config.durationUs);
    return end === this.ctx.config.durationUs ? end : end - 1;
  }

  readonly onSample = (sim: Simulation): void => {
    const now = sim.nowUs;
    const endpoints = this.ctx.compiled.metricsEndpoints.length;
    for (let g = 0; g < this.ctx.groups.length; g++) {
      const group = this.ctx.groups[g];
      group.integrate(now);
      const capacity = group.capacityArea - this.tickCapacity[g];
      const utilisation = capacity > 0 ? (group.busyArea - this.tickBusy[g]) / capacity : 0;
      const instances = group.activeInstances;
      for (const endpoint of this.ctx.compiled.endpoints) {
        if (endpoint.service === group.service) this.ctx.services.gauge(group.region * endpoints + endpoint.metricsIndex, now, group.queuedTotal, instances, utilisation);
      }
      const usd = ((group.billedArea - this.tickBilled[g]) / US_PER_HOUR) * this.ctx.config.regions[group.region].instancePriceUsdPerHour;
      this.ctx.services.costUsd(group.region, now, usd);
      this.ctx.groupCostUsd[g] += usd;
      this.tickBusy[g] = group.busyArea;
      this.tickCapacity[g] = group.capacityArea;
      this.tickBilled[g] = group.billedArea;
      group.instancesMin = Math.min(group.instancesMin, instances);
      group.instancesMax = Math.max(group.instancesMax, instances);
      group.instancesTickSum += instances;
      group.ticks++;
    }
    if (this.ctx.deploys !== null) this.ctx.deploys.bill(now);
    this.ctx.data.sampleLag(now);
    this.tickIndex++;
    if (this.tickIndex < this.ctx.services.tickCount) sim.schedule(this.sampleTimeUs(this.tickIndex) - now, this.onSample, 0);
  };
}
