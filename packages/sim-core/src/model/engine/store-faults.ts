import type { EngineContext } from './context.js';
import { refreshSides } from './store-sides.js';
import type { StoreState } from './store-state.js';

/**
 * What faults do to data stores. A member whose region goes dark (or a primary whose node
 * fails) is down: it serves nothing, and replication to it stalls. Losing the primary cuts its
 * log at the fault (ReplicationLog.failPrimary): writes it had not acknowledged fail, and what
 * only it held is lost if a replica is promoted. Back before any promotion, it recovers with its
 * log; back after one, it rejoins as a replica (re-cloned). A multi-writer member's loss loses
 * the writes no other member had received (counted at the loss; their deliveries are dropped).
 */
export class StoreFaults {
  private readonly ctx: EngineContext;
  /** Per fault: the member a primary-failure took down, -1 otherwise. */
  private readonly failedMember: Int32Array;

  constructor(ctx: EngineContext) {
    this.ctx = ctx;
    this.failedMember = new Int32Array(ctx.config.faults.length).fill(-1);
  }

  private get stores(): StoreState[] {
    return this.ctx.data.stores;
  }

  regionChanged(r: number, starting: boolean, fault: number): void {
    for (const st of this.stores) {
      const m = st.memberOf[r];
      if (m >= 0) this.memberChanged(st, m, starting, fault);
    }
  }

  primaryFailure(fault: number, starting: boolean): void {
    const spec = this.ctx.config.faults[fault];
    if (spec.kind !== 'primary-failure') return;
    const st = this.storeNamed(spec.store);
    const m = starting ? st.primaryMember : this.failedMember[fault];
    this.failedMember[fault] = m;
    this.memberChanged(st, m, starting, fault);
  }

  replicationStall(fault: number, starting: boolean): void {
    const spec = this.ctx.config.faults[fault];
    if (spec.kind !== 'replication-stall') return;
    const st = this.storeNamed(spec.store);
    const m = st.memberOf[this.ctx.network.regionIndex(spec.region)];
    st.stalled[m] += starting ? 1 : -1;
    if (!starting) this.reconnect(st, m);
  }

  /** A link's state changed: the sides of a partition move, a deposed primary may meet the new one, stalled replicas catch up. */
  linksChanged(): void {
    for (const st of this.stores) {
      refreshSides(this.ctx, st);
      this.healSplitBrain(st);
      for (let m = 0; m < st.members; m++) this.reconnect(st, m);
    }
  }

  private memberChanged(st: StoreState, m: number, starting: boolean, fault: number): void {
    st.down[m] += starting ? 1 : -1;
    refreshSides(this.ctx, st);
    if (starting && st.down[m] === 1) this.memberLost(st, m, fault);
    else if (!starting && st.down[m] === 0) this.memberBack(st, m);
    this.healSplitBrain(st);
  }

  /**
   * A deposed primary that can reach the new primary again learns it was replaced: it rejoins
   * as a replica (re-cloned), and the writes it accepted meanwhile — counted as they were made —
   * are gone with its diverged history.
   */
  private healSplitBrain(st: StoreState): void {
    const d = st.deposed;
    const log = st.log;
    if (d < 0 || log === null || log.primaryLost || st.down[d] > 0 || st.down[log.primary] > 0 || st.side[d] !== st.side[log.primary]) return;
    st.deposed = -1;
    const loss = st.deposedBy;
    st.deposedBy = null;
    this.ctx.eventLog.add(this.ctx.sim.nowUs, 'split-brain-healed', st.config.id, `${loss?.splitBrainWrites ?? 0} write(s) the deposed primary accepted are lost`);
    st.pendingRejoin[d] = 1;
    this.rejoinPending(st);
  }

  private memberLost(st: StoreState, m: number, fault: number): void {
    const now = this.ctx.sim.nowUs;
    const label = `${st.config.id}@${this.ctx.compiled.regionIds[st.regions[m]]}`;
    if (st.multi !== null) {
      const unshipped = st.multi.discardUnshipped(m, st.onWriteLost ?? undefined);
      const rpoUs = unshipped.writes > 0 ? now - unshipped.oldestAckUs : 0;
      st.regionLosses.push({ store: st.index, fault, faultUs: now, region: st.regions[m], lostWrites: unshipped.writes, rpoUs });
      this.ctx.eventLog.add(now, 'store-member-lost', label, `${unshipped.writes} write(s) not yet shipped are lost (RPO ${rpoUs} µs)`, fault);
      return;
    }
    const log = st.log;
    if (log === null || m !== log.primary || log.primaryLost) return;
    const failure = log.failPrimary(now);
    this.ctx.restores.writesFailed(st.index, now);
    st.losses.push({ store: st.index, fault, faultUs: now, lostPrimaryRegion: st.regions[m], failedWrites: failure.failedWrites, promotion: null, newPrimaryRegion: -1, recoveredAtUs: -1, splitBrainWrites: 0 });
    this.ctx.eventLog.add(now, 'primary-lost', label, `${failure.failedWrites} unacknowledged write(s) failed`, fault);
  }

  private memberBack(st: StoreState, m: number): void {
    const log = st.log;
    if (log === null) return;
    if (m === log.primary && log.primaryLost) {
      // A failover under way runs to its end: the old primary rejoins after the promotion.
      if (this.ctx.ops.failingOver(st.index)) {
        st.pendingRejoin[m] = 1;
        return;
      }
      this.recoverPrimary(st);
      return;
    }
    if (!log.isLive(m)) {
      st.pendingRejoin[m] = 1;
      this.rejoinPending(st);
      return;
    }
    this.reconnect(st, m);
  }

  /**
   * A failover could not promote: a lost primary that came back while it ran (and waited for
   * it) recovers with its log now, as it would have without the failover.
   */
  promotionFailed(st: StoreState): void {
    const log = st.log;
    if (log === null || !log.primaryLost || st.down[log.primary] > 0 || st.pendingRejoin[log.primary] === 0) return;
    st.pendingRejoin[log.primary] = 0;
    this.recoverPrimary(st);
  }

  /** The lost primary is back before any promotion: it recovers with its log. */
  private recoverPrimary(st: StoreState): void {
    const log = st.log as NonNullable<StoreState['log']>;
    const now = this.ctx.sim.nowUs;
    const m = log.primary;
    this.ctx.data.drawReplicationDelays(st, m, false);
    const survived = log.recoverPrimary(now, st.delaysTo);
    const loss = st.losses[st.losses.length - 1];
    if (loss !== undefined && loss.promotion === null) loss.recoveredAtUs = now;
    this.ctx.eventLog.add(now, 'primary-recovered', `${st.config.id}@${this.ctx.compiled.regionIds[st.regions[m]]}`, `back with its log; ${survived} failed write(s) survived`);
    this.rejoinPending(st);
  }

  /** Members waiting to rejoin do so once the store has a live primary (re-cloned at once). */
  rejoinPending(st: StoreState): void {
    const log = st.log;
    if (log === null || log.primaryLost) return;
    const now = this.ctx.sim.nowUs;
    for (let m = 0; m < st.members; m++) {
      if (st.pendingRejoin[m] === 0 || st.down[m] > 0 || m === log.primary || m === st.deposed) continue;
      st.pendingRejoin[m] = 0;
      if (!log.isLive(m)) log.rejoin(m, now, now);
    }
  }

  private reconnect(st: StoreState, m: number): void {
    const log = st.log;
    if (log === null || log.primaryLost || m === log.primary || !log.isLive(m) || st.down[m] > 0 || st.stalled[m] > 0) return;
    const delay = this.ctx.data.replicationDelayUs(st.regions[log.primary], st.regions[m]);
    if (delay >= 0) log.reconnect(m, this.ctx.sim.nowUs, delay);
  }

  private storeNamed(id: string): StoreState {
    const st = this.stores.find((store) => store.config.id === id);
    if (st === undefined) throw new RangeError(`engine: unknown data store "${id}" (validateModel reports it)`);
    return st;
  }
}
