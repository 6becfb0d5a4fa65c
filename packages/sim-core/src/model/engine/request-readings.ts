import { ALERT_REQUEST_METRICS } from '../ops/alerts/alert-config.js';
import type { AlertRuleConfig } from '../ops/alerts/alert-config.js';
import type { CompiledModel } from './compiled.js';
import { userCellsInScope } from './alert-scope-cells.js';
import type { UserWindows } from './user-windows.js';

/**
 * The request readings of alert rules, over the rule's user cells (`userCellsInScope`) and the
 * time since the rule's previous evaluation (the run's start for the first):
 * - `availability` = succeeded / (succeeded + failed) of the requests that completed in it;
 * - `error-ratio`  = failed / (succeeded + failed) of the same (both null when none completed);
 * - `request-rate-per-s` = requests started in it / its length in s (null for a zero length).
 * Counting completions, not starts, keeps a reading free of requests still in flight.
 * Each rule keeps the cumulative counters it saw last, so rules on different grids never share
 * a window. A reading allocates nothing.
 */
export class RequestReadings {
  private readonly counters: UserWindows;
  /** Per rule, the cells it watches (empty for rules on other metrics). */
  private readonly cells: Int32Array[];
  private readonly seenStarted: Float64Array;
  private readonly seenOk: Float64Array;
  private readonly seenFailed: Float64Array;
  private readonly seenAtUs: Float64Array;
  /** Per rule, its latest reading (NaN for null, and before the first): for reports and tests. */
  readonly last: Float64Array;

  constructor(rules: readonly AlertRuleConfig[], compiled: CompiledModel, counters: UserWindows) {
    this.counters = counters;
    this.cells = rules.map((rule) => (ALERT_REQUEST_METRICS.includes(rule.metric) ? userCellsInScope(rule.scope, compiled) : new Int32Array(0)));
    this.seenStarted = new Float64Array(rules.length);
    this.seenOk = new Float64Array(rules.length);
    this.seenFailed = new Float64Array(rules.length);
    this.seenAtUs = new Float64Array(rules.length);
    this.last = new Float64Array(rules.length).fill(Number.NaN);
  }

  /** Rule r's reading of `metric` at `nowUs`; `nowUs` starts the rule's next window. */
  read(r: number, metric: 'availability' | 'error-ratio' | 'request-rate-per-s', nowUs: number): number | null {
    const counters = this.counters;
    const cells = this.cells[r];
    let started = 0;
    let ok = 0;
    let failed = 0;
    for (let k = 0; k < cells.length; k++) {
      const cell = cells[k];
      started += counters.startedByCell[cell];
      ok += counters.succeededByCell[cell];
      failed += counters.failedByCell[cell];
    }
    const dStarted = started - this.seenStarted[r];
    const dOk = ok - this.seenOk[r];
    const dFailed = failed - this.seenFailed[r];
    const seconds = (nowUs - this.seenAtUs[r]) / 1e6;
    this.seenStarted[r] = started;
    this.seenOk[r] = ok;
    this.seenFailed[r] = failed;
    this.seenAtUs[r] = nowUs;
    const done = dOk + dFailed;
    let reading: number | null;
    if (metric === 'request-rate-per-s') reading = seconds > 0 ? dStarted / seconds : null;
    else if (done === 0) reading = null;
    else reading = metric === 'availability' ? dOk / done : dFailed / done;
    this.last[r] = reading ?? Number.NaN;
    return reading;
  }
}
