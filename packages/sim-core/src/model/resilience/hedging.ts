import { checkCount, checkWholeUs, isRecord, prefixOf } from './validate.js';

/** Hedged requests with every unit resolved; the scenario language parses into this. */
export interface HedgingConfig {
  /** The wait after the latest attempt was sent before the next hedge goes out, µs (>= 0). */
  readonly delayUs: number;
  /** Extra attempts at most, beyond the first; 0 disables hedging. */
  readonly hedgesMax: number;
}

/** What to do about hedging now: send a hedge, wait for the next due time, or nothing more. */
export type HedgeAction = 'send' | 'wait' | 'none';

export interface HedgeState {
  /** Hedges already sent (the first attempt is not a hedge). */
  readonly hedgesSent: number;
  /** When the latest attempt (the first or the latest hedge) was sent, µs. */
  readonly lastAttemptStartUs: number;
  readonly nowUs: number;
  /** Whether the call has its answer (see below); then nothing more is sent. */
  readonly answered: boolean;
  /** Whether an attempt has just failed in a retryable way; the next hedge is then due at once. */
  readonly attemptFailed: boolean;
}

/**
 * When the next hedge is due, µs: delayUs after the latest attempt was sent, or -1 when
 * hedgesMax hedges have been sent. The engine schedules a timer for it after each send.
 */
export function nextHedgeAtUs(config: HedgingConfig, lastAttemptStartUs: number, hedgesSent: number): number {
  return hedgesSent >= config.hedgesMax ? -1 : lastAttemptStartUs + config.delayUs;
}

/**
 * Whether to send a hedge now, as gRPC's hedging policy decides it:
 * - 'none' once the call is answered or hedgesMax hedges are out;
 * - 'send' when an attempt has just failed in a retryable way (gRPC sends the next hedge at
 *   once instead of waiting out the delay), or when delayUs has passed since the latest send;
 * - 'wait' otherwise (until nextHedgeAtUs).
 *
 * How the engine should run a hedged call:
 * 1. Hedges are attempts: each counts in the attempt metrics, takes server capacity, has its own
 *    attempt timeout, and withdraws a token from the retry budget, if one is configured, before
 *    it is sent (gRPC's throttling covers hedges too); a refused withdrawal skips that hedge.
 * 2. The first answer wins: a success, or a failure the retry policy does not retry (not in
 *    retryOn), completes the call with that outcome. A retryable failure is not an answer while
 *    other attempts are outstanding or hedges remain: it only brings the next hedge forward.
 * 3. The other attempts are then cancelled: their pending client events are cancelled and they
 *    are counted as 'cancelled' attempts (work already under way on a server is wasted, not
 *    undone), and the hedge timer is cancelled.
 * 4. The call's deadline (the retry policy's deadlineUs from the first attempt) still applies:
 *    no hedge is sent at or after it, and at the deadline the outstanding attempts are
 *    cancelled and the call fails with 'timeout'. When every attempt has failed and no hedge
 *    remains, the call fails with the last failure.
 * 5. As in gRPC, a call is either hedged or retried: with hedging, retriesMax is not used.
 */
export function hedgeAction(config: HedgingConfig, state: HedgeState): HedgeAction {
  if (state.answered || state.hedgesSent >= config.hedgesMax) return 'none';
  if (state.attemptFailed || state.nowUs >= state.lastAttemptStartUs + config.delayUs) return 'send';
  return 'wait';
}

/**
 * The problems in a hedging config, as sentences; empty when it is usable. `name`, when given,
 * prefixes each sentence with the config's location.
 */
export function validateHedging(config: HedgingConfig, name?: string): string[] {
  const prefix = prefixOf(name);
  const problems: string[] = [];
  if (!isRecord(config)) {
    problems.push(`${prefix}hedging must be an object with delayUs and hedgesMax`);
    return problems;
  }
  checkWholeUs(problems, prefix, 'delayUs', config.delayUs, 0);
  checkCount(problems, prefix, 'hedgesMax', config.hedgesMax, 0);
  return problems;
}
