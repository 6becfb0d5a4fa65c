import { describeValue } from '../../assert.js';
import { Histogram } from '../../metrics/histogram.js';
import { FAILURE_REASONS, FAILURE_REASON_COUNT } from './failure-reason.js';
import type { FailureReason } from './failure-reason.js';

/** A service endpoint, one axis of the recorder's cells. */
export interface MetricsEndpoint {
  readonly service: string;
  readonly endpoint: string;
}

export interface MetricsRecorderOptions {
  /** Tick width, simulated µs (a positive safe integer). */
  readonly intervalUs: number;
  /** Length of the run, µs (a positive safe integer); the last tick may be shorter. */
  readonly durationUs: number;
  readonly regions: readonly string[];
  readonly endpoints: readonly MetricsEndpoint[];
}

/** Latency quantiles in milliseconds; null when nothing was recorded. */
export interface LatencyQuantilesMsJSON {
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
}

/** One cell's per-tick series. Latencies are of successful requests (degraded included). */
export interface MetricsSeriesJSON {
  readonly region: string;
  readonly service: string;
  readonly endpoint: string;
  /** User requests started in each tick. */
  readonly requests: number[];
  /** User requests that completed successfully in each tick (degraded included). */
  readonly successes: number[];
  /** The degraded subset of `successes`. */
  readonly degraded: number[];
  readonly failures: Record<FailureReason, number[]>;
  readonly p50Ms: (number | null)[];
  readonly p95Ms: (number | null)[];
  readonly p99Ms: (number | null)[];
  /** Last gauge reading in each tick; null when the tick had none. */
  readonly queueDepth: (number | null)[];
  readonly instances: (number | null)[];
  readonly utilisation: (number | null)[];
  /** Whole-run quantiles of this cell over the closed ticks. */
  readonly latencyMs: LatencyQuantilesMsJSON;
}

export interface MetricsCostJSON {
  readonly region: string;
  readonly usd: number[];
  readonly totalUsd: number;
}

/** Sums over every cell and every closed tick. */
export interface MetricsTotalsJSON {
  readonly requests: number;
  readonly successes: number;
  readonly degraded: number;
  readonly failures: Record<FailureReason, number>;
  readonly costUsd: number;
  /** In flight when toJSON was called (user requests and attempts), over every cell. */
  readonly inFlightUser: number;
  readonly inFlightAttempts: number;
}

export interface MetricsRecorderJSON {
  readonly intervalUs: number;
  readonly durationUs: number;
  /** Ticks closed so far: the length of every series. */
  readonly ticks: number;
  readonly regions: string[];
  readonly endpoints: MetricsEndpoint[];
  readonly series: MetricsSeriesJSON[];
  readonly costs: MetricsCostJSON[];
  readonly totals: MetricsTotalsJSON;
  /** Whole-run quantiles over every cell and closed tick. */
  readonly latencyMs: LatencyQuantilesMsJSON;
  readonly conservationViolations: string[];
}

export interface ConservationCheckOptions {
  /**
   * Also report any request or attempt still in flight now. Right for a run that drained
   * (no arrivals near the end and every request completed); wrong for one cut off at untilUs.
   */
  readonly expectDrained?: boolean;
}

/**
 * Most (tick x cell) slots one recorder may hold. Each slot costs 17 doubles, so this caps the
 * per-tick arrays at about 270 MB; more means a wrong interval or unit, refused up front.
 */
export const METRICS_SLOTS_MAX = 2_000_000;
/** Most conservation violations kept in detail; one is a bug already, the rest are counted. */
export const CONSERVATION_VIOLATIONS_MAX = 100;

const USER = 0;
const ATTEMPT = 1;
const US_PER_MS = 1000;

interface Violation {
  /** The tick whose end the check ran at, or -1 for a check made by checkConservation. */
  readonly tick: number;
  readonly cell: number;
  readonly level: typeof USER | typeof ATTEMPT;
  readonly started: number;
  readonly completed: number;
  readonly inFlight: number;
  readonly drained: boolean;
}

/**
 * Per-tick request metrics for every (region x service-endpoint) cell, recorded on the engine's
 * hot path without allocating.
 *
 * Cells are dense integers, `cell(regionIndex, endpointIndex)`, resolved once at set-up (names
 * via `regionIndex` / `endpointIndex`), so the per-request methods take integers only. Counts,
 * gauges and tick quantiles live in flat typed arrays indexed by tick * cellCount + cell, sized
 * for the whole run up front. Each cell has ONE Histogram for the open tick: at the tick's end its
 * p50/p95/p99 are copied into Float64Arrays, it is merged into the cell's whole-run histogram
 * and the overall one, and reset (reset keeps its buckets, so it does not regrow).
 *
 * Tick boundaries: a tick closes either when the engine calls `tick(nowUs)` (every tick ending at
 * or before nowUs closes) or lazily, when a timed call (`started`, `succeeded`, `failed`,
 * `gauge`, `costUsd`) arrives at a later tick — the earlier ticks are closed first, so the state
 * they see is exactly the state at their boundary. Time never goes backwards: a timed call
 * before the open tick throws. An event at exactly `durationUs` counts in the last tick;
 * `finish()` closes everything, after which timed calls throw.
 *
 * Conservation: per cell the recorder keeps cumulative started / succeeded / failed and an
 * independent in-flight counter, for user requests and for attempts (`attemptStarted` /
 * `attemptEnded`, untimed: attempts are not per-tick series). At every tick boundary it checks
 * started = succeeded + failed + inFlight with inFlight >= 0, and records any violation
 * (a completion without a start, a double completion). In-flight requests at a boundary are
 * legitimate; `checkConservation({ expectDrained: true })` additionally reports requests never
 * completed. A double completion balanced by a new start within the same tick is not seen.
 *
 * Totals and whole-run latencies in `toJSON` cover closed ticks only; call `finish()` first for
 * the whole run.
 */
export class MetricsRecorder {
  readonly intervalUs: number;
  readonly durationUs: number;
  readonly tickCount: number;
  readonly regions: readonly string[];
  readonly endpoints: readonly MetricsEndpoint[];
  readonly cellCount: number;

  private readonly regionIndexByName = new Map<string, number>();
  private readonly endpointIndexByKey = new Map<string, number>();

  // Per tick x cell.
  private readonly requests: Float64Array;
  private readonly successes: Float64Array;
  private readonly degradedCounts: Float64Array;
  /** Per (tick x cell) x reason. */
  private readonly failures: Float64Array;
  private readonly p50Us: Float64Array;
  private readonly p95Us: Float64Array;
  private readonly p99Us: Float64Array;
  private readonly queueDepths: Float64Array;
  private readonly instanceCounts: Float64Array;
  private readonly utilisations: Float64Array;
  // Per tick x region, and per region.
  private readonly costsUsd: Float64Array;
  private readonly costTotalsUsd: Float64Array;

  // Cumulative per cell, for conservation.
  private readonly userStarted: Float64Array;
  private readonly userSucceeded: Float64Array;
  private readonly userFailed: Float64Array;
  private readonly userInFlight: Float64Array;
  private readonly attemptsStarted: Float64Array;
  private readonly attemptsEnded: Float64Array;
  private readonly attemptsInFlight: Float64Array;

  private readonly tickLatency: Histogram[];
  private readonly runLatency: Histogram[];
  private readonly overallLatency = new Histogram();

  private readonly violations: Violation[] = [];
  private violationsDropped = 0;

  /** Index of the open tick; equals tickCount once finished. */
  private openTick = 0;
  private openStartUs = 0;
  /** Exclusive end of the open tick; durationUs + 1 for the last, so durationUs itself counts. */
  private openEndUs = 0;
  /** openTick * cellCount, kept so the hot path does one add. */
  private slotBase = 0;

  constructor(options: MetricsRecorderOptions) {
    const { intervalUs, durationUs, regions, endpoints } = options;
    if (!Number.isSafeInteger(intervalUs) || intervalUs <= 0) {
      throw new RangeError(`MetricsRecorder: intervalUs must be a positive safe integer, got ${describeValue(intervalUs)}`);
    }
    if (!Number.isSafeInteger(durationUs) || durationUs <= 0) {
      throw new RangeError(`MetricsRecorder: durationUs must be a positive safe integer, got ${describeValue(durationUs)}`);
    }
    if (!Array.isArray(regions) || regions.length === 0) throw new RangeError('MetricsRecorder: regions must be a non-empty array');
    if (!Array.isArray(endpoints) || endpoints.length === 0) {
      throw new RangeError('MetricsRecorder: endpoints must be a non-empty array');
    }
    regions.forEach((name, i) => {
      if (typeof name !== 'string' || name.length === 0) {
        throw new RangeError(`MetricsRecorder: regions[${i}] must be a non-empty string, got ${describeValue(name)}`);
      }
      if (this.regionIndexByName.has(name)) throw new RangeError(`MetricsRecorder: region ${describeValue(name)} is listed twice`);
      this.regionIndexByName.set(name, i);
    });
    endpoints.forEach(({ service, endpoint }, i) => {
      if (typeof service !== 'string' || typeof endpoint !== 'string' || service.length === 0 || endpoint.length === 0) {
        throw new RangeError(`MetricsRecorder: endpoints[${i}] needs non-empty service and endpoint names`);
      }
      const key = endpointKey(service, endpoint);
      if (this.endpointIndexByKey.has(key)) {
        throw new RangeError(`MetricsRecorder: endpoint ${describeValue(`${service}/${endpoint}`)} is listed twice`);
      }
      this.endpointIndexByKey.set(key, i);
    });
    this.intervalUs = intervalUs;
    this.durationUs = durationUs;
    this.tickCount = Math.ceil(durationUs / intervalUs);
    this.regions = Object.freeze([...regions]);
    this.endpoints = Object.freeze(endpoints.map(({ service, endpoint }) => Object.freeze({ service, endpoint })));
    this.cellCount = regions.length * endpoints.length;
    const slots = this.tickCount * this.cellCount;
    if (slots > METRICS_SLOTS_MAX) {
      throw new RangeError(
        `MetricsRecorder: ${this.tickCount} ticks x ${this.cellCount} cells = ${slots} slots, more than ${METRICS_SLOTS_MAX}; use a longer intervalUs`,
      );
    }
    this.requests = new Float64Array(slots);
    this.successes = new Float64Array(slots);
    this.degradedCounts = new Float64Array(slots);
    this.failures = new Float64Array(slots * FAILURE_REASON_COUNT);
    // NaN marks "nothing this tick"; toJSON turns it into null.
    this.p50Us = new Float64Array(slots).fill(NaN);
    this.p95Us = new Float64Array(slots).fill(NaN);
    this.p99Us = new Float64Array(slots).fill(NaN);
    this.queueDepths = new Float64Array(slots).fill(NaN);
    this.instanceCounts = new Float64Array(slots).fill(NaN);
    this.utilisations = new Float64Array(slots).fill(NaN);
    this.costsUsd = new Float64Array(this.tickCount * regions.length);
    this.costTotalsUsd = new Float64Array(regions.length);
    const cells = this.cellCount;
    this.userStarted = new Float64Array(cells);
    this.userSucceeded = new Float64Array(cells);
    this.userFailed = new Float64Array(cells);
    this.userInFlight = new Float64Array(cells);
    this.attemptsStarted = new Float64Array(cells);
    this.attemptsEnded = new Float64Array(cells);
    this.attemptsInFlight = new Float64Array(cells);
    this.tickLatency = Array.from({ length: cells }, () => new Histogram());
    this.runLatency = Array.from({ length: cells }, () => new Histogram());
    this.openTickAt(0);
  }

  /** Ticks closed so far. */
  get ticksClosed(): number {
    return this.openTick;
  }

  /** Index of region `name`; throws for an unknown name (set-up time, not the hot path). */
  regionIndex(name: string): number {
    const index = this.regionIndexByName.get(name);
    if (index === undefined) throw new RangeError(`MetricsRecorder: unknown region ${describeValue(name)}`);
    return index;
  }

  /** Index of endpoint `service`/`endpoint`; throws when unknown. */
  endpointIndex(service: string, endpoint: string): number {
    const index = this.endpointIndexByKey.get(endpointKey(service, endpoint));
    if (index === undefined) {
      throw new RangeError(`MetricsRecorder: unknown endpoint ${describeValue(`${service}/${endpoint}`)}`);
    }
    return index;
  }

  /** The dense cell index of (region, endpoint). */
  cell(regionIndex: number, endpointIndex: number): number {
    const endpointCount = this.endpoints.length;
    if (!(Number.isInteger(regionIndex) && regionIndex >= 0 && regionIndex < this.regions.length)) {
      throw new RangeError(`MetricsRecorder.cell: no region index ${describeValue(regionIndex)}`);
    }
    if (!(Number.isInteger(endpointIndex) && endpointIndex >= 0 && endpointIndex < endpointCount)) {
      throw new RangeError(`MetricsRecorder.cell: no endpoint index ${describeValue(endpointIndex)}`);
    }
    return regionIndex * endpointCount + endpointIndex;
  }

  /** A user request arrived in `cell` at `nowUs`. */
  started(cell: number, nowUs: number): void {
    this.checkCell(cell);
    this.advance(nowUs);
    this.requests[this.slotBase + cell] += 1;
    this.userStarted[cell] += 1;
    this.userInFlight[cell] += 1;
  }

  /** A user request completed successfully after `latencyUs` (possibly degraded). */
  succeeded(cell: number, nowUs: number, latencyUs: number, degraded: boolean): void {
    this.checkCell(cell);
    this.advance(nowUs);
    // Histogram.record validates the latency (finite, non-negative) before anything is counted.
    this.tickLatency[cell].record(latencyUs);
    const slot = this.slotBase + cell;
    this.successes[slot] += 1;
    if (degraded) this.degradedCounts[slot] += 1;
    this.userSucceeded[cell] += 1;
    this.userInFlight[cell] -= 1;
  }

  /** A user request failed; `reasonCode` indexes FAILURE_REASONS. */
  failed(cell: number, nowUs: number, reasonCode: number): void {
    this.checkCell(cell);
    if (!(reasonCode >= 0 && reasonCode < FAILURE_REASON_COUNT && (reasonCode | 0) === reasonCode)) {
      throw new RangeError(`MetricsRecorder.failed: reasonCode must be an integer in [0, ${FAILURE_REASON_COUNT}), got ${describeValue(reasonCode)}`);
    }
    this.advance(nowUs);
    this.failures[(this.slotBase + cell) * FAILURE_REASON_COUNT + reasonCode] += 1;
    this.userFailed[cell] += 1;
    this.userInFlight[cell] -= 1;
  }

  /** An attempt (first try, retry or hedge) was sent to `cell`. */
  attemptStarted(cell: number): void {
    this.checkCell(cell);
    this.attemptsStarted[cell] += 1;
    this.attemptsInFlight[cell] += 1;
  }

  /** An attempt in `cell` ended, however it ended (answered, timed out, cancelled). */
  attemptEnded(cell: number): void {
    this.checkCell(cell);
    this.attemptsEnded[cell] += 1;
    this.attemptsInFlight[cell] -= 1;
  }

  /** Gauge readings; the last reading in a tick is the one kept. */
  gauge(cell: number, nowUs: number, queueDepth: number, instances: number, utilisation: number): void {
    this.checkCell(cell);
    if (!(Number.isFinite(queueDepth) && Number.isFinite(instances) && Number.isFinite(utilisation))) {
      throw new RangeError(
        `MetricsRecorder.gauge: readings must be finite, got ${describeValue(queueDepth)}, ${describeValue(instances)}, ${describeValue(utilisation)}`,
      );
    }
    this.advance(nowUs);
    const slot = this.slotBase + cell;
    // Adding +0 turns -0 into +0, which JSON would otherwise print as 0 and read back differently.
    this.queueDepths[slot] = queueDepth + 0;
    this.instanceCounts[slot] = instances + 0;
    this.utilisations[slot] = utilisation + 0;
  }

  /** Adds `usd` of spend in region `regionIndex` to the tick containing `nowUs`. */
  costUsd(regionIndex: number, nowUs: number, usd: number): void {
    if (!(regionIndex >= 0 && regionIndex < this.regions.length && (regionIndex | 0) === regionIndex)) {
      throw new RangeError(`MetricsRecorder.costUsd: no region index ${describeValue(regionIndex)}`);
    }
    if (!Number.isFinite(usd)) throw new RangeError(`MetricsRecorder.costUsd: usd must be finite, got ${describeValue(usd)}`);
    this.advance(nowUs);
    this.costsUsd[this.openTick * this.regions.length + regionIndex] += usd;
    this.costTotalsUsd[regionIndex] += usd;
  }

  /** Closes every tick that ends at or before `nowUs`; earlier times are a no-op. */
  tick(nowUs: number): void {
    if (!Number.isSafeInteger(nowUs) || nowUs < 0) {
      throw new RangeError(`MetricsRecorder.tick: nowUs must be a non-negative safe integer, got ${describeValue(nowUs)}`);
    }
    while (this.openTick < this.tickCount && this.tickEndUs(this.openTick) <= nowUs) this.closeTick();
  }

  /** Closes every remaining tick; later timed calls throw. */
  finish(): void {
    this.tick(this.durationUs);
  }

  /** User requests in `cell` started and not yet completed. */
  inFlightUser(cell: number): number {
    this.checkCell(cell);
    return this.userInFlight[cell];
  }

  /** Attempts in `cell` started and not yet ended. */
  inFlightAttempts(cell: number): number {
    this.checkCell(cell);
    return this.attemptsInFlight[cell];
  }

  /** A copy of the whole-run latency histogram (µs, closed ticks) of `cell`, or of every cell. */
  latencyHistogram(cell?: number): Histogram {
    if (cell === undefined) return this.overallLatency.clone();
    this.checkCell(cell);
    return this.runLatency[cell].clone();
  }

  /**
   * Every conservation violation recorded at a tick boundary, plus a check of the counters now
   * (and, with `expectDrained`, of requests still in flight). Empty means conserved.
   */
  checkConservation(options: ConservationCheckOptions = {}): string[] {
    const drained = options.expectDrained === true;
    const now: Violation[] = [];
    for (let cell = 0; cell < this.cellCount; cell++) {
      const user = this.violationOf(-1, cell, USER, drained);
      if (user !== null) now.push(user);
      const attempt = this.violationOf(-1, cell, ATTEMPT, drained);
      if (attempt !== null) now.push(attempt);
    }
    const out = [...this.violations, ...now].map((v) => this.describeViolation(v));
    if (this.violationsDropped > 0) out.push(`${this.violationsDropped} more violations at tick boundaries not kept`);
    return out;
  }

  /** The plain serialisable form; series cover the closed ticks (see `finish`). */
  toJSON(): MetricsRecorderJSON {
    const ticks = this.openTick;
    const cells = this.cellCount;
    const endpointCount = this.endpoints.length;
    const failureTotals = new Array<number>(FAILURE_REASON_COUNT).fill(0);
    let requestsTotal = 0;
    let successesTotal = 0;
    let degradedTotal = 0;
    let inFlightUser = 0;
    let inFlightAttempts = 0;
    const series: MetricsSeriesJSON[] = [];
    for (let cell = 0; cell < cells; cell++) {
      const { service, endpoint } = this.endpoints[cell % endpointCount];
      const requests = this.countsOf(this.requests, cell, ticks);
      const successes = this.countsOf(this.successes, cell, ticks);
      const degraded = this.countsOf(this.degradedCounts, cell, ticks);
      const failures = {} as Record<FailureReason, number[]>;
      FAILURE_REASONS.forEach((reason, code) => {
        const counts = new Array<number>(ticks);
        for (let t = 0; t < ticks; t++) counts[t] = this.failures[(t * cells + cell) * FAILURE_REASON_COUNT + code];
        failures[reason] = counts;
        failureTotals[code] += sum(counts);
      });
      requestsTotal += sum(requests);
      successesTotal += sum(successes);
      degradedTotal += sum(degraded);
      inFlightUser += this.userInFlight[cell];
      inFlightAttempts += this.attemptsInFlight[cell];
      series.push({
        region: this.regions[Math.floor(cell / endpointCount)],
        service,
        endpoint,
        requests,
        successes,
        degraded,
        failures,
        p50Ms: this.millisecondsOf(this.p50Us, cell, ticks),
        p95Ms: this.millisecondsOf(this.p95Us, cell, ticks),
        p99Ms: this.millisecondsOf(this.p99Us, cell, ticks),
        queueDepth: this.gaugesOf(this.queueDepths, cell, ticks),
        instances: this.gaugesOf(this.instanceCounts, cell, ticks),
        utilisation: this.gaugesOf(this.utilisations, cell, ticks),
        latencyMs: quantilesMs(this.runLatency[cell]),
      });
    }
    const regionCount = this.regions.length;
    const costs = this.regions.map((region, r) => {
      const usd = new Array<number>(ticks);
      for (let t = 0; t < ticks; t++) usd[t] = this.costsUsd[t * regionCount + r] + 0;
      return { region, usd, totalUsd: sum(usd) };
    });
    const failures = {} as Record<FailureReason, number>;
    FAILURE_REASONS.forEach((reason, code) => {
      failures[reason] = failureTotals[code];
    });
    return {
      intervalUs: this.intervalUs,
      durationUs: this.durationUs,
      ticks,
      regions: [...this.regions],
      endpoints: this.endpoints.map(({ service, endpoint }) => ({ service, endpoint })),
      series,
      costs,
      totals: {
        requests: requestsTotal,
        successes: successesTotal,
        degraded: degradedTotal,
        failures,
        costUsd: sum(costs.map((c) => c.totalUsd)),
        inFlightUser,
        inFlightAttempts,
      },
      latencyMs: quantilesMs(this.overallLatency),
      conservationViolations: this.checkConservation(),
    };
  }

  // ---- internals ----

  private checkCell(cell: number): void {
    if (!(cell >= 0 && cell < this.cellCount && (cell | 0) === cell)) {
      throw new RangeError(`MetricsRecorder: cell must be an integer in [0, ${this.cellCount}), got ${describeValue(cell)}`);
    }
  }

  /** Makes the tick containing `nowUs` the open one, closing those before it. */
  private advance(nowUs: number): void {
    if (nowUs >= this.openStartUs && nowUs < this.openEndUs && Number.isSafeInteger(nowUs)) return;
    if (!Number.isSafeInteger(nowUs)) {
      throw new RangeError(`MetricsRecorder: nowUs must be a safe integer, got ${describeValue(nowUs)}`);
    }
    if (this.openTick >= this.tickCount) {
      throw new RangeError(`MetricsRecorder: recording at ${nowUs} µs after finish()`);
    }
    if (nowUs < this.openStartUs) {
      throw new RangeError(`MetricsRecorder: time went backwards: ${nowUs} µs is before the open tick starting at ${this.openStartUs} µs`);
    }
    if (nowUs > this.durationUs) {
      throw new RangeError(`MetricsRecorder: ${nowUs} µs is past the end of the run (${this.durationUs} µs)`);
    }
    const target = nowUs === this.durationUs ? this.tickCount - 1 : Math.floor(nowUs / this.intervalUs);
    while (this.openTick < target) this.closeTick();
  }

  private tickEndUs(tick: number): number {
    return Math.min((tick + 1) * this.intervalUs, this.durationUs);
  }

  private openTickAt(tick: number): void {
    this.openTick = tick;
    this.slotBase = tick * this.cellCount;
    this.openStartUs = tick * this.intervalUs;
    this.openEndUs = tick === this.tickCount - 1 ? this.durationUs + 1 : (tick + 1) * this.intervalUs;
  }

  private closeTick(): void {
    const tick = this.openTick;
    const base = this.slotBase;
    for (let cell = 0; cell < this.cellCount; cell++) {
      const h = this.tickLatency[cell];
      if (h.count > 0) {
        // quantile(q) one at a time: quantiles([...]) would allocate arrays every tick.
        this.p50Us[base + cell] = h.quantile(0.5);
        this.p95Us[base + cell] = h.quantile(0.95);
        this.p99Us[base + cell] = h.quantile(0.99);
        this.runLatency[cell].merge(h);
        this.overallLatency.merge(h);
        h.reset();
      }
      this.checkCellAtBoundary(tick, cell);
    }
    if (tick + 1 < this.tickCount) {
      this.openTickAt(tick + 1);
    } else {
      // Finished: an empty range, so every later timed call takes the slow path and throws.
      this.openTick = this.tickCount;
      this.slotBase = this.tickCount * this.cellCount;
      this.openStartUs = this.durationUs + 1;
      this.openEndUs = this.durationUs + 1;
    }
  }

  private checkCellAtBoundary(tick: number, cell: number): void {
    // Inline the conserved case so a healthy boundary allocates nothing.
    const userOk =
      this.userInFlight[cell] >= 0 && this.userStarted[cell] === this.userSucceeded[cell] + this.userFailed[cell] + this.userInFlight[cell];
    const attemptOk =
      this.attemptsInFlight[cell] >= 0 && this.attemptsStarted[cell] === this.attemptsEnded[cell] + this.attemptsInFlight[cell];
    if (userOk && attemptOk) return;
    for (const level of [USER, ATTEMPT] as const) {
      const violation = this.violationOf(tick, cell, level, false);
      if (violation === null) continue;
      if (this.violations.length < CONSERVATION_VIOLATIONS_MAX) this.violations.push(violation);
      else this.violationsDropped += 1;
    }
  }

  private violationOf(tick: number, cell: number, level: typeof USER | typeof ATTEMPT, drained: boolean): Violation | null {
    const started = level === USER ? this.userStarted[cell] : this.attemptsStarted[cell];
    const completed = level === USER ? this.userSucceeded[cell] + this.userFailed[cell] : this.attemptsEnded[cell];
    const inFlight = level === USER ? this.userInFlight[cell] : this.attemptsInFlight[cell];
    const ok = inFlight >= 0 && started === completed + inFlight && !(drained && inFlight !== 0);
    return ok ? null : { tick, cell, level, started, completed, inFlight, drained };
  }

  private describeViolation(v: Violation): string {
    const endpointCount = this.endpoints.length;
    const { service, endpoint } = this.endpoints[v.cell % endpointCount];
    const where = `${this.regions[Math.floor(v.cell / endpointCount)]} ${service}/${endpoint}`;
    const when = v.tick < 0 ? 'now' : `at the end of tick ${v.tick} (${this.tickEndUs(v.tick)} µs)`;
    const what = v.level === USER ? 'user requests' : 'attempts';
    const ended = v.level === USER ? 'succeeded + failed' : 'ended';
    const why =
      v.inFlight < 0
        ? 'more completions than starts'
        : v.started !== v.completed + v.inFlight
          ? 'counters disagree'
          : 'still in flight when the run was expected to be drained';
    return `${where} ${when}: ${what} started ${v.started}, ${ended} ${v.completed}, in flight ${v.inFlight} (${why})`;
  }

  private countsOf(values: Float64Array, cell: number, ticks: number): number[] {
    const out = new Array<number>(ticks);
    for (let t = 0; t < ticks; t++) out[t] = values[t * this.cellCount + cell];
    return out;
  }

  private millisecondsOf(valuesUs: Float64Array, cell: number, ticks: number): (number | null)[] {
    const out = new Array<number | null>(ticks);
    for (let t = 0; t < ticks; t++) out[t] = msOrNull(valuesUs[t * this.cellCount + cell]);
    return out;
  }

  private gaugesOf(values: Float64Array, cell: number, ticks: number): (number | null)[] {
    const out = new Array<number | null>(ticks);
    for (let t = 0; t < ticks; t++) {
      const v = values[t * this.cellCount + cell];
      out[t] = Number.isNaN(v) ? null : v;
    }
    return out;
  }
}

function endpointKey(service: string, endpoint: string): string {
  // JSON of the pair, so names containing any separator still map one-to-one.
  return JSON.stringify([service, endpoint]);
}

function msOrNull(us: number): number | null {
  return Number.isNaN(us) ? null : us / US_PER_MS;
}

function quantilesMs(h: Histogram): LatencyQuantilesMsJSON {
  if (h.count === 0) return { p50: null, p95: null, p99: null };
  return { p50: h.quantile(0.5) / US_PER_MS, p95: h.quantile(0.95) / US_PER_MS, p99: h.quantile(0.99) / US_PER_MS };
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  // +0 so an all-negative-zero sum never serialises differently from what it reads back as.
  return total + 0;
}
