/**
 * The retained suffix of one store's write log, in typed arrays indexed by LOG POSITION: the
 * write at position p (0-based, in the current primary's log order) lives in slot p % capacity
 * while base <= p < end. Positions below `base` were trimmed (every live replica has applied
 * them and they are acknowledged); `end` is the log's length. A promotion truncates `end`, so a
 * position can be reused by a later write; the write's id (never reused) is kept with it.
 *
 * Per write: its id, its commit time (when it counts as acknowledged; Infinity while it is
 * not), whether the client is told it succeeded (1) or not (0), and one apply time per member
 * (`applyUs[slot * members + m]`: when member m holds the write; Infinity when it never will
 * under the current links).
 *
 * The arrays are replaced when the ring grows: read them through the fields each time, never
 * cache them across a call that may append. Appending allocates only when the ring doubles.
 */
export class WriteRing {
  readonly members: number;
  capacity: number;
  base = 0;
  end = 0;
  ids: Float64Array;
  commitUs: Float64Array;
  clientAcked: Uint8Array;
  applyUs: Float64Array;

  constructor(members: number, capacity: number) {
    this.members = members;
    this.capacity = capacity;
    this.ids = new Float64Array(capacity);
    this.commitUs = new Float64Array(capacity);
    this.clientAcked = new Uint8Array(capacity);
    this.applyUs = new Float64Array(capacity * members);
  }

  /** Writes retained: end - base. */
  get size(): number {
    return this.end - this.base;
  }

  /** The slot of log position `position` (which must be in [base, end] for the result to mean anything). */
  slot(position: number): number {
    return position % this.capacity;
  }

  /** When member m holds the write at `position`. */
  applyAt(position: number, member: number): number {
    return this.applyUs[(position % this.capacity) * this.members + member];
  }

  setApply(position: number, member: number, atUs: number): void {
    this.applyUs[(position % this.capacity) * this.members + member] = atUs;
  }

  commitAt(position: number): number {
    return this.commitUs[position % this.capacity];
  }

  /** Doubles the capacity, keeping positions [base, end) (the only allocation the ring makes). */
  grow(): void {
    const members = this.members;
    const capacity = this.capacity * 2;
    const ids = new Float64Array(capacity);
    const commitUs = new Float64Array(capacity);
    const clientAcked = new Uint8Array(capacity);
    const applyUs = new Float64Array(capacity * members);
    for (let position = this.base; position < this.end; position++) {
      const from = position % this.capacity;
      const to = position % capacity;
      ids[to] = this.ids[from];
      commitUs[to] = this.commitUs[from];
      clientAcked[to] = this.clientAcked[from];
      applyUs.set(this.applyUs.subarray(from * members, from * members + members), to * members);
    }
    this.capacity = capacity;
    this.ids = ids;
    this.commitUs = commitUs;
    this.clientAcked = clientAcked;
    this.applyUs = applyUs;
  }
}
