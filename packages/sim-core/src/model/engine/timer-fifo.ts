import type { EventHandler, Simulation } from '../../kernel/simulation.js';

/**
 * Timeouts that all last the same time (one client's attempt timeout, one dependency's call
 * timeout) expire in the order they were set, so they need no heap: a ring buffer of
 * (due time, handle) with ONE kernel event pending, for the head. Setting a timer is an
 * append and cancelling one is free — the owner frees its row, the handle goes stale, and the
 * expiry is skipped when it comes — where a kernel event per timer would cost a heap insert
 * and a heap removal for every request that is answered in time.
 *
 * A timer due before the last one set (a timeout clipped by a request's deadline) does not
 * fit the order: `add` refuses it and the caller schedules a kernel event instead.
 */
export class TimerFifo {
  private due: Float64Array;
  private handles: Float64Array;
  private head = 0;
  private size = 0;
  private pending = false;
  /** True while expiring: a timer set by an expiry is armed after the loop, not inside it. */
  private firing = false;
  private readonly sim: Simulation;
  private readonly expire: EventHandler<number>;
  private readonly isLive: (handle: number) => boolean;

  /**
   * `expire(sim, handle)` runs for a timer that comes due while `isLive(handle)`; timers whose
   * owner is gone are dropped when they reach the head, so they cost no kernel event.
   */
  constructor(sim: Simulation, expire: EventHandler<number>, isLive: (handle: number) => boolean) {
    this.sim = sim;
    this.expire = expire;
    this.isLive = isLive;
    this.due = new Float64Array(1024);
    this.handles = new Float64Array(1024);
  }

  /** Timers set and not yet expired (stale ones included). */
  get length(): number {
    return this.size;
  }

  /** Sets a timer for `handle` at `dueUs`; false when it would come before the last one set. */
  add(dueUs: number, handle: number): boolean {
    const capacity = this.due.length;
    if (this.size > 0 && dueUs < this.due[(this.head + this.size - 1) % capacity]) return false;
    if (this.size === capacity) this.grow();
    const at = (this.head + this.size) % this.due.length;
    this.due[at] = dueUs;
    this.handles[at] = handle;
    this.size++;
    if (!this.pending && !this.firing) this.arm();
    return true;
  }

  private readonly onDue = (sim: Simulation): void => {
    this.pending = false;
    const now = sim.nowUs;
    this.firing = true;
    while (this.size > 0 && this.due[this.head] <= now) {
      const handle = this.handles[this.head];
      this.head = (this.head + 1) % this.due.length;
      this.size--;
      if (this.isLive(handle)) this.expire(sim, handle);
    }
    this.firing = false;
    if (this.size > 0) this.arm();
  };

  /** Drops stale timers at the head, then schedules the kernel event for the first live one. */
  private arm(): void {
    while (this.size > 0 && !this.isLive(this.handles[this.head])) {
      this.head = (this.head + 1) % this.due.length;
      this.size--;
    }
    if (this.size === 0) return;
    this.pending = true;
    this.sim.schedule(this.due[this.head] - this.sim.nowUs, this.onDue, 0);
  }

  /** Doubles the ring, unrolling it so the head is at 0. */
  private grow(): void {
    const capacity = this.due.length;
    const due = new Float64Array(capacity * 2);
    const handles = new Float64Array(capacity * 2);
    for (let k = 0; k < this.size; k++) {
      due[k] = this.due[(this.head + k) % capacity];
      handles[k] = this.handles[(this.head + k) % capacity];
    }
    this.due = due;
    this.handles = handles;
    this.head = 0;
  }
}
