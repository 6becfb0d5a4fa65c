import { describeValue } from '../../assert.js';
import { RESILIENCE_WINDOW_SLICES, SlidingCounts } from './sliding-counts.js';
import { checkCount, checkWholeUs, isRecord, prefixOf, throwIfProblems } from './validate.js';

/** A circuit breaker with every unit resolved; the scenario language parses into this. */
export interface CircuitBreakerConfig {
  /** The breaker opens when the failure rate over the window reaches this, in (0, 1]. */
  readonly failureRateThreshold: number;
  /** ... but only once the window holds at least this many calls (> 0). */
  readonly minimumCalls: number;
  /** The sliding time window the failure rate is measured over, µs (> 0). */
  readonly windowUs: number;
  /** How long an open breaker rejects every call, µs (> 0). */
  readonly openDurationUs: number;
  /** The calls a half-open breaker lets through to probe the dependency (> 0). */
  readonly halfOpenProbes: number;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

/** Called once per transition with the time it took effect. */
export type CircuitTransitionHook = (from: CircuitState, to: CircuitState, atUs: number) => void;

export interface CircuitBreakerOptions {
  /** Set once: the engine logs transitions as events through it. */
  readonly onTransition?: CircuitTransitionHook;
}

const CLOSED = 0;
const OPEN = 1;
const HALF_OPEN = 2;
type StateCode = typeof CLOSED | typeof OPEN | typeof HALF_OPEN;
const STATE_NAMES: readonly CircuitState[] = ['closed', 'open', 'half-open'];

const CALLS = 0;
const FAILURES = 1;

/**
 * A circuit breaker with Resilience4j's time-based semantics, simplified in half-open:
 *
 * - closed: allow() is always true. Each record() adds the outcome to a sliding window of
 *   windowUs (RESILIENCE_WINDOW_SLICES slices; see SlidingCounts); right after it, if the
 *   window holds >= minimumCalls calls and failures / calls >= failureRateThreshold, the
 *   breaker opens at that time.
 * - open: allow() is false until openDurationUs after opening; from that instant exactly, the
 *   breaker is half-open (it changes lazily, when next consulted, but the transition is
 *   reported at the instant it took effect; `halfOpenAtUs` tells an engine when to poll).
 * - half-open: allow() is true for the first halfOpenProbes calls and false after them. A
 *   failure recorded in half-open opens the breaker again at once; halfOpenProbes successes
 *   close it, with an empty window.
 *
 * An outcome is attributed to the state the breaker is in when it is recorded, as in
 * Resilience4j: an outcome recorded while open is dropped, and a late outcome of a call let
 * through while closed counts as a probe result in half-open.
 *
 * Every method is O(1) and allocation-free; time may stand still but never go backwards.
 */
export class CircuitBreaker {
  readonly config: CircuitBreakerConfig;
  private readonly onTransition: CircuitTransitionHook | undefined;
  private readonly window: SlidingCounts;
  private code: StateCode = CLOSED;
  private openedAtUs = 0;
  private probesAllowed = 0;
  private probesSucceeded = 0;
  private lastUs = Number.NEGATIVE_INFINITY;
  private transitionCount = 0;
  private lastTransitionAt = -1;

  constructor(config: CircuitBreakerConfig, options: CircuitBreakerOptions = {}) {
    throwIfProblems('CircuitBreaker', validateCircuitBreaker(config));
    this.config = config;
    this.onTransition = options.onTransition;
    this.window = new SlidingCounts('CircuitBreaker', config.windowUs, 2, RESILIENCE_WINDOW_SLICES);
  }

  /** Whether a call at `nowUs` may go ahead; in half-open a true answer uses up a probe. */
  allow(nowUs: number): boolean {
    this.settle(nowUs);
    if (this.code === CLOSED) return true;
    if (this.code === OPEN) return false;
    if (this.probesAllowed >= this.config.halfOpenProbes) return false;
    this.probesAllowed++;
    return true;
  }

  /** Records the outcome of a call that ended at `nowUs`. */
  record(nowUs: number, success: boolean): void {
    this.settle(nowUs);
    if (this.code === CLOSED) {
      const window = this.window;
      window.advance(nowUs);
      window.add(CALLS, 1);
      if (!success) window.add(FAILURES, 1);
      const calls = window.total(CALLS);
      // failures / calls, not failures >= threshold * calls: the quotient of two whole numbers
      // rounds to the same double as a decimal threshold that equals it (7 / 100 is 0.07).
      if (calls >= this.config.minimumCalls && window.total(FAILURES) / calls >= this.config.failureRateThreshold) {
        this.open(nowUs);
      }
    } else if (this.code === HALF_OPEN) {
      if (!success) {
        this.open(nowUs);
      } else if (++this.probesSucceeded >= this.config.halfOpenProbes) {
        this.window.advance(nowUs);
        this.window.reset();
        this.transition(CLOSED, nowUs);
      }
    }
  }

  /** The state at `nowUs` (an open breaker whose openDurationUs has passed is half-open). */
  state(nowUs: number): CircuitState {
    this.settle(nowUs);
    return STATE_NAMES[this.code];
  }

  /** When an open breaker becomes half-open, µs; -1 when it is not open. */
  get halfOpenAtUs(): number {
    return this.code === OPEN ? this.openedAtUs + this.config.openDurationUs : -1;
  }

  /** Transitions since construction. */
  get transitions(): number {
    return this.transitionCount;
  }

  /** The time of the latest transition, µs; -1 before the first. */
  get lastTransitionUs(): number {
    return this.lastTransitionAt;
  }

  /** The state the latest transition led to ('closed' before the first); it does not settle. */
  get lastTransitionTo(): CircuitState {
    return STATE_NAMES[this.code];
  }

  /** Checks that time does not run backwards and turns an expired open state into half-open. */
  private settle(nowUs: number): void {
    if (!(nowUs >= this.lastUs)) {
      throw new RangeError(`CircuitBreaker: time went backwards from ${this.lastUs} µs to ${nowUs} µs`);
    }
    this.lastUs = nowUs;
    if (this.code === OPEN && nowUs >= this.openedAtUs + this.config.openDurationUs) {
      this.probesAllowed = 0;
      this.probesSucceeded = 0;
      this.transition(HALF_OPEN, this.openedAtUs + this.config.openDurationUs);
    }
  }

  private open(nowUs: number): void {
    this.openedAtUs = nowUs;
    this.transition(OPEN, nowUs);
  }

  private transition(to: StateCode, atUs: number): void {
    const from = this.code;
    this.code = to;
    this.transitionCount++;
    this.lastTransitionAt = atUs;
    if (this.onTransition !== undefined) this.onTransition(STATE_NAMES[from], STATE_NAMES[to], atUs);
  }
}

/**
 * The problems in a circuit breaker, as sentences; empty when it is usable. `name`, when given,
 * prefixes each sentence with the breaker's location.
 */
export function validateCircuitBreaker(config: CircuitBreakerConfig, name?: string): string[] {
  const prefix = prefixOf(name);
  const problems: string[] = [];
  if (!isRecord(config)) {
    problems.push(
      `${prefix}a circuit breaker must be an object with failureRateThreshold, minimumCalls, windowUs, openDurationUs and halfOpenProbes`,
    );
    return problems;
  }
  const threshold: unknown = config.failureRateThreshold;
  if (!(typeof threshold === 'number' && threshold > 0 && threshold <= 1)) {
    problems.push(`${prefix}failureRateThreshold must be a number in (0, 1] (a fraction of calls), got ${describeValue(threshold)}`);
  }
  checkCount(problems, prefix, 'minimumCalls', config.minimumCalls, 1);
  checkWholeUs(problems, prefix, 'windowUs', config.windowUs, 1);
  checkWholeUs(problems, prefix, 'openDurationUs', config.openDurationUs, 1);
  checkCount(problems, prefix, 'halfOpenProbes', config.halfOpenProbes, 1);
  return problems;
}
