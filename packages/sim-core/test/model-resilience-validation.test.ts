import { describe, expect, it } from 'vitest';
import {
  validateCircuitBreaker,
  validateHedging,
  validateRetryBudget,
  validateRetryPolicy,
} from '../src/model/resilience/index.js';
import type { CircuitBreakerConfig, HedgingConfig, RetryBudgetConfig, RetryPolicyConfig } from '../src/model/resilience/index.js';

/** Builds a config with some fields replaced by wrong values, typed as the config (as YAML might deliver it). */
function broken<T>(valid: T, changes: Record<string, unknown>): T {
  return { ...valid, ...changes } as T;
}

const policy: RetryPolicyConfig = {
  attemptTimeoutUs: 1_000_000,
  deadlineUs: 5_000_000,
  retriesMax: 3,
  backoff: { baseUs: 100_000, multiplier: 2, capUs: 1_000_000, jitter: 'full' },
  retryOn: ['timeout', 'error'],
};
const backoffWith = (changes: Record<string, unknown>) => broken(policy, { backoff: { ...policy.backoff, ...changes } });

describe('validateRetryPolicy', () => {
  it('validateRetryPolicy accepts a valid policy (and a zero base, an empty retryOn, equal timeout and deadline)', () => {
    expect(validateRetryPolicy(policy)).toEqual([]);
    expect(validateRetryPolicy({ ...policy, attemptTimeoutUs: 5_000_000, retryOn: [], backoff: { ...policy.backoff, baseUs: 0 } })).toEqual([]);
  });

  it.each<[string, RetryPolicyConfig, string[]]>([
    ['a non-object', null as unknown as RetryPolicyConfig, ['a retry policy must be an object with attemptTimeoutUs, deadlineUs, retriesMax, backoff and retryOn']],
    ['a zero attempt timeout', broken(policy, { attemptTimeoutUs: 0 }), ['attemptTimeoutUs must be a whole number of µs > 0, got 0']],
    ['a fractional deadline', broken(policy, { deadlineUs: 1.5 }), ['deadlineUs must be a whole number of µs > 0, got 1.5']],
    [
      'an attempt timeout past the deadline',
      broken(policy, { attemptTimeoutUs: 6_000_000 }),
      ['attemptTimeoutUs (6000000) exceeds deadlineUs (5000000): the deadline would always end the attempt first'],
    ],
    ['negative retries', broken(policy, { retriesMax: -1 }), ['retriesMax must be a whole number >= 0, got -1']],
    ['a string retry count', broken(policy, { retriesMax: '3' }), ['retriesMax must be a whole number >= 0, got "3"']],
    ['a missing backoff', broken(policy, { backoff: undefined }), ['backoff must be an object with baseUs, multiplier, capUs and jitter']],
    ['a negative base', backoffWith({ baseUs: -5 }), ['backoff.baseUs must be a whole number of µs >= 0, got -5']],
    ['a shrinking multiplier', backoffWith({ multiplier: 0.5 }), ['backoff.multiplier must be a finite number >= 1, got 0.5']],
    ['an infinite multiplier', backoffWith({ multiplier: Infinity }), ['backoff.multiplier must be a finite number >= 1, got Infinity']],
    ['a cap below the base', backoffWith({ capUs: 50_000 }), ['backoff.capUs (50000) is below backoff.baseUs (100000)']],
    ['a NaN cap', backoffWith({ capUs: NaN }), ['backoff.capUs must be a whole number of µs >= 0, got NaN']],
    [
      'a misspelled jitter',
      backoffWith({ jitter: 'ful' }),
      ['backoff.jitter must be one of "none", "full", "equal", got "ful" (did you mean "full"?)'],
    ],
    ['an unknown jitter', backoffWith({ jitter: 'decorrelated' }), ['backoff.jitter must be one of "none", "full", "equal", got "decorrelated"']],
    ['retryOn that is not a list', broken(policy, { retryOn: 'timeout' }), ['retryOn must be a list of failures, each one of "timeout", "error", "rejected"']],
    [
      'an unknown failure in retryOn',
      broken(policy, { retryOn: ['timeout', 'timout', 503] }),
      [
        'retryOn[1] must be one of "timeout", "error", "rejected", got "timout" (did you mean "timeout"?)',
        'retryOn[2] must be one of "timeout", "error", "rejected", got 503',
      ],
    ],
    ['a repeated failure in retryOn', broken(policy, { retryOn: ['error', 'timeout', 'error'] }), ['retryOn lists "error" more than once']],
  ])('validateRetryPolicy reports %s', (_title, config, expected) => {
    expect(validateRetryPolicy(config)).toEqual(expected);
  });

  it('validateRetryPolicy prefixes every problem with the name it is given, in field order', () => {
    expect(validateRetryPolicy(broken(policy, { deadlineUs: -1, retriesMax: 0.5 }), 'traffic.client.retry')).toEqual([
      'traffic.client.retry: deadlineUs must be a whole number of µs > 0, got -1',
      'traffic.client.retry: retriesMax must be a whole number >= 0, got 0.5',
    ]);
  });
});

const budget: RetryBudgetConfig = { ratio: 0.1, minRetriesPerS: 10, windowUs: 10_000_000 };

describe('validateRetryBudget', () => {
  it('validateRetryBudget accepts a valid budget, including zero ratio and zero floor', () => {
    expect(validateRetryBudget(budget)).toEqual([]);
    expect(validateRetryBudget({ ratio: 0, minRetriesPerS: 0, windowUs: 1 })).toEqual([]);
  });

  it.each<[string, RetryBudgetConfig, string[]]>([
    ['a non-object', 'budget' as unknown as RetryBudgetConfig, ['a retry budget must be an object with ratio, minRetriesPerS and windowUs']],
    ['a negative ratio', broken(budget, { ratio: -0.1 }), ['ratio must be a finite number >= 0, got -0.1']],
    ['a NaN floor', broken(budget, { minRetriesPerS: NaN }), ['minRetriesPerS must be a finite number >= 0, got NaN']],
    ['a zero window', broken(budget, { windowUs: 0 }), ['windowUs must be a whole number of µs > 0, got 0']],
    ['a missing window', broken(budget, { windowUs: undefined }), ['windowUs must be a whole number of µs > 0, got undefined']],
  ])('validateRetryBudget reports %s', (_title, config, expected) => {
    expect(validateRetryBudget(config)).toEqual(expected);
  });

  it('validateRetryBudget prefixes every problem with the name it is given', () => {
    expect(validateRetryBudget(broken(budget, { ratio: Infinity }), 'budget')).toEqual(['budget: ratio must be a finite number >= 0, got Infinity']);
  });
});

const breaker: CircuitBreakerConfig = { failureRateThreshold: 0.5, minimumCalls: 20, windowUs: 10_000_000, openDurationUs: 5_000_000, halfOpenProbes: 3 };

describe('validateCircuitBreaker', () => {
  it('validateCircuitBreaker accepts a valid breaker, including a threshold of 1', () => {
    expect(validateCircuitBreaker(breaker)).toEqual([]);
    expect(validateCircuitBreaker({ ...breaker, failureRateThreshold: 1 })).toEqual([]);
  });

  it.each<[string, CircuitBreakerConfig, string[]]>([
    [
      'a non-object',
      [] as unknown as CircuitBreakerConfig,
      ['a circuit breaker must be an object with failureRateThreshold, minimumCalls, windowUs, openDurationUs and halfOpenProbes'],
    ],
    ['a zero threshold', broken(breaker, { failureRateThreshold: 0 }), ['failureRateThreshold must be a number in (0, 1] (a fraction of calls), got 0']],
    ['a percentage threshold', broken(breaker, { failureRateThreshold: 50 }), ['failureRateThreshold must be a number in (0, 1] (a fraction of calls), got 50']],
    ['zero minimum calls', broken(breaker, { minimumCalls: 0 }), ['minimumCalls must be a whole number > 0, got 0']],
    ['a fractional window', broken(breaker, { windowUs: 0.5 }), ['windowUs must be a whole number of µs > 0, got 0.5']],
    ['a negative open duration', broken(breaker, { openDurationUs: -1 }), ['openDurationUs must be a whole number of µs > 0, got -1']],
    ['zero half-open probes', broken(breaker, { halfOpenProbes: 0 }), ['halfOpenProbes must be a whole number > 0, got 0']],
  ])('validateCircuitBreaker reports %s', (_title, config, expected) => {
    expect(validateCircuitBreaker(config)).toEqual(expected);
  });

  it('validateCircuitBreaker prefixes every problem with the name it is given', () => {
    expect(validateCircuitBreaker(broken(breaker, { minimumCalls: 2.5 }), 'dependencies[0].breaker')).toEqual([
      'dependencies[0].breaker: minimumCalls must be a whole number > 0, got 2.5',
    ]);
  });
});

const hedging: HedgingConfig = { delayUs: 50_000, hedgesMax: 1 };

describe('validateHedging', () => {
  it('validateHedging accepts a valid config, including zero delay and zero hedges', () => {
    expect(validateHedging(hedging)).toEqual([]);
    expect(validateHedging({ delayUs: 0, hedgesMax: 0 })).toEqual([]);
  });

  it.each<[string, HedgingConfig, string[]]>([
    ['a non-object', undefined as unknown as HedgingConfig, ['hedging must be an object with delayUs and hedgesMax']],
    ['a negative delay', broken(hedging, { delayUs: -1 }), ['delayUs must be a whole number of µs >= 0, got -1']],
    ['a fractional hedge count', broken(hedging, { hedgesMax: 1.5 }), ['hedgesMax must be a whole number >= 0, got 1.5']],
  ])('validateHedging reports %s', (_title, config, expected) => {
    expect(validateHedging(config)).toEqual(expected);
  });

  it('validateHedging prefixes every problem with the name it is given', () => {
    expect(validateHedging(broken(hedging, { delayUs: '50ms' }), 'traffic.client.hedging')).toEqual([
      'traffic.client.hedging: delayUs must be a whole number of µs >= 0, got "50ms"',
    ]);
  });
});
