import type { Simulation } from '../../kernel/simulation.js';
import type { InstanceGroup } from './instance-group.js';
import { GROUPS_MAX, INSTANCE_SLOTS } from './outcomes.js';
import type { EngineContext } from './context.js';

/** Instances: start-up, up and down, crashes and replacement, the balancer's health checks. */
export class InstanceLifecycle {
  private readonly ctx: EngineContext;

  constructor(ctx: EngineContext) {
    this.ctx = ctx;
  }

  /** Whether instance `i` answers: not crashed, and neither its region nor its zone is out. */
  isUpNow(group: InstanceGroup, i: number): boolean {
    const r = group.region;
    return this.ctx.regionDark[r] === 0 && group.crashed[i] === 0 && this.ctx.zoneOut[this.ctx.zoneBase[r] + group.zone[i]] === 0;
  }

  lifeKey(g: number, i: number): number {
    return (this.ctx.groups[g].life[i] * INSTANCE_SLOTS + i) * GROUPS_MAX + g;
  }

  /** The (group, instance) a lifecycle key names if that instance is still the same one, else -1 for the instance. */
  fromLifeKey(key: number): { g: number; i: number } | null {
    const g = key % GROUPS_MAX;
    const rest = (key - g) / GROUPS_MAX;
    const i = rest % INSTANCE_SLOTS;
    const life = (rest - i) / INSTANCE_SLOTS;
    const group = this.ctx.groups[g];
    if (!group.pool.isLive(i) || group.life[i] !== life) return null;
    return { g, i };
  }

  /** Adds a starting instance; it takes traffic after its startup time. */
  launchInstance(g: number): void {
    const group = this.ctx.groups[g];
    group.integrate(this.ctx.sim.nowUs);
    const i = group.addInstance(false);
    group.up[i] = this.isUpNow(group, i) ? 1 : 0;
    group.launches++;
    this.ctx.sim.schedule(group.config.instance.startupUs, this.onInstanceReady, this.lifeKey(g, i));
  }

  readonly onInstanceReady = (sim: Simulation, key: number): void => {
    const at = this.fromLifeKey(key);
    if (at === null) return;
    const group = this.ctx.groups[at.g];
    // An instance that crashed while starting never registers; its replacement will.
    if (group.crashed[at.i] === 1) return;
    group.integrate(sim.nowUs);
    group.ready[at.i] = 1;
    if (group.up[at.i] === 1) group.readyUp++;
    group.applyService(at.i);
    this.ctx.eventLog.add(sim.nowUs, 'instance-ready', this.ctx.groupLabel(at.g), `instance ${at.i} ready`);
  };

  /** The instance stops answering: its work is lost (callers time out). */
  setDown(group: InstanceGroup, i: number): void {
    if (group.up[i] === 0) return;
    group.integrate(this.ctx.sim.nowUs);
    if (group.ready[i] === 1) group.readyUp--;
    group.up[i] = 0;
    this.killWork(group, i);
  }

  setUpIfAble(group: InstanceGroup, i: number): void {
    if (group.up[i] === 1 || !this.isUpNow(group, i)) return;
    group.integrate(this.ctx.sim.nowUs);
    group.up[i] = 1;
    // Whatever hung on it while it was down is gone.
    group.pool.active[i] = 0;
    if (group.ready[i] === 1) group.readyUp++;
  }

  /** Ends everything the instance holds: running jobs die at their next event (epoch), queued ones now. */
  killWork(group: InstanceGroup, i: number): void {
    const jobs = this.ctx.jobs;
    group.integrate(this.ctx.sim.nowUs);
    group.busyTotal -= group.busy[i];
    group.busy[i] = 0;
    for (let j = group.queueHead[i]; j >= 0; ) {
      const next = jobs.next[j];
      this.ctx.servers.dropJob(j);
      j = next;
    }
    group.queuedTotal -= group.queueLength[i];
    group.queueHead[i] = -1;
    group.queueTail[i] = -1;
    group.queueLength[i] = 0;
    group.pool.active[i] = 0;
    group.epoch[i]++;
  }

  removeInstance(group: InstanceGroup, i: number): void {
    group.integrate(this.ctx.sim.nowUs);
    this.killWork(group, i);
    if (group.ready[i] === 1 && group.up[i] === 1) group.readyUp--;
    if (group.draining[i] === 1) group.drainingCount--;
    group.up[i] = 0;
    group.ready[i] = 0;
    group.pool.remove(i);
  }

  crash(g: number, i: number, cause: number): void {
    const group = this.ctx.groups[g];
    group.crashed[i] = 1;
    group.crashes++;
    this.setDown(group, i);
    this.ctx.eventLog.add(this.ctx.sim.nowUs, 'instance-crashed', this.ctx.groupLabel(g), `instance ${i} crashed`, cause);
    if (group.draining[i] === 1) {
      // Scale-in already let it go: its work is lost, and nothing replaces it.
      this.removeInstance(group, i);
      return;
    }
    const replaceUs = group.config.instance.replaceAfterCrashUs;
    if (replaceUs > 0) this.ctx.sim.schedule(replaceUs, this.onReplace, this.lifeKey(g, i));
  }

  readonly onReplace = (sim: Simulation, key: number): void => {
    const at = this.fromLifeKey(key);
    if (at === null) return;
    const group = this.ctx.groups[at.g];
    if (group.crashed[at.i] !== 1 || group.draining[at.i] === 1) return;
    this.removeInstance(group, at.i);
    this.launchInstance(at.g);
  };

  /** The balancer's own health checks of each instance, every interval. */
  readonly onBalancerCheck = (sim: Simulation, g: number): void => {
    const group = this.ctx.groups[g];
    const check = group.config.balancer.healthCheck;
    const pool = group.pool;
    for (let i = 0; i < pool.slots; i++) {
      if (pool.live[i] === 0 || group.ready[i] === 0) continue;
      const passed = group.up[i];
      if (passed === group.verdict[i]) {
        group.streak[i] = 0;
        continue;
      }
      group.streak[i]++;
      if (group.streak[i] < (group.verdict[i] === 1 ? check.unhealthyThreshold : check.healthyThreshold)) continue;
      group.streak[i] = 0;
      group.verdict[i] = passed;
      const delay = passed === 1 ? group.config.balancer.readmissionDelayUs : group.config.balancer.removalDelayUs;
      if (delay === 0) group.applyService(i);
      else sim.schedule(delay, this.onBalancerApply, this.lifeKey(g, i));
    }
    sim.schedule(check.intervalUs, this.onBalancerCheck, g);
  };

  readonly onBalancerApply = (sim: Simulation, key: number): void => {
    const at = this.fromLifeKey(key);
    if (at !== null) this.ctx.groups[at.g].applyService(at.i);
  };

  /** Recomputes up/down for the instances a region or zone fault touches. */
  refreshInstances(inGroup: (group: InstanceGroup) => boolean, inScope: (group: InstanceGroup, i: number) => boolean): void {
    for (const group of this.ctx.groups) {
      if (!inGroup(group)) continue;
      for (let i = 0; i < group.pool.slots; i++) {
        if (group.pool.live[i] === 0 || !inScope(group, i)) continue;
        if (this.isUpNow(group, i)) this.setUpIfAble(group, i);
        else this.setDown(group, i);
      }
    }
  }

  /** Crashes one instance that is up, chosen uniformly (one draw whatever the pool holds). */
  crashRandom(g: number, cause: number): void {
    const group = this.ctx.groups[g];
    const u = this.ctx.chaosRng.float();
    const candidates: number[] = [];
    for (let i = 0; i < group.pool.slots; i++) if (group.pool.live[i] === 1 && group.up[i] === 1) candidates.push(i);
    if (candidates.length > 0) this.crash(g, candidates[Math.floor(u * candidates.length)], cause);
  }
}
