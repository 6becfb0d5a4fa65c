/**
 * The writes a multi-writer store has acknowledged and not yet delivered to every other region,
 * in a ring indexed by write sequence number: write `seq` lives at `seq % capacity` while
 * tail <= seq < head. A write leaves when its last destination is delivered, and the tail then
 * moves past every finished write, so the ring spans from the oldest write still in flight to
 * the newest. It doubles when that span fills it (amortised growth: a partition that holds
 * writes back for a long time grows it to the writes made meanwhile, and it stays that size).
 *
 * Every method but `grow` is O(1) amortised and allocates nothing.
 */
export class InFlightWrites {
  private capacity = 1024;
  private keys = new Int32Array(this.capacity);
  private origins = new Int32Array(this.capacity);
  private timesUs = new Float64Array(this.capacity);
  /** Bit r set: the write has not yet been delivered to region r. */
  private pending = new Int32Array(this.capacity);
  private tail = 0;
  private head = 0;

  /** The sequence number the next `add` gets (= writes added so far). */
  get nextSeq(): number {
    return this.head;
  }

  /** Writes between the oldest in flight and the newest (finished ones inside the span included). */
  get span(): number {
    return this.head - this.tail;
  }

  /** Adds a write that still has to reach the regions in `pendingMask` (non-zero); returns its sequence number. */
  add(key: number, origin: number, timeUs: number, pendingMask: number): number {
    if (this.head - this.tail === this.capacity) this.grow();
    const seq = this.head++;
    const slot = seq % this.capacity;
    this.keys[slot] = key;
    this.origins[slot] = origin;
    this.timesUs[slot] = timeUs;
    this.pending[slot] = pendingMask;
    return seq;
  }

  /** Whether write `seq` has yet to be delivered to `region` (false for finished and unknown writes). */
  isPending(seq: number, region: number): boolean {
    return seq >= this.tail && seq < this.head && (this.pending[seq % this.capacity] & (1 << region)) !== 0;
  }

  /** Whether write `seq` has yet to be delivered to every region it was shipped to. */
  undeliveredEverywhere(seq: number, shippedMask: number): boolean {
    return seq >= this.tail && seq < this.head && this.pending[seq % this.capacity] === shippedMask;
  }

  key(seq: number): number {
    return this.keys[seq % this.capacity];
  }

  origin(seq: number): number {
    return this.origins[seq % this.capacity];
  }

  timeUs(seq: number): number {
    return this.timesUs[seq % this.capacity];
  }

  /** The oldest sequence number that may still be in flight. */
  get oldestSeq(): number {
    return this.tail;
  }

  /** Marks write `seq` delivered to `region` (the caller checked `isPending`); frees it when it was the last. */
  deliver(seq: number, region: number): void {
    const slot = seq % this.capacity;
    this.pending[slot] &= ~(1 << region);
    if (seq !== this.tail || this.pending[slot] !== 0) return;
    while (this.tail < this.head && this.pending[this.tail % this.capacity] === 0) this.tail++;
  }

  /** Doubles the ring, moving each write to its slot in the larger one. */
  private grow(): void {
    const capacity = this.capacity * 2;
    const keys = new Int32Array(capacity);
    const origins = new Int32Array(capacity);
    const timesUs = new Float64Array(capacity);
    const pending = new Int32Array(capacity);
    for (let seq = this.tail; seq < this.head; seq++) {
      const from = seq % this.capacity;
      const to = seq % capacity;
      keys[to] = this.keys[from];
      origins[to] = this.origins[from];
      timesUs[to] = this.timesUs[from];
      pending[to] = this.pending[from];
    }
    this.capacity = capacity;
    this.keys = keys;
    this.origins = origins;
    this.timesUs = timesUs;
    this.pending = pending;
  }
}
