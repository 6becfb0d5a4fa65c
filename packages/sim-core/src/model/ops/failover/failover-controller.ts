import { describeValue } from '../../../assert.js';
import type { Distribution } from '../../../distributions/distribution.js';
import type { RandomStream } from '../../../kernel/random-stream.js';
import { distributionFromConfig } from '../../distribution-config.js';
import { throwIfProblems } from '../../resilience/validate.js';
import { validateFailover } from './failover-config.js';
import type { FailoverConfig } from './failover-config.js';
import { planFailover } from './failover-plan.js';
import type { FailoverTimeline } from './failover-plan.js';

/**
 * Where the controller is:
 * - `standby`: armed, no failover in progress;
 * - `deciding`: detected; the decision (and, when manual, the human and the runbook) runs;
 * - `promoting`: the replica is being promoted; the failed primary is still the primary;
 * - `draining`: promoted and routing changed; cached DNS answers drain for one TTL.
 */
export type FailoverPhase = 'standby' | 'deciding' | 'promoting' | 'draining';

/** One failover: which primary failed, which replica replaced it, and when each phase ended. */
export interface FailoverRecord extends FailoverTimeline {
  readonly failedRegion: number;
  readonly newPrimary: number;
}

/** Called at every phase change with the phase entered and when it was entered. */
export type FailoverPhaseHook = (phase: FailoverPhase, atUs: number, record: FailoverRecord) => void;

export interface FailoverControllerOptions {
  /** Routing's DNS TTL, µs (`RoutingConfig.dnsTtlUs`): the redirect part of the RTO. */
  readonly dnsTtlUs: number;
  /** The region (index, as the engine numbers them) of the primary at the start. */
  readonly primary: number;
  readonly onPhase?: FailoverPhaseHook;
}

/** `detected` draws exactly this many `rng.float()` values per call, in every mode and state. */
export const FAILOVER_DRAWS_PER_DETECTION = 1;

/**
 * The active-passive failover controller of one data store. Pure: it schedules nothing itself;
 * after `detected`, the engine schedules an event at `nextAtUs`, calls `advance` there, acts on
 * the phase it returns, and repeats while `nextAtUs >= 0`:
 *
 *   advance → 'promoting': promotion starts (the data layer may fence the old primary);
 *   advance → 'draining' : the replica is the new primary (`primary` changes now; RPO is taken
 *                          here) and routing sends users to it;
 *   advance → 'standby'  : the DNS drain is over; the failover is complete.
 *
 * Policy on repeated detections and failback:
 * - One failover at a time: a detection while one is in progress (a health verdict or an alert
 *   firing again for the same cause) is ignored and counted (`ignoredWhileFailingOver`).
 * - Only the current primary fails over: a detection naming another region is ignored and
 *   counted (`ignoredNotPrimary`). After a failover the old primary is not the primary, so its
 *   alert still firing, or its recovery and a later new failure, never moves the primary back.
 * - No automatic failback: when the old primary's region recovers, nothing happens here (it
 *   rejoins as a replica, the data layer's concern). A failback is a planned switchover.
 * - No abort: once detected, a failover runs to the end even if the primary recovers meanwhile.
 * - Once complete, the controller is armed again for the new primary, which may fail over in turn.
 *
 * Randomness: `detected` takes FAILOVER_DRAWS_PER_DETECTION (1) draw per call, whatever the mode
 * and state: the human's response when it starts a manual failover, a discarded draw otherwise.
 * Give the controller its own named stream. Time never goes backwards across calls.
 */
export class FailoverController {
  readonly config: FailoverConfig;
  readonly dnsTtlUs: number;
  private readonly response: Distribution | null;
  private readonly onPhase: FailoverPhaseHook | undefined;
  private readonly records: FailoverRecord[] = [];
  private primaryRegion: number;
  private phaseNow: FailoverPhase = 'standby';
  private active: FailoverRecord | null = null;
  private lastUs = 0;
  private ignoredBusy = 0;
  private ignoredOther = 0;

  /** Throws a RangeError listing every problem with the config and the options. */
  constructor(config: FailoverConfig, options: FailoverControllerOptions) {
    const problems = validateFailover(config);
    if (!(Number.isSafeInteger(options.dnsTtlUs) && options.dnsTtlUs >= 0)) {
      problems.push(`dnsTtlUs must be a whole number of µs >= 0, got ${describeValue(options.dnsTtlUs)}`);
    }
    if (!isRegion(options.primary)) problems.push(`primary must be a region index (a whole number >= 0), got ${describeValue(options.primary)}`);
    throwIfProblems('FailoverController', problems);
    this.config = config;
    this.dnsTtlUs = options.dnsTtlUs;
    this.primaryRegion = options.primary;
    this.onPhase = options.onPhase;
    this.response = config.mode === 'manual' && config.human !== undefined ? distributionFromConfig(config.human.response) : null;
  }

  /** The region of the primary now; it changes when a promotion completes. */
  get primary(): number {
    return this.primaryRegion;
  }

  get phase(): FailoverPhase {
    return this.phaseNow;
  }

  /** When `advance` is next due, µs; -1 in standby. */
  get nextAtUs(): number {
    const record = this.active;
    if (record === null) return -1;
    if (this.phaseNow === 'deciding') return record.decidedAtUs;
    return this.phaseNow === 'promoting' ? record.promotedAtUs : record.drainedAtUs;
  }

  /** The failover in progress, or null in standby. */
  get current(): FailoverRecord | null {
    return this.active;
  }

  /** Every failover started, in order (the one in progress included). */
  get history(): readonly FailoverRecord[] {
    return this.records;
  }

  /** Detections ignored because a failover was already in progress. */
  get ignoredWhileFailingOver(): number {
    return this.ignoredBusy;
  }

  /** Detections ignored because they named a region that is not the primary. */
  get ignoredNotPrimary(): number {
    return this.ignoredOther;
  }

  /**
   * The engine's verdict at `nowUs` that `failedRegion`'s primary is gone (a health-check flip or
   * the configured alert firing), naming the replica `standbyRegion` to promote. Starts a
   * failover and returns its record (its timeline fixed now), or returns null when the policy
   * ignores the detection. One draw from `rng` either way.
   */
  detected(nowUs: number, failedRegion: number, standbyRegion: number, rng: RandomStream): FailoverRecord | null {
    this.checkNow('detected', nowUs);
    if (!isRegion(failedRegion) || !isRegion(standbyRegion) || failedRegion === standbyRegion) {
      throw new RangeError(`FailoverController.detected: failedRegion and standbyRegion must be different region indexes, got ${describeValue(failedRegion)} and ${describeValue(standbyRegion)}`);
    }
    const draw = this.response === null ? rng.float() : this.response.sample(rng);
    if (this.active !== null) {
      this.ignoredBusy++;
      return null;
    }
    if (failedRegion !== this.primaryRegion) {
      this.ignoredOther++;
      return null;
    }
    const humanResponseUs = this.response === null ? 0 : Math.round(draw);
    const timeline = planFailover(this.config, nowUs, humanResponseUs, this.dnsTtlUs);
    const record: FailoverRecord = { ...timeline, failedRegion, newPrimary: standbyRegion };
    this.records.push(record);
    this.active = record;
    this.enter('deciding', nowUs, record);
    return record;
  }

  /**
   * Performs the phase change due now; `nowUs` must equal `nextAtUs` (the engine scheduled it
   * there), and no call may have come later in between. Returns the phase entered. Throws a
   * RangeError in standby or at any other time. At one instant, a detection delivered before
   * the advance that ends a failover is ignored (busy); one delivered after it starts a new one.
   */
  advance(nowUs: number): FailoverPhase {
    const due = this.nextAtUs;
    if (due < 0 || nowUs !== due) {
      throw new RangeError(`FailoverController.advance: nothing is due at ${describeValue(nowUs)} µs (${due < 0 ? 'no failover in progress' : `next phase change at ${due} µs`})`);
    }
    this.checkNow('advance', nowUs);
    const record = this.active as FailoverRecord;
    if (this.phaseNow === 'deciding') {
      this.enter('promoting', nowUs, record);
    } else if (this.phaseNow === 'promoting') {
      this.primaryRegion = record.newPrimary;
      this.enter('draining', nowUs, record);
    } else {
      this.active = null;
      this.enter('standby', nowUs, record);
    }
    return this.phaseNow;
  }

  /**
   * The data layer made `region` the primary instead of the planned replica (the planned one
   * was down, or another held more of the log), or made no promotion (`region` is the failed
   * primary's): the controller follows the store's real primary, and the failover's record names
   * it. Only while draining, right after the promotion was due.
   */
  primaryIs(region: number): void {
    const record = this.active;
    if (record === null || this.phaseNow !== 'draining' || !isRegion(region)) {
      throw new RangeError(`FailoverController.primaryIs: only right after a promotion, with a region index (phase ${this.phaseNow}, got ${describeValue(region)})`);
    }
    if (region === record.newPrimary) return;
    const corrected: FailoverRecord = { ...record, newPrimary: region };
    this.records[this.records.length - 1] = corrected;
    this.active = corrected;
    this.primaryRegion = region;
  }

  private enter(phase: FailoverPhase, nowUs: number, record: FailoverRecord): void {
    this.phaseNow = phase;
    if (this.onPhase !== undefined) this.onPhase(phase, nowUs, record);
  }

  private checkNow(method: string, nowUs: number): void {
    if (!(Number.isSafeInteger(nowUs) && nowUs >= this.lastUs)) {
      throw new RangeError(`FailoverController.${method}: time must be a whole number of µs, not before ${this.lastUs} µs, got ${describeValue(nowUs)}`);
    }
    this.lastUs = nowUs;
  }
}

function isRegion(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}
