import type { Simulation } from '../../kernel/simulation.js';
import type { RandomStream } from '../../kernel/random-stream.js';
import type { StoreFailoverConfig } from '../model-config.js';
import { ENGINE_ALERT_METRICS } from '../validate-data-ops.js';
import type { AlertMetric } from '../ops/alerts/alert-config.js';
import { AlertEvaluator } from '../ops/alerts/alert-evaluator.js';
import type { AlertFiring, AlertPage } from '../ops/alerts/alert-records.js';
import { FailoverController } from '../ops/failover/failover-controller.js';
import type { EngineContext } from './context.js';
import { partitionFaultTouching } from './store-sides.js';
import type { LatencyReadings } from './latency-readings.js';
import { RequestReadings } from './request-readings.js';
import type { StoreState } from './store-state.js';


/**
 * Operations: alert rules evaluated on the run's metrics, and the failover controllers of the
 * stores that have one. A controller detects by the region health verdict or by its alert
 * firing, then decides, promotes (the store's log: lost writes and RPO) and, with
 * follow-primary routing, moves users to the new primary; cached DNS answers drain for a TTL.
 */
export class Operations {
  private readonly ctx: EngineContext;
  readonly evaluator: AlertEvaluator | null;
  /** Per store: its controller and failover config, or null. */
  readonly controllers: (FailoverController | null)[];
  readonly failovers: (StoreFailoverConfig | null)[];
  /** The store users follow (follow-primary routing), -1 when none. */
  readonly followStore: number;
  private readonly rng: RandomStream;
  /** The rules' request readings (availability, error ratio, request rate) over their user cells. */
  readonly requestReadings: RequestReadings;
  private readonly ruleRegion: Int32Array;
  private readonly ruleService: Int32Array;
  readonly healthChanges: { atUs: number; region: number; healthy: boolean }[] = [];

  constructor(ctx: EngineContext) {
    this.ctx = ctx;
    const config = ctx.config;
    this.rng = ctx.sim.stream('ops/failover');
    const alerting = config.alerting;
    this.evaluator = alerting === undefined ? null : new AlertEvaluator(alerting, { metrics: ENGINE_ALERT_METRICS, onFiring: this.onFiring, onPage: this.onPage });
    const rules = alerting?.rules ?? [];
    this.requestReadings = new RequestReadings(rules, ctx.compiled, ctx.userCounters);
    this.ruleRegion = Int32Array.from(rules, (rule) => (rule.scope.region === undefined ? -1 : ctx.network.regionIndex(rule.scope.region)));
    this.ruleService = Int32Array.from(rules, (rule) => (rule.scope.service === undefined ? -1 : config.services.findIndex((s) => s.id === rule.scope.service)));
    const stores = config.dataStores ?? [];
    this.failovers = stores.map((store) => (config.failovers ?? []).find((f) => f.store === store.id) ?? null);
    this.controllers = this.failovers.map((failover, s) =>
      failover === null ? null : new FailoverController(failover, { dnsTtlUs: config.routing.dnsTtlUs, primary: ctx.network.regionIndex(stores[s].primary) }),
    );
    this.followStore = this.failovers.findIndex((failover) => failover?.routing === 'follow-primary');
  }

  /** The routes as last logged (start: as the run begins, not logged). */
  private lastRoutes = '';

  start(): void {
    this.updateRoutes();
    if (this.evaluator !== null) this.ctx.sim.schedule(this.evaluator.nextEventUs(), this.onAlertEvent, 0);
  }

  /** The routes the table gives now, one `from->to` per region (the policy and its regions when it draws per request). */
  private routesLabel(mask: Uint8Array): string {
    const ctx = this.ctx;
    const policy = ctx.config.routing.policy;
    if (policy === 'weighted' || policy === 'latency-based') {
      const regions = ctx.compiled.regionIds.filter((_, r) => mask[r] === 1);
      return `${policy} over ${regions.length === 0 ? 'no region' : regions.join(', ')}`;
    }
    return ctx.compiled.regionIds
      .map((id, from) => {
        const to = ctx.routeTable.resolve(from, ctx.routingRng);
        return `${id}->${to < 0 ? 'none' : ctx.compiled.regionIds[to]}`;
      })
      .join(', ');
  }

  /**
   * Routes from region health, or only to the followed store's primary region (follow-primary).
   * Logs `routing-changed` (about `subject`: the region whose health changed, or the store
   * whose primary moved) when, and only when, the routes differ from the last ones.
   */
  updateRoutes(subject?: string): void {
    const ctx = this.ctx;
    let mask: Uint8Array;
    if (this.followStore < 0) {
      mask = ctx.regionHealth.healthyMask;
    } else {
      const st = ctx.data.stores[this.followStore];
      mask = new Uint8Array(ctx.n);
      mask[st.regions[st.primaryMember]] = 1;
    }
    ctx.routeTable.update(mask);
    const routes = this.routesLabel(mask);
    if (subject !== undefined && routes !== this.lastRoutes) ctx.eventLog.add(ctx.sim.nowUs, 'routing-changed', subject, routes);
    this.lastRoutes = routes;
  }

  /** Whether store s's failover is deciding or promoting (its old primary must wait to rejoin). */
  failingOver(s: number): boolean {
    const phase = this.controllers[s]?.phase;
    return phase === 'deciding' || phase === 'promoting';
  }

  regionHealthChanged(r: number, healthy: boolean): void {
    this.healthChanges.push({ atUs: this.ctx.sim.nowUs, region: r, healthy });
    if (healthy) return;
    this.controllers.forEach((controller, s) => {
      if (controller !== null && controller.config.detection === 'health-check' && controller.primary === r) this.detect(s, r);
    });
  }

  private readonly onPage = (page: AlertPage): void => {
    this.ctx.eventLog.add(page.atUs, 'page', page.region ?? 'all regions', `${page.group}: ${page.firings.map((f) => f.rule).join(', ')}`);
  };

  private readonly onFiring = (firing: AlertFiring): void => {
    this.ctx.eventLog.add(firing.startsAtUs, 'alert', firing.scope.region ?? 'all regions', `${firing.rule} fired`);
    this.ctx.restores.alertFired(firing.rule);
    this.ctx.deploys?.onAlertFiring(firing);
    this.controllers.forEach((controller, s) => {
      if (controller === null || controller.config.detection !== 'alert' || controller.config.alert !== firing.rule) return;
      const region = firing.scope.region === undefined ? controller.primary : this.ctx.network.regionIndex(firing.scope.region);
      this.detect(s, region);
    });
  };

  private detect(s: number, failedRegion: number): void {
    const controller = this.controllers[s] as FailoverController;
    const standby = this.ctx.network.regionIndex((this.failovers[s] as StoreFailoverConfig).standby);
    const target = failedRegion === standby ? this.ctx.data.stores[s].regions[0] : standby;
    const record = controller.detected(this.ctx.sim.nowUs, failedRegion, target, this.rng);
    if (record === null) return;
    this.ctx.eventLog.add(this.ctx.sim.nowUs, 'failover-detected', this.ctx.data.stores[s].config.id, `primary in ${this.ctx.compiled.regionIds[failedRegion]}; promoting ${this.ctx.compiled.regionIds[target]}`);
    this.ctx.sim.schedule(controller.nextAtUs - this.ctx.sim.nowUs, this.onAdvance, s);
  }

  readonly onAdvance = (sim: Simulation, s: number): void => {
    const controller = this.controllers[s] as FailoverController;
    const phase = controller.advance(sim.nowUs);
    this.ctx.eventLog.add(sim.nowUs, `failover-${phase === 'standby' ? 'drained' : phase}`, this.ctx.data.stores[s].config.id, '');
    if (phase === 'draining') {
      // The store may promote another replica than the planned one, or none: the controller follows it.
      const st = this.ctx.data.stores[s];
      this.promote(st, controller.primary);
      controller.primaryIs(st.regions[st.primaryMember]);
    }
    const next = controller.nextAtUs;
    if (next >= 0) sim.schedule(next - sim.nowUs, this.onAdvance, s);
  };

  /** The promotion: the log loses what the new primary lacks; users follow it when routing does. */
  private promote(st: StoreState, region: number): void {
    const log = st.log;
    if (log === null) return;
    const now = this.ctx.sim.nowUs;
    const oldPrimary = log.primary;
    // The standby, unless another replica holds more of the log (Patroni's rule: promote the
    // most caught-up replica; with sync replication that is what makes the failover lossless).
    // Only a member that is up can take over (the log does not know a replica's region went dark).
    let m = st.memberOf[region];
    const best = this.mostCaughtUpUp(st, now);
    if (m < 0 || m === oldPrimary || st.down[m] > 0 || !log.isReadyAt(m, now) || (best >= 0 && log.appliedPosition(best, now) > log.appliedPosition(m, now))) m = best;
    if (m < 0) {
      this.ctx.eventLog.add(now, 'failover-failed', st.config.id, 'no live replica to promote');
      this.ctx.storeFaults.promotionFailed(st);
      return;
    }
    if (st.fencing === 'quorum' && st.majority[m] === 0) {
      this.ctx.eventLog.add(now, 'failover-failed', st.config.id, `${this.ctx.compiled.regionIds[st.regions[m]]} is not on a majority's side (quorum fencing)`);
      this.ctx.storeFaults.promotionFailed(st);
      return;
    }
    const alive = !log.primaryLost;
    if (alive) {
      // Promoted while the old primary still runs: an alert saw it cut off, not dead. The loss
      // belongs to the partition that cut it off, when one is in force.
      const fault = partitionFaultTouching(this.ctx, st.regions[oldPrimary]);
      st.losses.push({ store: st.index, fault, faultUs: now, lostPrimaryRegion: st.regions[oldPrimary], failedWrites: 0, promotion: null, newPrimaryRegion: -1, recoveredAtUs: -1, splitBrainWrites: 0 });
      // Its unacknowledged writes fail at the promotion (the log cuts there).
      this.ctx.restores.writesFailed(st.index, now);
    }
    this.ctx.data.drawReplicationDelays(st, m, false);
    const result = log.promote(m, now, st.delaysTo);
    st.keyPositions?.truncate(log.logLength);
    this.ctx.residency.moved(st, m, now);
    const loss = st.losses[st.losses.length - 1];
    loss.promotion = result;
    // An old primary still alive is cut at the promotion: the writes it had not acknowledged fail then.
    if (alive) loss.failedWrites = result.failedWrites;
    loss.newPrimaryRegion = st.regions[m];
    this.ctx.eventLog.add(now, 'primary-promoted', `${st.config.id}@${this.ctx.compiled.regionIds[st.regions[m]]}`, `${result.lostWrites} acknowledged write(s) lost, RPO ${result.rpoUs} µs`);
    if (alive && st.down[oldPrimary] === 0 && st.side[oldPrimary] !== st.side[m]) {
      // Split brain: the old primary does not know it was replaced and serves whoever reaches it.
      // One deposed primary at a time: an earlier one (still cut off) is demoted and rejoins as
      // a replica, as a member back from an outage does; its split-brain writes were counted.
      if (st.deposed >= 0) st.pendingRejoin[st.deposed] = 1;
      st.deposed = oldPrimary;
      st.deposedBy = loss;
      this.ctx.eventLog.add(now, 'split-brain', st.config.id, `${this.ctx.compiled.regionIds[st.regions[oldPrimary]]} still takes writes (fencing: ${st.fencing})`);
    } else {
      st.pendingRejoin[oldPrimary] = 1;
    }
    this.ctx.storeFaults.rejoinPending(st);
    if (this.followStore === st.index) this.updateRoutes(st.config.id);
  }

  /** The up, live, ready replica holding the longest prefix (the lowest index on a tie), -1 when none. */
  private mostCaughtUpUp(st: StoreState, now: number): number {
    const log = st.log as NonNullable<StoreState['log']>;
    let best = -1;
    let bestPosition = -1;
    for (let k = 0; k < st.members; k++) {
      if (k === log.primary || st.down[k] > 0 || k === st.deposed || !log.isLive(k) || !log.isReadyAt(k, now)) continue;
      // After a primary failure the writes still on the wire were dropped: this is what k held at the fault.
      const position = log.appliedPosition(k, now);
      if (position > bestPosition) {
        best = k;
        bestPosition = position;
      }
    }
    return best;
  }

  readonly onAlertEvent = (sim: Simulation): void => {
    const evaluator = this.evaluator as AlertEvaluator;
    evaluator.evaluate(sim.nowUs, this.read);
    const next = evaluator.nextEventUs();
    if (next >= 0 && next <= this.ctx.config.durationUs) sim.schedule(next - sim.nowUs, this.onAlertEvent, 0);
  };

  /** Rule r's reading now, over its scope and (for request metrics) the time since its last evaluation. */
  private readonly read = (r: number): number | null => {
    const ctx = this.ctx;
    const rule = (ctx.config.alerting as NonNullable<typeof ctx.config.alerting>).rules[r];
    const region = this.ruleRegion[r];
    const now = ctx.sim.nowUs;
    switch (rule.metric) {
      case 'availability':
      case 'error-ratio':
      case 'request-rate-per-s':
        return this.requestReadings.read(r, rule.metric, now);
      case 'p50-ms':
      case 'p95-ms':
      case 'p99-ms':
        // Built whenever a rule reads a latency quantile.
        return (ctx.latency as LatencyReadings).read(r);
      case 'replication-lag-ms':
        return ctx.data.lagMsNow(region, now);
      case 'health':
        return this.healthReading(region);
      case 'queue-depth':
      case 'instances':
      case 'utilisation':
        return this.groupReading(rule.metric, region, this.ruleService[r]);
      default: {
        const unknownMetric: never = rule.metric;
        throw new RangeError(`Operations: no reading for alert metric ${String(unknownMetric)}`);
      }
    }
  };

  private healthReading(region: number): number | null {
    const health = this.ctx.regionHealth;
    if (region >= 0) return this.ctx.entryGroupOf[region] >= 0 ? (health.isHealthy(region) ? 1 : 0) : null;
    let all = 1;
    for (const r of this.ctx.candidateRegions) if (!health.isHealthy(r)) all = 0;
    return all;
  }

  private groupReading(metric: AlertMetric, region: number, service: number): number | null {
    let instances = 0;
    let queued = 0;
    let busy = 0;
    let workers = 0;
    let found = false;
    for (const group of this.ctx.groups) {
      if ((region >= 0 && group.region !== region) || (service >= 0 && group.service !== service)) continue;
      found = true;
      instances += group.activeInstances;
      queued += group.queuedTotal;
      busy += group.busyTotal;
      workers += group.activeInstances * group.concurrency;
    }
    if (!found) return null;
    if (metric === 'instances') return instances;
    if (metric === 'queue-depth') return queued;
    return workers > 0 ? busy / workers : null;
  }
}
