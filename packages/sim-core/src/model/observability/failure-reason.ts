/**
 * Why a user request (or an attempt) failed. The engine passes the index into
 * `FAILURE_REASONS` (the reason code) on the hot path, so recording a failure never touches a
 * string.
 */
export type FailureReason =
  | 'timeout'
  | 'error'
  | 'rejected'
  | 'no-healthy-region'
  | 'network-lost'
  | 'breaker-open'
  | 'deadline';

/** Every failure reason; a reason's index here is its code. The order is part of the format. */
export const FAILURE_REASONS: readonly FailureReason[] = Object.freeze([
  'timeout',
  'error',
  'rejected',
  'no-healthy-region',
  'network-lost',
  'breaker-open',
  'deadline',
]);

/** Number of failure reasons, i.e. one past the largest reason code. */
export const FAILURE_REASON_COUNT = FAILURE_REASONS.length;

/** The code of `reason`, resolved once at set-up time rather than per request. */
export function failureReasonCode(reason: FailureReason): number {
  const code = FAILURE_REASONS.indexOf(reason);
  if (code < 0) throw new RangeError(`unknown failure reason ${JSON.stringify(reason)}; expected one of ${FAILURE_REASONS.join(', ')}`);
  return code;
}
