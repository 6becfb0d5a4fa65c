import { describeValue } from '../assert.js';
import { EventQueue } from './event-queue.js';
import { RandomStream } from './random-stream.js';
import { TraceDigest } from './trace-digest.js';

/** An event handler. `data` is passed back unchanged, so a model needs no closure per event. */
export type EventHandler<T = undefined> = (sim: Simulation, data: T) => void;

export interface SimulationOptions {
  /** Root seed; every named stream is derived from it. A safe integer. */
  seed: number;
}

export interface RunBounds {
  /**
   * Handle events with time <= untilUs, then set the clock to untilUs (also when the queue
   * empties first, as SimPy's `run(until)` does).
   */
  untilUs?: number;
  /** Handle at most this many events in this call. Default `EVENTS_MAX_DEFAULT`. */
  eventsMax?: number;
}

export type StoppedBy = 'empty' | 'until' | 'eventsMax';

export interface RunResult {
  /** Events handled by this call. */
  events: number;
  /** The clock when the call returned. */
  nowUs: number;
  stoppedBy: StoppedBy;
}

/** A run with no `eventsMax` stops after this many events: a run is always bounded. */
export const EVENTS_MAX_DEFAULT = 1_000_000_000;

/**
 * The discrete-event kernel: a clock in integer microseconds, a future-event set, named
 * random streams and a running trace digest. In the spirit of SimPy's core: small enough
 * to read in one sitting.
 *
 * ```ts
 * const sim = new Simulation({ seed: 42 });
 * sim.schedule(1_000, (sim) => console.log(sim.nowUs)); // prints 1000
 * sim.run({ untilUs: 60_000_000 });
 * ```
 */
export class Simulation {
  readonly seed: number;
  /** The trace digest models fold their events into (see `trace`). */
  readonly digest = new TraceDigest();
  private clockUs = 0;
  private handledTotal = 0;
  private readonly queue = new EventQueue<EventHandler<unknown>>();
  private readonly streams = new Map<string, RandomStream>();

  constructor(options: SimulationOptions) {
    if (options === null || typeof options !== 'object') {
      throw new TypeError(`new Simulation(options) needs an object like { seed: 42 }, got ${describeValue(options)}`);
    }
    const { seed } = options;
    if (!Number.isSafeInteger(seed)) {
      throw new RangeError(`Simulation seed must be a safe integer, got ${describeValue(seed)}`);
    }
    this.seed = seed;
  }

  /** Simulated time in microseconds. */
  get nowUs(): number {
    return this.clockUs;
  }

  /** Events handled since the simulation was created. */
  get eventsHandled(): number {
    return this.handledTotal;
  }

  /** Events scheduled and not yet handled or cancelled. */
  get pending(): number {
    return this.queue.size;
  }

  /**
   * Schedules `handler(sim, data)` to run `delayUs` microseconds from now and returns an id
   * for `cancel`. Events at the same time run in the order they were scheduled.
   */
  schedule<T>(delayUs: number, handler: EventHandler<T>, data?: T): number {
    if (!Number.isSafeInteger(delayUs) || delayUs < 0) {
      throw new RangeError(badDelay(delayUs));
    }
    const timeUs = this.clockUs + delayUs;
    if (!Number.isSafeInteger(timeUs)) {
      throw new RangeError(`schedule(delayUs): now + delay = ${this.clockUs} + ${delayUs} µs is past the largest safe time`);
    }
    if (typeof handler !== 'function') {
      throw new TypeError(`schedule(delayUs, handler): handler must be a function, got ${describeValue(handler)}`);
    }
    return this.queue.push(timeUs, handler as EventHandler<unknown>, data);
  }

  /** Cancels a pending event. Returns false if it already ran or was cancelled. */
  cancel(id: number): boolean {
    if (!Number.isSafeInteger(id) || id < 0) {
      throw new RangeError(`cancel(id): id must be an id returned by schedule(), got ${describeValue(id)}`);
    }
    return this.queue.cancel(id);
  }

  /** Handles the earliest pending event. Returns false when none is left. */
  step(): boolean {
    if (this.queue.size === 0) return false;
    this.dispatch();
    return true;
  }

  /** Handles events until the queue is empty or a bound is reached. */
  run(bounds: RunBounds = {}): RunResult {
    if (bounds === null || typeof bounds !== 'object') {
      throw new TypeError(`run(bounds) needs an object like { untilUs, eventsMax }, got ${describeValue(bounds)}`);
    }
    const untilUs = bounds.untilUs ?? Infinity;
    const eventsMax = bounds.eventsMax ?? EVENTS_MAX_DEFAULT;
    if (untilUs !== Infinity && (!Number.isSafeInteger(untilUs) || untilUs < this.clockUs)) {
      throw new RangeError(`run({ untilUs }): untilUs must be a safe integer >= now (${this.clockUs} µs), got ${describeValue(untilUs)}`);
    }
    if (!Number.isSafeInteger(eventsMax) || eventsMax < 0) {
      throw new RangeError(`run({ eventsMax }): eventsMax must be a safe integer >= 0, got ${describeValue(eventsMax)}`);
    }
    const queue = this.queue;
    let events = 0;
    for (;;) {
      if (queue.size === 0) {
        // Time passes even when nothing happens: a bounded run ends at its bound.
        if (untilUs !== Infinity) this.clockUs = untilUs;
        return { events, nowUs: this.clockUs, stoppedBy: 'empty' };
      }
      if (queue.peekTimeUs() > untilUs) {
        this.clockUs = untilUs;
        return { events, nowUs: untilUs, stoppedBy: 'until' };
      }
      if (events >= eventsMax) return { events, nowUs: this.clockUs, stoppedBy: 'eventsMax' };
      this.dispatch();
      events++;
    }
  }

  /**
   * The named random stream, created on first use. Its draws depend only on the root seed
   * and the name, so adding a stream never changes another stream's draws.
   */
  stream(name: string): RandomStream {
    if (typeof name !== 'string' || name.length === 0) {
      throw new TypeError(`stream(name): name must be a non-empty string like "traffic/us-east", got ${describeValue(name)}`);
    }
    let stream = this.streams.get(name);
    if (stream === undefined) {
      stream = new RandomStream(this.seed, name);
      this.streams.set(name, stream);
    }
    return stream;
  }

  /** Folds `(now, kind, target)` into the trace digest. Kinds and targets are 32-bit ids. */
  trace(kind: number, target: number): void {
    this.digest.fold(this.clockUs, kind, target);
  }

  private dispatch(): void {
    const queue = this.queue;
    const timeUs = queue.peekTimeUs();
    const slot = queue.popSlot();
    const handler = queue.handlers[slot] as EventHandler<unknown>;
    const data = queue.data[slot];
    // Release first, so a handler that schedules again reuses the slot it just freed.
    queue.release(slot);
    this.clockUs = timeUs;
    this.handledTotal++;
    handler(this, data);
  }
}

function badDelay(delayUs: unknown): string {
  const found = describeValue(delayUs);
  if (typeof delayUs !== 'number') return `schedule(delayUs): delay must be a number of microseconds, got ${found}`;
  if (Number.isNaN(delayUs)) return 'schedule(delayUs): delay is NaN';
  if (delayUs < 0) return `schedule(delayUs): negative delay ${found} µs`;
  if (!Number.isFinite(delayUs) || !Number.isSafeInteger(Math.round(delayUs))) return `schedule(delayUs): delay ${found} µs is not a safe integer`;
  return `schedule(delayUs): delay ${found} µs is not a whole number of microseconds (round it: Math.round(delay))`;
}
