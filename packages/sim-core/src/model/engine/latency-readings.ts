import { Histogram } from '../../metrics/histogram.js';
import type { AlertMetric, AlertRuleConfig } from '../ops/alerts/alert-config.js';
import type { CompiledModel } from './compiled.js';
import { userCellsInScope } from './alert-scope-cells.js';

const US_PER_MS = 1000;

/** The quantile a latency metric reads, or -1 for any other metric. */
export function latencyQuantileOf(metric: AlertMetric): number {
  switch (metric) {
    case 'p50-ms':
      return 0.5;
    case 'p95-ms':
      return 0.95;
    case 'p99-ms':
      return 0.99;
    case 'availability':
    case 'error-ratio':
    case 'request-rate-per-s':
    case 'queue-depth':
    case 'instances':
    case 'utilisation':
    case 'replication-lag-ms':
    case 'health':
      return -1;
    default: {
      const unknownMetric: never = metric;
      throw new RangeError(`latencyQuantileOf: unknown alert metric ${String(unknownMetric)}`);
    }
  }
}

/**
 * The latency readings of `p50-ms` / `p95-ms` / `p99-ms` rules: the quantile, in ms, of the
 * latencies (ARCHITECTURE §5: first attempt's start to the successful answer, retries
 * included) of the successful user requests that completed in the rule's scope since its
 * previous evaluation; null when none did. Scope as for every request metric
 * (`userCellsInScope`: users' region × entry endpoint).
 *
 * One log-linear Histogram per latency rule (within HISTOGRAM_RELATIVE_ERROR_MAX, 1/256, of the
 * nearest-rank quantile), fed on each success in its scope and reset at each of its
 * evaluations, so memory is O(rules × buckets), never O(requests). The cells → rules map is a
 * flat index (CSR), so recording allocates nothing (a histogram allocates only when a value
 * widens the range of octaves it has seen, and a reset keeps the range). The engine builds one
 * only when some rule reads latency (`forRules` returns null otherwise), so a run without
 * latency rules pays one null check per success.
 */
export class LatencyReadings {
  /** Per rule: its histogram, null for rules on other metrics. */
  private readonly histograms: (Histogram | null)[];
  private readonly quantiles: Float64Array;
  /** Rules watching cell c: ruleOf[cellStart[c] .. cellStart[c + 1]). */
  private readonly cellStart: Int32Array;
  private readonly ruleOf: Int32Array;
  /** Per rule, its latest reading in ms (NaN for null, and before the first): for reports and tests. */
  readonly lastMs: Float64Array;

  /** The readings of `rules`, or null when no rule reads a latency quantile. */
  static forRules(rules: readonly AlertRuleConfig[], compiled: CompiledModel): LatencyReadings | null {
    return rules.some((rule) => latencyQuantileOf(rule.metric) >= 0) ? new LatencyReadings(rules, compiled) : null;
  }

  constructor(rules: readonly AlertRuleConfig[], compiled: CompiledModel) {
    this.quantiles = Float64Array.from(rules, (rule) => latencyQuantileOf(rule.metric));
    this.histograms = rules.map((_, r) => (this.quantiles[r] >= 0 ? new Histogram() : null));
    this.lastMs = new Float64Array(rules.length).fill(Number.NaN);
    const cellCount = compiled.regionIds.length * compiled.entryEndpoints.length;
    const watching: number[][] = Array.from({ length: cellCount }, () => []);
    rules.forEach((rule, r) => {
      if (this.quantiles[r] < 0) return;
      for (const cell of userCellsInScope(rule.scope, compiled)) watching[cell].push(r);
    });
    this.cellStart = new Int32Array(cellCount + 1);
    watching.forEach((list, cell) => (this.cellStart[cell + 1] = this.cellStart[cell] + list.length));
    this.ruleOf = Int32Array.from(watching.flat());
  }

  /** A successful user request of user cell `cell` took `latencyUs`. */
  record(cell: number, latencyUs: number): void {
    const end = this.cellStart[cell + 1];
    for (let k = this.cellStart[cell]; k < end; k++) (this.histograms[this.ruleOf[k]] as Histogram).record(latencyUs);
  }

  /** Rule r's reading now (ms, null when no success completed in its window); starts its next window. */
  read(r: number): number | null {
    const histogram = this.histograms[r];
    if (histogram === null) throw new RangeError(`LatencyReadings.read: rule ${r} does not read a latency quantile`);
    const reading = histogram.count === 0 ? null : histogram.quantile(this.quantiles[r]) / US_PER_MS;
    histogram.reset();
    this.lastMs[r] = reading ?? Number.NaN;
    return reading;
  }
}
