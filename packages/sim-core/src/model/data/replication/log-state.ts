import { describeValue } from '../../../assert.js';
import type { ReplicationConfig } from './replication-config.js';
import { effectiveQuorum } from './replication-config.js';
import { applyTimeUs } from './link-queue.js';
import { WriteRing } from './write-ring.js';

export const MODE_SYNC = 0;
export const MODE_ASYNC = 1;
export const MODE_SEMI_SYNC = 2;

/** Called for each acknowledged write a promotion loses, with its id and acknowledgement time. */
export type WriteLostHook = (writeId: number, ackUs: number) => void;
/** Called when a replica is cut off because it fell more than retainedWritesMax writes behind. */
export type ReplicaDetachedHook = (member: number, atUs: number) => void;

/** A failure's in-flight writes: the ids firstId .. firstId + count - 1 (count may be 0). */
export interface FailedRange {
  readonly firstId: number;
  readonly count: number;
}

/**
 * The mutable state of a ReplicationLog, shared by the modules that implement its operations
 * (write path, failover, membership, conservation). Not exported from the package: the
 * ReplicationLog class is the contract. All per-member state is in typed arrays indexed by
 * member; positions are log positions (see WriteRing).
 */
export class LogState {
  readonly config: ReplicationConfig;
  readonly modeCode: number;
  readonly members: number;
  readonly quorum: number;
  readonly timeoutUs: number;
  /** Serialization time of one write on the link from a to b, µs: serUs[a * members + b]. */
  readonly serUs: Float64Array;
  readonly retainedWritesMax: number;
  readonly onWriteLost: WriteLostHook | undefined;
  readonly onReplicaDetached: ReplicaDetachedHook | undefined;
  readonly ring: WriteRing;
  /** Scratch for the acknowledgement arrivals of one write. */
  readonly scratch: Float64Array;

  primary: number;
  primaryLost = false;
  faultUs = Number.NaN;
  lastUs = Number.NEGATIVE_INFINITY;
  /** Commit pointer: positions below it have commit <= the time it was last advanced to. */
  ackPosition = 0;
  /** The latest finite client acknowledgement time handed out (acks are released in log order). */
  lastAckUs = Number.NEGATIVE_INFINITY;
  /** The first position of the current run of blocked writes (commit Infinity), -1 when none. */
  firstBlocked = -1;
  nextId = 0;

  readonly live: Uint8Array;
  readonly readyAtUs: Float64Array;
  /** Applied pointer per member: positions below it are applied at the member by the time it was advanced to. */
  readonly applied: Float64Array;
  readonly lastDepartureUs: Float64Array;
  readonly lastApplyUs: Float64Array;
  readonly lastAckArrivalUs: Float64Array;
  readonly reads: Float64Array;
  readonly staleReads: Float64Array;

  writes = 0;
  acknowledged = 0;
  trimmedAcknowledged = 0;
  lost = 0;
  failed = 0;
  blocked = 0;
  degradations = 0;
  survivedUnacknowledged = 0;
  discardedUnacknowledged = 0;
  discardedFailed = 0;
  promotions = 0;
  detached = 0;
  readonly failures: FailedRange[] = [];

  constructor(
    config: ReplicationConfig,
    serUs: Float64Array,
    primary: number,
    capacity: number,
    retainedWritesMax: number,
    onWriteLost: WriteLostHook | undefined,
    onReplicaDetached: ReplicaDetachedHook | undefined,
  ) {
    this.config = config;
    this.modeCode = config.mode === 'sync' ? MODE_SYNC : config.mode === 'async' ? MODE_ASYNC : MODE_SEMI_SYNC;
    this.members = config.replicas + 1;
    this.quorum = effectiveQuorum(config);
    this.timeoutUs = config.semiSyncTimeoutUs ?? 0;
    this.serUs = serUs;
    this.retainedWritesMax = retainedWritesMax;
    this.onWriteLost = onWriteLost;
    this.onReplicaDetached = onReplicaDetached;
    this.ring = new WriteRing(this.members, capacity);
    this.scratch = new Float64Array(this.members);
    this.primary = primary;
    const n = this.members;
    this.live = new Uint8Array(n).fill(1);
    this.readyAtUs = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
    this.applied = new Float64Array(n);
    this.lastDepartureUs = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
    this.lastApplyUs = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
    this.lastAckArrivalUs = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
    this.reads = new Float64Array(n);
    this.staleReads = new Float64Array(n);
  }

  /** Rejects a time that is not a whole µs or runs backwards; then it is the log's time. */
  checkTime(nowUs: number, what: string): void {
    if (!(nowUs >= this.lastUs && Number.isSafeInteger(nowUs))) {
      throw new RangeError(`ReplicationLog.${what}: time must be a whole number of µs, not before ${this.lastUs} µs, got ${describeValue(nowUs)}`);
    }
    this.lastUs = nowUs;
  }

  /** Rejects a member index that is not 0..members-1. */
  checkMember(member: number, what: string): void {
    if (!(Number.isSafeInteger(member) && member >= 0 && member < this.members)) {
      throw new RangeError(`ReplicationLog.${what}: member must be a whole number in [0, ${this.members - 1}], got ${describeValue(member)}`);
    }
  }

  /** A live member that is not the primary and whose re-clone (if any) is done by `atUs`. */
  isReadyReplica(member: number, atUs: number): boolean {
    return member !== this.primary && this.live[member] === 1 && this.readyAtUs[member] <= atUs;
  }

  /** Moves the commit pointer past every write committed by `atUs`, counting client acknowledgements. */
  advanceAck(atUs: number): void {
    const ring = this.ring;
    let position = this.ackPosition;
    while (position < ring.end) {
      const slot = position % ring.capacity;
      if (!(ring.commitUs[slot] <= atUs)) break;
      this.acknowledged += ring.clientAcked[slot];
      position++;
    }
    this.ackPosition = position;
  }

  /** Moves member m's applied pointer past every write it holds by `atUs`; returns the pointer. */
  advanceMember(member: number, atUs: number): number {
    const ring = this.ring;
    const members = this.members;
    let position = this.applied[member];
    while (position < ring.end && ring.applyUs[(position % ring.capacity) * members + member] <= atUs) position++;
    this.applied[member] = position;
    return position;
  }

  /**
   * Makes room for one more write. When the ring is full it first trims the writes every live
   * replica holds and the commit pointer has passed; if that frees less than half, it doubles, up to
   * retainedWritesMax; beyond that the live replicas furthest behind are detached (they stop
   * receiving writes, like a PostgreSQL slot past max_slot_wal_keep_size, until `rejoin`).
   */
  ensureRoom(nowUs: number): void {
    const ring = this.ring;
    if (ring.size < ring.capacity) return;
    this.trim();
    // Grow unless trimming freed half the ring, so a ring that stays nearly full does not trim
    // on every write (amortised O(1)).
    if (ring.size <= ring.capacity / 2) return;
    if (ring.capacity < this.retainedWritesMax) {
      ring.grow();
      return;
    }
    if (ring.size < ring.capacity) return;
    const holder = this.trimLimit();
    if (holder >= this.ackPosition) {
      throw new RangeError(
        `ReplicationLog.write: more than retainedWritesMax (${this.retainedWritesMax}) writes are waiting for their acknowledgement; raise retainedWritesMax`,
      );
    }
    for (let m = 0; m < this.members; m++) {
      if (m !== this.primary && this.live[m] === 1 && this.applied[m] === holder) {
        this.live[m] = 0;
        this.detached++;
        if (this.onReplicaDetached !== undefined) this.onReplicaDetached(m, nowUs);
      }
    }
    this.trim();
  }

  /** The lowest position still needed: the commit pointer or a live replica's applied pointer. */
  private trimLimit(): number {
    this.advanceAck(this.lastUs);
    let limit = this.ackPosition;
    for (let m = 0; m < this.members; m++) {
      if (m === this.primary || this.live[m] === 0) continue;
      const position = this.advanceMember(m, this.lastUs);
      if (position < limit) limit = position;
    }
    return limit;
  }

  /** Drops the positions below trimLimit(); returns how many went. */
  private trim(): number {
    const ring = this.ring;
    const limit = this.trimLimit();
    const dropped = limit - ring.base;
    for (let position = ring.base; position < limit; position++) this.trimmedAcknowledged += ring.clientAcked[position % ring.capacity];
    if (dropped > 0) ring.base = limit;
    return dropped;
  }

  /**
   * Ships positions [from, end) to member m again from the current primary, the link's queue
   * starting empty at `nowUs` with one-way delay `delayUs` for every write; returns the count.
   * Used after a reconnection and to catch a replica up on a new primary.
   */
  reship(member: number, from: number, nowUs: number, delayUs: number): number {
    const ring = this.ring;
    const serUs = this.serUs[this.primary * this.members + member];
    let departureUs = nowUs;
    let previousUs = from > ring.base ? ring.applyAt(from - 1, member) : Number.NEGATIVE_INFINITY;
    if (this.readyAtUs[member] > previousUs) previousUs = this.readyAtUs[member];
    for (let position = from; position < ring.end; position++) {
      departureUs += serUs;
      previousUs = applyTimeUs(departureUs, delayUs, previousUs);
      ring.setApply(position, member, previousUs);
    }
    this.lastDepartureUs[member] = departureUs;
    this.lastApplyUs[member] = previousUs;
    this.lastAckArrivalUs[member] = Number.NEGATIVE_INFINITY;
    return ring.end - from;
  }
}
