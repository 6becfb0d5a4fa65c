import { describeValue } from '../../../assert.js';
import { drainCompleteAtUs } from '../../routing/dns-cohorts.js';
import type { FailoverConfig } from './failover-config.js';

/**
 * When each phase of one failover ends, µs, all fixed at the detection (the one random input,
 * the human's response, is drawn then). For a detection at d:
 *
 *   respondedAtUs        = d + decisionUs + humanResponseUs
 *   runbookStepEndsAtUs  = respondedAtUs + the running sums of the runbook's durations, in order
 *   decidedAtUs          = the last step's end (respondedAtUs when there is none)
 *   promotedAtUs         = decidedAtUs + promotionUs; routing changes at this instant
 *   drainedAtUs          = drainCompleteAtUs(promotedAtUs, dnsTtlUs) = promotedAtUs + dnsTtlUs
 *
 * In automatic mode humanResponseUs is 0 and there are no steps, so decidedAtUs = d + decisionUs.
 */
export interface FailoverTimeline {
  readonly detectedAtUs: number;
  /** The human's response drawn for this failover, whole µs; 0 when automatic. */
  readonly humanResponseUs: number;
  readonly respondedAtUs: number;
  /** One entry per runbook step (empty when automatic): when that step is done. */
  readonly runbookStepEndsAtUs: readonly number[];
  readonly decidedAtUs: number;
  /** The replica accepts writes as the new primary, and routing is changed, at this instant. */
  readonly promotedAtUs: number;
  /** No client still holds a DNS answer from before the routing change. */
  readonly drainedAtUs: number;
}

/**
 * The recovery time of a failed-over fault split into the parts ARCHITECTURE §5 reports:
 *
 *   detectUs   = detectedAtUs − faultStartUs   (time to detect)
 *   decideUs   = decidedAtUs − detectedAtUs    (time to decide: decision, human, runbook)
 *   promoteUs  = promotedAtUs − decidedAtUs    (time to promote)
 *   redirectUs = drainedAtUs − promotedAtUs    (time to redirect: the routing change and the DNS TTL drain)
 *   totalUs    = drainedAtUs − faultStartUs    = the sum of the four
 *
 * This is the control plane's timeline (the modelled RTO). The measured RTO of §5 comes from
 * the users' availability windows (`measureRto`) and agrees with totalUs within about one
 * evaluation window, earlier by the part of the DNS tail that no longer breaks the threshold.
 */
export interface RtoParts {
  readonly detectUs: number;
  readonly decideUs: number;
  readonly promoteUs: number;
  readonly redirectUs: number;
  readonly totalUs: number;
}

/** The sum of a manual config's runbook durations, µs; 0 for an automatic config. */
export function runbookDurationUs(config: FailoverConfig): number {
  if (config.mode !== 'manual' || config.human === undefined) return 0;
  let total = 0;
  for (const step of config.human.runbook) total += step.durationUs;
  return total;
}

/**
 * The timeline of a failover detected at `detectedAtUs` (see FailoverTimeline). The config is
 * assumed valid (`validateFailover`); `humanResponseUs` must be a whole number >= 0 and is
 * ignored (taken as 0) in automatic mode. Throws a RangeError for a bad time or a result
 * beyond the safe integers.
 */
export function planFailover(config: FailoverConfig, detectedAtUs: number, humanResponseUs: number, dnsTtlUs: number): FailoverTimeline {
  checkTime('detectedAtUs', detectedAtUs);
  checkTime('humanResponseUs', humanResponseUs);
  checkTime('dnsTtlUs', dnsTtlUs);
  const manual = config.mode === 'manual';
  const response = manual ? humanResponseUs : 0;
  const respondedAtUs = detectedAtUs + config.decisionUs + response;
  const runbookStepEndsAtUs: number[] = [];
  let at = respondedAtUs;
  if (manual && config.human !== undefined) {
    for (const step of config.human.runbook) {
      at += step.durationUs;
      runbookStepEndsAtUs.push(at);
    }
  }
  const decidedAtUs = at;
  const promotedAtUs = decidedAtUs + config.promotionUs;
  const drainedAtUs = drainCompleteAtUs(promotedAtUs, dnsTtlUs);
  checkTime('the drain end', drainedAtUs);
  return { detectedAtUs, humanResponseUs: response, respondedAtUs, runbookStepEndsAtUs, decidedAtUs, promotedAtUs, drainedAtUs };
}

/** The RTO parts of a fault that started at `faultStartUs` and was failed over by `timeline`. */
export function rtoParts(timeline: FailoverTimeline, faultStartUs: number): RtoParts {
  checkTime('faultStartUs', faultStartUs);
  if (faultStartUs > timeline.detectedAtUs) {
    throw new RangeError(`rtoParts: the fault (at ${faultStartUs} µs) cannot start after its detection (at ${timeline.detectedAtUs} µs)`);
  }
  return {
    detectUs: timeline.detectedAtUs - faultStartUs,
    decideUs: timeline.decidedAtUs - timeline.detectedAtUs,
    promoteUs: timeline.promotedAtUs - timeline.decidedAtUs,
    redirectUs: timeline.drainedAtUs - timeline.promotedAtUs,
    totalUs: timeline.drainedAtUs - faultStartUs,
  };
}

function checkTime(field: string, value: number): void {
  if (!(Number.isSafeInteger(value) && value >= 0)) throw new RangeError(`failover: ${field} must be a whole number of µs >= 0, got ${describeValue(value)}`);
}
