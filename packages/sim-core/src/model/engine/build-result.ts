import type { StoppedBy } from '../../kernel/simulation.js';
import { Histogram } from '../../metrics/histogram.js';
import { FAILURE_REASONS } from '../observability/failure-reason.js';
import type { FailureReason } from '../observability/failure-reason.js';
import type { MetricsRecorder, MetricsRecorderJSON, MetricsSeriesJSON } from '../observability/metrics-recorder.js';
import type { EngineContext } from './context.js';
import { buildCostSummary } from './cost-result.js';
import { buildOperationsResult, buildStoreResults } from './data-result.js';
import { STAT_BREAKER_OPEN, STAT_CALLS, STAT_DEGRADED, STAT_ERRORS, STAT_OK, STAT_REJECTED, STAT_TIMEOUTS } from './tables.js';
import type { DependencyRegionSummary, LatencySummaryMs, ModelResult, ServiceRegionSummary, UserRequestSummary } from './result.js';

export interface RunFacts {
  events: number;
  stoppedBy: StoppedBy;
  requestsLive: number;
  attemptsLive: number;
}

const US_PER_MS = 1000;

/** Quantiles and mean of a latency histogram (µs) in ms. */
export function latencySummaryMs(histogram: Histogram): LatencySummaryMs {
  if (histogram.count === 0) return { p50: null, p95: null, p99: null, p999: null, mean: null, max: null };
  const [p50, p95, p99, p999] = histogram.quantiles([0.5, 0.95, 0.99, 0.999]).map((us) => us / US_PER_MS);
  return { p50, p95, p99, p999, mean: histogram.mean / US_PER_MS, max: histogram.max / US_PER_MS };
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** Sums a set of series (cells) of a recorder into one user-request summary. */
function summarise(recorder: MetricsRecorder, json: MetricsRecorderJSON, cells: readonly number[]): UserRequestSummary {
  const histogram = new Histogram();
  const failures = {} as Record<FailureReason, number>;
  for (const reason of FAILURE_REASONS) failures[reason] = 0;
  let started = 0;
  let succeeded = 0;
  let degraded = 0;
  let inFlight = 0;
  for (const cell of cells) {
    const series: MetricsSeriesJSON = json.series[cell];
    started += sum(series.requests);
    succeeded += sum(series.successes);
    degraded += sum(series.degraded);
    for (const reason of FAILURE_REASONS) failures[reason] += sum(series.failures[reason]);
    inFlight += recorder.inFlightUser(cell);
    histogram.merge(recorder.latencyHistogram(cell));
  }
  const failed = sum(FAILURE_REASONS.map((reason) => failures[reason]));
  const completed = succeeded + failed;
  return { started, succeeded, degraded, failed, inFlight, failures, availability: completed === 0 ? null : succeeded / completed, latencyMs: latencySummaryMs(histogram) };
}

/** Assembles the plain result object from the engine's state (see ModelResult). */
export function buildResult(engine: EngineContext, facts: RunFacts): ModelResult {
  const { config, compiled, users, services } = engine;
  const usersJson = users.toJSON();
  const servicesJson = services.toJSON();
  const regionCount = compiled.regionIds.length;
  const entryCount = compiled.entryEndpoints.length;
  const allCells = Array.from({ length: regionCount * entryCount }, (_, cell) => cell);
  const usersSummary = summarise(users, usersJson, allCells);
  const regions = compiled.regionIds.map((region, r) => ({
    region,
    ...summarise(
      users,
      usersJson,
      allCells.filter((cell) => Math.floor(cell / entryCount) === r),
    ),
  }));
  const endpoints = Array.from(compiled.entryEndpoints, (e, local) => ({
    endpoint: compiled.endpoints[e].name,
    ...summarise(
      users,
      usersJson,
      allCells.filter((cell) => cell % entryCount === local),
    ),
  }));

  const metricsCount = compiled.metricsEndpoints.length;
  const serviceSummaries = engine.groups.map((group, g): ServiceRegionSummary => {
    const histogram = new Histogram();
    let requests = 0;
    for (const endpoint of compiled.endpoints) {
      if (endpoint.service !== group.service) continue;
      const cell = group.region * metricsCount + endpoint.metricsIndex;
      histogram.merge(services.latencyHistogram(cell));
      requests += sum(servicesJson.series[cell].requests);
    }
    return {
      service: compiled.serviceIds[group.service],
      region: compiled.regionIds[group.region],
      requests,
      rejected: group.rejected,
      lost: group.lostToDeadInstances,
      instances: {
        start: group.instancesStart,
        // The end is read after the last tick's gauges, so an instance added at the last instant counts in min/max too.
        min: Math.min(group.ticks === 0 ? group.instancesStart : group.instancesMin, group.activeInstances),
        max: Math.max(group.instancesMax, group.activeInstances),
        mean: group.ticks === 0 ? group.instancesStart : group.instancesTickSum / group.ticks,
        end: group.activeInstances,
      },
      launches: group.launches,
      stops: group.stops,
      crashes: group.crashes,
      shortfall: { total: group.shortfallTotal, max: group.shortfallMax },
      utilisation: group.capacityArea > 0 ? group.busyArea / group.capacityArea : null,
      costUsd: engine.groupCostUsd[g],
      latencyMs: latencySummaryMs(histogram),
    };
  });

  const stats = engine.dependencyStats;
  const dependencies: DependencyRegionSummary[] = [];
  compiled.dependencies.forEach((dependency, d) => {
    for (let r = 0; r < regionCount; r++) {
      const k = d * regionCount + r;
      if (stats[STAT_CALLS][k] === 0) continue;
      const breaker = engine.breakers[k];
      dependencies.push({
        dependency: dependency.id,
        region: compiled.regionIds[r],
        calls: stats[STAT_CALLS][k],
        ok: stats[STAT_OK][k],
        errors: stats[STAT_ERRORS][k],
        timeouts: stats[STAT_TIMEOUTS][k],
        rejected: stats[STAT_REJECTED][k],
        breakerOpen: stats[STAT_BREAKER_OPEN][k],
        degraded: stats[STAT_DEGRADED][k],
        breaker: breaker === null ? null : { transitions: breaker.transitions, state: breaker.state(engine.sim.nowUs) },
      });
    }
  });

  const budgets = engine.budgets.filter((budget) => budget !== null);
  const conservation = [...users.checkConservation(), ...services.checkConservation()];
  const data = buildStoreResults(engine);
  for (const store of data) conservation.push(...store.conservation.map((line) => `store ${store.store}: ${line}`));
  if (facts.requestsLive !== usersSummary.inFlight) {
    conservation.push(`engine: ${facts.requestsLive} user requests alive but the metrics count ${usersSummary.inFlight} in flight`);
  }
  if (facts.attemptsLive !== usersJson.totals.inFlightAttempts) {
    conservation.push(`engine: ${facts.attemptsLive} attempts alive but the metrics count ${usersJson.totals.inFlightAttempts} in flight`);
  }
  return {
    seed: config.seed,
    durationUs: config.durationUs,
    events: facts.events,
    stoppedBy: facts.stoppedBy,
    users: usersSummary,
    regions,
    endpoints,
    attempts: {
      started: sum(usersJson.series.map((series) => sum(series.requests))) + engine.client.retriesSent + engine.client.hedgesSent,
      retries: engine.client.retriesSent,
      hedges: engine.client.hedgesSent,
      cancelled: engine.client.attemptsCancelled,
      retryBudget: budgets.length === 0 ? null : { allowed: sum(budgets.map((b) => b.retriesAllowed)), refused: sum(budgets.map((b) => b.retriesRefused)) },
    },
    services: serviceSummaries,
    dependencies,
    cost: buildCostSummary(engine, servicesJson.costs, usersSummary.started),
    metrics: { users: usersJson, services: servicesJson },
    eventLog: engine.eventLog.toJSON(),
    traces: engine.sampler.toJSON(),
    data,
    operations: buildOperationsResult(engine, engine.faults.affected, servicesJson.costs),
    conservation,
    digest: engine.sim.digest.hex(),
  };
}
