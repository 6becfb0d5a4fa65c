/**
 * Struct-of-arrays tables for the engine's short-lived objects (user requests, attempts,
 * server jobs, dependency calls). A row is a slot index into typed arrays; freed slots are
 * reused most recently freed first, so the arrays stay as large as the peak number alive.
 *
 * Events refer to a row by a *handle*: generation · SLOT_SCALE + slot. Freeing a row bumps its
 * generation, so an event that outlives its row (a timeout whose attempt was answered, a
 * response to a call that already timed out) sees a stale handle and is ignored. Handles are
 * safe integers (generation < 2^30, slot < 2^22), so passing one as event data allocates nothing.
 */

/** Slots per table: 4,194,304 rows alive at once. */
export const SLOT_SCALE = 4_194_304;
const GENERATION_MASK = 0x3fffffff;
const CAPACITY_INITIAL = 1024;

export abstract class SlotTable {
  /** Rows alive now. */
  live = 0;
  /** The most rows alive at once. */
  peak = 0;
  protected generation: Int32Array;
  private freeStack: Int32Array;
  private freeCount = 0;
  private used = 0;
  private readonly what: string;

  constructor(what: string) {
    this.what = what;
    this.generation = new Int32Array(CAPACITY_INITIAL);
    this.freeStack = new Int32Array(CAPACITY_INITIAL);
  }

  get capacity(): number {
    return this.generation.length;
  }

  /** A fresh row's slot; the subclass initialises its fields. */
  allocate(): number {
    let slot: number;
    if (this.freeCount > 0) {
      slot = this.freeStack[--this.freeCount];
    } else {
      if (this.used === this.generation.length) this.growTo(this.generation.length * 2);
      slot = this.used++;
    }
    this.live++;
    if (this.live > this.peak) this.peak = this.live;
    return slot;
  }

  /** Frees a row: every handle to it becomes stale. */
  free(slot: number): void {
    this.generation[slot] = (this.generation[slot] + 1) & GENERATION_MASK;
    this.freeStack[this.freeCount++] = slot;
    this.live--;
  }

  /** The handle of a live row, for event data. */
  handle(slot: number): number {
    return this.generation[slot] * SLOT_SCALE + slot;
  }

  /** The slot a handle names if the row is still the one it was issued for, else -1. */
  resolve(handle: number): number {
    const slot = handle % SLOT_SCALE;
    return (handle - slot) / SLOT_SCALE === this.generation[slot] ? slot : -1;
  }

  /** Reallocates every field array to `capacity` rows, keeping their contents. */
  protected abstract growFields(capacity: number): void;

  private growTo(capacity: number): void {
    if (capacity > SLOT_SCALE) {
      throw new RangeError(`engine: more than ${SLOT_SCALE} ${this.what} alive at once; the model is far past saturation (check rates and capacities)`);
    }
    this.generation = widen(this.generation, capacity);
    this.freeStack = widen(this.freeStack, capacity);
    this.growFields(capacity);
  }
}

/** A copy of `from` with `capacity` entries (the new tail zero). */
export function widen<T extends Int32Array | Float64Array | Uint8Array>(from: T, capacity: number): T {
  const to = new (from.constructor as new (n: number) => T)(capacity);
  to.set(from);
  return to;
}
