import type { LogState } from './log-state.js';

/** What the loss of the primary does to the writes in flight (see ReplicationLog.failPrimary). */
export interface PrimaryFailure {
  /** When the primary was lost, µs. */
  readonly faultUs: number;
  /** The member that was primary. */
  readonly lostPrimary: number;
  /**
   * Writes made on it but not acknowledged by faultUs (ack time > faultUs, blocked writes
   * included): the engine fails their requests. They are the ids firstFailedId ..
   * firstFailedId + failedWrites - 1.
   */
  readonly failedWrites: number;
  /** The id of the first failed write, -1 when there is none. */
  readonly firstFailedId: number;
}

/** The outcome of a promotion (see ReplicationLog.promote); RPO as in ARCHITECTURE.md §5. */
export interface PromotionResult extends PrimaryFailure {
  /** The replica that became the primary. */
  readonly newPrimary: number;
  /** When it became the primary, µs. */
  readonly promotedAtUs: number;
  /** Writes acknowledged by faultUs that the new primary does not hold: gone for good. */
  readonly lostWrites: number;
  /** faultUs minus the acknowledgement time of the oldest lost write; 0 when none is lost. */
  readonly rpoUs: number;
  /**
   * Failed writes the new primary does hold (it had applied them by faultUs, their
   * acknowledgements were still on the way): durable although their clients were failed — the
   * "unknown outcome" of a write. They count as acknowledged for stale reads from promotedAtUs.
   */
  readonly survivedUnacknowledged: number;
}

/** Records the loss of the primary at faultUs and discards everything in flight from it. */
export function cutAtFault(s: LogState, faultUs: number): PrimaryFailure {
  s.checkTime(faultUs, 'failPrimary');
  if (s.primaryLost) throw new RangeError(`ReplicationLog.failPrimary: the primary was already lost at ${s.faultUs} µs`);
  const ring = s.ring;
  s.advanceAck(faultUs);
  const acknowledgedEnd = s.ackPosition;
  const failedWrites = ring.end - acknowledgedEnd;
  const firstFailedId = failedWrites > 0 ? ring.ids[acknowledgedEnd % ring.capacity] : -1;
  for (let position = acknowledgedEnd; position < ring.end; position++) {
    const slot = position % ring.capacity;
    ring.commitUs[slot] = Infinity;
    ring.clientAcked[slot] = 0;
  }
  for (let m = 0; m < s.members; m++) {
    if (m === s.primary || s.live[m] === 0) continue;
    // A re-clone from the lost primary cannot finish.
    if (s.readyAtUs[m] > faultUs) {
      s.live[m] = 0;
      continue;
    }
    // What a replica holds at faultUs is what survives: writes still on the wire are dropped.
    for (let position = s.advanceMember(m, faultUs); position < ring.end; position++) ring.setApply(position, m, Infinity);
  }
  s.live[s.primary] = 0;
  s.primaryLost = true;
  s.faultUs = faultUs;
  s.firstBlocked = -1;
  s.failed += failedWrites;
  if (failedWrites > 0) s.failures.push({ firstId: firstFailedId, count: failedWrites });
  return { faultUs, lostPrimary: s.primary, failedWrites, firstFailedId };
}

/**
 * The replica to promote for the least loss: the live, ready replica holding the longest log
 * prefix at `atUs`, the lowest index on a tie; -1 when there is none.
 */
export function mostCaughtUp(s: LogState, atUs: number): number {
  let best = -1;
  let bestPosition = -1;
  for (let m = 0; m < s.members; m++) {
    if (!s.isReadyReplica(m, atUs)) continue;
    const position = s.advanceMember(m, atUs);
    if (position > bestPosition) {
      best = m;
      bestPosition = position;
    }
  }
  return best;
}

/**
 * Promotes `replica` at `nowUs`; see ReplicationLog.promote. `pending` is the failure
 * cutAtFault recorded; without one the primary is lost at nowUs first.
 */
export function promoteReplica(
  s: LogState,
  pending: PrimaryFailure | undefined,
  replica: number,
  nowUs: number,
  delaysToUs: Float64Array,
): PromotionResult {
  s.checkMember(replica, 'promote');
  if (!s.isReadyReplica(replica, pending === undefined ? nowUs : s.faultUs)) {
    throw new RangeError(`ReplicationLog.promote: member ${replica} is not a live replica (the lost primary, a failed or detached member, or one still re-cloning)`);
  }
  if (delaysToUs.length < s.members) throw new RangeError(`ReplicationLog.promote: delaysToUs needs one entry per member (${s.members}), got ${delaysToUs.length}`);
  for (let m = 0; m < s.members; m++) {
    if (Number.isNaN(delaysToUs[m])) throw new RangeError(`ReplicationLog.promote: delaysToUs[${m}] is NaN`);
  }
  const failure = pending ?? cutAtFault(s, nowUs);
  s.checkTime(nowUs, 'promote');
  const ring = s.ring;
  const faultUs = s.faultUs;
  const acknowledgedEnd = s.ackPosition;
  const newEnd = s.advanceMember(replica, faultUs);
  let lostWrites = 0;
  let rpoUs = 0;
  for (let position = newEnd; position < acknowledgedEnd; position++) {
    const slot = position % ring.capacity;
    if (ring.clientAcked[slot] === 0) {
      s.discardedUnacknowledged++;
      continue;
    }
    if (lostWrites === 0) rpoUs = faultUs - ring.commitUs[slot];
    lostWrites++;
    if (s.onWriteLost !== undefined) s.onWriteLost(ring.ids[slot], ring.commitUs[slot]);
  }
  let survivedUnacknowledged = 0;
  for (let position = acknowledgedEnd; position < newEnd; position++) {
    ring.commitUs[position % ring.capacity] = nowUs;
    survivedUnacknowledged++;
  }
  s.discardedFailed += ring.end - Math.max(acknowledgedEnd, newEnd);
  s.survivedUnacknowledged += survivedUnacknowledged;
  s.lost += lostWrites;
  ring.end = newEnd;
  s.ackPosition = Math.min(acknowledgedEnd, newEnd);
  s.primary = replica;
  s.primaryLost = false;
  s.promotions++;
  for (let m = 0; m < s.members; m++) {
    if (m === replica || s.live[m] === 0) continue;
    // A replica ahead of the new primary diverged: its extra writes are rewound away.
    const held = Math.min(s.advanceMember(m, faultUs), newEnd);
    s.applied[m] = held;
    s.reship(m, held, nowUs, delaysToUs[m]);
  }
  return { ...failure, newPrimary: replica, promotedAtUs: nowUs, lostWrites, rpoUs, survivedUnacknowledged };
}

/**
 * The lost primary comes back at `nowUs` before any promotion (its node or region was only
 * unreachable): it holds its whole log. Writes it had not acknowledged by the fault were failed
 * to their clients; they are durable on it, so they commit now and count as survived, like a
 * promotion's `survivedUnacknowledged`. Each live replica is caught up from what it held at the
 * fault (writes on the wire then were dropped), its link queue starting empty at nowUs with
 * one-way delay delaysToUs[m]. Returns the failed writes that survived.
 */
export function recoverPrimary(s: LogState, nowUs: number, delaysToUs: Float64Array): number {
  if (!s.primaryLost) throw new RangeError('ReplicationLog.recoverPrimary: the primary is not lost');
  if (delaysToUs.length < s.members) throw new RangeError(`ReplicationLog.recoverPrimary: delaysToUs needs one entry per member (${s.members}), got ${delaysToUs.length}`);
  s.checkTime(nowUs, 'recoverPrimary');
  const ring = s.ring;
  const faultUs = s.faultUs;
  let survived = 0;
  for (let position = s.ackPosition; position < ring.end; position++) {
    ring.commitUs[position % ring.capacity] = nowUs;
    survived++;
  }
  s.survivedUnacknowledged += survived;
  s.live[s.primary] = 1;
  s.primaryLost = false;
  s.faultUs = Number.NaN;
  for (let m = 0; m < s.members; m++) {
    if (m === s.primary || s.live[m] === 0) continue;
    s.reship(m, s.advanceMember(m, faultUs), nowUs, delaysToUs[m]);
  }
  return survived;
}
