import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker, RESILIENCE_WINDOW_SLICES } from '../src/model/resilience/index.js';
import type { CircuitBreakerConfig, CircuitState } from '../src/model/resilience/index.js';

type Transition = [from: CircuitState, to: CircuitState, atUs: number];

/**
 * The reference model: outcomes kept as (time, ok) pairs in a plain array, the window
 * recomputed from scratch by the slice rule on every record, the state in a string.
 */
class ReferenceBreaker {
  state: CircuitState = 'closed';
  outcomes: { t: number; ok: boolean }[] = [];
  openedAt = 0;
  probes = 0;
  successes = 0;
  readonly transitions: Transition[] = [];
  constructor(readonly config: CircuitBreakerConfig) {}

  private slice(t: number): number {
    return Math.floor((t * RESILIENCE_WINDOW_SLICES) / this.config.windowUs);
  }

  private go(to: CircuitState, at: number): void {
    this.transitions.push([this.state, to, at]);
    this.state = to;
  }

  private settle(t: number): void {
    if (this.state === 'open' && t >= this.openedAt + this.config.openDurationUs) {
      this.go('half-open', this.openedAt + this.config.openDurationUs);
      this.probes = 0;
      this.successes = 0;
    }
  }

  allow(t: number): boolean {
    this.settle(t);
    if (this.state === 'closed') return true;
    if (this.state === 'open') return false;
    if (this.probes < this.config.halfOpenProbes) {
      this.probes++;
      return true;
    }
    return false;
  }

  record(t: number, ok: boolean): void {
    this.settle(t);
    if (this.state === 'closed') {
      this.outcomes.push({ t, ok });
      const window = this.outcomes.filter((o) => this.slice(o.t) > this.slice(t) - RESILIENCE_WINDOW_SLICES);
      const failures = window.filter((o) => !o.ok).length;
      if (window.length >= this.config.minimumCalls && failures / window.length >= this.config.failureRateThreshold) {
        this.openedAt = t;
        this.go('open', t);
      }
    } else if (this.state === 'half-open') {
      if (!ok) {
        this.openedAt = t;
        this.go('open', t);
      } else if (++this.successes >= this.config.halfOpenProbes) {
        this.outcomes = [];
        this.go('closed', t);
      }
    }
  }

  stateAt(t: number): CircuitState {
    this.settle(t);
    return this.state;
  }
}

function recordingBreaker(config: CircuitBreakerConfig): { breaker: CircuitBreaker; seen: Transition[] } {
  const seen: Transition[] = [];
  const breaker = new CircuitBreaker(config, { onTransition: (from, to, atUs) => seen.push([from, to, atUs]) });
  return { breaker, seen };
}

const configs = fc.record({
  failureRateThreshold: fc.oneof(fc.constantFrom(0.07, 0.25, 0.5, 0.51, 1), fc.double({ min: 0.01, max: 1, noNaN: true })),
  minimumCalls: fc.integer({ min: 1, max: 8 }),
  windowUs: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 2_000_000 })),
  openDurationUs: fc.integer({ min: 1, max: 2_000_000 }),
  halfOpenProbes: fc.integer({ min: 1, max: 4 }),
});

const ops = fc.array(
  fc.record({
    // Gaps relative to the larger of window and open duration: mostly short, now and then long.
    gap: fc.oneof({ arbitrary: fc.constant(0), weight: 2 }, { arbitrary: fc.double({ min: 0, max: 0.15, noNaN: true }), weight: 6 }, { arbitrary: fc.double({ min: 0, max: 1.5, noNaN: true }), weight: 1 }),
    op: fc.constantFrom('allow', 'success', 'failure', 'failure', 'state'),
  }),
  { maxLength: 300 },
);

describe('CircuitBreaker against a reference model', () => {
  it('allow, record and state agree with an array-based reference on random call sequences, transitions included (property)', () => {
    fc.assert(
      fc.property(configs, ops, (config, steps) => {
        const { breaker, seen } = recordingBreaker(config);
        const reference = new ReferenceBreaker(config);
        const scale = Math.max(config.windowUs, config.openDurationUs);
        let t = 0;
        for (const { gap, op } of steps) {
          t += Math.floor(gap * scale);
          if (op === 'allow') expect(breaker.allow(t)).toBe(reference.allow(t));
          else if (op === 'state') expect(breaker.state(t)).toBe(reference.stateAt(t));
          else {
            breaker.record(t, op === 'success');
            reference.record(t, op === 'success');
          }
        }
        expect(breaker.state(t)).toBe(reference.stateAt(t));
        expect(seen).toEqual(reference.transitions);
        expect(breaker.transitions).toBe(reference.transitions.length);
        expect(breaker.lastTransitionUs).toBe(reference.transitions.at(-1)?.[2] ?? -1);
      }),
      { numRuns: 400 },
    );
  });
});

describe('CircuitBreaker scenarios', () => {
  const config: CircuitBreakerConfig = {
    failureRateThreshold: 0.5,
    minimumCalls: 4,
    windowUs: 10_000_000,
    openDurationUs: 1_000_000,
    halfOpenProbes: 2,
  };

  it('record opens the breaker at the threshold only once the window holds minimumCalls calls', () => {
    const breaker = new CircuitBreaker(config);
    breaker.record(0, false);
    breaker.record(1, false);
    breaker.record(2, false);
    // Three failures out of three is a 100% failure rate, but below minimumCalls.
    expect(breaker.state(2)).toBe('closed');
    breaker.record(3, true);
    expect(breaker.state(3)).toBe('open');
    expect(breaker.allow(3)).toBe(false);
  });

  it('record opens the breaker when the failure rate equals the threshold exactly, not below it', () => {
    const atThreshold = new CircuitBreaker(config);
    for (const ok of [true, false, true, false]) atThreshold.record(10, ok);
    expect(atThreshold.state(10)).toBe('open');
    const below = new CircuitBreaker(config);
    for (const ok of [true, true, true, false, true, false, true, false]) below.record(10, ok);
    expect(below.state(10)).toBe('closed');
  });

  it('record opens at a decimal threshold met exactly (7 failures in 100 calls at 0.07, where 0.07 * 100 > 7 in floating point)', () => {
    const exact = { ...config, failureRateThreshold: 0.07, minimumCalls: 100 };
    for (const [failures, expected] of [
      [7, 'open'],
      [6, 'closed'],
    ] as const) {
      const breaker = new CircuitBreaker(exact);
      for (let i = 0; i < 100; i++) breaker.record(i, i < 100 - failures);
      expect(breaker.state(100)).toBe(expected);
    }
  });

  it('record forgets outcomes once they leave the sliding window', () => {
    const breaker = new CircuitBreaker(config);
    for (let i = 0; i < 3; i++) breaker.record(0, false);
    // At 10 s the slice holding the three failures has left the window: one failure of one call.
    breaker.record(10_000_000, false);
    expect(breaker.state(10_000_000)).toBe('closed');
    for (let i = 0; i < 3; i++) breaker.record(10_000_000, false);
    expect(breaker.state(10_000_000)).toBe('open');
  });

  it('allow stays false for openDurationUs, then the breaker is half-open from that exact instant', () => {
    const breaker = new CircuitBreaker(config);
    for (let i = 0; i < 4; i++) breaker.record(5, false);
    expect(breaker.halfOpenAtUs).toBe(1_000_005);
    expect(breaker.allow(1_000_004)).toBe(false);
    expect(breaker.state(1_000_004)).toBe('open');
    expect(breaker.state(1_000_005)).toBe('half-open');
    expect(breaker.halfOpenAtUs).toBe(-1);
  });

  it('allow in half-open lets halfOpenProbes calls through; their successes close the breaker with an empty window', () => {
    const { breaker, seen } = recordingBreaker(config);
    for (let i = 0; i < 4; i++) breaker.record(0, false);
    expect(breaker.allow(2_000_000)).toBe(true);
    expect(breaker.allow(2_000_000)).toBe(true);
    expect(breaker.allow(2_000_001)).toBe(false);
    breaker.record(2_100_000, true);
    expect(breaker.state(2_100_000)).toBe('half-open');
    breaker.record(2_200_000, true);
    expect(breaker.state(2_200_000)).toBe('closed');
    // The four failures before opening are forgotten: three new failures do not reach minimumCalls.
    for (let i = 0; i < 3; i++) breaker.record(2_300_000, false);
    expect(breaker.state(2_300_000)).toBe('closed');
    expect(seen).toEqual([
      ['closed', 'open', 0],
      ['open', 'half-open', 1_000_000],
      ['half-open', 'closed', 2_200_000],
    ]);
  });

  it('record of a probe failure in half-open reopens the breaker for a full openDurationUs', () => {
    const { breaker, seen } = recordingBreaker(config);
    for (let i = 0; i < 4; i++) breaker.record(0, false);
    expect(breaker.allow(1_500_000)).toBe(true);
    expect(breaker.allow(1_500_000)).toBe(true);
    breaker.record(1_600_000, true);
    breaker.record(1_700_000, false);
    expect(breaker.state(1_700_000)).toBe('open');
    expect(breaker.allow(2_699_999)).toBe(false);
    expect(breaker.allow(2_700_000)).toBe(true);
    expect(seen).toEqual([
      ['closed', 'open', 0],
      ['open', 'half-open', 1_000_000],
      ['half-open', 'open', 1_700_000],
      ['open', 'half-open', 2_700_000],
    ]);
    expect(breaker.transitions).toBe(4);
    expect(breaker.lastTransitionUs).toBe(2_700_000);
    expect(breaker.lastTransitionTo).toBe('half-open');
  });

  it('record while open drops the outcome (it changes neither state nor window)', () => {
    const breaker = new CircuitBreaker(config);
    for (let i = 0; i < 4; i++) breaker.record(0, false);
    for (let i = 0; i < 10; i++) breaker.record(500_000, true);
    expect(breaker.state(999_999)).toBe('open');
    expect(breaker.transitions).toBe(1);
  });

  it('allow, record and state refuse time that runs backwards', () => {
    const breaker = new CircuitBreaker(config);
    breaker.allow(100);
    expect(() => breaker.record(99, true)).toThrow('CircuitBreaker: time went backwards from 100 µs to 99 µs');
  });

  it('new CircuitBreaker(config) throws every problem of an invalid config', () => {
    expect(() => new CircuitBreaker({ ...config, failureRateThreshold: 0, halfOpenProbes: 0 })).toThrow(
      'CircuitBreaker: invalid config: failureRateThreshold must be a number in (0, 1] (a fraction of calls), got 0; halfOpenProbes must be a whole number > 0, got 0',
    );
  });
});
