import type { RandomStream } from '../../kernel/random-stream.js';
import type { Simulation } from '../../kernel/simulation.js';
import { routeToZone } from './partitions.js';
import { OUT_OK, R_ERROR, R_REJECTED, roundUs } from './outcomes.js';
import { CALL_PENDING } from './tables.js';
import type { EngineContext } from './context.js';
import { regionsConnected, writeFenced } from './store-sides.js';
import { StoreState } from './store-state.js';

/** Redraws of a replication message lost beyond its retransmits (TCP keeps retransmitting); a partition stalls it instead. */
const REPLICATION_DRAWS_MAX = 8;
const DELIVERY_RETRY_US = 1_000_000;

/**
 * Data store calls and replication. A read goes to the primary or, with `readFrom: local`, to
 * the caller's region's member; a write goes to the primary (multi-writer: the local member).
 * The caller's timer runs from the call's start; an unreachable member (its region dark, a lost
 * primary, a partition) never answers, so the call times out. Writes become durable on the
 * primary after the network hop and the write latency (an event, so the log sees time in
 * order), then the log says when they are acknowledged. docs/data-model.md has the rules.
 */
export class DataStores {
  private readonly ctx: EngineContext;
  readonly stores: StoreState[];

  /** Per partitioned store: the stream its calls draw their record's zone from. */
  private readonly partitionRngs: RandomStream[];
  /** The radix of the store index in a delivery's event data (any number of stores, zone stores included). */
  private readonly storeRadix: number;

  constructor(ctx: EngineContext) {
    this.ctx = ctx;
    this.partitionRngs = ctx.partitions.map((route) => ctx.sim.stream(`store/${route.id}/zones`));
    this.stores = (ctx.config.dataStores ?? []).map((config, s) => new StoreState(s, config, ctx.network, ctx.sim.stream(`store/${config.id}`), ctx.config.faults.length, ctx.options.writeTrace === true));
    this.storeRadix = Math.max(1, this.stores.length);
  }

  /** Starts datastore call c (its timer is set by the caller); `addedUs`: a brownout's extra latency. */
  start(c: number, handle: number, s: number, region: number, addedUs: number): void {
    const ctx = this.ctx;
    const sim = ctx.sim;
    const now = sim.nowUs;
    const calls = ctx.calls;
    // A partitioned store's call goes to the store of its record's zone.
    const st = this.stores[s >= 0 ? s : routeToZone(ctx.partitions[-s - 1], region, this.partitionRngs[-s - 1])];
    calls.store[c] = st.index;
    const write = calls.write[c] === 1;
    // Fixed draws per call: the operation's latency, and the key it reads or writes.
    const opUs = roundUs((write ? st.writeLatency : st.readLatency).sample(st.rng)) + addedUs;
    const key = Math.floor(st.rng.float() * st.config.keys);
    let m: number;
    if (st.multi !== null) m = st.nearestMember[region];
    else if (write || st.config.readFrom === 'primary' || st.memberOf[region] < 0 || !st.serving(st.memberOf[region], now)) m = st.primaryMember;
    else m = st.memberOf[region];
    // Split brain: a caller that cannot reach the primary goes on using the deposed one it can reach.
    if (st.deposed >= 0 && m === st.primaryMember && !regionsConnected(ctx, region, st.regions[m]) && regionsConnected(ctx, region, st.regions[st.deposed])) m = st.deposed;
    calls.member[c] = m;
    if (!st.serving(m, now)) return;
    const target = st.regions[m];
    const to = ctx.network.oneWayDelayUs(region, target, ctx.networkRng);
    const back = ctx.network.oneWayDelayUs(target, region, ctx.networkRng);
    if (to < 0 || back < 0) return;
    // A migration's write freeze rejects the write after the round trip, as throttling does (migration.ts).
    if (write && ctx.migration !== null && ctx.migration.rejectsWrite(now)) {
      calls.answer[c] = R_REJECTED;
      sim.schedule(to + back, ctx.dependencyCalls.onCallAnswer, handle);
      return;
    }
    if (!st.takeToken(m, now)) {
      calls.answer[c] = R_REJECTED;
      sim.schedule(to + back, ctx.dependencyCalls.onCallAnswer, handle);
      return;
    }
    if (st.deleted === 1) {
      // The data is gone ("no such table"): the member answers at once with an error.
      ctx.restores.onFailedOperation(st);
      calls.answer[c] = R_ERROR;
      sim.schedule(to + back, ctx.dependencyCalls.onCallAnswer, handle);
      return;
    }
    calls.backUs[c] = back;
    if (write && st.fencing !== 'none' && writeFenced(st, m)) {
      this.fence(st, m);
      calls.answer[c] = R_ERROR;
      sim.schedule(to + back, ctx.dependencyCalls.onCallAnswer, handle);
      return;
    }
    if (!write) {
      st.readsByRegion[region]++;
      st.memberReads[m]++;
      const stale = st.multi !== null ? st.multi.read(now, m, key) : this.staleRead(st, m, key, now);
      if (stale) {
        st.staleReadsByRegion[region]++;
        st.memberStaleReads[m]++;
      }
      ctx.residency.served(st, m, now);
      // The answer carries one record (writeSizeBytes) back to the caller: cross-region egress.
      ctx.egress.send(target, region, st.config.writeSizeBytes);
      calls.answer[c] = OUT_OK;
      sim.schedule(to + opUs + back, ctx.dependencyCalls.onCallAnswer, handle);
      return;
    }
    st.writesByRegion[region]++;
    // The write carries its record (writeSizeBytes) to the member: cross-region egress.
    ctx.egress.send(region, target, st.config.writeSizeBytes);
    calls.writeId[c] = key;
    sim.schedule(to + opUs, st.multi !== null ? this.onMultiWrite : m === st.deposed ? this.onDeposedWrite : this.onPrimaryWrite, handle);
  }

  /**
   * Whether a single-primary read of `key` at member m is stale (ARCHITECTURE §5, per key: see
   * KeyPositions). The primary's reads never are; a deposed primary serves a diverged history,
   * so its reads all count as stale (an upper bound).
   */
  private staleRead(st: StoreState, m: number, key: number, now: number): boolean {
    if (m === st.deposed) return true;
    const log = st.log as NonNullable<StoreState['log']>;
    if (m === log.primary) return false;
    return (st.keyPositions as NonNullable<StoreState['keyPositions']>).isStale(key, log.acknowledgedPosition(now), log.appliedPosition(m, now));
  }

  /** A write refused by the fencing policy (a fenced or minority member), charged to the partitions in force. */
  private fence(st: StoreState, m: number): void {
    st.fencedWrites[m]++;
    this.chargePartitions(st.fencedByFault);
  }

  /** Adds one to `perFault` for every link partition in force. */
  private chargePartitions(perFault: Float64Array): void {
    const faults = this.ctx.config.faults;
    for (let i = 0; i < faults.length; i++) if (this.ctx.faults.faultActive[i] === 1 && faults[i].kind === 'link-partition') perFault[i]++;
  }

  /**
   * A write a deposed primary accepted (split brain without fencing): acknowledged to its
   * caller, and lost when the sides reconcile, as the new primary's history wins.
   */
  readonly onDeposedWrite = (sim: Simulation, handle: number): void => {
    const calls = this.ctx.calls;
    const c = calls.resolve(handle);
    if (c < 0 || calls.state[c] !== CALL_PENDING) return;
    const st = this.stores[calls.store[c]];
    const m = calls.member[c];
    if (m !== st.deposed || st.down[m] > 0) return;
    if (st.deleted === 1) {
      this.failDeleted(st, c, handle);
      return;
    }
    st.splitBrainWrites++;
    this.chargePartitions(st.splitBrainByFault);
    // Charged to the promotion that deposed it, not to a later loss of the new primary.
    if (st.deposedBy !== null) st.deposedBy.splitBrainWrites++;
    st.acknowledgedToCallers++;
    st.trace?.splitBrainWrites.push({ member: m, madeUs: sim.nowUs });
    calls.answer[c] = OUT_OK;
    sim.schedule(calls.backUs[c], this.ctx.dependencyCalls.onCallAnswer, handle);
  };

  /** A single-primary write is durable on the primary: the log says when it is acknowledged. */
  readonly onPrimaryWrite = (sim: Simulation, handle: number): void => {
    const calls = this.ctx.calls;
    const c = calls.resolve(handle);
    if (c < 0 || calls.state[c] !== CALL_PENDING) return;
    const st = this.stores[calls.store[c]];
    const log = st.log as NonNullable<StoreState['log']>;
    const m = calls.member[c];
    // The primary was lost (or replaced) while the write travelled: it never happened.
    if (m !== log.primary || !st.serving(m, sim.nowUs)) return;
    const now = sim.nowUs;
    if (st.deleted === 1) {
      this.failDeleted(st, c, handle);
      return;
    }
    const shipped = this.drawReplicationDelays(st, m, log.config.mode !== 'async');
    const ackUs = log.write(now, st.delaysTo, st.delaysBack);
    // Until now the call carried its key; from here on, the write's id.
    (st.keyPositions as NonNullable<StoreState['keyPositions']>).record(calls.writeId[c], log.logLength - 1);
    calls.writeId[c] = log.lastWriteId;
    this.ctx.restores.onWrite(st, now, ackUs, log.lastWriteId);
    this.billEgress(st, st.regions[m], shipped);
    if (ackUs === Number.POSITIVE_INFINITY) return;
    sim.schedule(ackUs - now + calls.backUs[c], this.onWriteAnswer, handle);
  };

  /** The acknowledgement reaches the caller, unless the primary was lost before acknowledging (then the caller times out). */
  readonly onWriteAnswer = (sim: Simulation, handle: number): void => {
    const calls = this.ctx.calls;
    const c = calls.resolve(handle);
    if (c < 0 || calls.state[c] !== CALL_PENDING) return;
    const st = this.stores[calls.store[c]];
    if ((st.log as NonNullable<StoreState['log']>).isFailedWrite(calls.writeId[c])) return;
    st.acknowledgedToCallers++;
    st.trace?.answeredOk.push(calls.writeId[c]);
    this.ctx.dependencyCalls.resolveCall(c, OUT_OK);
  };

  /** A multi-writer write is made at its member (acknowledged there) and shipped to every other member. */
  readonly onMultiWrite = (sim: Simulation, handle: number): void => {
    const calls = this.ctx.calls;
    const c = calls.resolve(handle);
    if (c < 0 || calls.state[c] !== CALL_PENDING) return;
    const st = this.stores[calls.store[c]];
    const m = calls.member[c];
    if (!st.serving(m, sim.nowUs)) return;
    if (st.deleted === 1) {
      this.failDeleted(st, c, handle);
      return;
    }
    const multi = st.multi as NonNullable<StoreState['multi']>;
    const seq = multi.write(sim.nowUs, m, calls.writeId[c]);
    // A write while the members are split: last-writer-wins reconciles it later.
    if (st.split) {
      st.splitBrainWrites++;
      this.chargePartitions(st.splitBrainByFault);
    }
    this.ctx.restores.onWrite(st, sim.nowUs, sim.nowUs, seq);
    if (st.trace !== null) {
      st.trace.multiWrites.push({ member: m, madeUs: sim.nowUs });
      st.trace.answeredOk.push(seq);
    }
    let shipped = 0;
    for (let k = 0; k < st.members; k++) {
      if (k === m) continue;
      this.scheduleDelivery(st, seq, m, k);
      shipped++;
    }
    this.billEgress(st, st.regions[m], shipped);
    st.acknowledgedToCallers++;
    calls.answer[c] = OUT_OK;
    sim.schedule(calls.backUs[c], this.ctx.dependencyCalls.onCallAnswer, handle);
  };

  /** A write that reached its member after the data was deleted fails there (answered with an error). */
  private failDeleted(st: StoreState, c: number, handle: number): void {
    this.ctx.restores.onFailedOperation(st);
    this.ctx.calls.answer[c] = R_ERROR;
    this.ctx.sim.schedule(this.ctx.calls.backUs[c], this.ctx.dependencyCalls.onCallAnswer, handle);
  }

  scheduleDelivery(st: StoreState, seq: number, from: number, to: number): void {
    const delay = this.replicationDelayUs(st.regions[from], st.regions[to]);
    // Members are < 32 (MULTI_WRITER_REGIONS_MAX); stores may be more.
    const data = ((seq * 32 + to) * 32 + from) * this.storeRadix + st.index;
    this.ctx.sim.schedule(delay < 0 ? DELIVERY_RETRY_US : Math.max(1, delay), delay < 0 ? this.onDeliveryRetry : this.onDeliver, data);
  }

  readonly onDeliver = (sim: Simulation, data: number): void => {
    const s = data % this.storeRadix;
    const rest = Math.floor(data / this.storeRadix);
    const from = rest % 32;
    const to = Math.floor(rest / 32) % 32;
    const seq = Math.floor(rest / 1024);
    const st = this.stores[s];
    const multi = st.multi as NonNullable<StoreState['multi']>;
    // The origin's region was lost with the write still on the wire: it never arrives (counted
    // at the loss when no member had it; discarded there, so it may no longer await delivery).
    if (st.down[from] > 0 || !multi.awaitsDelivery(seq, to)) {
      st.undeliveredDropped++;
      return;
    }
    multi.deliver(sim.nowUs, seq, to);
    st.trace?.deliveries.push({ seq, member: to, atUs: sim.nowUs });
  };

  /** A partition held the delivery: try the link again. */
  readonly onDeliveryRetry = (sim: Simulation, data: number): void => {
    const st = this.stores[data % this.storeRadix];
    const rest = Math.floor(data / this.storeRadix);
    const from = rest % 32;
    if (st.down[from] > 0) {
      st.undeliveredDropped++;
      return;
    }
    this.scheduleDelivery(st, Math.floor(rest / 1024), from, Math.floor(rest / 32) % 32);
  };

  /** Draws the one-way delays from member `from` to every other (and back, for sync modes); -1 where stalled. Returns how many ship. */
  drawReplicationDelays(st: StoreState, from: number, back: boolean): number {
    let shipped = 0;
    for (let k = 0; k < st.members; k++) {
      if (k === from) continue;
      const blocked = st.stalled[k] > 0 || st.down[k] > 0;
      st.delaysTo[k] = blocked ? -1 : this.replicationDelayUs(st.regions[from], st.regions[k]);
      st.delaysBack[k] = blocked || !back ? -1 : this.replicationDelayUs(st.regions[k], st.regions[from]);
      if (st.delaysTo[k] >= 0) shipped++;
    }
    return shipped;
  }

  /** One replication message's delay: lost transmissions are retransmitted; -1 only across a partition. */
  replicationDelayUs(from: number, to: number): number {
    for (let k = 0; k < REPLICATION_DRAWS_MAX; k++) {
      const delay = this.ctx.network.oneWayDelayUs(from, to, this.ctx.networkRng);
      if (delay >= 0) return delay;
      if (this.ctx.network.linkAt(from, to).state(this.ctx.network.directionAt(from, to)) === 'partitioned') return -1;
    }
    return -1;
  }

  billEgress(st: StoreState, region: number, copies: number): void {
    const bytes = copies * st.config.writeSizeBytes;
    st.egressBytes[region] += bytes;
    st.egressUsd += (bytes / 1e9) * this.ctx.config.regions[region].egressPriceUsdPerGB;
  }

  /** Samples every replica's lag (ms; null while down) and the tick's stale reads, conflicts and lost updates, at a metrics tick. */
  sampleLag(nowUs: number): void {
    for (const st of this.stores) {
      st.ticks.sample(sum(st.staleReadsByRegion), st.multi?.conflicts ?? 0, st.multi?.lostUpdates ?? 0);
      for (let m = 0; m < st.members; m++) {
        let lag: number | null = null;
        // Lag is measured against a live primary: none while it is lost.
        if (st.log !== null && !st.log.primaryLost) {
          if (m === st.log.primary) lag = 0;
          // A deposed primary holds a diverged history: it has no lag behind the new one.
          else if (m !== st.deposed && st.serving(m, nowUs)) lag = st.log.lagUs(m, nowUs) / 1000;
        }
        st.lagMs[m].push(lag);
      }
    }
  }

  /** The largest lag (ms) of the serving replicas in `region` (all regions when -1), or null. */
  lagMsNow(region: number, nowUs: number): number | null {
    let worst: number | null = null;
    for (const st of this.stores) {
      if (st.log === null || st.log.primaryLost) continue;
      for (let m = 0; m < st.members; m++) {
        if (m === st.log.primary || m === st.deposed || (region >= 0 && st.regions[m] !== region) || !st.serving(m, nowUs)) continue;
        const lag = st.log.lagUs(m, nowUs) / 1000;
        if (worst === null || lag > worst) worst = lag;
      }
    }
    return worst;
  }
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}
