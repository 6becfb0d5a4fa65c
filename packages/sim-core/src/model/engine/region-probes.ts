import type { Simulation } from '../../kernel/simulation.js';
import { DIGEST_HEALTH, OUT_OK, R_REJECTED, isOk } from './outcomes.js';
import { PARENT_PROBE } from './tables.js';
import type { EngineContext } from './context.js';

/** Global routing's region health checks (shallow or deep) and the route changes they cause. */
export class RegionProbes {
  private readonly ctx: EngineContext;
  readonly probeSeq: Int32Array;

  constructor(ctx: EngineContext) {
    this.ctx = ctx;
    const n = ctx.n;
    this.probeSeq = new Int32Array(n);
    this.probePending = new Uint8Array(n);
    this.probeTimer = new Float64Array(n).fill(-1);
    this.probeAnswer = new Int32Array(n);
  }

  readonly probePending: Uint8Array;

  readonly probeTimer: Float64Array;

  readonly probeAnswer: Int32Array;

  readonly onProbeRound = (sim: Simulation): void => {
    const check = this.ctx.config.routing.healthCheck;
    const n = this.ctx.n;
    for (let k = 0; k < this.ctx.candidateRegions.length; k++) {
      const r = this.ctx.candidateRegions[k];
      if (this.probePending[r] === 1) {
        // The previous probe is still out at the next round: it counts as failed.
        sim.cancel(this.probeTimer[r]);
        this.recordProbe(r, false);
      }
      const key = ++this.probeSeq[r] * n + r;
      this.probePending[r] = 1;
      this.probeTimer[r] = sim.schedule(check.timeoutUs, this.onProbeTimeout, key);
      if (this.ctx.regionDark[r] > 0) continue;
      const g = this.ctx.entryGroupOf[r];
      if (check.depth === 'deep') {
        this.ctx.servers.admit(this.ctx.servers.newJob(PARENT_PROBE, key, g, this.ctx.compiled.checkEndpoint, r, -1, false));
        continue;
      }
      // Shallow: the balancer hands the probe to an instance, which answers if it is up.
      const group = this.ctx.groups[g];
      const count = group.pool.eligibleCount;
      const u = this.ctx.probeRng.float();
      if (count === 0) {
        this.probeAnswer[r] = R_REJECTED;
      } else if (group.up[group.pool.eligible[Math.floor(u * count)]] === 1) {
        this.probeAnswer[r] = OUT_OK;
      } else {
        continue;
      }
      const delay = this.ctx.network.oneWayDelayUs(r, r, this.ctx.networkRng);
      if (delay >= 0) sim.schedule(2 * delay, this.onProbeAnswer, key);
    }
    sim.schedule(check.intervalUs, this.onProbeRound, 0);
  };

  readonly onProbeAnswer = (sim: Simulation, key: number): void => {
    const r = key % this.ctx.n;
    if (this.probeSeq[r] * this.ctx.n + r !== key || this.probePending[r] === 0) return;
    this.probePending[r] = 0;
    sim.cancel(this.probeTimer[r]);
    this.probeTimer[r] = -1;
    this.recordProbe(r, isOk(this.probeAnswer[r]));
  };

  readonly onProbeTimeout = (sim: Simulation, key: number): void => {
    const r = key % this.ctx.n;
    if (this.probeSeq[r] * this.ctx.n + r !== key || this.probePending[r] === 0) return;
    this.probePending[r] = 0;
    this.probeTimer[r] = -1;
    this.recordProbe(r, false);
  };

  recordProbe(r: number, passed: boolean): void {
    this.probePending[r] = 0;
    const now = this.ctx.sim.nowUs;
    if (!this.ctx.regionHealth.recordCheck(r, passed, now)) return;
    const healthy = this.ctx.regionHealth.isHealthy(r);
    const region = this.ctx.compiled.regionIds[r];
    // The health change first, then the routing change it causes (if the routes move at all).
    this.ctx.eventLog.add(now, 'health-changed', region, healthy ? 'healthy' : 'unhealthy');
    this.ctx.ops.updateRoutes(region);
    this.ctx.ops.regionHealthChanged(r, healthy);
    this.ctx.sim.trace(DIGEST_HEALTH, r * 2 + (healthy ? 1 : 0));
  }
}
