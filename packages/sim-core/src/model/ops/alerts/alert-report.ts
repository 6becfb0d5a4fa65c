import type { AlertRuleConfig, AlertScope, AlertSeverity } from './alert-config.js';
import type { AlertFiring, AlertPage } from './alert-records.js';

/** One rule's figures. */
export interface AlertRuleReport {
  readonly ruleIndex: number;
  readonly name: string;
  readonly scope: AlertScope;
  readonly severity: AlertSeverity;
  /** Times it fired. */
  readonly firings: number;
  /** Of those, the ones a page carried. */
  readonly paged: number;
  /** Of those, the ones inhibition held back at least once (paged later or never). */
  readonly inhibited: number;
  /** Times it went pending and a failing evaluation reset it before `forUs` passed (near misses; flapping shows here). */
  readonly pendingResets: number;
  /** Total time it spent firing up to the report time, µs. */
  readonly firingUs: number;
}

/** How loud the alerting was: many rules firing for one cause is a storm; grouping shows as firings per page. */
export interface AlertStorm {
  /** The most rules firing at the same instant (a firing covers [startsAtUs, endsAtUs)). */
  readonly maxRulesFiringAtOnce: number;
  /** The first instant that maximum was reached, µs; null when nothing fired. */
  readonly peakAtUs: number | null;
  /** alertsFired / pagesSent (tickets included in the firings); null when no page went out. */
  readonly firingsPerPage: number | null;
}

export interface AlertReport {
  /** The report's time, µs: firings still in progress are counted up to it. */
  readonly atUs: number;
  /** Firings of every rule (page and ticket). */
  readonly alertsFired: number;
  readonly pageFirings: number;
  readonly ticketFirings: number;
  /** Pages sent, after grouping and inhibition. */
  readonly pagesSent: number;
  /** Page firings a page carried; pageFirings − firingsPaged were never paged (inhibited, or resolved before a tick, or waiting). */
  readonly firingsPaged: number;
  /** Firings inhibition held back at least once. */
  readonly firingsInhibited: number;
  /** Firings still in progress at `atUs`. */
  readonly stillFiring: number;
  /** In config order. */
  readonly rules: readonly AlertRuleReport[];
  readonly storm: AlertStorm;
}

/**
 * The report from the records: `firings` in start order, `pages`, and the pending resets per
 * rule. Firings that start after `atUs` are left out; one still in progress (or resolving after
 * `atUs`) counts as firing until `atUs`.
 */
export function buildAlertReport(
  rules: readonly AlertRuleConfig[],
  firings: readonly AlertFiring[],
  pages: readonly AlertPage[],
  pendingResets: ArrayLike<number>,
  atUs: number,
): AlertReport {
  const counts = rules.map(() => ({ firings: 0, paged: 0, inhibited: 0, firingUs: 0 }));
  let fired = 0;
  let pageFirings = 0;
  let paged = 0;
  let inhibited = 0;
  let stillFiring = 0;
  for (const firing of firings) {
    if (firing.startsAtUs > atUs) continue;
    const end = firing.endsAtUs === null || firing.endsAtUs > atUs ? atUs : firing.endsAtUs;
    const count = counts[firing.ruleIndex];
    fired++;
    count.firings++;
    count.firingUs += end - firing.startsAtUs;
    if (firing.severity === 'page') pageFirings++;
    if (firing.pagedAtUs !== null && firing.pagedAtUs <= atUs) {
      paged++;
      count.paged++;
    }
    if (firing.inhibited) {
      inhibited++;
      count.inhibited++;
    }
    if (firing.endsAtUs === null || firing.endsAtUs > atUs) stillFiring++;
  }
  const pagesSent = pages.filter((page) => page.atUs <= atUs).length;
  return {
    atUs,
    alertsFired: fired,
    pageFirings,
    ticketFirings: fired - pageFirings,
    pagesSent,
    firingsPaged: paged,
    firingsInhibited: inhibited,
    stillFiring,
    rules: rules.map((rule, r) => ({
      ruleIndex: r,
      name: rule.name,
      scope: rule.scope,
      severity: rule.severity,
      ...counts[r],
      pendingResets: pendingResets[r],
    })),
    storm: { ...peakFiring(firings, atUs), firingsPerPage: pagesSent === 0 ? null : fired / pagesSent },
  };
}

/**
 * The most firings holding at one instant up to `atUs`, by a sweep over start (+1) and end (−1)
 * events; at equal times ends go first, since a firing covers [startsAtUs, endsAtUs). One rule
 * has at most one firing at a time, so this is the most distinct rules firing at once.
 */
function peakFiring(firings: readonly AlertFiring[], atUs: number): { maxRulesFiringAtOnce: number; peakAtUs: number | null } {
  const events: [number, number][] = [];
  for (const firing of firings) {
    if (firing.startsAtUs > atUs) continue;
    events.push([firing.startsAtUs, 1]);
    if (firing.endsAtUs !== null && firing.endsAtUs <= atUs) events.push([firing.endsAtUs, -1]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  let peakAtUs: number | null = null;
  for (const [time, delta] of events) {
    now += delta;
    if (now > max) {
      max = now;
      peakAtUs = time;
    }
  }
  return { maxRulesFiringAtOnce: max, peakAtUs };
}
