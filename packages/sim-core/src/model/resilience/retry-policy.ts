import type { RandomStream } from '../../kernel/random-stream.js';
import { checkAtLeast, checkCount, checkOneOf, checkWholeUs, isRecord, prefixOf } from './validate.js';

/** Why an attempt failed, as the retry policy sees it. */
export type RetryFailure = 'timeout' | 'error' | 'rejected';

/** How a backoff delay is randomised (the names of the AWS Architecture Blog's variants). */
export type BackoffJitter = 'none' | 'full' | 'equal';

export const RETRY_FAILURES: readonly RetryFailure[] = ['timeout', 'error', 'rejected'];
export const BACKOFF_JITTERS: readonly BackoffJitter[] = ['none', 'full', 'equal'];

/** Exponential backoff: retry n waits up to min(capUs, baseUs * multiplier^(n - 1)) µs. */
export interface BackoffConfig {
  /** The bound for the first retry, µs, a whole number >= 0. */
  readonly baseUs: number;
  /** The growth of the bound per retry, >= 1. */
  readonly multiplier: number;
  /** The largest bound, µs, a whole number >= baseUs. */
  readonly capUs: number;
  readonly jitter: BackoffJitter;
}

/**
 * A client's retry policy with every unit resolved; the scenario language parses into this.
 * Validate it once with validateRetryPolicy: the hot-path functions below trust it.
 */
export interface RetryPolicyConfig {
  /** One attempt is abandoned as a 'timeout' after this long, µs (> 0). */
  readonly attemptTimeoutUs: number;
  /** The whole call, counted from the start of the first attempt, ends after this long, µs (> 0). */
  readonly deadlineUs: number;
  /** Retries after the first attempt; 0 disables retrying. */
  readonly retriesMax: number;
  readonly backoff: BackoffConfig;
  /** The failures worth another attempt; the others end the call at once. */
  readonly retryOn: readonly RetryFailure[];
}

/**
 * The deterministic bound of the delay before retry `retryNumber` (1-based), µs:
 * floor(min(capUs, baseUs * multiplier^(retryNumber - 1))). Rounding down keeps every
 * jittered delay within the real-valued bound and whole, as the kernel requires.
 */
export function backoffBoundUs(backoff: BackoffConfig, retryNumber: number): number {
  if (!(Number.isSafeInteger(retryNumber) && retryNumber >= 1)) {
    throw new RangeError(`backoff: retryNumber is 1-based, got ${retryNumber}`);
  }
  // A zero base stays zero; without this, 0 * Infinity (a huge retry number) would be NaN.
  if (backoff.baseUs === 0) return 0;
  const grown = backoff.baseUs * Math.pow(backoff.multiplier, retryNumber - 1);
  return grown < backoff.capUs ? Math.floor(grown) : backoff.capUs;
}

/**
 * The delay before retry `retryNumber` (1-based), µs, a whole number. With B the bound above:
 * - 'none': B;
 * - 'full': uniform on the whole numbers 0..B (mean B / 2);
 * - 'equal': half fixed, half random: ceil(B / 2) + uniform on 0..floor(B / 2).
 *
 * Every variant takes exactly one draw from `rng`, so switching the jitter in a what-if run
 * never shifts the later draws of the stream (common random numbers).
 */
export function backoffDelayUs(policy: Pick<RetryPolicyConfig, 'backoff'>, retryNumber: number, rng: Pick<RandomStream, 'float'>): number {
  const bound = backoffBoundUs(policy.backoff, retryNumber);
  const u = rng.float();
  switch (policy.backoff.jitter) {
    case 'none':
      return bound;
    case 'full':
      return Math.floor(u * (bound + 1));
    case 'equal': {
      const half = Math.floor(bound / 2);
      return bound - half + Math.floor(u * (half + 1));
    }
  }
}

/** The state of a call after a failed attempt, as nextAttemptDecision needs it. */
export interface RetryAttemptState {
  /** Retries already made (0 after the first attempt failed). */
  readonly retriesUsed: number;
  readonly firstAttemptStartUs: number;
  /** When the attempt failed. */
  readonly nowUs: number;
  readonly failure: RetryFailure;
}

export type RetryDecisionReason = 'retry' | 'not-retryable' | 'retries-exhausted' | 'deadline';

export interface RetryDecision {
  retry: boolean;
  /** The backoff before the retry, µs; 0 when not retrying. */
  delayUs: number;
  reason: RetryDecisionReason;
}

/**
 * Whether to retry after a failed attempt, and after how long. Checked in this order:
 * 1. a failure not listed in `retryOn` ends the call ('not-retryable');
 * 2. `retriesUsed >= retriesMax` ends it ('retries-exhausted');
 * 3. the backoff of retry `retriesUsed + 1` is drawn (one draw; the only draw made);
 * 4. a retry that would start at or after firstAttemptStartUs + deadlineUs ends the call
 *    ('deadline'): it would have no time left to answer in;
 * 5. otherwise retry after the delay ('retry').
 * A retry budget, if any, is consulted by the caller only after a 'retry' decision, so a call
 * that would not retry anyway never spends a token. Pass `out` to reuse one decision object on
 * the hot path; without it a new one is returned.
 */
export function nextAttemptDecision(
  policy: RetryPolicyConfig,
  attempt: RetryAttemptState,
  rng: Pick<RandomStream, 'float'>,
  out: RetryDecision = { retry: false, delayUs: 0, reason: 'retry' },
): RetryDecision {
  out.retry = false;
  out.delayUs = 0;
  if (!policy.retryOn.includes(attempt.failure)) {
    out.reason = 'not-retryable';
    return out;
  }
  if (attempt.retriesUsed >= policy.retriesMax) {
    out.reason = 'retries-exhausted';
    return out;
  }
  const delayUs = backoffDelayUs(policy, attempt.retriesUsed + 1, rng);
  if (attempt.nowUs + delayUs >= attempt.firstAttemptStartUs + policy.deadlineUs) {
    out.reason = 'deadline';
    return out;
  }
  out.retry = true;
  out.delayUs = delayUs;
  out.reason = 'retry';
  return out;
}

/**
 * When an attempt started at `attemptStartUs` times out: after attemptTimeoutUs, or at the
 * call's deadline if that comes first, so no attempt outlives the call it belongs to.
 */
export function attemptTimeoutAtUs(policy: RetryPolicyConfig, firstAttemptStartUs: number, attemptStartUs: number): number {
  return Math.min(attemptStartUs + policy.attemptTimeoutUs, firstAttemptStartUs + policy.deadlineUs);
}

/**
 * The problems in a retry policy, as sentences; empty when it is usable. `name`, when given,
 * prefixes each sentence with the policy's location.
 */
export function validateRetryPolicy(config: RetryPolicyConfig, name?: string): string[] {
  const prefix = prefixOf(name);
  const problems: string[] = [];
  if (!isRecord(config)) {
    problems.push(`${prefix}a retry policy must be an object with attemptTimeoutUs, deadlineUs, retriesMax, backoff and retryOn`);
    return problems;
  }
  const timeoutOk = checkWholeUs(problems, prefix, 'attemptTimeoutUs', config.attemptTimeoutUs, 1);
  const deadlineOk = checkWholeUs(problems, prefix, 'deadlineUs', config.deadlineUs, 1);
  if (timeoutOk && deadlineOk && config.attemptTimeoutUs > config.deadlineUs) {
    problems.push(
      `${prefix}attemptTimeoutUs (${config.attemptTimeoutUs}) exceeds deadlineUs (${config.deadlineUs}): the deadline would always end the attempt first`,
    );
  }
  checkCount(problems, prefix, 'retriesMax', config.retriesMax, 0);
  const backoff: unknown = config.backoff;
  if (!isRecord(backoff)) {
    problems.push(`${prefix}backoff must be an object with baseUs, multiplier, capUs and jitter`);
  } else {
    const baseOk = checkWholeUs(problems, prefix, 'backoff.baseUs', backoff.baseUs, 0);
    checkAtLeast(problems, prefix, 'backoff.multiplier', backoff.multiplier, 1);
    const capOk = checkWholeUs(problems, prefix, 'backoff.capUs', backoff.capUs, 0);
    if (baseOk && capOk && (backoff.capUs as number) < (backoff.baseUs as number)) {
      problems.push(`${prefix}backoff.capUs (${String(backoff.capUs)}) is below backoff.baseUs (${String(backoff.baseUs)})`);
    }
    checkOneOf(problems, prefix, 'backoff.jitter', backoff.jitter, BACKOFF_JITTERS);
  }
  const retryOn: unknown = config.retryOn;
  if (!Array.isArray(retryOn)) {
    problems.push(`${prefix}retryOn must be a list of failures, each one of "timeout", "error", "rejected"`);
  } else {
    retryOn.forEach((failure: unknown, index) => {
      if (checkOneOf(problems, prefix, `retryOn[${index}]`, failure, RETRY_FAILURES) && retryOn.indexOf(failure) !== index) {
        problems.push(`${prefix}retryOn lists "${String(failure)}" more than once`);
      }
    });
  }
  return problems;
}
