import type { LogState } from './log-state.js';

/** A replica (not the primary) is lost at nowUs; see ReplicationLog.failReplica. */
export function failReplica(s: LogState, member: number, nowUs: number): void {
  s.checkMember(member, 'failReplica');
  if (member === s.primary) {
    throw new RangeError(`ReplicationLog.failReplica: member ${member} is the primary; use failPrimary`);
  }
  if (s.live[member] === 0) throw new RangeError(`ReplicationLog.failReplica: member ${member} is already down`);
  s.checkTime(nowUs, 'failReplica');
  s.live[member] = 0;
}

/** A down member comes back as a re-cloned replica; see ReplicationLog.rejoin. */
export function rejoin(s: LogState, member: number, nowUs: number, readyAtUs: number): void {
  s.checkMember(member, 'rejoin');
  if (s.primaryLost) throw new RangeError(`ReplicationLog.rejoin: the primary is lost; promote a replica before members rejoin`);
  if (s.live[member] === 1) throw new RangeError(`ReplicationLog.rejoin: member ${member} is not down`);
  if (!(Number.isSafeInteger(readyAtUs) && readyAtUs >= nowUs)) {
    throw new RangeError(`ReplicationLog.rejoin: readyAtUs must be a whole number of µs >= nowUs (${nowUs}), got ${readyAtUs}`);
  }
  s.checkTime(nowUs, 'rejoin');
  const ring = s.ring;
  for (let position = ring.base; position < ring.end; position++) ring.setApply(position, member, readyAtUs);
  s.live[member] = 1;
  s.readyAtUs[member] = readyAtUs;
  s.applied[member] = ring.base;
  s.lastDepartureUs[member] = nowUs;
  s.lastApplyUs[member] = readyAtUs;
  s.lastAckArrivalUs[member] = Number.NEGATIVE_INFINITY;
}

/** Re-ships a stalled replica's backlog after a partition; see ReplicationLog.reconnect. */
export function reconnect(s: LogState, member: number, nowUs: number, delayToUs: number): number {
  s.checkMember(member, 'reconnect');
  if (member === s.primary || s.live[member] === 0) {
    throw new RangeError(`ReplicationLog.reconnect: member ${member} is not a live replica`);
  }
  if (Number.isNaN(delayToUs)) throw new RangeError('ReplicationLog.reconnect: delayToUs is NaN');
  s.checkTime(nowUs, 'reconnect');
  if (s.primaryLost) return 0;
  const ring = s.ring;
  let stalled = s.advanceMember(member, nowUs);
  while (stalled < ring.end && ring.applyAt(stalled, member) !== Infinity) stalled++;
  if (stalled === ring.end) return 0;
  return s.reship(member, stalled, nowUs, delayToUs);
}
