// Client- and dependency-side resilience: retries with backoff, retry budgets, circuit
// breakers and hedged requests, each a small allocation-free state machine.
export { RESILIENCE_WINDOW_SLICES } from './sliding-counts.js';
export {
  BACKOFF_JITTERS,
  RETRY_FAILURES,
  attemptTimeoutAtUs,
  backoffBoundUs,
  backoffDelayUs,
  nextAttemptDecision,
  validateRetryPolicy,
} from './retry-policy.js';
export type {
  BackoffConfig,
  BackoffJitter,
  RetryAttemptState,
  RetryDecision,
  RetryDecisionReason,
  RetryFailure,
  RetryPolicyConfig,
} from './retry-policy.js';
export { RetryBudget, validateRetryBudget } from './retry-budget.js';
export type { RetryBudgetConfig } from './retry-budget.js';
export { CircuitBreaker, validateCircuitBreaker } from './circuit-breaker.js';
export type { CircuitBreakerConfig, CircuitBreakerOptions, CircuitState, CircuitTransitionHook } from './circuit-breaker.js';
export { hedgeAction, nextHedgeAtUs, validateHedging } from './hedging.js';
export type { HedgeAction, HedgeState, HedgingConfig } from './hedging.js';
