/**
 * Per-key staleness for a single-primary store. ARCHITECTURE §5: a read is stale when it
 * returns a version older than the newest version acknowledged before it started. The log
 * knows, at time t, the acknowledged prefix A(t) and the prefix P_r(t) a replica r holds; a read
 * of key k at r is stale exactly when the newest write to k inside the acknowledged prefix sits
 * at a position >= P_r(t).
 *
 * Each key keeps the log positions of its last two writes. The newest acknowledged one is the
 * last when it is < A(t), else the one before; when both are still unacknowledged (two writes
 * to one key within one acknowledgement delay: rare unless the key space is tiny) the answer
 * falls back to "any acknowledged write missing", the log-wide upper bound. Positions are those
 * of the current primary's log; a promotion rewinds the log, and `truncate` forgets positions
 * past its new end. Memory: two Int32 per key; `record` and `isStale` are O(1).
 */
export class KeyPositions {
  private readonly last: Int32Array;
  private readonly prev: Int32Array;
  /** Reads judged by the log-wide fallback (both last writes unacknowledged). */
  fallbacks = 0;

  constructor(keys: number) {
    this.last = new Int32Array(keys).fill(-1);
    this.prev = new Int32Array(keys).fill(-1);
  }

  /** A write to `key` took log position `position`. */
  record(key: number, position: number): void {
    this.prev[key] = this.last[key];
    this.last[key] = position;
  }

  /** The log was rewound to `end` positions (a promotion): positions at or past it are gone. */
  truncate(end: number): void {
    for (let k = 0; k < this.last.length; k++) {
      if (this.prev[k] >= end) this.prev[k] = -1;
      if (this.last[k] >= end) {
        this.last[k] = this.prev[k];
        this.prev[k] = -1;
      }
    }
  }

  /** Whether a read of `key` is stale at a replica holding `held` positions when `acknowledged` are acknowledged. */
  isStale(key: number, acknowledged: number, held: number): boolean {
    let p = this.last[key];
    if (p >= acknowledged) {
      p = this.prev[key];
      if (p >= acknowledged) {
        this.fallbacks++;
        return acknowledged > held;
      }
    }
    return p >= 0 && p >= held;
  }
}
