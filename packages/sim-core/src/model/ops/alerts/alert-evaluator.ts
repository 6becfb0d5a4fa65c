import { describeValue } from '../../../assert.js';
import { throwIfProblems } from '../../resilience/validate.js';
import type { AlertingConfig, AlertRuleConfig } from './alert-config.js';
import { AlertNotifier } from './alert-notifier.js';
import type { AlertPageHook } from './alert-notifier.js';
import type { AlertFiring, AlertPage, AlertSubject, MutableAlertFiring } from './alert-records.js';
import { buildAlertReport } from './alert-report.js';
import type { AlertReport } from './alert-report.js';
import { validateAlerting } from './alert-validate.js';
import { firstDetection } from './time-to-detect.js';

/**
 * The engine's reading of rule `ruleIndex`'s metric over its scope, now; null when there is no
 * data (no requests in the window, no replica to lag). Pass one preallocated function: it is
 * called once per due rule per evaluation.
 */
export type AlertReader = (ruleIndex: number) => number | null;

/** Called when a firing starts, and again when it resolves (its `endsAtUs` then set). */
export type AlertFiringHook = (firing: AlertFiring) => void;

export interface AlertEvaluatorOptions {
  /** Every rule's first evaluation, µs (a whole number >= 0; default 0). */
  readonly startUs?: number;
  /** The metrics the engine can read (default ALERT_METRICS). */
  readonly metrics?: readonly string[];
  readonly onFiring?: AlertFiringHook;
  readonly onResolved?: AlertFiringHook;
  readonly onPage?: AlertPageHook;
}

const INACTIVE = 0;
const PENDING = 1;
const FIRING = 2;
const COMPARATORS = ['>', '>=', '<', '<='] as const;

/**
 * Prometheus alerting rules with Alertmanager's grouping and inhibition (`AlertNotifier`).
 *
 * Schedule. Rule r is evaluated at startUs + k·evaluationIntervalUs(r), k = 0, 1, 2, ...
 * The engine schedules an event at `nextEventUs()` and calls `evaluate` there; at each call
 * it must not have skipped a rule's evaluation (nowUs <= nextEvaluationUs(), else RangeError),
 * but it may skip notification ticks: they are then run late, at their exact times, on the
 * firing state that held then (nothing changes between evaluations), so pages are the same;
 * only the onPage hook is called late. Schedule at nextEventUs() to act on pages on time.
 *
 * State per rule, at each of its evaluations at t with reading v (exactly as Prometheus):
 * the condition holds when v is a number (not null, not NaN) and `v <comparator> threshold`.
 * - inactive, holds: pending, activeAt = t; then (same evaluation) the pending check below.
 * - pending, holds: if t − activeAt >= forUs, firing from t (forUs = 0 fires at once).
 * - pending, fails: inactive (a "pending reset", counted per rule).
 * - firing, holds: stays firing. Firing, fails: resolved at t (endsAtUs = t), inactive.
 * So a condition that becomes true at s fires at the first evaluation >= s' + forUs, where s'
 * is the first evaluation >= s, if it holds at every evaluation in between.
 *
 * Within one call, in order: notification ticks before nowUs; the rules due at nowUs, in
 * config order; ticks at nowUs (so a page at t carries alerts that fired at t). Without
 * transitions a call allocates nothing; a transition allocates one record. Time never goes
 * backwards. No randomness.
 */
export class AlertEvaluator {
  readonly config: AlertingConfig;
  readonly startUs: number;
  private readonly rules: readonly AlertRuleConfig[];
  private readonly state: Uint8Array;
  private readonly comparator: Uint8Array;
  private readonly activeAt: Float64Array;
  private readonly nextDue: Float64Array;
  private readonly resets: Float64Array;
  private readonly current: (MutableAlertFiring | null)[];
  private readonly firingList: MutableAlertFiring[] = [];
  private readonly notifier: AlertNotifier;
  private readonly onFiring: AlertFiringHook | undefined;
  private readonly onResolved: AlertFiringHook | undefined;
  private nextEvaluation: number;
  private lastUs = Number.NEGATIVE_INFINITY;

  /** Throws a RangeError listing every problem with the config and the options. */
  constructor(config: AlertingConfig, options: AlertEvaluatorOptions = {}) {
    const problems = validateAlerting(config, undefined, options.metrics);
    const startUs = options.startUs ?? 0;
    if (!(Number.isSafeInteger(startUs) && startUs >= 0)) problems.push(`startUs must be a whole number of µs >= 0, got ${describeValue(startUs)}`);
    throwIfProblems('AlertEvaluator', problems);
    this.config = config;
    this.startUs = startUs;
    this.rules = config.rules;
    const n = config.rules.length;
    this.state = new Uint8Array(n);
    this.comparator = Uint8Array.from(config.rules, (rule) => COMPARATORS.indexOf(rule.comparator));
    this.activeAt = new Float64Array(n);
    this.nextDue = new Float64Array(n).fill(startUs);
    this.resets = new Float64Array(n);
    this.current = new Array<MutableAlertFiring | null>(n).fill(null);
    this.notifier = new AlertNotifier(config, this.current, options.onPage);
    this.onFiring = options.onFiring;
    this.onResolved = options.onResolved;
    this.nextEvaluation = n > 0 ? startUs : Number.POSITIVE_INFINITY;
  }

  /** The next time some rule is due, µs; Infinity without rules. */
  nextEvaluationUs(): number {
    return this.nextEvaluation;
  }

  /** The next notification tick of any group, µs; Infinity when none is scheduled. */
  nextNotificationUs(): number {
    return this.notifier.nextTickUs();
  }

  /** When `evaluate` should next be called, µs: the earlier of the two above. */
  nextEventUs(): number {
    return Math.min(this.nextEvaluation, this.notifier.nextTickUs());
  }

  /**
   * Runs everything due up to `nowUs` (see the class comment), reading each due rule once
   * through `read`; returns the number of firings that started at `nowUs`.
   */
  evaluate(nowUs: number, read: AlertReader): number {
    if (!(nowUs >= this.lastUs)) throw new RangeError(`AlertEvaluator: time went backwards from ${this.lastUs} µs to ${describeValue(nowUs)} µs`);
    if (nowUs > this.nextEvaluation) {
      const missed = this.nextDue.indexOf(this.nextEvaluation);
      throw new RangeError(
        `AlertEvaluator: evaluate(${nowUs}) skipped rule ${describeValue(this.rules[missed].name)}'s evaluation due at ${this.nextEvaluation} µs; schedule at nextEventUs()`,
      );
    }
    this.lastUs = nowUs;
    this.notifier.runTicks(nowUs, false);
    let started = 0;
    if (nowUs === this.nextEvaluation) {
      const due = this.nextDue;
      let next = Number.POSITIVE_INFINITY;
      for (let r = 0; r < due.length; r++) {
        if (due[r] === nowUs) {
          if (this.step(r, nowUs, read(r))) started++;
          due[r] = nowUs + this.rules[r].evaluationIntervalUs;
        }
        if (due[r] < next) next = due[r];
      }
      this.nextEvaluation = next;
    }
    this.notifier.runTicks(nowUs, true);
    return started;
  }

  /** Every firing so far, in the order they started (ties in config order). */
  get firings(): readonly AlertFiring[] {
    return this.firingList;
  }

  /** Every page sent so far, in time order. */
  get pages(): readonly AlertPage[] {
    return this.notifier.pages;
  }

  /** The firing of rule `ruleIndex` in progress, or null. */
  firingOf(ruleIndex: number): AlertFiring | null {
    return this.current[ruleIndex] ?? null;
  }

  /** Whether the rule is pending (its condition holds but not yet for forUs). */
  isPending(ruleIndex: number): boolean {
    return this.state[ruleIndex] === PENDING;
  }

  /**
   * Time to detect (ARCHITECTURE §5): the start of the first firing at or after `faultStartUs`
   * whose scope names `subject` (`scopeNames`), minus `faultStartUs`; null when none fired.
   * Firings already in progress at the fault's start were for something else and do not count.
   */
  timeToDetect(faultStartUs: number, subject: AlertSubject): number | null {
    const firing = firstDetection(this.firingList, faultStartUs, subject);
    return firing === null ? null : firing.startsAtUs - faultStartUs;
  }

  /** The report at `nowUs` (>= the last call's time): counts, per-rule figures and the storm figures. */
  report(nowUs: number): AlertReport {
    if (!(nowUs >= this.lastUs)) throw new RangeError(`AlertEvaluator.report: ${describeValue(nowUs)} µs is before the last evaluation at ${this.lastUs} µs`);
    return buildAlertReport(this.rules, this.firingList, this.notifier.pages, this.resets, nowUs);
  }

  /** One evaluation of rule r at t; true when it started firing. */
  private step(r: number, t: number, value: number | null): boolean {
    const rule = this.rules[r];
    if (value !== null && holds(this.comparator[r], value, rule.threshold)) {
      if (this.state[r] === INACTIVE) {
        this.state[r] = PENDING;
        this.activeAt[r] = t;
      }
      if (this.state[r] === PENDING && t - this.activeAt[r] >= rule.forUs) {
        this.state[r] = FIRING;
        const firing: MutableAlertFiring = {
          ruleIndex: r,
          rule: rule.name,
          scope: rule.scope,
          severity: rule.severity,
          activeAtUs: this.activeAt[r],
          startsAtUs: t,
          endsAtUs: null,
          pagedAtUs: null,
          inhibited: false,
        };
        this.current[r] = firing;
        this.firingList.push(firing);
        this.notifier.started(r, t);
        if (this.onFiring !== undefined) this.onFiring(firing);
        return true;
      }
      return false;
    }
    if (this.state[r] === FIRING) {
      const firing = this.current[r] as MutableAlertFiring;
      firing.endsAtUs = t;
      this.current[r] = null;
      if (this.onResolved !== undefined) this.onResolved(firing);
    } else if (this.state[r] === PENDING) {
      this.resets[r]++;
    }
    this.state[r] = INACTIVE;
    return false;
  }
}

/** `value <comparator> threshold`; false for NaN. */
function holds(comparator: number, value: number, threshold: number): boolean {
  switch (comparator) {
    case 0:
      return value > threshold;
    case 1:
      return value >= threshold;
    case 2:
      return value < threshold;
    default:
      return value <= threshold;
  }
}
