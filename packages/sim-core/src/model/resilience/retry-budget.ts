import { RESILIENCE_WINDOW_SLICES, SlidingCounts } from './sliding-counts.js';
import { checkAtLeast, checkWholeUs, isRecord, prefixOf, throwIfProblems } from './validate.js';

/** A retry budget with every unit resolved; the scenario language parses into this. */
export interface RetryBudgetConfig {
  /** Retries allowed per original request in the window, e.g. 0.1 (>= 0). */
  readonly ratio: number;
  /** Retries allowed per second regardless of traffic, so a quiet client can still retry (>= 0). */
  readonly minRetriesPerS: number;
  /** How long a deposit or a withdrawal counts, µs (> 0). */
  readonly windowUs: number;
}

const DEPOSITS = 0;
const WITHDRAWALS = 1;

/**
 * A token-bucket retry budget as in Finagle's RetryBudget (and gRPC's retry throttling): it caps
 * retries at a share of the traffic, so that when a dependency fails, retries cannot multiply
 * the load on it into a retry storm.
 *
 * Exact semantics. Every first attempt deposits `ratio` tokens (deposit(nowUs)); every retry
 * needs one token (tryWithdraw(nowUs)). A reserve of minRetriesPerS * windowUs / 10^6 tokens is
 * always present and never depleted for good. Deposits and withdrawals are both recorded in a
 * sliding window of windowUs (RESILIENCE_WINDOW_SLICES slices; see SlidingCounts), and both
 * expire with it, as in Finagle's leaky token bucket. With D deposits and W withdrawals in the
 * window at time t, a retry is allowed exactly when
 *
 *     W + 1 <= ratio * D + reserve,
 *
 * evaluated as (W + 1 - reserve) / D <= ratio so that a decimal ratio meets a whole number
 * of retries exactly (0.29 * 100 is 28.999999999999996 in floating point, but 29 / 100 and
 * 0.29 are the same double); this is exact whenever the reserve is a whole number, as it is
 * for whole minRetriesPerS over whole seconds. A refused retry withdraws nothing. Consequently, in the window
 * ending at any allowed retry, retries <= ratio * requests + reserve.
 *
 * Each call is O(1) (at most RESILIENCE_WINDOW_SLICES slices are cleared) and allocates
 * nothing. Time may stand still but never go backwards.
 */
export class RetryBudget {
  readonly config: RetryBudgetConfig;
  /** The tokens that are always there: minRetriesPerS over one window. */
  readonly reserve: number;
  private readonly window: SlidingCounts;
  private allowedCount = 0;
  private refusedCount = 0;

  constructor(config: RetryBudgetConfig) {
    throwIfProblems('RetryBudget', validateRetryBudget(config));
    this.config = config;
    this.reserve = (config.minRetriesPerS * config.windowUs) / 1_000_000;
    this.window = new SlidingCounts('RetryBudget', config.windowUs, 2, RESILIENCE_WINDOW_SLICES);
  }

  /** Records a first attempt at `nowUs`: it adds `ratio` tokens to the window. */
  deposit(nowUs: number): void {
    this.window.advance(nowUs);
    this.window.add(DEPOSITS, 1);
  }

  /** Takes one token for a retry at `nowUs` if the budget allows it (see the class comment). */
  tryWithdraw(nowUs: number): boolean {
    const window = this.window;
    window.advance(nowUs);
    const deposits = window.total(DEPOSITS);
    const needed = window.total(WITHDRAWALS) + 1 - this.reserve;
    if (needed <= 0 || (deposits > 0 && needed / deposits <= this.config.ratio)) {
      window.add(WITHDRAWALS, 1);
      this.allowedCount++;
      return true;
    }
    this.refusedCount++;
    return false;
  }

  /** The tokens available at `nowUs` (may be fractional; below 1 means the next retry is refused). */
  balance(nowUs: number): number {
    this.window.advance(nowUs);
    return this.config.ratio * this.window.total(DEPOSITS) + this.reserve - this.window.total(WITHDRAWALS);
  }

  /** Retries allowed and refused since construction. */
  get retriesAllowed(): number {
    return this.allowedCount;
  }

  get retriesRefused(): number {
    return this.refusedCount;
  }
}

/**
 * The problems in a retry budget, as sentences; empty when it is usable. `name`, when given,
 * prefixes each sentence with the budget's location.
 */
export function validateRetryBudget(config: RetryBudgetConfig, name?: string): string[] {
  const prefix = prefixOf(name);
  const problems: string[] = [];
  if (!isRecord(config)) {
    problems.push(`${prefix}a retry budget must be an object with ratio, minRetriesPerS and windowUs`);
    return problems;
  }
  checkAtLeast(problems, prefix, 'ratio', config.ratio, 0);
  checkAtLeast(problems, prefix, 'minRetriesPerS', config.minRetriesPerS, 0);
  checkWholeUs(problems, prefix, 'windowUs', config.windowUs, 1);
  return problems;
}
