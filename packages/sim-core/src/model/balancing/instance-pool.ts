import { describeValue } from '../../assert.js';

const CAPACITY_INITIAL_DEFAULT = 8;
/** Marks an instance that is not in the dense eligible list. */
const NOT_LISTED = -1;

/**
 * The instances behind one regional load balancer, as parallel typed arrays indexed by
 * instance index, so that the balancer's choice reads plain integers and allocates nothing.
 *
 * An instance is *live* from `add()` until `remove()`, and *eligible* (in service) while it is
 * live, up, and admitted by the balancer; the engine decides that from health checks and the
 * removal and readmission delays, and says so with `setInService`. Eligible indices are also
 * kept in a dense list (`eligible[0 .. eligibleCount)`) so that a pick is O(1) however many
 * instances are out: a change of eligibility appends, or swap-removes (the last entry moves
 * into the vacated position), in O(1).
 *
 * Indices of removed instances are reused, most recently freed first, so the arrays stay as
 * large as the peak number of live instances. When they are full, `add()` doubles them:
 * read `active`, `inService`, `eligible` and `live` through the pool after any `add()`, never
 * from a reference kept across one. Engine arrays that run parallel to these can follow
 * `capacity`.
 */
export class InstancePool {
  /**
   * Requests each instance holds: being served plus queued, i.e. its open connections. The
   * engine owns the counts: it increments one when it dispatches a request to that instance
   * and decrements it when the request leaves. `add()` starts a (re)used index at 0.
   */
  active: Int32Array;
  private inServiceFlags: Int32Array;
  private liveFlags: Int32Array;
  private eligibleList: Int32Array;
  /** Position of each instance in `eligibleList`, or NOT_LISTED. */
  private listPosition: Int32Array;
  /** Freed indices, a stack: the most recently freed is reused first. */
  private freeStack: Int32Array;
  private freeCount = 0;
  private slotsUsed = 0;
  private eligibleSize = 0;
  private liveSize = 0;

  constructor(capacityInitial: number = CAPACITY_INITIAL_DEFAULT) {
    if (!(Number.isSafeInteger(capacityInitial) && capacityInitial >= 1 && capacityInitial <= 0x40000000)) {
      throw new RangeError(`new InstancePool(capacityInitial) needs a whole number in [1, 2^30], got ${describeValue(capacityInitial)}`);
    }
    this.active = new Int32Array(capacityInitial);
    this.inServiceFlags = new Int32Array(capacityInitial);
    this.liveFlags = new Int32Array(capacityInitial);
    this.eligibleList = new Int32Array(capacityInitial);
    this.listPosition = new Int32Array(capacityInitial).fill(NOT_LISTED);
    this.freeStack = new Int32Array(capacityInitial);
  }

  /** 1 while an instance receives traffic (live, up and admitted), else 0. Change it with `setInService`. */
  get inService(): Int32Array {
    return this.inServiceFlags;
  }

  /** 1 from `add()` until `remove()`, else 0. */
  get live(): Int32Array {
    return this.liveFlags;
  }

  /** The eligible instances' indices in positions `[0, eligibleCount)`, in no particular order. */
  get eligible(): Int32Array {
    return this.eligibleList;
  }

  /** Instances that are eligible for traffic now. */
  get eligibleCount(): number {
    return this.eligibleSize;
  }

  /** Instances added and not yet removed. */
  get liveCount(): number {
    return this.liveSize;
  }

  /** Every index ever handed out is below this. */
  get slots(): number {
    return this.slotsUsed;
  }

  /** Length of the arrays; it doubles when an `add()` finds them full. */
  get capacity(): number {
    return this.active.length;
  }

  /**
   * A new live instance, not yet in service and with no active requests; returns its index.
   * A freed index is reused before a new one is taken.
   */
  add(): number {
    let index: number;
    if (this.freeCount > 0) {
      this.freeCount--;
      index = this.freeStack[this.freeCount];
    } else {
      if (this.slotsUsed === this.active.length) this.grow();
      index = this.slotsUsed;
      this.slotsUsed++;
    }
    this.liveFlags[index] = 1;
    this.inServiceFlags[index] = 0;
    this.active[index] = 0;
    this.liveSize++;
    return index;
  }

  /**
   * Removes a live instance for good (taking it out of service first) and frees its index for
   * reuse. Requests still counted in `active` are the engine's to finish or fail; once a later
   * `add()` reuses the index, the count belongs to the new instance.
   */
  remove(index: number): void {
    this.checkLive('remove', index);
    this.setInService(index, false);
    this.liveFlags[index] = 0;
    this.liveSize--;
    this.freeStack[this.freeCount] = index;
    this.freeCount++;
  }

  /** Admits a live instance to traffic (`true`) or withdraws it (`false`); repeating a state is a no-op. */
  setInService(index: number, inService: boolean): void {
    this.checkLive('setInService', index);
    const position = this.listPosition[index];
    if (inService) {
      if (position !== NOT_LISTED) return;
      this.eligibleList[this.eligibleSize] = index;
      this.listPosition[index] = this.eligibleSize;
      this.eligibleSize++;
      this.inServiceFlags[index] = 1;
    } else {
      if (position === NOT_LISTED) return;
      // Swap-remove: the last listed instance takes the vacated position.
      this.eligibleSize--;
      const moved = this.eligibleList[this.eligibleSize];
      this.eligibleList[position] = moved;
      this.listPosition[moved] = position;
      this.listPosition[index] = NOT_LISTED;
      this.inServiceFlags[index] = 0;
    }
  }

  /** True when `index` names a live instance. */
  isLive(index: number): boolean {
    return Number.isInteger(index) && index >= 0 && index < this.slotsUsed && this.liveFlags[index] === 1;
  }

  private checkLive(operation: string, index: number): void {
    if (!this.isLive(index)) {
      throw new RangeError(`InstancePool.${operation}(index) needs the index of a live instance, got ${describeValue(index)}`);
    }
  }

  /** Doubles every array, keeping the contents. */
  private grow(): void {
    const capacity = this.active.length * 2;
    const widen = (from: Int32Array, fill: number): Int32Array => {
      const to = new Int32Array(capacity);
      if (fill !== 0) to.fill(fill, from.length);
      to.set(from);
      return to;
    };
    this.active = widen(this.active, 0);
    this.inServiceFlags = widen(this.inServiceFlags, 0);
    this.liveFlags = widen(this.liveFlags, 0);
    this.eligibleList = widen(this.eligibleList, 0);
    this.listPosition = widen(this.listPosition, NOT_LISTED);
    this.freeStack = widen(this.freeStack, 0);
  }
}
