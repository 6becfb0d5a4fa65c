import type { InFlightWrites } from './in-flight-writes.js';

/**
 * The last-writer-wins history of every key, kept just far enough to decide which writes are
 * LOST UPDATES, and to know each key's newest acknowledged version.
 *
 * LWW order. A write's timestamp is the simulated time it was made at its origin (clocks are
 * perfect); writes to one key are ordered by (timestamp, origin region index, sequence number),
 * so of two writes made in the same microsecond the one from the HIGHER region index wins, and
 * of two from the same region the later one. Because timestamps are creation times, a key's
 * LWW order is its creation order except inside one microsecond.
 *
 * Lost update. Let next(w) be the write right after w in its key's LWW order: the one whose
 * value replaced w's in the converged history. w is lost when next(w) came from another region
 * and was made there before w had been delivered there — its writer overwrote w without ever
 * having seen it. A write replaced by a later write that had seen it (its own region's next
 * write, or a remote one made after w arrived) is an ordinary overwrite, not a loss; the newest
 * write of a key is never lost. "Before" is the engine's call order, so a delivery and a write
 * in the same microsecond count in the order they were made.
 *
 * Online bookkeeping. Writes arrive in time order, so only the writes of the current
 * microsecond (the key's "group") can still be reordered: a write from a lower region index
 * made later in the same microsecond slips in before the group's first. Within a group every
 * region's last write is lost except the highest region's (a delivery takes >= 1 µs, so none of
 * them can have seen another), which adds one lost update per region joining a group; and the
 * fate of P, the newest write before the group, is decided against the group's lowest region
 * and revised if a lower region joins. All state is typed arrays per key; nothing allocates.
 */
export class LwwHistory {
  /** Lost updates so far, in total and by the lost write's origin region. */
  lost = 0;
  readonly lostByRegion: Float64Array;
  /** Per key: the time of its newest write (its group), -Infinity before the first. */
  private readonly groupUs: Float64Array;
  /** Per key: bit r set when region r wrote the key in its group's microsecond. */
  private readonly groupMask: Int32Array;
  /** Per key: the LWW-newest write (sequence number and origin), -1 before the first. */
  private readonly newestSeq: Float64Array;
  private readonly newestOrigin: Int32Array;
  /** Per key: P, the newest write before the group, -1 when none; and whether it counts as lost. */
  private readonly prevSeq: Float64Array;
  private readonly prevOrigin: Int32Array;
  private readonly prevLost: Uint8Array;

  constructor(keyCount: number, regionCount: number) {
    this.lostByRegion = new Float64Array(regionCount);
    this.groupUs = new Float64Array(keyCount).fill(Number.NEGATIVE_INFINITY);
    this.groupMask = new Int32Array(keyCount);
    this.newestSeq = new Float64Array(keyCount).fill(-1);
    this.newestOrigin = new Int32Array(keyCount).fill(-1);
    this.prevSeq = new Float64Array(keyCount).fill(-1);
    this.prevOrigin = new Int32Array(keyCount).fill(-1);
    this.prevLost = new Uint8Array(keyCount);
  }

  /** The sequence number of the key's LWW-newest acknowledged write, -1 before the first. */
  newest(key: number): number {
    return this.newestSeq[key];
  }

  /**
   * Records write `seq`, made by `region` at `nowUs` (not before the key's previous write),
   * and updates the lost updates. `inFlight` tells whether an earlier write has reached a region.
   */
  record(key: number, region: number, seq: number, nowUs: number, inFlight: InFlightWrites): void {
    const bit = 1 << region;
    if (nowUs > this.groupUs[key]) {
      const p = this.newestSeq[key];
      this.prevSeq[key] = p;
      this.prevOrigin[key] = this.newestOrigin[key];
      this.prevLost[key] = 0;
      if (p >= 0) this.judgePrev(key, region, inFlight);
      this.groupUs[key] = nowUs;
      this.groupMask[key] = bit;
      this.newestSeq[key] = seq;
      this.newestOrigin[key] = region;
      return;
    }
    const mask = this.groupMask[key];
    const highest = 31 - Math.clz32(mask);
    if ((mask & bit) === 0) {
      // One more region in the group: one more region's last write is beaten within it.
      this.count(region > highest ? highest : region, 1);
      const lowest = 31 - Math.clz32(mask & -mask);
      if (region < lowest && this.prevSeq[key] >= 0) {
        this.count(this.prevOrigin[key], -this.prevLost[key]);
        this.judgePrev(key, region, inFlight);
      }
      this.groupMask[key] = mask | bit;
    }
    if (region >= highest) {
      this.newestSeq[key] = seq;
      this.newestOrigin[key] = region;
    }
  }

  /** Decides P's fate against its successor, the group's first write from `region`. */
  private judgePrev(key: number, region: number, inFlight: InFlightWrites): void {
    const origin = this.prevOrigin[key];
    if (origin !== region && inFlight.isPending(this.prevSeq[key], region)) {
      this.prevLost[key] = 1;
      this.count(origin, 1);
    } else {
      this.prevLost[key] = 0;
    }
  }

  private count(region: number, delta: number): void {
    this.lost += delta;
    this.lostByRegion[region] += delta;
  }
}
