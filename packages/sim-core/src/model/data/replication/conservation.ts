import type { LogState } from './log-state.js';

/**
 * Acknowledged writes held in the current primary's log by the log's time: those trimmed from
 * the ring (every one of them was held) plus the client-acknowledged writes in the ring below
 * the commit pointer. Counted from the log's contents, independently of the counters the
 * write path and the promotions keep. O(retained writes).
 */
export function durableAcknowledged(s: LogState): number {
  s.advanceAck(s.lastUs);
  const ring = s.ring;
  let held = s.trimmedAcknowledged;
  for (let position = ring.base; position < s.ackPosition; position++) held += ring.clientAcked[position % ring.capacity];
  return held;
}

/**
 * The conservation laws of the log, as sentences naming the broken one; empty when all hold.
 * With A the writes acknowledged by the log's time (counted when the commit pointer passed
 * them), D those the current primary holds (counted from the log), L the lost writes:
 *
 *   A = D + L                                       (acknowledged = durable + lost)
 *   writes = log length + L + U + F                 (every write is in the log or was discarded:
 *                                                    U unacknowledged writes rewound by a promotion,
 *                                                    F failed writes the new primary did not hold)
 *   failed = survived + F, when no failure is pending (each failed write survived or was discarded)
 *
 * and every pointer lies inside the log. O(retained writes); for tests and the end of a run.
 */
export function conservationProblems(s: LogState): string[] {
  const problems: string[] = [];
  const durable = durableAcknowledged(s);
  if (s.acknowledged !== durable + s.lost) {
    problems.push(`acknowledged writes (${s.acknowledged}) != durable on the primary (${durable}) + lost (${s.lost})`);
  }
  const accounted = s.ring.end + s.lost + s.discardedUnacknowledged + s.discardedFailed;
  if (s.writes !== accounted) {
    problems.push(
      `writes (${s.writes}) != log length (${s.ring.end}) + lost (${s.lost}) + rewound unacknowledged (${s.discardedUnacknowledged}) + discarded failed (${s.discardedFailed})`,
    );
  }
  if (!s.primaryLost && s.failed !== s.survivedUnacknowledged + s.discardedFailed) {
    problems.push(`failed writes (${s.failed}) != survived (${s.survivedUnacknowledged}) + discarded (${s.discardedFailed})`);
  }
  if (!(s.ring.base <= s.ackPosition && s.ackPosition <= s.ring.end)) {
    problems.push(`the commit pointer (${s.ackPosition}) is outside the retained log [${s.ring.base}, ${s.ring.end}]`);
  }
  for (let m = 0; m < s.members; m++) {
    if (s.live[m] === 1 && m !== s.primary && !(s.ring.base <= s.applied[m] && s.applied[m] <= s.ring.end)) {
      problems.push(`member ${m}'s applied pointer (${s.applied[m]}) is outside the retained log [${s.ring.base}, ${s.ring.end}]`);
    }
  }
  return problems;
}
