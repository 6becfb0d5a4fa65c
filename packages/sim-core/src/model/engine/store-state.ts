import type { Distribution } from '../../distributions/distribution.js';
import type { RandomStream } from '../../kernel/random-stream.js';
import { MultiWriterStore } from '../data/consistency/multi-writer-store.js';
import type { PromotionResult } from '../data/replication/failover.js';
import { ReplicationLog } from '../data/replication/replication-log.js';
import type { FencingPolicy } from '../data/consistency/split-brain-config.js';
import type { DataStoreConfig } from '../data/store-config.js';
import { distributionFromConfig } from '../distribution-config.js';
import type { Network } from '../geo/network.js';
import { KeyPositions } from './key-positions.js';
import { TracedReplicationLog, emptyStoreTrace } from './write-trace.js';
import type { StoreWriteTrace } from './write-trace.js';

/** What one primary loss did to a store: the loss, then the promotion or recovery that ended it. */
export interface PrimaryLossRecord {
  readonly store: number;
  /** The fault that caused it (its index in `faults`). */
  readonly fault: number;
  readonly faultUs: number;
  readonly lostPrimaryRegion: number;
  /** Writes made on it but not acknowledged at the fault: failed to their clients. */
  failedWrites: number;
  /** Writes the old primary accepted after this promotion deposed it while it was alive (lost at reconciliation). */
  splitBrainWrites: number;
  /** Filled in at the promotion; null until then (and for ever when the primary came back instead). */
  promotion: PromotionResult | null;
  newPrimaryRegion: number;
  /** When the old primary came back without a promotion, µs; -1 otherwise. */
  recoveredAtUs: number;
}

/** A multi-writer region loss: what only that region held is gone (ARCHITECTURE §5: lost writes, RPO). */
export interface RegionLossRecord {
  readonly store: number;
  readonly fault: number;
  readonly faultUs: number;
  readonly region: number;
  readonly lostWrites: number;
  readonly rpoUs: number;
}

/**
 * One data store's state in a run: its members (one per region), the replication log or the
 * multi-writer store, token buckets for capacity, what is down or stalled, and its counters.
 * Members are indices into `regions` ([primary, ...replicas] of the config).
 */
export class StoreState {
  readonly index: number;
  readonly config: DataStoreConfig;
  readonly regions: Int32Array;
  /** Member per region index, -1 where the store has none. */
  readonly memberOf: Int32Array;
  /** Per region: the member a multi-writer caller without a local member uses (the nearest). */
  readonly nearestMember: Int32Array;
  readonly members: number;
  readonly log: ReplicationLog | null;
  readonly multi: MultiWriterStore | null;
  readonly rng: RandomStream;
  readonly readLatency: Distribution;
  readonly writeLatency: Distribution;
  readonly tokens: Float64Array;
  readonly tokensAtUs: Float64Array;
  readonly delaysTo: Float64Array;
  readonly delaysBack: Float64Array;
  /** Per member: active replication-stall faults on its link. */
  readonly stalled: Int32Array;
  /** Per member: down (its region dark, or a primary failure) — a count of active causes. */
  readonly down: Int32Array;
  readonly fencing: FencingPolicy;
  /** Per member: its side of a partition (a component id over the up members), -1 while down. */
  readonly side: Int32Array;
  /** Per member: 1 while its side holds a strict majority of the members. */
  readonly majority: Uint8Array;
  /** Whether the up members are on more than one side of a partition. */
  split = false;
  /** A primary a promotion replaced while it was alive and cut off (split brain), -1 when none. */
  deposed = -1;
  /** The loss whose promotion deposed it (its split-brain writes are that loss's), null when none. */
  deposedBy: PrimaryLossRecord | null = null;
  /** Per member: writes its fencing policy refused. */
  readonly fencedWrites: Float64Array;
  /** Writes accepted by a side while the store was split (single-primary: by a deposed primary, all lost). */
  splitBrainWrites = 0;
  /** Per fault: split-brain writes and fenced writes while it was active. */
  readonly splitBrainByFault: Float64Array;
  readonly fencedByFault: Float64Array;
  /** 1 while a data deletion has the data gone (until the restore completes): every operation fails. */
  deleted = 0;
  /** Per member: it must rejoin (re-clone) as soon as the store has a live primary. */
  readonly pendingRejoin: Uint8Array;
  readonly lagMs: (number | null)[][];
  /** Per metrics tick: stale reads, conflicts and lost updates in it. */
  readonly ticks = new StoreTicks();
  readonly readsByRegion: Float64Array;
  readonly staleReadsByRegion: Float64Array;
  readonly writesByRegion: Float64Array;
  readonly throttled: Float64Array;
  /** Reads served per member, and the stale ones among them. */
  readonly memberReads: Float64Array;
  readonly memberStaleReads: Float64Array;
  /** Single-primary: the log positions of each key's last writes, for per-key staleness; null for multi-writer. */
  readonly keyPositions: KeyPositions | null;
  /** Writes acknowledged to their callers (the call resolved OK). */
  acknowledgedToCallers = 0;
  egressBytes: Float64Array;
  egressUsd = 0;
  undeliveredDropped = 0;
  /** Told of every acknowledged write a promotion or a writer region's loss takes (its id; multi-writer: its sequence number). */
  onWriteLost: ((id: number) => void) | null = null;
  /** Every write and log call, when the engine records a write trace (EngineOptions.writeTrace); else null. */
  readonly trace: StoreWriteTrace | null;
  readonly losses: PrimaryLossRecord[] = [];
  readonly regionLosses: RegionLossRecord[] = [];

  constructor(index: number, config: DataStoreConfig, network: Network, rng: RandomStream, faults: number, traced = false) {
    this.index = index;
    this.config = config;
    const n = network.regionIds.length;
    this.regions = Int32Array.from([config.primary, ...config.replicas], (id) => network.regionIndex(id));
    this.members = this.regions.length;
    this.memberOf = new Int32Array(n).fill(-1);
    this.regions.forEach((r, m) => (this.memberOf[r] = m));
    this.nearestMember = Int32Array.from({ length: n }, (_, r) => {
      let best = 0;
      for (let m = 1; m < this.members; m++) if (network.rttAt(r, this.regions[m]) < network.rttAt(r, this.regions[best])) best = m;
      return this.memberOf[r] >= 0 ? this.memberOf[r] : best;
    });
    this.rng = rng;
    this.readLatency = distributionFromConfig(config.readLatency);
    this.writeLatency = distributionFromConfig(config.writeLatency);
    const M = this.members;
    this.tokens = new Float64Array(M).fill(config.capacityPerS);
    this.tokensAtUs = new Float64Array(M);
    this.delaysTo = new Float64Array(M);
    this.delaysBack = new Float64Array(M);
    this.stalled = new Int32Array(M);
    this.down = new Int32Array(M);
    this.pendingRejoin = new Uint8Array(M);
    this.fencing = config.fencing ?? 'none';
    this.side = new Int32Array(M);
    this.majority = new Uint8Array(M).fill(1);
    this.fencedWrites = new Float64Array(M);
    this.splitBrainByFault = new Float64Array(faults);
    this.fencedByFault = new Float64Array(faults);
    this.lagMs = Array.from({ length: M }, () => []);
    this.readsByRegion = new Float64Array(n);
    this.staleReadsByRegion = new Float64Array(n);
    this.writesByRegion = new Float64Array(n);
    this.throttled = new Float64Array(M);
    this.memberReads = new Float64Array(M);
    this.memberStaleReads = new Float64Array(M);
    this.keyPositions = config.mode === 'multi-writer' ? null : new KeyPositions(config.keys);
    this.egressBytes = new Float64Array(n);
    const memberIds = Array.from(this.regions, (r) => network.regionIds[r]);
    if (config.mode === 'multi-writer') {
      this.log = null;
      this.multi = new MultiWriterStore({ regionCount: M, keyCount: config.keys });
      this.trace = traced ? emptyStoreTrace(config.id, config.mode, memberIds, null, []) : null;
    } else if (config.mode === 'partitioned') {
      throw new RangeError(`engine: partitioned store "${config.id}" runs as one store per zone (zoneStores); it cannot be a store itself`);
    } else {
      this.multi = null;
      const bandwidth = new Float64Array(M * M).fill(Number.POSITIVE_INFINITY);
      for (let a = 0; a < M; a++) {
        for (let b = 0; b < M; b++) if (a !== b) bandwidth[a * M + b] = network.linkAt(this.regions[a], this.regions[b]).bandwidthBitsPerS;
      }
      const replication = { mode: config.mode, replicas: M - 1, quorum: config.quorum, semiSyncTimeoutUs: config.semiSyncTimeoutUs, writeSizeBytes: config.writeSizeBytes };
      const trace = traced ? emptyStoreTrace(config.id, config.mode, memberIds, replication, Array.from(bandwidth)) : null;
      this.trace = trace;
      const options = { bandwidthBitsPerS: bandwidth, onWriteLost: (id: number) => this.onWriteLost?.(id) };
      this.log = trace === null ? new ReplicationLog(replication, options) : new TracedReplicationLog(replication, options, trace.logCalls);
    }
  }

  /** The member taking writes (single-primary: the log's primary, lost or not). */
  get primaryMember(): number {
    return this.log === null ? 0 : this.log.primary;
  }

  /** Takes one operation's token at member m (a bucket of one second of capacity); false: throttled. */
  takeToken(m: number, nowUs: number): boolean {
    const capacity = this.config.capacityPerS;
    if (capacity === Number.POSITIVE_INFINITY) return true;
    const tokens = Math.min(capacity, this.tokens[m] + ((nowUs - this.tokensAtUs[m]) * capacity) / 1e6);
    this.tokensAtUs[m] = nowUs;
    if (tokens < 1) {
      this.tokens[m] = tokens;
      this.throttled[m]++;
      return false;
    }
    this.tokens[m] = tokens - 1;
    return true;
  }

  /** Whether member m can serve: up, and (single-primary) not the lost primary nor a failed or re-cloning replica. */
  serving(m: number, nowUs: number): boolean {
    if (this.down[m] > 0) return false;
    // A deposed primary still answers whoever reaches it (split brain).
    if (m === this.deposed) return true;
    const log = this.log;
    if (log === null) return true;
    if (m === log.primary) return !log.primaryLost;
    return log.isLive(m) && log.isReadyAt(m, nowUs);
  }
}

/** A store's counts per metrics tick, kept from cumulative totals sampled at each tick's end. */
export class StoreTicks {
  readonly staleReads: number[] = [];
  readonly conflicts: number[] = [];
  readonly lostUpdates: number[] = [];
  private seen = [0, 0, 0];

  sample(staleReads: number, conflicts: number, lostUpdates: number): void {
    this.staleReads.push(staleReads - this.seen[0]);
    this.conflicts.push(conflicts - this.seen[1]);
    this.lostUpdates.push(lostUpdates - this.seen[2]);
    this.seen = [staleReads, conflicts, lostUpdates];
  }

  /** Sums of ticks first..last (inclusive, clipped to the ticks sampled). */
  between(first: number, last: number): { staleReads: number; conflicts: number; lostUpdates: number } {
    const total = { staleReads: 0, conflicts: 0, lostUpdates: 0 };
    for (let t = Math.max(0, first); t <= last && t < this.staleReads.length; t++) {
      total.staleReads += this.staleReads[t];
      total.conflicts += this.conflicts[t];
      total.lostUpdates += this.lostUpdates[t];
    }
    return total;
  }
}
