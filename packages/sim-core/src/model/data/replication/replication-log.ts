import { conservationProblems, durableAcknowledged } from './conservation.js';
import { cutAtFault, mostCaughtUp, promoteReplica, recoverPrimary } from './failover.js';
import type { PrimaryFailure, PromotionResult } from './failover.js';
import type { ReplicaDetachedHook, WriteLostHook } from './log-state.js';
import { LogState } from './log-state.js';
import { failReplica, reconnect, rejoin } from './membership.js';
import { checkLogOptions } from './log-options.js';
import type { ReplicationLogOptions } from './log-options.js';
import type { ReplicationConfig } from './replication-config.js';
import { appendWrite } from './write-path.js';

export type { ReplicaDetachedHook, WriteLostHook };

/**
 * The write log of ONE single-primary data store: the primary's log, what each replica has
 * applied and when, the acknowledgement of every write, and what a failover loses.
 *
 * Members are 0..replicas; one is the primary. Writes get consecutive log POSITIONS in the
 * current primary's log and ids that are never reused (writes made so far, from 0).
 *
 * Shipping. Each replica has a FIFO link from the primary with bandwidth B (bits/s): write i,
 * made at t_i, leaves the send queue at d_i = max(t_i, d_{i-1}) + writeSizeBytes·8/B and is
 * applied at the replica at a_i = max(ceil(d_i + delayTo_i), a_{i-1}) — in log order (a stream,
 * like TCP; ceil to whole µs with 1 ns slack, see ceilUs), so a replica always holds a PREFIX
 * of the log. Pass delays drawn for size 0 (the
 * queue adds serialization; Link.oneWayDelayUs(dir, rng, 0)). A delay of Infinity or a negative
 * one (a Link's -1) means "not delivered": the replica stalls there, receiving nothing more
 * until `reconnect`. Ack arrivals from a replica are in order too: r_i = max(ceil(a_i +
 * delayBack_i), r_{i-1}).
 *
 * Acknowledgement (write's return value, µs): async t_i; sync the quorum-th smallest r_i over
 * the live, ready replicas (Infinity when fewer can answer: the write is BLOCKED, never
 * acknowledged; the engine fails it at the client's timeout); semi-sync the same if it is <=
 * t_i + semiSyncTimeoutUs, else t_i + semiSyncTimeoutUs (a DEGRADATION; the write has shipped
 * async). Acks are released in log order (never before an earlier write's ack). A blocked write
 * is released silently (counted acknowledged for stale reads, its client never told) with the
 * next acknowledged write, as cumulative acknowledgements would.
 *
 * Lag and staleness at time t, for a replica r holding the first p_r(t) writes and the first
 * A(t) writes committed (ack <= t):
 *   isStaleRead(r, t) = A(t) > p_r(t)  (a write acknowledged by t is missing at r at t);
 *   lagUs(r, t)       = t − ack(p_r(t)) when A(t) > p_r(t), else 0 — how long ago the oldest
 *                       write r misses was acknowledged: exactly the RPO of promoting r at t.
 * The store has no keys, so a read counts as stale when the replica misses ANY acknowledged
 * write: the exact rate for a key every write touches, an upper bound for other keys.
 *
 * Failover. failPrimary(T) (or promote alone, which means T = now): what each replica holds at
 * T survives; writes on the wire are dropped. Writes acknowledged by T form a prefix of the log;
 * promoting r loses those past p_r(T): lostWrites = A(T) − p_r(T) (acknowledged ones only),
 * RPO = T − ack of the oldest lost write (0 when none). Writes not acknowledged by T FAIL (the
 * engine fails their requests); those r holds survive unacknowledged. Survivors ahead of r are
 * rewound to p_r(T); those behind are caught up from the new primary. In sync mode every write
 * acknowledged by T is on >= quorum replicas, so promoting the most caught-up replica
 * (`mostCaughtUpReplica`) never loses one, and with quorum = replicas no choice does — as long
 * as those replicas are still up (a single failure: the primary's).
 *
 * Time is in whole µs and never goes backwards across calls. Hot paths (write, isStaleRead,
 * lagUs, appliedPosition) are amortised O(members) and allocation-free (the ring doubles
 * rarely); failover and membership calls are O(writes in flight) and may allocate. The log
 * draws no random numbers: the engine draws the delays, a fixed number per write.
 */
export class ReplicationLog {
  readonly config: ReplicationConfig;
  readonly members: number;
  private readonly s: LogState;
  private pending: PrimaryFailure | undefined;

  constructor(config: ReplicationConfig, options: ReplicationLogOptions) {
    const checked = checkLogOptions(config, options);
    this.config = config;
    this.members = config.replicas + 1;
    this.s = new LogState(
      config,
      checked.serUs,
      checked.primary,
      checked.initialCapacity,
      checked.retainedWritesMax,
      options.onWriteLost,
      options.onReplicaDetached,
    );
  }

  /**
   * Makes a write on the primary, durable there at `nowUs` (the engine adds the primary's own
   * write latency before calling), and returns its acknowledgement time in whole µs (Infinity:
   * blocked). delaysToUs[m] / delaysBackUs[m]: one-way delays primary→m / m→primary drawn for
   * this write; entries for the primary and down members are ignored; delaysBackUs is needed
   * in sync and semi-sync only. Its id is `lastWriteId` afterwards.
   */
  write(nowUs: number, delaysToUs: Float64Array, delaysBackUs?: Float64Array): number {
    return appendWrite(this.s, nowUs, delaysToUs, delaysBackUs);
  }

  /** Whether a read from `member` starting at `readStartUs` is stale (see the class comment); counted per member. Reads on the primary are never stale. */
  isStaleRead(member: number, readStartUs: number): boolean {
    const s = this.s;
    const position = this.appliedPosition(member, readStartUs);
    s.reads[member]++;
    if (member === s.primary && !s.primaryLost) return false;
    s.advanceAck(readStartUs);
    if (s.ackPosition <= position) return false;
    s.staleReads[member]++;
    return true;
  }

  /** Replication lag of `member` at `atUs`, µs (see the class comment): 0 for the primary, NaN for a member down or still re-cloning. */
  lagUs(member: number, atUs: number): number {
    const s = this.s;
    s.checkMember(member, 'lagUs');
    s.checkTime(atUs, 'lagUs');
    if (member === s.primary && !s.primaryLost) return 0;
    if (!s.isReadyReplica(member, atUs)) return Number.NaN;
    const position = s.advanceMember(member, atUs);
    s.advanceAck(atUs);
    return s.ackPosition > position ? atUs - s.ring.commitAt(position) : 0;
  }

  /** How many writes of the log `member` holds at `atUs` (its log position); throws for a member down or re-cloning. */
  appliedPosition(member: number, atUs: number): number {
    const s = this.s;
    s.checkMember(member, 'appliedPosition');
    s.checkTime(atUs, 'appliedPosition');
    if (member === s.primary && !s.primaryLost) return s.ring.end;
    if (!s.isReadyReplica(member, atUs)) throw new RangeError(`ReplicationLog: member ${member} is down or still re-cloning at ${atUs} µs`);
    return s.advanceMember(member, atUs);
  }

  /** How many writes of the log are acknowledged (committed) by `atUs`. */
  acknowledgedPosition(atUs: number): number {
    const s = this.s;
    s.checkTime(atUs, 'acknowledgedPosition');
    s.advanceAck(atUs);
    return s.ackPosition;
  }

  /** The live, ready replica holding the longest prefix (lowest index on a tie) now, or at the fault when the primary is lost; -1 when none. */
  mostCaughtUpReplica(): number {
    const s = this.s;
    return mostCaughtUp(s, s.primaryLost ? s.faultUs : s.lastUs);
  }

  /** The primary is lost at `faultUs` (now): see the class comment. Writes are refused until `promote`. */
  failPrimary(faultUs: number): PrimaryFailure {
    const failure = cutAtFault(this.s, faultUs);
    this.pending = failure;
    return failure;
  }

  /**
   * Makes `replica` the primary at `nowUs` and returns what the failover lost. Without a prior
   * failPrimary, the primary is lost at nowUs. delaysToUs[m]: one-way delay from the new
   * primary to member m for catching m up (the backlog it lacks ships through m's link queue,
   * starting empty at nowUs); entries for the new primary and down members are ignored.
   */
  promote(replica: number, nowUs: number, delaysToUs: Float64Array): PromotionResult {
    const result = promoteReplica(this.s, this.pending, replica, nowUs, delaysToUs);
    this.pending = undefined;
    return result;
  }

  /**
   * The lost primary comes back at `nowUs` with its log, before any promotion (it was only
   * unreachable); see recoverPrimary in failover.ts. Returns the failed writes that survived.
   */
  recoverPrimary(nowUs: number, delaysToUs: Float64Array): number {
    const survived = recoverPrimary(this.s, nowUs, delaysToUs);
    this.pending = undefined;
    return survived;
  }

  /** A replica is lost at `nowUs`: it stops receiving, reading and counting towards the quorum until `rejoin`. */
  failReplica(member: number, nowUs: number): void {
    failReplica(this.s, member, nowUs);
  }

  /**
   * A down member (a failed or detached replica, or a former primary) comes back at `nowUs`,
   * re-cloned: from `readyAtUs` it holds every write in the log at nowUs, and writes after
   * nowUs ship to it as usual but apply no earlier than readyAtUs. Until then it cannot be read,
   * promoted or counted in a quorum. Needs a live primary.
   */
  rejoin(member: number, nowUs: number, readyAtUs: number): void {
    rejoin(this.s, member, nowUs, readyAtUs);
  }

  /**
   * The link to a live replica that stalled on an undelivered write is repaired at `nowUs`: its
   * writes from the first undelivered one on are shipped again, the queue starting empty at
   * nowUs, each with one-way delay `delayToUs`. Returns how many; 0 when it had not stalled.
   */
  reconnect(member: number, nowUs: number, delayToUs: number): number {
    return reconnect(this.s, member, nowUs, delayToUs);
  }

  /** Whether write `writeId` failed in a primary failure (see PrimaryFailure); O(failures). */
  isFailedWrite(writeId: number): boolean {
    for (const range of this.s.failures) {
      if (writeId >= range.firstId && writeId < range.firstId + range.count) return true;
    }
    return false;
  }

  /** The member that is primary (the lost one between failPrimary and promote). */
  get primary(): number {
    return this.s.primary;
  }

  get primaryLost(): boolean {
    return this.s.primaryLost;
  }

  /** Whether `member` is up (the primary, or a replica, possibly still re-cloning). */
  isLive(member: number): boolean {
    this.s.checkMember(member, 'isLive');
    return this.s.live[member] === 1;
  }

  /** Whether `member` is a live replica done re-cloning at `atUs` (readable, promotable, counted in a quorum). */
  isReadyAt(member: number, atUs: number): boolean {
    this.s.checkMember(member, 'isReadyAt');
    return this.s.isReadyReplica(member, atUs);
  }

  /** The id of the latest write, -1 before the first. */
  get lastWriteId(): number {
    return this.s.nextId - 1;
  }

  /** The current primary's log length (writes it holds). */
  get logLength(): number {
    return this.s.ring.end;
  }

  get writes(): number {
    return this.s.writes;
  }

  /** Writes whose clients were told they succeeded, by the log's time (the latest time it was given). */
  get acknowledgedWrites(): number {
    this.s.advanceAck(this.s.lastUs);
    return this.s.acknowledged;
  }

  /** Acknowledged writes the current primary holds, recounted from the log (O(retained writes)). */
  get durableAcknowledgedWrites(): number {
    return durableAcknowledged(this.s);
  }

  get lostWrites(): number {
    return this.s.lost;
  }

  /** Writes in flight at primary failures (PrimaryFailure.failedWrites summed). */
  get failedWrites(): number {
    return this.s.failed;
  }

  /** Sync and semi-sync writes that could not get their quorum (returned Infinity). */
  get blockedWrites(): number {
    return this.s.blocked;
  }

  /** Semi-sync writes acknowledged at the timeout. */
  get degradations(): number {
    return this.s.degradations;
  }

  get promotions(): number {
    return this.s.promotions;
  }

  /** Replicas cut off for falling more than retainedWritesMax writes behind. */
  get detachedReplicas(): number {
    return this.s.detached;
  }

  /** Reads checked with isStaleRead on `member`. */
  reads(member: number): number {
    this.s.checkMember(member, 'reads');
    return this.s.reads[member];
  }

  /** Of those, the stale ones. */
  staleReads(member: number): number {
    this.s.checkMember(member, 'staleReads');
    return this.s.staleReads[member];
  }

  /** The conservation laws (see conservationProblems), as sentences; empty when they hold. */
  checkConservation(): string[] {
    return conservationProblems(this.s);
  }
}
