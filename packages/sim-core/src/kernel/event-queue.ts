import { assert } from '../assert.js';

/** Pending events are addressed by slot; an id is `generation * SLOT_LIMIT + slot`. */
export const SLOT_LIMIT = 1 << 24;
const GENERATION_MASK = (1 << 29) - 1; // generation * SLOT_LIMIT stays below 2^53
const CAPACITY_INITIAL = 64;

/**
 * The future-event set: a binary min-heap ordered by `(timeUs, seq)`, `seq` a counter that
 * only goes up, so events at the same time come out in the order they were scheduled.
 *
 * The heap holds times, sequence numbers and slot numbers in parallel typed arrays; a slot
 * holds the handler and its data. Scheduling allocates nothing once the arrays have grown
 * to the peak number of pending events (they double when full). A slot records its heap
 * position, so cancel removes the event at once (no tombstones left in the heap).
 */
export class EventQueue<H> {
  private heapTime: Float64Array = new Float64Array(CAPACITY_INITIAL);
  private heapSeq: Float64Array = new Float64Array(CAPACITY_INITIAL);
  private heapSlot: Int32Array = new Int32Array(CAPACITY_INITIAL);
  private slotPos: Int32Array = new Int32Array(CAPACITY_INITIAL).fill(-1);
  private slotGen: Int32Array = new Int32Array(CAPACITY_INITIAL);
  private slotFree: Int32Array = new Int32Array(CAPACITY_INITIAL);
  private freeCount = 0;
  private slotsUsed = 0;
  private seqNext = 0;
  private sizeNow = 0;
  /** Handler and data per slot: plain arrays, since they hold functions and objects. */
  readonly handlers: (H | undefined)[] = [];
  readonly data: unknown[] = [];

  get size(): number {
    return this.sizeNow;
  }

  /** Time of the earliest event; Infinity when empty. */
  peekTimeUs(): number {
    return this.sizeNow === 0 ? Infinity : this.heapTime[0];
  }

  /** Inserts an event; returns its id. */
  push(timeUs: number, handler: H, data: unknown): number {
    const slot = this.allocateSlot();
    this.handlers[slot] = handler;
    this.data[slot] = data;
    const seq = this.seqNext++;
    let i = this.sizeNow++;
    const heapTime = this.heapTime;
    const heapSeq = this.heapSeq;
    const heapSlot = this.heapSlot;
    const slotPos = this.slotPos;
    // Sift up: move parents down until the new event's place is found.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentTime = heapTime[parent];
      if (parentTime < timeUs || (parentTime === timeUs && heapSeq[parent] < seq)) break;
      heapTime[i] = parentTime;
      heapSeq[i] = heapSeq[parent];
      const parentSlot = heapSlot[parent];
      heapSlot[i] = parentSlot;
      slotPos[parentSlot] = i;
      i = parent;
    }
    heapTime[i] = timeUs;
    heapSeq[i] = seq;
    heapSlot[i] = slot;
    slotPos[slot] = i;
    return this.slotGen[slot] * SLOT_LIMIT + slot;
  }

  /**
   * Removes the earliest event and returns its slot. The caller reads `handlers[slot]` and
   * `data[slot]`, then calls `release(slot)` before running the handler.
   */
  popSlot(): number {
    assert(this.sizeNow > 0, 'popSlot() on an empty queue');
    const slot = this.heapSlot[0];
    this.removeAt(0);
    return slot;
  }

  /** Frees a popped slot so it can be reused; ids that named it become stale. */
  release(slot: number): void {
    this.handlers[slot] = undefined;
    this.data[slot] = undefined;
    this.slotGen[slot] = (this.slotGen[slot] + 1) & GENERATION_MASK;
    this.slotFree[this.freeCount++] = slot;
  }

  /** Removes a pending event by id. False when it already ran or was cancelled. */
  cancel(id: number): boolean {
    const slot = id % SLOT_LIMIT;
    const generation = Math.floor(id / SLOT_LIMIT);
    if (slot >= this.slotsUsed || this.slotGen[slot] !== generation) return false;
    const pos = this.slotPos[slot];
    if (pos < 0) return false;
    this.removeAt(pos);
    this.release(slot);
    return true;
  }

  private removeAt(pos: number): void {
    const heapTime = this.heapTime;
    const heapSeq = this.heapSeq;
    const heapSlot = this.heapSlot;
    const slotPos = this.slotPos;
    slotPos[heapSlot[pos]] = -1;
    const last = --this.sizeNow;
    if (pos === last) return;
    const time = heapTime[last];
    const seq = heapSeq[last];
    const slot = heapSlot[last];
    // The moved event may need to go up (cancel from the middle) or down.
    let i = pos;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentTime = heapTime[parent];
      if (parentTime < time || (parentTime === time && heapSeq[parent] < seq)) break;
      heapTime[i] = parentTime;
      heapSeq[i] = heapSeq[parent];
      const parentSlot = heapSlot[parent];
      heapSlot[i] = parentSlot;
      slotPos[parentSlot] = i;
      i = parent;
    }
    if (i === pos) {
      for (;;) {
        let child = 2 * i + 1;
        if (child >= last) break;
        let childTime = heapTime[child];
        let childSeq = heapSeq[child];
        const right = child + 1;
        if (right < last) {
          const rightTime = heapTime[right];
          if (rightTime < childTime || (rightTime === childTime && heapSeq[right] < childSeq)) {
            child = right;
            childTime = rightTime;
            childSeq = heapSeq[right];
          }
        }
        if (time < childTime || (time === childTime && seq < childSeq)) break;
        heapTime[i] = childTime;
        heapSeq[i] = childSeq;
        const childSlot = heapSlot[child];
        heapSlot[i] = childSlot;
        slotPos[childSlot] = i;
        i = child;
      }
    }
    heapTime[i] = time;
    heapSeq[i] = seq;
    heapSlot[i] = slot;
    slotPos[slot] = i;
  }

  private allocateSlot(): number {
    if (this.freeCount > 0) return this.slotFree[--this.freeCount];
    if (this.slotsUsed === this.heapTime.length) this.grow();
    return this.slotsUsed++;
  }

  private grow(): void {
    const capacity = this.heapTime.length * 2;
    assert(capacity <= SLOT_LIMIT, `more than ${SLOT_LIMIT} pending events: the model is scheduling without bound`);
    this.heapTime = growFloat64(this.heapTime, capacity);
    this.heapSeq = growFloat64(this.heapSeq, capacity);
    this.heapSlot = growInt32(this.heapSlot, capacity, 0);
    this.slotPos = growInt32(this.slotPos, capacity, -1);
    this.slotGen = growInt32(this.slotGen, capacity, 0);
    this.slotFree = growInt32(this.slotFree, capacity, 0);
  }
}

function growFloat64(from: Float64Array, capacity: number): Float64Array {
  const to = new Float64Array(capacity);
  to.set(from);
  return to;
}

function growInt32(from: Int32Array, capacity: number, fill: number): Int32Array {
  const to = new Int32Array(capacity);
  if (fill !== 0) to.fill(fill, from.length);
  to.set(from);
  return to;
}
