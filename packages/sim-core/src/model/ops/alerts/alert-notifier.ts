import type { AlertingConfig } from './alert-config.js';
import { sameRegion } from './alert-records.js';
import type { AlertPage, MutableAlertFiring } from './alert-records.js';

/** Called once per page, with the page (its `atUs` is when it went out). */
export type AlertPageHook = (page: AlertPage) => void;

/**
 * Alertmanager's grouping and inhibition for the page-severity rules, driven by the evaluator
 * (tickets never notify). Exact semantics:
 *
 * - Groups. A group is the page rules with the same key (`group`, or the name) and the same
 *   scope region. It is idle until one of its rules starts firing at t; it then ticks at
 *   t + groupWaitUs and every repeatIntervalUs after that while it lasts.
 * - A tick at T looks at the group's rules firing at T (after every evaluation at T: a rule that
 *   fired at T is firing, one that resolved at T is not). The firings among them not paged
 *   before and not inhibited at T go out together in one page at T; none, no page. If no rule
 *   of the group is firing at T the group goes idle (its next firing starts a new group wait).
 *   So a group's first alert waits groupWaitUs and takes every alert that fired meanwhile with
 *   it; alerts that fire into a notified group go out at its next tick; a firing that resolves
 *   before any tick is never paged; still-firing alerts are not paged again (no reminders).
 * - Inhibition. A firing of rule r is inhibited at T while some rule named in r's `inhibitedBy`
 *   with the same scope region is firing at T (any severity). An inhibited firing is left out
 *   of that page and marked `inhibited`; if it still fires at a later tick where nothing
 *   inhibits it, it is paged then (Alertmanager mutes at notification time).
 *
 * Ticks at the same time run in the order groups first appear in the config. The firing state
 * is read from `current` (rule index → its firing, null when not firing), which the evaluator
 * owns and updates; ticks never change it.
 */
export class AlertNotifier {
  private readonly groupKeys: string[] = [];
  private readonly groupRegions: (string | null)[] = [];
  private readonly members: number[][] = [];
  private readonly nextTick: Float64Array;
  private readonly ruleGroup: Int32Array;
  private readonly inhibitors: number[][];
  private readonly pageList: AlertPage[] = [];
  private readonly groupWaitUs: number;
  private readonly repeatIntervalUs: number;

  constructor(
    config: AlertingConfig,
    private readonly current: readonly (MutableAlertFiring | null)[],
    private readonly onPage: AlertPageHook | undefined,
  ) {
    this.groupWaitUs = config.groupWaitUs;
    this.repeatIntervalUs = config.repeatIntervalUs;
    const rules = config.rules;
    this.ruleGroup = new Int32Array(rules.length).fill(-1);
    const indexOf = new Map<string, number>();
    rules.forEach((rule, r) => {
      if (rule.severity !== 'page') return;
      const key = rule.group ?? rule.name;
      const region = rule.scope.region ?? null;
      const id = JSON.stringify([key, region]);
      let g = indexOf.get(id);
      if (g === undefined) {
        g = this.groupKeys.length;
        indexOf.set(id, g);
        this.groupKeys.push(key);
        this.groupRegions.push(region);
        this.members.push([]);
      }
      this.members[g].push(r);
      this.ruleGroup[r] = g;
    });
    this.nextTick = new Float64Array(this.groupKeys.length).fill(Number.POSITIVE_INFINITY);
    this.inhibitors = rules.map((rule, r) => {
      const by = rule.inhibitedBy ?? [];
      const found: number[] = [];
      rules.forEach((other, j) => {
        if (j !== r && by.includes(other.name) && sameRegion(other.scope, rule.scope)) found.push(j);
      });
      return found;
    });
  }

  /** Every page sent so far, in time order. */
  get pages(): readonly AlertPage[] {
    return this.pageList;
  }

  /** The number of groups (page rules with the same key and region). */
  get groupCount(): number {
    return this.groupKeys.length;
  }

  /** The next tick of any group, µs; Infinity when every group is idle. O(groups), allocation-free. */
  nextTickUs(): number {
    let next = Number.POSITIVE_INFINITY;
    const ticks = this.nextTick;
    for (let g = 0; g < ticks.length; g++) if (ticks[g] < next) next = ticks[g];
    return next;
  }

  /** Rule `ruleIndex` started firing at `atUs`: wakes its group if idle (tickets have none). */
  started(ruleIndex: number, atUs: number): void {
    const g = this.ruleGroup[ruleIndex];
    if (g >= 0 && this.nextTick[g] === Number.POSITIVE_INFINITY) this.nextTick[g] = atUs + this.groupWaitUs;
  }

  /** Whether rule `ruleIndex` is inhibited now (some inhibiting rule of its region is firing). */
  inhibitedNow(ruleIndex: number): boolean {
    for (const j of this.inhibitors[ruleIndex]) if (this.current[j] !== null) return true;
    return false;
  }

  /**
   * Runs, in time order, every tick before `untilUs` (and at it too when `inclusive`), the
   * ticks they schedule included. Allocation-free unless a page goes out.
   */
  runTicks(untilUs: number, inclusive: boolean): void {
    const ticks = this.nextTick;
    for (;;) {
      let g = -1;
      let at = Number.POSITIVE_INFINITY;
      for (let i = 0; i < ticks.length; i++) {
        if (ticks[i] < at) {
          at = ticks[i];
          g = i;
        }
      }
      if (g < 0 || at > untilUs || (at === untilUs && !inclusive)) return;
      this.tick(g, at);
    }
  }

  private tick(g: number, atUs: number): void {
    let batch: MutableAlertFiring[] | null = null;
    let anyFiring = false;
    for (const r of this.members[g]) {
      const firing = this.current[r];
      if (firing === null) continue;
      anyFiring = true;
      if (firing.pagedAtUs !== null) continue;
      if (this.inhibitedNow(r)) {
        firing.inhibited = true;
        continue;
      }
      (batch ??= []).push(firing);
    }
    this.nextTick[g] = anyFiring ? atUs + this.repeatIntervalUs : Number.POSITIVE_INFINITY;
    if (batch === null) return;
    for (const firing of batch) firing.pagedAtUs = atUs;
    const page: AlertPage = { atUs, group: this.groupKeys[g], region: this.groupRegions[g], firings: batch };
    this.pageList.push(page);
    if (this.onPage !== undefined) this.onPage(page);
  }
}
