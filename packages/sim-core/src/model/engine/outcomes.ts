import { FAILURE_REASONS } from '../observability/failure-reason.js';
import type { TraceOutcome } from '../observability/trace-sampler.js';
import type { RetryFailure } from '../resilience/retry-policy.js';
import { STAT_BREAKER_OPEN, STAT_ERRORS, STAT_REJECTED, STAT_TIMEOUTS } from './tables.js';

// Outcome codes: a failure is its FAILURE_REASONS index, so it is recorded without a lookup.
export const R_TIMEOUT = 0;
export const R_ERROR = 1;
export const R_REJECTED = 2;
export const R_NO_REGION = 3;
export const R_LOST = 4;
export const R_BREAKER = 5;
export const R_DEADLINE = 6;
export const OUT_OK = 100;
export const OUT_DEGRADED = 101;

// Kinds folded into the trace digest.
export const DIGEST_SUCCESS = 1;
export const DIGEST_FAILURE = 2;
export const DIGEST_FAULT = 3;
export const DIGEST_HEALTH = 4;
export const DIGEST_SCALE = 5;
export const DIGEST_DEPLOY = 6;

/** Lifecycle keys pack (life, instance, group); groups and instances must fit their fields. */
export const GROUPS_MAX = 1024;
export const INSTANCE_SLOTS = 1_048_576;
export const US_PER_HOUR = 3_600_000_000;
/** Weight of the newest answer in a region's latency estimate (latency-based routing). */
export const LATENCY_ESTIMATE_WEIGHT = 0.05;

export function isOk(outcome: number): boolean {
  return outcome === OUT_OK || outcome === OUT_DEGRADED;
}

export function traceOutcome(outcome: number): TraceOutcome {
  if (outcome === OUT_OK) return 'success';
  if (outcome === OUT_DEGRADED) return 'degraded';
  return FAILURE_REASONS[outcome];
}

export function retryFailureOf(outcome: number): RetryFailure {
  if (outcome === R_TIMEOUT || outcome === R_LOST) return 'timeout';
  if (outcome === R_REJECTED) return 'rejected';
  return 'error';
}

export function roundUs(value: number): number {
  return value > 0 ? Math.round(value) : 0;
}

export function statOfFailure(outcome: number): number {
  if (outcome === R_TIMEOUT || outcome === R_LOST) return STAT_TIMEOUTS;
  if (outcome === R_REJECTED) return STAT_REJECTED;
  if (outcome === R_BREAKER) return STAT_BREAKER_OPEN;
  return STAT_ERRORS;
}

