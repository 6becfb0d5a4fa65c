import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RESILIENCE_WINDOW_SLICES, RetryBudget } from '../src/model/resilience/index.js';
import type { RetryBudgetConfig } from '../src/model/resilience/index.js';

/**
 * The reference model: every deposit and withdrawal kept as a timestamp in a plain array,
 * window membership recomputed from scratch by the slice rule (an event at e still counts at t
 * when floor(e * S / W) > floor(t * S / W) - S), and the budget rule W + 1 <= ratio * D + reserve.
 */
class ReferenceBudget {
  readonly deposits: number[] = [];
  readonly withdrawals: number[] = [];
  constructor(readonly config: RetryBudgetConfig) {}

  slice(t: number): number {
    return Math.floor((t * RESILIENCE_WINDOW_SLICES) / this.config.windowUs);
  }

  inWindow(times: readonly number[], t: number): number {
    return times.filter((e) => this.slice(e) > this.slice(t) - RESILIENCE_WINDOW_SLICES).length;
  }

  reserve(): number {
    return (this.config.minRetriesPerS * this.config.windowUs) / 1_000_000;
  }

  deposit(t: number): void {
    this.deposits.push(t);
  }

  tryWithdraw(t: number): boolean {
    const d = this.inWindow(this.deposits, t);
    const needed = this.inWindow(this.withdrawals, t) + 1 - this.reserve();
    // The same division as the budget, so a decimal ratio meets whole numbers exactly.
    const allowed = needed <= 0 || (d > 0 && needed / d <= this.config.ratio);
    if (allowed) this.withdrawals.push(t);
    return allowed;
  }
}

const configs = fc.record({
  ratio: fc.oneof(fc.constantFrom(0, 0.05, 0.1, 0.2, 0.29, 0.5, 1, 2.5), fc.double({ min: 0, max: 3, noNaN: true })),
  minRetriesPerS: fc.constantFrom(0, 0.5, 1, 2, 10),
  // Windows that are not multiples of the slice count, and tiny ones, exercise the slice arithmetic.
  windowUs: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 3_000_000 })),
});

const ops = fc.array(
  fc.record({
    // Most steps are short relative to the window; a few jump past it.
    gap: fc.oneof({ arbitrary: fc.double({ min: 0, max: 0.2, noNaN: true }), weight: 8 }, { arbitrary: fc.double({ min: 0, max: 2, noNaN: true }), weight: 1 }),
    kind: fc.constantFrom('deposit', 'retry', 'retry'),
  }),
  { maxLength: 300 },
);

describe('RetryBudget against a timestamp-array reference model', () => {
  it('tryWithdraw(nowUs) makes the same decisions as the reference for random request/retry sequences (property)', () => {
    fc.assert(
      fc.property(configs, ops, (config, steps) => {
        const budget = new RetryBudget(config);
        const reference = new ReferenceBudget(config);
        let t = 0;
        for (const { gap, kind } of steps) {
          t += Math.floor(gap * config.windowUs);
          if (kind === 'deposit') {
            budget.deposit(t);
            reference.deposit(t);
          } else {
            expect(budget.tryWithdraw(t)).toBe(reference.tryWithdraw(t));
          }
        }
        expect(budget.retriesAllowed).toBe(reference.withdrawals.length);
      }),
      { numRuns: 300 },
    );
  });

  it('tryWithdraw(nowUs) never lets retries in the window exceed ratio * requests + minRetriesPerS * window (property)', () => {
    fc.assert(
      fc.property(configs, ops, (config, steps) => {
        const budget = new RetryBudget(config);
        const reference = new ReferenceBudget(config);
        let t = 0;
        for (const { gap, kind } of steps) {
          t += Math.floor(gap * config.windowUs);
          if (kind === 'deposit') {
            budget.deposit(t);
            reference.deposit(t);
          } else if (budget.tryWithdraw(t)) {
            reference.withdrawals.push(t);
            const retries = reference.inWindow(reference.withdrawals, t);
            const requests = reference.inWindow(reference.deposits, t);
            expect(retries).toBeLessThanOrEqual(config.ratio * requests + reference.reserve() + 1e-9);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('RetryBudget scenarios', () => {
  it('tryWithdraw with ratio 0.1, 2 retries/s and a steady 100 requests/s allows at most r·N + 2/s·W in every 10-slice window', () => {
    const windowUs = 10_000_000;
    const budget = new RetryBudget({ ratio: 0.1, minRetriesPerS: 2, windowUs });
    const sliceUs = windowUs / RESILIENCE_WINDOW_SLICES;
    const requests: number[] = [];
    const retries: number[] = [];
    // One request every 10 ms for 50 s, each followed by a retry attempt: demand far above supply.
    for (let t = 0; t < 50_000_000; t += 10_000) {
      budget.deposit(t);
      requests.push(t);
      if (budget.tryWithdraw(t)) retries.push(t);
    }
    const count = (times: number[], from: number, to: number) => times.filter((x) => x >= from && x < to).length;
    // The first window: 1000 requests, so exactly 0.1 * 1000 + 2 * 10 = 120 retries.
    expect(count(retries, 0, windowUs)).toBe(120);
    for (let from = 0; from + windowUs <= 50_000_000; from += sliceUs) {
      const n = count(requests, from, from + windowUs);
      expect(n).toBe(1000);
      expect(count(retries, from, from + windowUs)).toBeLessThanOrEqual(0.1 * n + 2 * 10);
    }
    expect(budget.retriesAllowed + budget.retriesRefused).toBe(5000);
  });

  it('tryWithdraw allows exactly 29 retries for 100 requests at ratio 0.29 (no floating-point shortfall)', () => {
    for (const [ratio, expected] of [
      [0.29, 29],
      [0.07, 7],
      [0.1, 10],
      [0.3, 30],
    ] as const) {
      const budget = new RetryBudget({ ratio, minRetriesPerS: 0, windowUs: 1_000_000 });
      for (let i = 0; i < 100; i++) budget.deposit(i);
      let allowed = 0;
      while (budget.tryWithdraw(100)) allowed++;
      expect(allowed).toBe(expected);
    }
  });

  it('deposit tokens expire: a deposit counts until its slice leaves the window, then no longer', () => {
    const windowUs = 1_000_000;
    const kept = new RetryBudget({ ratio: 1, minRetriesPerS: 0, windowUs });
    kept.deposit(0);
    expect(kept.tryWithdraw(999_999)).toBe(true);
    const expired = new RetryBudget({ ratio: 1, minRetriesPerS: 0, windowUs });
    expired.deposit(0);
    expect(expired.balance(999_999)).toBe(1);
    expect(expired.tryWithdraw(1_000_000)).toBe(false);
    expect(expired.balance(1_000_000)).toBe(0);
  });

  it('tryWithdraw refuses once the deposits are spent, and withdrawals expire with the window too', () => {
    const budget = new RetryBudget({ ratio: 0.5, minRetriesPerS: 0, windowUs: 1_000_000 });
    for (let i = 0; i < 10; i++) budget.deposit(0);
    for (let i = 0; i < 5; i++) expect(budget.tryWithdraw(0)).toBe(true);
    expect(budget.tryWithdraw(500_000)).toBe(false);
    // New requests at 0.95 s: the old deposits and withdrawals both still count, so 2 more fit.
    for (let i = 0; i < 4; i++) budget.deposit(950_000);
    expect(budget.tryWithdraw(950_000)).toBe(true);
    expect(budget.tryWithdraw(950_000)).toBe(true);
    expect(budget.tryWithdraw(950_000)).toBe(false);
    // At 1 s the first slice has left: 4 deposits (2 tokens) against 2 withdrawals.
    expect(budget.tryWithdraw(1_000_000)).toBe(false);
    expect(budget.retriesAllowed).toBe(7);
    expect(budget.retriesRefused).toBe(3);
  });

  it('tryWithdraw draws on the minRetriesPerS reserve without traffic, and the reserve refills a window later', () => {
    const budget = new RetryBudget({ ratio: 0.1, minRetriesPerS: 2, windowUs: 1_000_000 });
    expect(budget.reserve).toBe(2);
    expect(budget.tryWithdraw(0)).toBe(true);
    expect(budget.tryWithdraw(10)).toBe(true);
    expect(budget.tryWithdraw(20)).toBe(false);
    expect(budget.tryWithdraw(999_999)).toBe(false);
    expect(budget.tryWithdraw(1_000_000)).toBe(true);
  });

  it('deposit and tryWithdraw refuse time that runs backwards', () => {
    const budget = new RetryBudget({ ratio: 0.1, minRetriesPerS: 0, windowUs: 1_000_000 });
    budget.deposit(500);
    expect(() => budget.tryWithdraw(499)).toThrow('RetryBudget: time went backwards from 500 µs to 499 µs');
  });

  it('new RetryBudget(config) throws every problem of an invalid config', () => {
    expect(() => new RetryBudget({ ratio: -1, minRetriesPerS: 0, windowUs: 0 })).toThrow(
      'RetryBudget: invalid config: ratio must be a finite number >= 0, got -1; windowUs must be a whole number of µs > 0, got 0',
    );
  });
});
