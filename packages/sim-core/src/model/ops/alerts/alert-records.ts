import type { AlertScope, AlertSeverity } from './alert-config.js';

/**
 * One firing of one rule: from the evaluation at which it fired to the evaluation at which its
 * condition first failed again. A rule that resolves and fires again makes a new firing.
 * The record is live: the evaluator sets endsAtUs, pagedAtUs and inhibited in place as they
 * happen (copy it to keep a snapshot); the other fields never change.
 */
export interface AlertFiring {
  /** The rule's index in `AlertingConfig.rules`. */
  readonly ruleIndex: number;
  readonly rule: string;
  readonly scope: AlertScope;
  readonly severity: AlertSeverity;
  /** The first evaluation of the run of true evaluations that led to it (Prometheus `activeAt`), µs. */
  readonly activeAtUs: number;
  /** When it fired, µs: an evaluation time, activeAtUs + forUs at the earliest. */
  readonly startsAtUs: number;
  /** When it resolved, µs (the first evaluation whose condition failed); null while it fires. */
  readonly endsAtUs: number | null;
  /** When the page that carried it went out, µs; null for a ticket, or a page alert not (yet) paged. */
  readonly pagedAtUs: number | null;
  /** Whether inhibition held it back from at least one of its group's notifications. */
  readonly inhibited: boolean;
}

/** The evaluator's own, writable view of a firing. */
export interface MutableAlertFiring extends AlertFiring {
  endsAtUs: number | null;
  pagedAtUs: number | null;
  inhibited: boolean;
}

/** One notification to a human: the page alerts of one group that had not been paged yet. */
export interface AlertPage {
  /** When it went out, µs: a group's first notification or a repeat. */
  readonly atUs: number;
  /** The grouping key: the rules' `group`, or the rule's name when it has none. */
  readonly group: string;
  /** The scope region the group shares; null for rules without one. */
  readonly region: string | null;
  /** The firings it carries, in the order their rules appear in the config (at least one). */
  readonly firings: readonly AlertFiring[];
}

/** The part a fault hit, for time to detect: a region, a service (in a region), an endpoint. */
export type AlertSubject = AlertScope;

/**
 * Whether an alert scope names a fault's subject: every field the subject gives (region,
 * service, endpoint) is given by the scope with the same value. A scope narrower than the
 * subject names it (a rule on eu/api names an outage of eu); a broader one does not (a rule
 * over every region does not say which region failed); a subject with no fields is named by
 * every scope.
 */
export function scopeNames(scope: AlertScope, subject: AlertSubject): boolean {
  return (
    (subject.region === undefined || scope.region === subject.region) &&
    (subject.service === undefined || scope.service === subject.service) &&
    (subject.endpoint === undefined || scope.endpoint === subject.endpoint)
  );
}

/** Whether two scopes have the same region, an absent region matching only an absent one (Alertmanager's `equal`). */
export function sameRegion(a: AlertScope, b: AlertScope): boolean {
  return (a.region ?? null) === (b.region ?? null);
}
