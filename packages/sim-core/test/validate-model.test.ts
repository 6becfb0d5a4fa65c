import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ModelConfig } from '../src/model/model-config.js';
import { METRICS_SLOTS_MAX } from '../src/model/observability/metrics-recorder.js';
import { validateModel } from '../src/model/validate-model.js';
import type { ModelProblem } from '../src/model/validate-references.js';
import { threeRegionModel } from './fixtures/three-region-model.js';
import { parentOf, putAtPaths, resolve } from './fixtures/config-paths.js';

const S = 1_000_000;
const FIXTURE = threeRegionModel();

/** A structuredClone of the fixture with each value put at its path, in order. */
function withValues(changes: readonly (readonly [string, unknown])[]): ModelConfig {
  return putAtPaths(structuredClone(FIXTURE), changes);
}

function withValue(path: string, value: unknown): ModelConfig {
  return withValues([[path, value]]);
}

/** Every path of the fixture, containers and leaves, in the problem-path syntax. */
function pathsOf(value: unknown, path = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const children = Object.entries(value).map(([key, child]) => {
    const childPath = Array.isArray(value) ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
    return [childPath, ...pathsOf(child, childPath)];
  });
  return children.flat();
}

interface Row {
  /** Where the mutation puts `to`. */
  readonly set: string;
  readonly to: unknown;
  /** The path of the expected problem; `set` when absent. */
  readonly path?: string;
  /** A fragment of its message. */
  readonly says: string;
  /** The mutation adds a key the fixture does not have. */
  readonly adds?: boolean;
}

const ROWS: readonly Row[] = [
  // Top level.
  { set: 'seed', to: 1.5, says: 'seed must be a whole number, got 1.5' },
  { set: 'seed', to: '1', says: 'seed must be a whole number, got "1"' },
  { set: 'durationUs', to: 0, says: 'durationUs must be a whole number of µs > 0, got 0' },
  { set: 'regions', to: {}, says: 'regions must be an array of regions { id, location, zones' },
  { set: 'links', to: null, says: 'links must be an array of links { between,' },
  { set: 'routing', to: [], says: 'routing must be an object { policy, entryService, healthCheck,' },
  { set: 'services', to: null, says: 'services must be an array of services { id, endpoints,' },
  { set: 'dependencies', to: 3, says: 'dependencies must be an array of dependencies' },
  { set: 'traffic', to: 'heavy', says: 'traffic must be an object { populations, client }, got "heavy"' },
  { set: 'faults', to: {}, says: 'faults must be an array of faults { kind, startUs,' },
  { set: 'metrics', to: null, says: 'metrics must be an object { intervalUs, traceSampleRatio, eventLogMax }, got null' },
  { set: 'limits', to: 5, says: 'limits must be an object { eventsMax, instancesMax }, got 5' },
  // Regions (validateRegions).
  { set: 'regions[1].location.lat', to: 95, says: 'region "eu-west": location.lat must be in [-90, 90] degrees, got 95' },
  { set: 'regions[2].zones', to: [], says: 'region "ap-southeast": zones must list at least one zone, got an empty list' },
  { set: 'regions[0].id', to: '', says: 'regions[0]: id must be a non-empty string, got ""' },
  { set: 'regions[1].id', to: 'us-east', path: 'regions[1]', says: 'region "us-east" (regions[1]): duplicate id, already used by regions[0]' },
  { set: 'regions[0].instancePriceUsdPerHour', to: -1, says: 'instancePriceUsdPerHour must be a finite number >= 0, got -1' },
  { set: 'regions[1]', to: null, says: 'regions[1] must be an object { id, location, zones,' },
  // Links (validateLinks).
  { set: 'links[0].lossRatio', to: 1, says: 'link "us-east" <-> "eu-west": lossRatio must be in [0, 1)' },
  { set: 'links[0].between', to: ['us-east', 'mars'], path: 'links[0]', says: 'link "us-east" <-> "mars": unknown region "mars"' },
  { set: 'links[0].between', to: 'us-east', says: 'links[0]: between must be a pair of region ids, got "us-east"' },
  { set: 'links[0].retransmitsMax', to: 1.5, says: 'retransmitsMax must be a whole number >= 0, got 1.5' },
  { set: 'links[0]', to: 7, says: 'links[0] must be an object { between,' },
  // Routing.
  { set: 'routing.policy', to: 'nearest-healty', says: 'policy must be one of "nearest-healthy", "latency-based", "weighted", "failover-only", got "nearest-healty" (did you mean "nearest-healthy"?)' },
  { set: 'routing.entryService', to: '', says: 'entryService must be a non-empty string, got ""' },
  { set: 'routing.healthCheck', to: null, says: 'healthCheck must be an object { intervalUs, timeoutUs,' },
  { set: 'routing.healthCheck.intervalUs', to: 0, says: 'healthCheck.intervalUs must be a whole number of microseconds > 0, got 0' },
  { set: 'routing.healthCheck.unhealthyThreshold', to: 0, says: 'healthCheck.unhealthyThreshold must be a whole number of checks >= 1, got 0' },
  { set: 'routing.healthCheck.depth', to: 'deeep', says: 'depth must be one of "shallow", "deep", got "deeep" (did you mean "deep"?)' },
  { set: 'routing.healthCheck.endpoint', to: 7, says: 'endpoint must be a non-empty string, got 7' },
  { set: 'routing.dnsTtlUs', to: -1, says: 'dnsTtlUs must be a whole number of µs >= 0, got -1' },
  { set: 'routing.cohortsPerPopulation', to: 0, says: 'cohortsPerPopulation must be a whole number of cohorts in [1, 65536], got 0' },
  { set: 'routing.cohortsPerPopulation', to: 65_537, says: 'cohortsPerPopulation must be a whole number of cohorts in [1, 65536], got 65537' },
  { set: 'routing.weights', to: [{ region: 'us-east', weight: -1 }], path: 'routing.weights[0].weight', says: 'weight must be a finite number >= 0, got -1' },
  { set: 'routing.weights', to: [{ region: 'us-east', weight: Infinity }], path: 'routing.weights[0].weight', says: 'got Infinity' },
  { set: 'routing.weights', to: [{ weight: 1 }], path: 'routing.weights[0].region', says: 'region must be a non-empty string, got undefined' },
  { set: 'routing.weights', to: [5], path: 'routing.weights[0]', says: 'weights[0] must be an object { region, weight }, got 5' },
  { set: 'routing.failoverOrder', to: ['us-east', 3], path: 'routing.failoverOrder[1]', says: 'failoverOrder[1] must be a non-empty string, got 3' },
  // Services.
  { set: 'services[0].id', to: 5, says: 'id must be a non-empty string, got 5' },
  { set: 'services[1]', to: null, says: 'services[1] must be an object { id, endpoints,' },
  { set: 'services[0].instance', to: null, says: 'instance must be an object { concurrency, queueCapacity, startupUs, drainUs, replaceAfterCrashUs }, got null' },
  { set: 'services[0].instance.concurrency', to: 0, says: 'concurrency must be a whole number of requests >= 1, got 0' },
  { set: 'services[0].instance.queueCapacity', to: -1, says: 'queueCapacity must be a whole number of requests >= 0, got -1' },
  { set: 'services[0].instance.startupUs', to: 1.5, says: 'startupUs must be a whole number of µs >= 0, got 1.5' },
  { set: 'services[0].instance.drainUs', to: -1, says: 'drainUs must be a whole number of µs >= 0, got -1' },
  { set: 'services[0].instance.replaceAfterCrashUs', to: 'soon', says: 'replaceAfterCrashUs must be a whole number of µs >= 0, got "soon"' },
  { set: 'services[0].placements[0].instances', to: -1, says: 'instances must be a whole number of instances >= 0, got -1' },
  { set: 'services[0].placements[1].zones', to: ['a', ''], path: 'services[0].placements[1].zones[1]', says: 'zones[1] must be a non-empty string, got ""' },
  { set: 'services[0].placements', to: 'everywhere', says: 'placements must be an array of { region, instances, zones }' },
  { set: 'services[1].endpoints', to: [], says: 'endpoints must be a non-empty array of { name, serviceTime, calls, writeRatio }, got an empty array' },
  { set: 'services[0].endpoints[1].writeRatio', to: 1.5, says: 'writeRatio must be a number in [0, 1], got 1.5' },
  { set: 'services[0].endpoints[1].name', to: '', says: 'name must be a non-empty string, got ""' },
  { set: 'services[0].endpoints[0].calls', to: 'none', says: 'calls must be an array of { parallel }, got "none"' },
  { set: 'services[0].endpoints[1].calls[1].parallel', to: [], says: 'parallel must be a non-empty array of { dependency, required }, got an empty array' },
  { set: 'services[0].endpoints[1].calls[1].parallel', to: null, says: 'parallel must be a non-empty array of { dependency, required }, got null' },
  { set: 'services[0].endpoints[0].calls[0].parallel[0].required', to: 'yes', says: 'required must be true or false, got "yes"' },
  { set: 'services[0].endpoints[0].calls[0].parallel[0].dependency', to: '', says: 'dependency must be a non-empty string, got ""' },
  { set: 'services[0].endpoints[0].serviceTime.p99', to: 1, says: 'distributionLognormal: p99 (1) must be >= median (8000)' },
  { set: 'services[0].endpoints[0].serviceTime', to: null, says: 'distributionFromConfig: expected an object with a kind, got null' },
  { set: 'services[0].balancer.policy', to: 'round-robbin', says: 'got "round-robbin" (did you mean "round-robin"?)' },
  { set: 'services[0].balancer.healthCheck.intervalUs', to: 0, says: 'healthCheck.intervalUs must be a whole number of microseconds > 0, got 0' },
  { set: 'services[1].balancer.readmissionDelayUs', to: -1, says: 'readmissionDelayUs must be a whole number of microseconds >= 0, got -1' },
  { set: 'services[1].balancer', to: undefined, says: 'balancer config must be an object' },
  { set: 'services[0].autoscaling.max', to: 0, says: 'max must be a whole number of instances >= 1, got 0' },
  { set: 'services[0].autoscaling.policy.target', to: 60, says: 'policy.target must be in (0, 1] for metric "utilisation" (a fraction, not a percentage), got 60' },
  { set: 'services[0].autoscaling', to: 'auto', says: 'autoscaling config must be an object' },
  // Dependencies.
  { set: 'dependencies[1].timeoutUs', to: 0, says: 'timeoutUs must be a whole number of µs > 0, got 0' },
  { set: 'dependencies[2].errorRatio', to: 2, says: 'errorRatio must be a number in [0, 1], got 2' },
  { set: 'dependencies[0].hitRatio', to: -0.1, says: 'hitRatio must be a number in [0, 1], got -0.1' },
  { set: 'dependencies[0].fallback.kind', to: 'degarde', says: 'kind must be one of "fail", "degrade", got "degarde" (did you mean "degrade"?)' },
  { set: 'dependencies[0].fallback', to: null, says: 'fallback must be an object { kind: "fail" } or { kind: "degrade", latency }, got null' },
  { set: 'dependencies[1].kind', to: 'internl', says: 'kind must be one of "internal", "third-party", "cache", "datastore", got "internl" (did you mean "internal"?)' },
  { set: 'dependencies[1].service', to: 4, says: 'service must be a non-empty string, got 4' },
  { set: 'dependencies[0].miss', to: '', says: 'miss must be a non-empty string, got ""' },
  { set: 'dependencies[0].latency', to: { kind: 'gamma' }, says: 'distributionFromConfig: unknown kind "gamma"' },
  { set: 'dependencies[2].latency.median', to: -5, says: 'distributionLognormal: median must be a finite number > 0, got -5' },
  { set: 'dependencies[2].fallback.latency.value', to: Number.NaN, says: 'distributionConstant: value must be a finite number, got NaN' },
  { set: 'dependencies[2].breaker.failureRateThreshold', to: 0, says: 'failureRateThreshold must be a number in (0, 1]' },
  { set: 'dependencies[2].breaker.windowUs', to: 0, says: 'windowUs must be a whole number of µs > 0, got 0' },
  { set: 'dependencies[2].breaker', to: true, says: 'a circuit breaker must be an object' },
  // Traffic.
  { set: 'traffic.populations', to: 'all', says: 'populations must be an array of populations { region, profile, mix }, got "all"' },
  { set: 'traffic.populations[1].mix[0].weight', to: 0, says: 'mix[0].weight must be a finite number > 0, got 0' },
  { set: 'traffic.populations[0].profile.decayUs', to: 0, path: 'traffic.populations[0].profile', says: 'profile: launch: decayUs must be a finite number > 0, got 0' },
  { set: 'traffic.populations[2].region', to: '', says: 'region must be a non-empty string, got ""' },
  { set: 'traffic.populations[2]', to: 3, says: 'population must be an object { region, profile, mix }, got 3' },
  { set: 'traffic.client', to: null, says: 'client must be an object { retry, budget?, hedging? }, got null' },
  { set: 'traffic.client.retry', to: null, says: 'a retry policy must be an object' },
  { set: 'traffic.client.retry.backoff.capUs', to: 50_000, says: 'backoff.capUs (50000) is below backoff.baseUs (100000)' },
  { set: 'traffic.client.retry.retryOn', to: ['timeout', 'eror'], path: 'traffic.client.retry.retryOn[1]', says: 'got "eror" (did you mean "error"?)' },
  { set: 'traffic.client.retry.attemptTimeoutUs', to: 20 * S, says: 'attemptTimeoutUs (20000000) exceeds deadlineUs (10000000)' },
  { set: 'traffic.client.budget.windowUs', to: 0, says: 'windowUs must be a whole number of µs > 0, got 0' },
  { set: 'traffic.client.hedging', to: { delayUs: -1, hedgesMax: 1 }, path: 'traffic.client.hedging.delayUs', says: 'delayUs must be a whole number of µs >= 0, got -1', adds: true },
  { set: 'traffic.client.hedging', to: { delayUs: 0, hedgesMax: 0.5 }, path: 'traffic.client.hedging.hedgesMax', says: 'hedgesMax must be a whole number >= 0, got 0.5', adds: true },
  // Faults.
  { set: 'faults[0].startUs', to: -1, says: 'startUs must be a whole number of µs >= 0, got -1' },
  { set: 'faults[0].durationUs', to: 0, says: 'durationUs must be a whole number of µs > 0, got 0' },
  { set: 'faults[0].kind', to: 'region-outag', says: 'got "region-outag" (did you mean "region-outage"?)' },
  { set: 'faults[0].region', to: 5, says: 'region must be a non-empty string, got 5' },
  { set: 'faults[1].errorRatio', to: 1.2, says: 'errorRatio must be a number in [0, 1], got 1.2' },
  { set: 'faults[1].addedLatencyUs', to: -5, says: 'addedLatencyUs must be a whole number of µs >= 0, got -5' },
  { set: 'faults[1]', to: null, says: 'faults[1] must be an object { kind, startUs,' },
  { set: 'faults[2]', to: { kind: 'traffic-spike', startUs: 0, factor: -1 }, path: 'faults[2].factor', says: 'factor must be a finite number >= 0, got -1', adds: true },
  { set: 'faults[2]', to: { kind: 'capacity-quota', service: 'web', region: 'us-east', startUs: 0, instances: -1 }, path: 'faults[2].instances', says: 'instances must be a whole number of instances >= 0, got -1', adds: true },
  { set: 'faults[2]', to: { kind: 'instance-crash', service: 'web', region: 'us-east', startUs: 0 }, says: 'needs exactly one of count (instances crashed at its start) or ratePerS (crashes per second while it lasts), got neither', adds: true },
  { set: 'faults[2]', to: { kind: 'instance-crash', service: 'web', region: 'us-east', startUs: 0, count: 1, ratePerS: 1 }, says: 'got both', adds: true },
  { set: 'faults[2]', to: { kind: 'instance-crash', service: 'web', region: 'us-east', startUs: 0, count: 0 }, path: 'faults[2].count', says: 'count must be a whole number of instances >= 1, got 0', adds: true },
  { set: 'faults[2]', to: { kind: 'instance-crash', service: 'web', region: 'us-east', startUs: 0, ratePerS: 0 }, path: 'faults[2].ratePerS', says: 'ratePerS must be a finite number > 0, got 0', adds: true },
  {
    set: 'faults[2]',
    to: { kind: 'link-degradation', between: ['us-east', 'eu-west'], direction: 'both', startUs: 0, addedLatencyUs: 0, addedLossRatio: 2 },
    path: 'faults[2].addedLossRatio',
    says: 'addedLossRatio must be a number in [0, 1], got 2',
    adds: true,
  },
  { set: 'faults[2]', to: { kind: 'link-partition', between: ['us-east', 'eu-west'], direction: 'sideways', startUs: 0 }, path: 'faults[2].direction', says: 'direction must be one of "both", "forward", "backward", got "sideways"', adds: true },
  { set: 'faults[2]', to: { kind: 'link-partition', between: ['us-east'], direction: 'both', startUs: 0 }, path: 'faults[2].between', says: 'between must be a pair of region ids ["a", "b"], got an array', adds: true },
  { set: 'faults[2]', to: { kind: 'zone-outage', region: 'us-east', zone: '', startUs: 0 }, path: 'faults[2].zone', says: 'zone must be a non-empty string, got ""', adds: true },
  // Metrics and limits.
  { set: 'metrics.intervalUs', to: 0, says: 'intervalUs must be a whole number of µs > 0, got 0' },
  { set: 'metrics.intervalUs', to: 3600 * S + 1, says: 'intervalUs must be <= durationUs (3600000000 µs), got 3600000001' },
  { set: 'metrics.intervalUs', to: 1000, says: 'more than the 2000000 allowed; use an intervalUs of at least 16201 µs' },
  { set: 'metrics.traceSampleRatio', to: 2, says: 'traceSampleRatio must be a number in [0, 1], got 2' },
  { set: 'metrics.eventLogMax', to: -1, says: 'eventLogMax must be a whole number of entries >= 0, got -1' },
  { set: 'limits.eventsMax', to: 0, says: 'eventsMax must be a whole number of events >= 1, got 0' },
  { set: 'limits.instancesMax', to: 0.5, says: 'instancesMax must be a whole number of instances >= 1, got 0.5' },
];

describe('validateModel(config)', () => {
  it('finds no problem in the standard 3-region fixture', () => {
    expect(validateModel(threeRegionModel())).toEqual([]);
  });

  it.each(ROWS.map((row) => [`${row.set} = ${JSON.stringify(row.to) ?? 'undefined'}`, row] as const))('%s', (_name, row) => {
    const problems = validateModel(withValue(row.set, row.to));
    expect(problems).toContainEqual({ path: row.path ?? row.set, message: expect.stringContaining(row.says) });
  });

  it('the table mutates real keys of the fixture and expects paths that exist in the mutated config', () => {
    for (const row of ROWS) {
      expect(resolve(FIXTURE, parentOf(row.set)).found, row.set).toBe(true);
      expect(resolve(FIXTURE, row.set).found, row.set).toBe(row.adds !== true);
      // The expected path may name a key the mutation removed, but its parent must exist.
      expect(resolve(withValue(row.set, row.to), parentOf(row.path ?? row.set)).found, row.path ?? row.set).toBe(true);
    }
  });

  it('returns every problem at once, in config order, with the reference problems last', () => {
    const model = withValues([
      // Listed out of order on purpose: the problems come back in config order.
      ['limits.eventsMax', 0],
      ['metrics.traceSampleRatio', 2],
      ['faults[0].startUs', -1],
      ['traffic.client.budget.ratio', -1],
      ['dependencies[0].hitRatio', 2],
      ['services[1].placements[0].instances', -2],
      ['routing.dnsTtlUs', -1],
      ['routing.entryService', 'wbe'],
      ['links[0].jitterUs', -1],
      ['regions[2].zones', []],
      ['seed', 'one'],
    ]);
    expect(validateModel(model)).toEqual([
      { path: 'seed', message: 'seed must be a whole number, got "one"' },
      { path: 'regions[2].zones', message: 'region "ap-southeast": zones must list at least one zone, got an empty list' },
      { path: 'links[0].jitterUs', message: 'link "us-east" <-> "eu-west": jitterUs must be a finite number >= 0 µs, got -1' },
      { path: 'routing.dnsTtlUs', message: 'dnsTtlUs must be a whole number of µs >= 0, got -1' },
      { path: 'services[1].placements[0].instances', message: 'instances must be a whole number of instances >= 0, got -2' },
      { path: 'dependencies[0].hitRatio', message: 'hitRatio must be a number in [0, 1], got 2' },
      { path: 'traffic.client.budget.ratio', message: 'ratio must be a finite number >= 0, got -1' },
      { path: 'faults[0].startUs', message: 'startUs must be a whole number of µs >= 0, got -1' },
      { path: 'metrics.traceSampleRatio', message: 'traceSampleRatio must be a number in [0, 1], got 2' },
      { path: 'limits.eventsMax', message: 'eventsMax must be a whole number of events >= 1, got 0' },
      { path: 'routing.entryService', message: 'unknown service "wbe" (did you mean "web"?)' },
    ]);
  });

  it('reports a problem found both by a part and by the reference checks once', () => {
    const problems = validateModel(withValue('links[0].between', ['us-east', 'mars']));
    expect(problems.filter((p) => p.message.includes('"mars"'))).toHaveLength(1);
    const early = validateModel(withValue('faults[0].startUs', -1));
    expect(early.filter((p) => p.path === 'faults[0].startUs')).toHaveLength(1);
    const misspelt = validateModel(withValue('faults[0].kind', 'region-outag'));
    expect(misspelt.filter((p) => p.path === 'faults[0].kind')).toHaveLength(1);
  });

  it('skips the reference checks while the shapes they read are broken, and runs them once they are sound', () => {
    const broken = withValues([
      ['routing.entryService', 'wbe'],
      ['services[0].endpoints[0].calls[0].parallel[0].dependency', 5],
    ]);
    expect(validateModel(broken)).toEqual([
      { path: 'services[0].endpoints[0].calls[0].parallel[0].dependency', message: 'dependency must be a non-empty string, got 5' },
    ]);
    expect(validateModel(withValue('routing.entryService', 'wbe'))).toEqual([
      { path: 'routing.entryService', message: 'unknown service "wbe" (did you mean "web"?)' },
    ]);
  });

  it('drops what validateRegions says about a region that is not an object, and keeps the others at their index', () => {
    const model = withValues([
      ['regions[1]', null],
      ['regions[2].location.lat', 100],
      ['regions[0].id', ''],
    ]);
    expect(validateModel(model)).toEqual([
      { path: 'regions[1]', message: 'regions[1] must be an object { id, location, zones, instancePriceUsdPerHour, egressPriceUsdPerGB }, got null' },
      { path: 'regions[0].id', message: 'regions[0]: id must be a non-empty string, got ""' },
      { path: 'regions[2].location.lat', message: 'region "ap-southeast": location.lat must be in [-90, 90] degrees, got 100' },
      { path: 'links[0]', message: 'link "us-east" <-> "eu-west": unknown region "us-east" (known: "", "ap-southeast")' },
      { path: 'links[0]', message: 'link "us-east" <-> "eu-west": unknown region "eu-west" (known: "", "ap-southeast")' },
    ]);
  });

  it('suggests the shortest metrics interval that fits, and accepts it', () => {
    const tooFine = validateModel(withValue('metrics.intervalUs', 16_200));
    expect(tooFine).toEqual([
      {
        path: 'metrics.intervalUs',
        message: `intervalUs 16200 µs makes 222223 ticks × 9 cells (3 regions × 3 endpoints) = 2000007 metric slots, more than the ${METRICS_SLOTS_MAX} allowed; use an intervalUs of at least 16201 µs`,
      },
    ]);
    expect(validateModel(withValue('metrics.intervalUs', 16_201))).toEqual([]);
  });

  describe('garbage in, problems out', () => {
    it('an empty object: every top-level field is missing', () => {
      const problems = validateModel({} as ModelConfig);
      expect(problems.map((p) => p.path)).toEqual([
        'seed',
        'durationUs',
        'regions',
        'links',
        'routing',
        'services',
        'dependencies',
        'traffic',
        'faults',
        'metrics',
        'limits',
      ]);
      expect(problems[0]).toEqual({ path: 'seed', message: 'seed must be a whole number, got undefined' });
    });

    it.each([
      ['null', null],
      ['undefined', undefined],
      ['a number', 42],
      ['a string', 'model.yaml'],
      ['an empty array', []],
      ['an array holding a config', [threeRegionModel()]],
    ])('a whole config of %s', (_name, config) => {
      const problems = validateModel(config as unknown as ModelConfig);
      expect(problems).toHaveLength(1);
      expect(problems[0]!.path).toBe('');
      expect(problems[0]!.message).toMatch(/^a model config must be an object \{ seed, durationUs, .* \}, got /);
    });

    it('null services and a number where an object goes', () => {
      const model = withValues([
        ['services', null],
        ['routing', 5],
      ]);
      expect(validateModel(model)).toEqual([
        { path: 'routing', message: expect.stringContaining('routing must be an object') },
        { path: 'services', message: expect.stringContaining('services must be an array') },
      ]);
    });

    it('never throws, whatever JSON value sits at any path of the fixture', () => {
      const paths = pathsOf(FIXTURE);
      expect(paths).toContain('services[0].endpoints[1].calls[1].parallel[0].required');
      fc.assert(
        fc.property(fc.constantFrom(...paths), fc.anything(), (path, value) => {
          const model = withValue(path, value);
          let problems: ModelProblem[] = [];
          expect(() => (problems = validateModel(model))).not.toThrow();
          for (const problem of problems) {
            expect(typeof problem.message === 'string' && problem.message.length > 0).toBe(true);
            // The last-resort catch around each part validator never fires: the validators hold their promise.
            expect(problem.message).not.toContain('could not be checked');
            // Every path names a key of the config, or one missing from an object that exists.
            expect(problem.path === '' || resolve(model, parentOf(problem.path)).found, problem.path).toBe(true);
          }
          expect(new Set(problems.map((p) => `${p.path}\u0000${p.message}`)).size).toBe(problems.length);
        }),
        { numRuns: 1000 },
      );
    });

    it('never throws for any JSON value as the whole config', () => {
      fc.assert(
        fc.property(fc.anything(), (value) => {
          expect(() => validateModel(value as ModelConfig)).not.toThrow();
        }),
      );
    });
  });
});
