import type { Simulation } from '../../kernel/simulation.js';
import type { FaultConfig } from '../fault.js';
import type { LinkDirections } from '../geo/link.js';
import { affectedCells } from './fault-impact.js';
import { faultDetail, faultSubject } from './fault-labels.js';
import { DIGEST_FAULT, roundUs } from './outcomes.js';
import type { EngineContext } from './context.js';

/** Fault verbs: start and repair of every fault kind. */
export class FaultInjector {
  private readonly ctx: EngineContext;
  readonly faultActive: Uint8Array;
  /** Per fault: its affected user cells, snapshot at its start (null before it starts). */
  readonly affected: (boolean[] | null)[];

  constructor(ctx: EngineContext) {
    this.ctx = ctx;
    this.faultActive = new Uint8Array(ctx.config.faults.length);
    this.affected = ctx.config.faults.map(() => null);
  }

  readonly onFaultStart = (sim: Simulation, i: number): void => {
    this.faultActive[i] = 1;
    const fault = this.ctx.config.faults[i];
    this.affected[i] = affectedCells(this.ctx, fault).map((chosen, cell) => chosen && this.ctx.userCounters.hasStarted(cell));
    this.ctx.eventLog.add(sim.nowUs, 'fault-started', faultSubject(fault), faultDetail(fault), i);
    sim.trace(DIGEST_FAULT, i * 2);
    this.applyFault(i, true);
  };

  readonly onFaultRepair = (sim: Simulation, i: number): void => {
    this.faultActive[i] = 0;
    const fault = this.ctx.config.faults[i];
    this.ctx.eventLog.add(sim.nowUs, 'fault-repaired', faultSubject(fault), faultDetail(fault), i);
    sim.trace(DIGEST_FAULT, i * 2 + 1);
    this.applyFault(i, false);
  };

  applyFault(i: number, starting: boolean): void {
    const fault = this.ctx.config.faults[i];
    const step = starting ? 1 : -1;
    switch (fault.kind) {
      case 'region-outage': {
        const r = this.ctx.network.regionIndex(fault.region);
        this.ctx.regionDark[r] += step;
        this.ctx.instances.refreshInstances((group) => group.region === r, () => true);
        this.ctx.storeFaults.regionChanged(r, starting, i);
        return;
      }
      case 'zone-outage': {
        const r = this.ctx.network.regionIndex(fault.region);
        const z = this.ctx.config.regions[r].zones.indexOf(fault.zone);
        this.ctx.zoneOut[this.ctx.zoneBase[r] + z] += step;
        this.ctx.instances.refreshInstances((group) => group.region === r, (group, k) => group.zone[k] === z);
        return;
      }
      case 'instance-crash': {
        if (!starting) return;
        const g = this.ctx.groupOf[this.ctx.config.services.findIndex((s) => s.id === fault.service) * this.ctx.n + this.ctx.network.regionIndex(fault.region)];
        if (fault.count !== undefined) for (let k = 0; k < fault.count; k++) this.ctx.instances.crashRandom(g, i);
        if (fault.ratePerS !== undefined) this.ctx.sim.schedule(roundUs(this.ctx.chaosRng.exponential(1_000_000 / fault.ratePerS)), this.onChaos, i);
        return;
      }
      case 'dependency-outage':
        for (const k of this.dependencyKeys(fault.dependency, fault.region)) this.ctx.outage[k] += step;
        return;
      case 'dependency-brownout':
        this.refreshBrownouts();
        return;
      case 'link-partition':
      case 'link-degradation':
        this.refreshLink(fault.between);
        this.ctx.storeFaults.linksChanged();
        return;
      case 'capacity-quota': {
        const g = this.ctx.groupOf[this.ctx.config.services.findIndex((s) => s.id === fault.service) * this.ctx.n + this.ctx.network.regionIndex(fault.region)];
        let quota = Number.POSITIVE_INFINITY;
        this.ctx.config.faults.forEach((other, k) => {
          if (this.faultActive[k] === 1 && other.kind === 'capacity-quota' && other.service === fault.service && other.region === fault.region) quota = Math.min(quota, other.instances);
        });
        this.ctx.groups[g].faultQuota = quota;
        return;
      }
      case 'cache-flush':
        this.refreshFlushes(fault.dependency);
        return;
      case 'traffic-spike':
        // Applied through the arrival overlays built at set-up.
        return;
      case 'primary-failure':
        this.ctx.storeFaults.primaryFailure(i, starting);
        return;
      case 'replication-stall':
        this.ctx.storeFaults.replicationStall(i, starting);
        return;
      case 'data-deletion':
        // Ended by the restore, never by a repair (validateModel rejects a duration).
        if (starting) this.ctx.restores.deletionStarted(i);
        return;
      case 'bad-deploy':
        // Validation guarantees a deployment of the service, so the part exists.
        this.ctx.deploys?.refreshBadDeploys();
        return;
      default: {
        const unreachable: never = fault;
        throw new Error(`unreachable fault kind ${String((unreachable as FaultConfig).kind)}`);
      }
    }
  }

  /**
   * Rebuilds a link's state from every active fault on it, so overlapping faults compose and
   * the end of one never undoes another: a direction is partitioned while any partition of it
   * is active; degradations add their latencies and compound their losses.
   */
  refreshLink(between: readonly [string, string]): void {
    const network = this.ctx.network;
    const link = network.linkBetween(between[0], between[1]);
    link.repair('both');
    link.restore('both');
    const latencyUs = [0, 0];
    const delivered = [1, 1];
    this.ctx.config.faults.forEach((fault, i) => {
      if (this.faultActive[i] === 0 || (fault.kind !== 'link-partition' && fault.kind !== 'link-degradation')) return;
      if (network.linkBetween(fault.between[0], fault.between[1]) !== link) return;
      const directions = this.linkDirections(fault.between, fault.direction);
      if (fault.kind === 'link-partition') {
        link.partition(directions);
        return;
      }
      for (const d of directions === 'both' ? [0, 1] : [directions]) {
        latencyUs[d] += fault.addedLatencyUs;
        delivered[d] *= 1 - fault.addedLossRatio;
      }
    });
    for (const d of [0, 1] as const) {
      if (latencyUs[d] > 0 || delivered[d] < 1) link.degrade({ addedLatencyUs: latencyUs[d], addedLossRatio: 1 - delivered[d] }, d);
    }
  }

  /**
   * Rebuilds a cache's flush state per calling region from the active flushes: a flush empties
   * the cache, so the newest active one sets the warming ramp; while a flush with no duration
   * (never repaired within the run) is active the cache stays cold.
   */
  refreshFlushes(dependency: string): void {
    for (const k of this.dependencyKeys(dependency, undefined)) {
      this.ctx.flushStartUs[k] = -1;
      this.ctx.flushEndUs[k] = 0;
    }
    this.ctx.config.faults.forEach((fault, i) => {
      if (this.faultActive[i] === 0 || fault.kind !== 'cache-flush' || fault.dependency !== dependency) return;
      const endUs = fault.durationUs === undefined ? Number.POSITIVE_INFINITY : fault.startUs + fault.durationUs;
      for (const k of this.dependencyKeys(fault.dependency, fault.region)) {
        if (this.ctx.flushEndUs[k] === Number.POSITIVE_INFINITY) continue;
        if (endUs === Number.POSITIVE_INFINITY || fault.startUs >= this.ctx.flushStartUs[k]) {
          this.ctx.flushStartUs[k] = fault.startUs;
          this.ctx.flushEndUs[k] = endUs;
        }
      }
    });
  }

  readonly onChaos = (sim: Simulation, i: number): void => {
    if (this.faultActive[i] === 0) return;
    const fault = this.ctx.config.faults[i] as Extract<FaultConfig, { kind: 'instance-crash' }>;
    const g = this.ctx.groupOf[this.ctx.config.services.findIndex((s) => s.id === fault.service) * this.ctx.n + this.ctx.network.regionIndex(fault.region)];
    this.ctx.instances.crashRandom(g, i);
    sim.schedule(roundUs(this.ctx.chaosRng.exponential(1_000_000 / (fault.ratePerS as number))), this.onChaos, i);
  };

  refreshBrownouts(): void {
    this.ctx.brownoutError.fill(0);
    this.ctx.brownoutLatencyUs.fill(0);
    this.ctx.config.faults.forEach((fault, i) => {
      if (this.faultActive[i] === 0 || fault.kind !== 'dependency-brownout') return;
      for (const k of this.dependencyKeys(fault.dependency, fault.region)) {
        this.ctx.brownoutError[k] = 1 - (1 - this.ctx.brownoutError[k]) * (1 - fault.errorRatio);
        this.ctx.brownoutLatencyUs[k] += fault.addedLatencyUs;
      }
    });
  }

  dependencyKeys(id: string, region: string | undefined): number[] {
    const d = this.ctx.config.dependencies.findIndex((dependency) => dependency.id === id);
    if (region !== undefined) return [d * this.ctx.n + this.ctx.network.regionIndex(region)];
    return Array.from({ length: this.ctx.n }, (_, r) => d * this.ctx.n + r);
  }

  linkDirections(between: readonly [string, string], direction: 'both' | 'forward' | 'backward'): LinkDirections {
    if (direction === 'both') return 'both';
    const forward = this.ctx.network.directionBetween(between[0], between[1]);
    return direction === 'forward' ? forward : forward === 0 ? 1 : 0;
  }
}
