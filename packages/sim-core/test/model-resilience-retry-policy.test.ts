import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../src/kernel/random-stream.js';
import {
  attemptTimeoutAtUs,
  backoffBoundUs,
  backoffDelayUs,
  nextAttemptDecision,
} from '../src/model/resilience/index.js';
import type { BackoffConfig, BackoffJitter, RetryDecision, RetryPolicyConfig } from '../src/model/resilience/index.js';

function policyWith(overrides: Partial<RetryPolicyConfig> = {}, backoff: Partial<BackoffConfig> = {}): RetryPolicyConfig {
  return {
    attemptTimeoutUs: 1_000_000,
    deadlineUs: 5_000_000,
    retriesMax: 3,
    retryOn: ['timeout', 'error'],
    ...overrides,
    backoff: { baseUs: 100_000, multiplier: 2, capUs: 1_000_000, jitter: 'none', ...backoff },
  };
}

/** A stand-in stream that always returns the same float, to reach the ends of a range. */
const fixed = (u: number) => ({ float: () => u });
const U_MAX = 1 - 2 ** -32;

describe('backoffBoundUs', () => {
  it.each([
    [1, 100_000],
    [2, 200_000],
    [3, 400_000],
    [4, 800_000],
    [5, 1_000_000],
    [60, 1_000_000],
    [5000, 1_000_000],
  ])('backoffBoundUs(base 100 ms, x2, cap 1 s, retry %i) is %i µs', (retryNumber, expected) => {
    expect(backoffBoundUs(policyWith().backoff, retryNumber)).toBe(expected);
  });

  it('backoffBoundUs rounds a fractional bound down (100 x 1.5^3 = 337.5 -> 337)', () => {
    expect(backoffBoundUs({ baseUs: 100, multiplier: 1.5, capUs: 10_000, jitter: 'none' }, 4)).toBe(337);
  });

  it('backoffBoundUs with a zero base is 0 even when multiplier^(n - 1) overflows', () => {
    expect(backoffBoundUs({ baseUs: 0, multiplier: 10, capUs: 10_000, jitter: 'full' }, 5000)).toBe(0);
  });

  it('backoffBoundUs refuses a retry number below 1', () => {
    expect(() => backoffBoundUs(policyWith().backoff, 0)).toThrow('backoff: retryNumber is 1-based, got 0');
  });
});

describe('backoffDelayUs', () => {
  const backoffs = fc.record({
    baseUs: fc.integer({ min: 0, max: 10_000_000 }),
    multiplier: fc.oneof(fc.constantFrom(1, 1.5, 2, 3), fc.double({ min: 1, max: 10, noNaN: true })),
    capExtraUs: fc.integer({ min: 0, max: 100_000_000 }),
    jitter: fc.constantFrom<BackoffJitter>('none', 'full', 'equal'),
  });

  it('backoffDelayUs is a whole number within its jitter range for every retry number (property)', () => {
    fc.assert(
      fc.property(backoffs, fc.integer({ min: 1, max: 200 }), fc.integer(), ({ baseUs, multiplier, capExtraUs, jitter }, n, seed) => {
        const backoff: BackoffConfig = { baseUs, multiplier, capUs: baseUs + capExtraUs, jitter };
        const real = Math.min(backoff.capUs, baseUs * multiplier ** (n - 1));
        const bound = backoffBoundUs(backoff, n);
        expect(bound).toBeLessThanOrEqual(real);
        expect(bound).toBeGreaterThan(real - 1);
        const rng = new RandomStream(seed, 'backoff');
        for (let i = 0; i < 20; i++) {
          const delay = backoffDelayUs({ backoff }, n, rng);
          expect(Number.isSafeInteger(delay)).toBe(true);
          if (jitter === 'none') expect(delay).toBe(bound);
          if (jitter === 'full') {
            expect(delay).toBeGreaterThanOrEqual(0);
            expect(delay).toBeLessThanOrEqual(real);
          }
          if (jitter === 'equal') {
            expect(delay).toBeGreaterThanOrEqual(Math.ceil(bound / 2));
            expect(delay).toBeLessThanOrEqual(bound);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['full', 0, 0],
    ['full', U_MAX, 800_000],
    ['equal', 0, 400_000],
    ['equal', U_MAX, 800_000],
    ['none', 0, 800_000],
  ] as const)("backoffDelayUs with jitter '%s' and float() = %d reaches the end of its range: %i µs", (jitter, u, expected) => {
    expect(backoffDelayUs(policyWith({}, { jitter }), 4, fixed(u))).toBe(expected);
  });

  it('backoffDelayUs takes exactly one draw whatever the jitter, so later draws never shift', () => {
    for (const jitter of ['none', 'full', 'equal'] as const) {
      const used = new RandomStream(7, 'backoff');
      const reference = new RandomStream(7, 'backoff');
      backoffDelayUs(policyWith({}, { jitter }), 3, used);
      reference.float();
      expect(used.float()).toBe(reference.float());
    }
  });

  it('backoffDelayUs with full jitter has mean bound / 2 within the 99.9% interval of 200 000 draws', () => {
    const bound = 1_000_000;
    const policy = policyWith({}, { baseUs: bound, capUs: bound, jitter: 'full' });
    const rng = new RandomStream(2024, 'backoff/mean');
    const n = 200_000;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += backoffDelayUs(policy, 1, rng);
    // Discrete uniform on 0..B: mean B / 2, variance ((B + 1)^2 - 1) / 12.
    const sd = Math.sqrt(((bound + 1) ** 2 - 1) / 12);
    const halfWidth = 3.2905 * (sd / Math.sqrt(n));
    expect(Math.abs(sum / n - bound / 2)).toBeLessThan(halfWidth);
  });

  it('backoffDelayUs with equal jitter has mean 3/4 of the bound within the 99.9% interval', () => {
    const bound = 1_000_000;
    const policy = policyWith({}, { baseUs: bound, capUs: bound, jitter: 'equal' });
    const rng = new RandomStream(2025, 'backoff/mean');
    const n = 200_000;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += backoffDelayUs(policy, 1, rng);
    const half = bound / 2;
    const sd = Math.sqrt(((half + 1) ** 2 - 1) / 12);
    expect(Math.abs(sum / n - (half + half / 2))).toBeLessThan(3.2905 * (sd / Math.sqrt(n)));
  });
});

describe('nextAttemptDecision', () => {
  const attempt = { retriesUsed: 0, firstAttemptStartUs: 0, nowUs: 1_000_000, failure: 'timeout' } as const;

  it('nextAttemptDecision retries a listed failure after the backoff of retry retriesUsed + 1', () => {
    expect(nextAttemptDecision(policyWith(), { ...attempt, retriesUsed: 2 }, fixed(0))).toEqual({ retry: true, delayUs: 400_000, reason: 'retry' });
  });

  it("nextAttemptDecision refuses a failure not in retryOn ('not-retryable') without drawing", () => {
    const rng = new RandomStream(1, 'retry');
    const reference = new RandomStream(1, 'retry');
    const decision = nextAttemptDecision(policyWith(), { ...attempt, failure: 'rejected' }, rng);
    expect(decision).toEqual({ retry: false, delayUs: 0, reason: 'not-retryable' });
    expect(rng.float()).toBe(reference.float());
  });

  it.each(['timeout', 'error', 'rejected'] as const)("nextAttemptDecision with retryOn ['%s'] retries only that failure", (listed) => {
    for (const failure of ['timeout', 'error', 'rejected'] as const) {
      const decision = nextAttemptDecision(policyWith({ retryOn: [listed] }), { ...attempt, failure }, fixed(0.5));
      expect(decision.retry).toBe(failure === listed);
      expect(decision.reason).toBe(failure === listed ? 'retry' : 'not-retryable');
    }
  });

  it("nextAttemptDecision refuses once retriesUsed reaches retriesMax ('retries-exhausted')", () => {
    expect(nextAttemptDecision(policyWith(), { ...attempt, retriesUsed: 3 }, fixed(0))).toEqual({
      retry: false,
      delayUs: 0,
      reason: 'retries-exhausted',
    });
    expect(nextAttemptDecision(policyWith({ retriesMax: 0 }), attempt, fixed(0)).reason).toBe('retries-exhausted');
  });

  it("nextAttemptDecision refuses a retry that would start at or after the deadline ('deadline')", () => {
    // Deadline at 1 s + 5 s = 6 s; the first retry waits 100 ms without jitter.
    const policy = policyWith();
    const base = { retriesUsed: 0, firstAttemptStartUs: 1_000_000, failure: 'error' } as const;
    expect(nextAttemptDecision(policy, { ...base, nowUs: 5_899_999 }, fixed(0))).toEqual({ retry: true, delayUs: 100_000, reason: 'retry' });
    expect(nextAttemptDecision(policy, { ...base, nowUs: 5_900_000 }, fixed(0))).toEqual({ retry: false, delayUs: 0, reason: 'deadline' });
    expect(nextAttemptDecision(policy, { ...base, nowUs: 7_000_000 }, fixed(0)).reason).toBe('deadline');
  });

  it('nextAttemptDecision fills and returns `out` when given, so the hot path allocates nothing', () => {
    const out: RetryDecision = { retry: true, delayUs: 99, reason: 'retry' };
    expect(nextAttemptDecision(policyWith(), { ...attempt, failure: 'rejected' }, fixed(0), out)).toBe(out);
    expect(out).toEqual({ retry: false, delayUs: 0, reason: 'not-retryable' });
  });
});

describe('attemptTimeoutAtUs', () => {
  it('attemptTimeoutAtUs is attemptTimeoutUs after the attempt start, or the deadline if that is earlier', () => {
    const policy = policyWith(); // 1 s per attempt, 5 s deadline
    expect(attemptTimeoutAtUs(policy, 0, 0)).toBe(1_000_000);
    expect(attemptTimeoutAtUs(policy, 0, 3_500_000)).toBe(4_500_000);
    expect(attemptTimeoutAtUs(policy, 0, 4_500_000)).toBe(5_000_000);
  });
});
