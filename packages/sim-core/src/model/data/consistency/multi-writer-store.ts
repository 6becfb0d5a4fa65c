import { describeValue } from '../../../assert.js';
import { throwIfProblems } from '../../resilience/validate.js';
import { InFlightWrites } from './in-flight-writes.js';
import { LwwHistory } from './lww-history.js';
import { validateMultiWriter } from './multi-writer-config.js';
import type { MultiWriterConfig } from './multi-writer-config.js';

/** What `unshippedFrom` reports: the writes a region alone holds. */
export interface UnshippedWrites {
  /** Acknowledged at the region and delivered to no other region yet. */
  readonly writes: number;
  /** The acknowledgement time of the oldest of them, µs; -1 when there are none. */
  readonly oldestAckUs: number;
}

/**
 * A multi-writer (active-active) store with last-writer-wins conflict resolution.
 *
 * Protocol the engine drives, in time order (time may stand still, never go backwards):
 * - `write(nowUs, region, key)`: a write is acknowledged at once at its region, becomes that
 *   region's version of the key, and returns a handle. The engine ships it to every other
 *   region: for each, it draws a one-way delay from the network and calls
 *   `deliver(arrivalUs, handle, toRegion)` then. A delivery must come at least 1 µs after the
 *   write (round delays to whole µs >= 1), in any order between writes and destinations, and every
 *   (write, region) pair exactly once — a partition just delays deliveries until it heals.
 *   Until its last delivery a write stays in a ring (amortised growth, no per-write allocation).
 * - `deliver` applies the write at the region by LWW (see LwwHistory for the order): it becomes
 *   the region's version when it is newer than the one there, otherwise it is discarded there.
 * - `read(nowUs, region, key)`: a read served by the region's version. It is STALE when that is
 *   older than the key's newest acknowledged write (ARCHITECTURE §5), counted per region.
 *
 * Conflict. Two writes to one key from different regions conflict when they are concurrent:
 * neither had been delivered to the other's origin when the other was made. Every such pair is
 * counted once, when its later write is made: that write conflicts with each write to the key
 * from another region not yet delivered to its own region (an O(1) counter per key and
 * region). For two regions with constant one-way delay d this is every pair of writes less than
 * d apart. Concurrency is judged between the two writes directly, as each region ships its own
 * writes to every other: a third region relaying a write faster than the direct link (delays
 * that break the triangle inequality) is not modelled.
 *
 * Lost update: an acknowledged write whose value was replaced in the converged LWW history by a
 * write from a writer that had not seen it (LwwHistory has the exact rule and the tie rule:
 * equal timestamps go to the higher region index).
 *
 * write, deliver and read are O(1) amortised (write is O(regionCount)) and allocate nothing
 * beyond the ring's doubling; state is typed arrays of keyCount × regionCount cells.
 */
export class MultiWriterStore {
  readonly config: MultiWriterConfig;
  /** Writes, reads and stale reads by region. */
  readonly writesByRegion: Float64Array;
  readonly readsByRegion: Float64Array;
  readonly staleReadsByRegion: Float64Array;
  /** Conflicting pairs, attributed to the region of the later write. */
  readonly conflictsByRegion: Float64Array;
  private readonly regions: number;
  private readonly allRegionsMask: number;
  private readonly inFlight = new InFlightWrites();
  private readonly history: LwwHistory;
  /** Per key × region cell (key * regionCount + region): the version there, by LWW key. */
  private readonly versionUs: Float64Array;
  private readonly versionOrigin: Int32Array;
  private readonly versionSeq: Float64Array;
  /** Per cell: writes to the key from other regions not yet delivered to this region. */
  private readonly incoming: Int32Array;
  private conflictCount = 0;
  private staleCount = 0;
  private owed = 0;
  private lastUs = Number.NEGATIVE_INFINITY;

  constructor(config: MultiWriterConfig) {
    throwIfProblems('MultiWriterStore', validateMultiWriter(config));
    this.config = config;
    const regions = config.regionCount;
    const cells = regions * config.keyCount;
    this.regions = regions;
    this.allRegionsMask = regions === 31 ? 0x7fffffff : (1 << regions) - 1;
    this.writesByRegion = new Float64Array(regions);
    this.readsByRegion = new Float64Array(regions);
    this.staleReadsByRegion = new Float64Array(regions);
    this.conflictsByRegion = new Float64Array(regions);
    this.history = new LwwHistory(config.keyCount, regions);
    this.versionUs = new Float64Array(cells).fill(Number.NEGATIVE_INFINITY);
    this.versionOrigin = new Int32Array(cells).fill(-1);
    this.versionSeq = new Float64Array(cells).fill(-1);
    this.incoming = new Int32Array(cells);
  }

  /** Acknowledges a write by `region` to `key` at `nowUs`; returns the handle to deliver it with. */
  write(nowUs: number, region: number, key: number): number {
    this.advance(nowUs);
    this.checkRegionKey(region, key);
    const regions = this.regions;
    const cell = key * regions + region;
    const conflicts = this.incoming[cell];
    this.conflictCount += conflicts;
    this.conflictsByRegion[region] += conflicts;
    const seq = this.inFlight.add(key, region, nowUs, this.allRegionsMask & ~(1 << region));
    this.history.record(key, region, seq, nowUs, this.inFlight);
    for (let r = 0, other = key * regions; r < regions; r++, other++) {
      if (r !== region) this.incoming[other]++;
    }
    this.apply(cell, nowUs, region, seq);
    this.owed += regions - 1;
    this.writesByRegion[region]++;
    return seq;
  }

  /**
   * Delivers write `handle` to `region` at `nowUs`; true when it became the region's version,
   * false when a newer one was already there (LWW discards it).
   */
  deliver(nowUs: number, handle: number, region: number): boolean {
    this.advance(nowUs);
    const inFlight = this.inFlight;
    if (!(Number.isSafeInteger(handle) && Number.isInteger(region) && region >= 0 && region < this.regions && inFlight.isPending(handle, region))) {
      throw new RangeError(`MultiWriterStore.deliver: write ${describeValue(handle)} is not awaiting delivery to region ${describeValue(region)} (delivered twice, never written, or its origin)`);
    }
    const writtenUs = inFlight.timeUs(handle);
    if (!(nowUs > writtenUs)) {
      throw new RangeError(`MultiWriterStore.deliver: write ${handle} made at ${writtenUs} µs is delivered at ${nowUs} µs; a one-way delay must be at least 1 µs`);
    }
    const cell = inFlight.key(handle) * this.regions + region;
    const origin = inFlight.origin(handle);
    this.incoming[cell]--;
    this.owed--;
    inFlight.deliver(handle, region);
    return this.apply(cell, writtenUs, origin, handle);
  }

  /** Serves a read of `key` at `region` at `nowUs` from the region's version; true when it is stale. */
  read(nowUs: number, region: number, key: number): boolean {
    this.advance(nowUs);
    this.checkRegionKey(region, key);
    this.readsByRegion[region]++;
    const stale = this.versionSeq[key * this.regions + region] !== this.history.newest(key);
    if (stale) {
      this.staleCount++;
      this.staleReadsByRegion[region]++;
    }
    return stale;
  }

  /** The handle of the write `region` holds for `key`, -1 when none has reached it. */
  versionAt(region: number, key: number): number {
    this.checkRegionKey(region, key);
    return this.versionSeq[key * this.regions + region];
  }

  /** The handle of the key's newest acknowledged write (LWW order), -1 before the first. */
  newestVersion(key: number): number {
    this.checkRegionKey(0, key);
    return this.history.newest(key);
  }

  /**
   * The writes acknowledged at `region` that no other region has received yet: what losing the
   * region's data now would lose, and (now − oldestAckUs) the RPO it would mean. O(writes in
   * flight); allocates the answer. For the engine's report, not the hot path. `each`, when
   * given, is called with every such write's handle (oldest first).
   */
  unshippedFrom(region: number, each?: (handle: number) => void): UnshippedWrites {
    this.checkRegionKey(region, 0);
    const inFlight = this.inFlight;
    const shipped = this.allRegionsMask & ~(1 << region);
    let writes = 0;
    let oldestAckUs = -1;
    for (let seq = inFlight.oldestSeq; seq < inFlight.nextSeq; seq++) {
      if (inFlight.origin(seq) !== region || !inFlight.undeliveredEverywhere(seq, shipped)) continue;
      if (writes === 0) oldestAckUs = inFlight.timeUs(seq);
      writes++;
      if (each !== undefined) each(seq);
    }
    return { writes, oldestAckUs };
  }

  /**
   * The region's data is lost: its writes that no other region has received (as in
   * `unshippedFrom`) will never be delivered. They leave the in-flight ring (so a later loss
   * does not count them again and they no longer make later writes look concurrent), the
   * deliveries they owed are forgotten, and each one's handle is passed to `each`. Their LWW
   * history is kept: a key whose newest write was lost stays judged against it for stale reads
   * until a newer write replaces it. Returns what was lost. O(writes in flight).
   */
  discardUnshipped(region: number, each?: (handle: number) => void): UnshippedWrites {
    const seqs: number[] = [];
    const lost = this.unshippedFrom(region, (seq) => seqs.push(seq));
    const inFlight = this.inFlight;
    for (const seq of seqs) {
      const cellBase = inFlight.key(seq) * this.regions;
      for (let r = 0; r < this.regions; r++) {
        if (!inFlight.isPending(seq, r)) continue;
        this.incoming[cellBase + r]--;
        this.owed--;
        inFlight.deliver(seq, r);
      }
      if (each !== undefined) each(seq);
    }
    return lost;
  }

  /** Whether write `handle` still awaits its delivery to `region` (false once delivered or discarded). */
  awaitsDelivery(handle: number, region: number): boolean {
    return this.inFlight.isPending(handle, region);
  }

  /** Conflicting pairs of writes so far (see the class comment). */
  get conflicts(): number {
    return this.conflictCount;
  }

  /** Lost updates so far; a write's fate can change only within the microsecond after it was made. */
  get lostUpdates(): number {
    return this.history.lost;
  }

  /** Lost updates by the region that acknowledged the lost write. */
  get lostUpdatesByRegion(): Float64Array {
    return this.history.lostByRegion;
  }

  get staleReads(): number {
    return this.staleCount;
  }

  /** (write, region) deliveries still owed; 0 once every write has reached every region. */
  get deliveriesOwed(): number {
    return this.owed;
  }

  /** Makes the write (timestamp, origin, seq) the cell's version if it is newer by LWW; true when it did. */
  private apply(cell: number, timeUs: number, origin: number, seq: number): boolean {
    const heldUs = this.versionUs[cell];
    if (timeUs < heldUs) return false;
    if (timeUs === heldUs) {
      const heldOrigin = this.versionOrigin[cell];
      if (origin < heldOrigin || (origin === heldOrigin && seq < this.versionSeq[cell])) return false;
    }
    this.versionUs[cell] = timeUs;
    this.versionOrigin[cell] = origin;
    this.versionSeq[cell] = seq;
    return true;
  }

  private advance(nowUs: number): void {
    if (!(nowUs >= this.lastUs && nowUs < Number.POSITIVE_INFINITY)) {
      throw new RangeError(`MultiWriterStore: time must be finite and never go backwards, got ${describeValue(nowUs)} µs after ${this.lastUs} µs`);
    }
    this.lastUs = nowUs;
  }

  private checkRegionKey(region: number, key: number): void {
    if (Number.isInteger(region) && region >= 0 && region < this.regions && Number.isInteger(key) && key >= 0 && key < this.config.keyCount) return;
    throw new RangeError(
      `MultiWriterStore: region must be a whole number in [0, ${this.regions - 1}] and key in [0, ${this.config.keyCount - 1}], got region ${describeValue(region)}, key ${describeValue(key)}`,
    );
  }
}
