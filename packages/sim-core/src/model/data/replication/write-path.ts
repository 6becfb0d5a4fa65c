import { applyTimeUs, ceilUs, isUndelivered, kthSmallest } from './link-queue.js';
import type { LogState } from './log-state.js';
import { MODE_ASYNC, MODE_SYNC } from './log-state.js';

/**
 * One write on the primary at `nowUs` (see ReplicationLog.write for the contract): ships it to
 * every live replica, appends it to the log and returns its acknowledgement time. Allocation-
 * free except when the ring grows; strings are built only on the error paths.
 */
export function appendWrite(s: LogState, nowUs: number, delaysToUs: Float64Array, delaysBackUs: Float64Array | undefined): number {
  s.checkTime(nowUs, 'write');
  checkWrite(s, delaysToUs, delaysBackUs);
  s.ensureRoom(nowUs);
  const ring = s.ring;
  const position = ring.end;
  const slot = position % ring.capacity;
  const arrivals = shipToMembers(s, nowUs, slot, delaysToUs, delaysBackUs);
  let ackUs = acknowledgementUs(s, nowUs, arrivals);
  if (ackUs < s.lastAckUs) ackUs = s.lastAckUs;
  ring.ids[slot] = s.nextId++;
  ring.commitUs[slot] = ackUs;
  if (ackUs !== Infinity) {
    ring.clientAcked[slot] = 1;
    s.lastAckUs = ackUs;
    // Earlier blocked writes are released silently with it (cumulative acknowledgement).
    if (s.firstBlocked >= 0) {
      for (let p = s.firstBlocked; p < position; p++) ring.commitUs[p % ring.capacity] = ackUs;
      s.firstBlocked = -1;
    }
  } else {
    ring.clientAcked[slot] = 0;
    s.blocked++;
    if (s.firstBlocked < 0) s.firstBlocked = position;
  }
  ring.end = position + 1;
  s.writes++;
  return ackUs;
}

/** Refuses a write before anything changes, so a refused write leaves no trace. */
function checkWrite(s: LogState, delaysToUs: Float64Array, delaysBackUs: Float64Array | undefined): void {
  if (s.primaryLost) {
    throw new RangeError(`ReplicationLog.write: the primary (member ${s.primary}) was lost at ${s.faultUs} µs; promote a replica first`);
  }
  const n = s.members;
  const waits = s.modeCode !== MODE_ASYNC;
  if (delaysToUs.length < n) throw new RangeError(`ReplicationLog.write: delaysToUs needs one entry per member (${n}), got ${delaysToUs.length}`);
  if (waits && (delaysBackUs === undefined || delaysBackUs.length < n)) {
    throw new RangeError(`ReplicationLog.write: ${s.config.mode} mode needs delaysBackUs with one entry per member (${n})`);
  }
  for (let m = 0; m < n; m++) {
    if (Number.isNaN(delaysToUs[m])) throw new RangeError(`ReplicationLog.write: delaysToUs[${m}] is NaN`);
    if (waits && Number.isNaN((delaysBackUs as Float64Array)[m])) throw new RangeError(`ReplicationLog.write: delaysBackUs[${m}] is NaN`);
  }
}

/**
 * Puts the write in `slot` on every live replica's link queue and records when each applies
 * it (the primary holds it at nowUs, a down member never); in sync and semi-sync, collects the
 * ack arrivals of the ready replicas in s.scratch and returns how many.
 */
function shipToMembers(s: LogState, nowUs: number, slot: number, delaysToUs: Float64Array, delaysBackUs: Float64Array | undefined): number {
  const n = s.members;
  const applied = s.ring.applyUs;
  const row = slot * n;
  const primary = s.primary;
  const waits = s.modeCode !== MODE_ASYNC;
  let arrivals = 0;
  for (let m = 0; m < n; m++) {
    if (m === primary || s.live[m] === 0) {
      applied[row + m] = m === primary ? nowUs : Infinity;
      continue;
    }
    const lastDepartureUs = s.lastDepartureUs[m];
    const departureUs = (nowUs > lastDepartureUs ? nowUs : lastDepartureUs) + s.serUs[primary * n + m];
    s.lastDepartureUs[m] = departureUs;
    const applyUs = applyTimeUs(departureUs, delaysToUs[m], s.lastApplyUs[m]);
    s.lastApplyUs[m] = applyUs;
    applied[row + m] = applyUs;
    if (waits && s.readyAtUs[m] <= nowUs) {
      const backUs = (delaysBackUs as Float64Array)[m];
      const arrivalUs = isUndelivered(backUs) ? Infinity : ceilUs(applyUs + backUs);
      const previousUs = s.lastAckArrivalUs[m];
      const ackArrivalUs = arrivalUs > previousUs ? arrivalUs : previousUs;
      s.lastAckArrivalUs[m] = ackArrivalUs;
      s.scratch[arrivals++] = ackArrivalUs;
    }
  }
  return arrivals;
}

/**
 * The acknowledgement time before in-order release: async at once; sync at the quorum-th
 * acknowledgement arrival (Infinity when fewer live, ready replicas can answer); semi-sync at
 * that arrival if it is within the timeout, else at the timeout, counted as a degradation.
 */
function acknowledgementUs(s: LogState, nowUs: number, arrivals: number): number {
  if (s.modeCode === MODE_ASYNC) return nowUs;
  const quorumUs = arrivals >= s.quorum ? kthSmallest(s.scratch, arrivals, s.quorum) : Infinity;
  if (s.modeCode === MODE_SYNC) return quorumUs;
  const limitUs = nowUs + s.timeoutUs;
  if (quorumUs <= limitUs) return quorumUs;
  s.degradations++;
  return limitUs;
}
