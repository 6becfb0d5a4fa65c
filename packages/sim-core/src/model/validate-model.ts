import { describeValue } from '../assert.js';
import { closestSpelling } from '../units/levenshtein.js';
import { validateAutoscaler } from './autoscaling/autoscaler-config.js';
import { validateBalancer } from './balancing/balancer-config.js';
import type { DependencyKind } from './dependency.js';
import { validateDistributionConfig } from './distribution-config.js';
import { FAULT_KINDS } from './fault.js';
import type { FaultKind } from './fault.js';
import { linkLabel, validateLinks } from './geo/link-config.js';
import type { LinkConfig } from './geo/link-config.js';
import { validateRegions } from './geo/region.js';
import type { RegionConfig } from './geo/region.js';
import type { ModelConfig } from './model-config.js';
import { METRICS_SLOTS_MAX } from './observability/metrics-recorder.js';
import { validateCircuitBreaker } from './resilience/circuit-breaker.js';
import { validateHedging } from './resilience/hedging.js';
import { validateRetryBudget } from './resilience/retry-budget.js';
import { validateRetryPolicy } from './resilience/retry-policy.js';
import { validateRegionHealthCheck } from './routing/region-health.js';
import { ROUTING_POLICIES } from './routing/route-table.js';
import { isRecord } from './traffic/checks.js';
import { validatePopulation } from './traffic/population.js';
import { validateDataAndOps } from './validate-data-ops.js';
import { validateDeploysAndMigration } from './validate-deploy.js';
import { validateModelReferences } from './validate-references.js';
import type { ModelProblem } from './validate-references.js';

/**
 * Every problem of a whole model config at once, each with the path of the value it concerns
 * (`services[0].instance.queueCapacity`, `traffic.client.retry.backoff.capUs`) so the scenario
 * layer can point at a line. Never throws: the config may come from YAML through a cast, so
 * every shape is checked before it is read. The order follows the config (top level, regions,
 * links, routing, services, dependencies, traffic, faults, metrics, limits), then the checks of
 * names and topology (validateModelReferences), which run only once the shapes they read are
 * sound. The same problem at the same path is reported once.
 */
export function validateModel(config: ModelConfig): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const model: unknown = config;
  if (!isRecord(model)) {
    report(problems, '', `a model config must be an object ${SHAPES.model}, got ${describeValue(model)}`);
    return problems;
  }
  checkFields(problems, '', model, TOP_LEVEL_RULES);
  checkRegions(problems, model.regions);
  checkLinks(problems, model.links, model.regions);
  if (isRecord(model.routing)) checkRouting(problems, model.routing);
  eachRecord(problems, 'services', asList(model.services), SHAPES.service, (service, path) => checkService(problems, service, path));
  eachRecord(problems, 'dependencies', asList(model.dependencies), SHAPES.dependency, (dependency, path) => checkDependency(problems, dependency, path));
  if (isRecord(model.traffic)) checkTraffic(problems, model.traffic);
  eachRecord(problems, 'faults', asList(model.faults), SHAPES.fault, (fault, path) => checkFault(problems, fault, path));
  if (isRecord(model.metrics)) checkMetrics(problems, model.metrics, model);
  if (isRecord(model.limits)) checkFields(problems, 'limits', model.limits, LIMITS_RULES);
  addReferenceProblems(problems, model);
  problems.push(...validateDataAndOps(model));
  problems.push(...validateDeploysAndMigration(model));
  return withoutRepeats(problems);
}

type Json = Record<string, unknown>;

/** One of the validators each part of the model already has, and how to read its messages. */
interface Part {
  readonly validate: (config: never) => string[];
  /** Fields of the part; a message that starts with one of them gets it appended to the path. */
  readonly fields: readonly string[];
  /** A label the validator puts before the field (`distributionLognormal: `), skipped when reading it. */
  readonly label?: RegExp;
}

/** What a value must be. Checking it never throws, whatever the value. */
type Rule =
  /** A finite number (a safe integer when `integer`), >= min (> min when `above`), <= max. */
  | { readonly kind: 'number'; readonly integer: boolean; readonly min?: number; readonly above?: boolean; readonly max?: number; readonly unit?: string }
  | { readonly kind: 'name' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'one-of'; readonly values: readonly string[] }
  | { readonly kind: 'pair' }
  | { readonly kind: 'array'; readonly shape: string; readonly nonEmpty: boolean }
  | { readonly kind: 'record'; readonly shape: string }
  | { readonly kind: 'part'; readonly part: Part };

type NumberRule = Extract<Rule, { kind: 'number' }>;
type ValueRule = Exclude<Rule, { kind: 'part' }>;

interface FieldRule {
  readonly field: string;
  readonly rule: Rule;
  /** Absent (undefined) is fine; a present value must satisfy the rule. */
  readonly optional?: boolean;
}

const SHAPES = {
  model: '{ seed, durationUs, regions, links, routing, services, dependencies, traffic, faults, metrics, limits }',
  region: '{ id, location, zones, instancePriceUsdPerHour, egressPriceUsdPerGB }',
  link: '{ between, jitterUs, lossRatio, bandwidthBitsPerS, retransmitTimeoutUs, retransmitsMax }',
  routing: '{ policy, entryService, healthCheck, dnsTtlUs, cohortsPerPopulation, weights, failoverOrder }',
  healthCheck: '{ intervalUs, timeoutUs, healthyThreshold, unhealthyThreshold, depth, endpoint }',
  weight: '{ region, weight }',
  service: '{ id, endpoints, instance, placements, balancer, autoscaling? }',
  endpoint: '{ name, serviceTime, calls, writeRatio }',
  step: '{ parallel }',
  call: '{ dependency, required }',
  instance: '{ concurrency, queueCapacity, startupUs, drainUs, replaceAfterCrashUs }',
  placement: '{ region, instances, zones }',
  dependency: '{ id, kind, timeoutUs, fallback, breaker?, ... }',
  fallback: '{ kind: "fail" } or { kind: "degrade", latency }',
  traffic: '{ populations, client }',
  population: '{ region, profile, mix }',
  client: '{ retry, budget?, hedging? }',
  fault: '{ kind, startUs, durationUs?, ... }',
  metrics: '{ intervalUs, traceSampleRatio, eventLogMax }',
  limits: '{ eventsMax, instancesMax }',
} as const;

const whole = (min: number, unit?: string, above = false): NumberRule => ({ kind: 'number', integer: true, min, above, unit });
const finite = (min: number, above = false): NumberRule => ({ kind: 'number', integer: false, min, above });
const oneOf = (values: readonly string[]): Rule => ({ kind: 'one-of', values });
const arrayOf = (shape: string, nonEmpty = false): Rule => ({ kind: 'array', shape, nonEmpty });
const object = (shape: string): Rule => ({ kind: 'record', shape });
const part = (p: Part): Rule => ({ kind: 'part', part: p });

const US_AT_LEAST_0 = whole(0, 'µs');
const US_ABOVE_0 = whole(0, 'µs', true);
const RATIO: NumberRule = { kind: 'number', integer: false, min: 0, max: 1 };
const NAME: Rule = { kind: 'name' };
const PAIR: Rule = { kind: 'pair' };
const COHORTS_MAX = 65_536;
/** Starts the sentence for a part whose validator threw (a bug in it: they promise not to). */
const UNCHECKED = 'this part could not be checked, its validator failed';

const DISTRIBUTION: Part = {
  validate: validateDistributionConfig,
  fields: ['value', 'min', 'max', 'mean', 'sd', 'median', 'p99', 'scale', 'shape', 'points'],
  label: /^distribution\w*: /,
};
const BALANCER: Part = { validate: validateBalancer, fields: ['policy', 'healthCheck', 'removalDelayUs', 'readmissionDelayUs'] };
const AUTOSCALER: Part = {
  validate: validateAutoscaler,
  fields: ['min', 'max', 'evaluationIntervalUs', 'cooldownUs', 'provisioningDelayUs', 'quota', 'policy', 'scheduled'],
};
const BREAKER: Part = { validate: validateCircuitBreaker, fields: ['failureRateThreshold', 'minimumCalls', 'windowUs', 'openDurationUs', 'halfOpenProbes'] };
const RETRY: Part = { validate: validateRetryPolicy, fields: ['attemptTimeoutUs', 'deadlineUs', 'retriesMax', 'backoff', 'retryOn'] };
const BUDGET: Part = { validate: validateRetryBudget, fields: ['ratio', 'minRetriesPerS', 'windowUs'] };
const HEDGING: Part = { validate: validateHedging, fields: ['delayUs', 'hedgesMax'] };
const POPULATION: Part = { validate: validatePopulation, fields: ['region', 'profile', 'mix'] };
/** Its messages read `healthCheck.intervalUs ...`, relative to the routing config. */
const REGION_HEALTH: Part = {
  validate: validateRegionHealthCheck,
  fields: ['intervalUs', 'timeoutUs', 'healthyThreshold', 'unhealthyThreshold'],
  label: /^healthCheck\./,
};

const REGION_FIELDS = ['id', 'location', 'zones', 'instancePriceUsdPerHour', 'egressPriceUsdPerGB', 'residency'];
const LINK_FIELDS = ['between', 'rttUs', 'jitterUs', 'lossRatio', 'bandwidthBitsPerS', 'retransmitTimeoutUs', 'retransmitsMax'];

const TOP_LEVEL_RULES: readonly FieldRule[] = [
  { field: 'seed', rule: { kind: 'number', integer: true } },
  { field: 'durationUs', rule: US_ABOVE_0 },
  { field: 'regions', rule: arrayOf(`regions ${SHAPES.region}`) },
  { field: 'links', rule: arrayOf(`links ${SHAPES.link}`) },
  { field: 'routing', rule: object(SHAPES.routing) },
  { field: 'services', rule: arrayOf(`services ${SHAPES.service}`) },
  { field: 'dependencies', rule: arrayOf(`dependencies ${SHAPES.dependency}`) },
  { field: 'traffic', rule: object(SHAPES.traffic) },
  { field: 'faults', rule: arrayOf(`faults ${SHAPES.fault}`) },
  { field: 'metrics', rule: object(SHAPES.metrics) },
  { field: 'limits', rule: object(SHAPES.limits) },
];

const ROUTING_RULES: readonly FieldRule[] = [
  { field: 'policy', rule: oneOf(ROUTING_POLICIES) },
  { field: 'entryService', rule: NAME },
  { field: 'dnsTtlUs', rule: US_AT_LEAST_0 },
  { field: 'cohortsPerPopulation', rule: { kind: 'number', integer: true, min: 1, max: COHORTS_MAX, unit: 'cohorts' } },
];
const HEALTH_CHECK_RULES: readonly FieldRule[] = [
  { field: 'depth', rule: oneOf(['shallow', 'deep']) },
  { field: 'endpoint', rule: NAME },
];
const WEIGHT_RULES: readonly FieldRule[] = [
  { field: 'region', rule: NAME },
  { field: 'weight', rule: finite(0) },
];

/** After id, endpoints, instance and placements, which have their own walkers. */
const SERVICE_PART_RULES: readonly FieldRule[] = [
  { field: 'balancer', rule: part(BALANCER) },
  { field: 'autoscaling', rule: part(AUTOSCALER), optional: true },
];
const ENDPOINT_RULES: readonly FieldRule[] = [
  { field: 'name', rule: NAME },
  { field: 'serviceTime', rule: part(DISTRIBUTION) },
  { field: 'writeRatio', rule: RATIO },
  { field: 'requestBytes', rule: finite(0), optional: true },
  { field: 'responseBytes', rule: finite(0), optional: true },
];
const CALL_RULES: readonly FieldRule[] = [
  { field: 'dependency', rule: NAME },
  { field: 'required', rule: { kind: 'boolean' } },
];
const INSTANCE_RULES: readonly FieldRule[] = [
  { field: 'concurrency', rule: whole(1, 'requests') },
  { field: 'queueCapacity', rule: whole(0, 'requests') },
  { field: 'startupUs', rule: US_AT_LEAST_0 },
  { field: 'drainUs', rule: US_AT_LEAST_0 },
  { field: 'replaceAfterCrashUs', rule: US_AT_LEAST_0 },
];
const PLACEMENT_RULES: readonly FieldRule[] = [
  { field: 'region', rule: NAME },
  { field: 'instances', rule: whole(0, 'instances') },
];

const DEPENDENCY_KINDS: readonly DependencyKind[] = ['internal', 'third-party', 'cache', 'datastore'];
const DEPENDENCY_RULES: readonly FieldRule[] = [
  { field: 'id', rule: NAME },
  { field: 'kind', rule: oneOf(DEPENDENCY_KINDS) },
  { field: 'timeoutUs', rule: US_ABOVE_0 },
  { field: 'breaker', rule: part(BREAKER), optional: true },
];
const DEPENDENCY_KIND_RULES: Record<DependencyKind, readonly FieldRule[]> = {
  internal: [
    { field: 'service', rule: NAME },
    { field: 'endpoint', rule: NAME },
  ],
  'third-party': [
    { field: 'latency', rule: part(DISTRIBUTION) },
    { field: 'errorRatio', rule: RATIO },
  ],
  cache: [
    { field: 'latency', rule: part(DISTRIBUTION) },
    { field: 'hitRatio', rule: RATIO },
    { field: 'miss', rule: NAME },
  ],
  datastore: [{ field: 'store', rule: NAME }],
};

const CLIENT_RULES: readonly FieldRule[] = [
  { field: 'retry', rule: part(RETRY) },
  { field: 'budget', rule: part(BUDGET), optional: true },
  { field: 'hedging', rule: part(HEDGING), optional: true },
];

const FAULT_RULES: readonly FieldRule[] = [
  { field: 'kind', rule: oneOf(FAULT_KINDS) },
  { field: 'startUs', rule: US_AT_LEAST_0 },
  { field: 'durationUs', rule: US_ABOVE_0, optional: true },
];
const REGION: FieldRule = { field: 'region', rule: NAME };
const REGION_OPTIONAL: FieldRule = { ...REGION, optional: true };
const SERVICE: FieldRule = { field: 'service', rule: NAME };
const DEPENDENCY: FieldRule = { field: 'dependency', rule: NAME };
const LINK_TARGET: readonly FieldRule[] = [
  { field: 'between', rule: PAIR },
  { field: 'direction', rule: oneOf(['both', 'forward', 'backward']) },
];
const ADDED_LATENCY: FieldRule = { field: 'addedLatencyUs', rule: US_AT_LEAST_0 };
const FAULT_KIND_RULES: Record<FaultKind, readonly FieldRule[]> = {
  'region-outage': [REGION],
  'zone-outage': [REGION, { field: 'zone', rule: NAME }],
  'instance-crash': [
    SERVICE,
    REGION,
    { field: 'count', rule: whole(1, 'instances'), optional: true },
    { field: 'ratePerS', rule: finite(0, true), optional: true },
  ],
  'dependency-outage': [DEPENDENCY, REGION_OPTIONAL],
  'dependency-brownout': [DEPENDENCY, REGION_OPTIONAL, { field: 'errorRatio', rule: RATIO }, ADDED_LATENCY],
  'link-partition': LINK_TARGET,
  'link-degradation': [...LINK_TARGET, ADDED_LATENCY, { field: 'addedLossRatio', rule: RATIO }],
  'capacity-quota': [SERVICE, REGION, { field: 'instances', rule: whole(0, 'instances') }],
  'cache-flush': [DEPENDENCY, REGION_OPTIONAL],
  'traffic-spike': [REGION_OPTIONAL, { field: 'factor', rule: finite(0) }],
  'primary-failure': [{ field: 'store', rule: NAME }],
  'replication-stall': [{ field: 'store', rule: NAME }, REGION],
  'data-deletion': [{ field: 'store', rule: NAME }],
  'bad-deploy': [SERVICE, { field: 'errorRatio', rule: RATIO }, ADDED_LATENCY],
};

const METRICS_RULES: readonly FieldRule[] = [
  { field: 'intervalUs', rule: US_ABOVE_0 },
  { field: 'traceSampleRatio', rule: RATIO },
  { field: 'eventLogMax', rule: whole(0, 'entries') },
];
const LIMITS_RULES: readonly FieldRule[] = [
  { field: 'eventsMax', rule: whole(1, 'events') },
  { field: 'instancesMax', rule: whole(1, 'instances') },
];

// ---------------------------------------------------------------------------------------------
// Sections, in config order.

function checkRegions(problems: ModelProblem[], regions: unknown): void {
  if (!Array.isArray(regions)) return;
  const entries = recordsOrPlaceholders(problems, 'regions', regions, SHAPES.region);
  const labels = entries.map((region, i) => regionLabel(region, i));
  const messages = sentencesOf(() => validateRegions(entries as unknown as RegionConfig[]));
  attachToEntries(problems, 'regions', messages, labels, regions, REGION_FIELDS);
}

/** How validateRegions names a region (geo/region.ts): by id when it has a usable one, else by position. */
function regionLabel(region: Json, index: number): string {
  return typeof region.id === 'string' && region.id.length > 0 ? `region "${region.id}"` : `regions[${index}]`;
}

function checkLinks(problems: ModelProblem[], links: unknown, regions: unknown): void {
  if (!Array.isArray(links)) return;
  const entries = recordsOrPlaceholders(problems, 'links', links, SHAPES.link);
  const labels = entries.map((link, i) => linkLabel(link as unknown as LinkConfig, i));
  // validateLinks spell-checks ends against the region ids, so it needs them to be strings.
  const known = asList(regions).filter((region) => isRecord(region) && isString(region.id)) as RegionConfig[];
  const messages = sentencesOf(() => validateLinks(entries as unknown as LinkConfig[], known));
  attachToEntries(problems, 'links', messages, labels, links, LINK_FIELDS);
}

function checkRouting(problems: ModelProblem[], routing: Json): void {
  checkFields(problems, 'routing', routing, ROUTING_RULES);
  withRecord(problems, 'routing.healthCheck', routing.healthCheck, SHAPES.healthCheck, (healthCheck, path) => {
    checkPart(problems, path, healthCheck, REGION_HEALTH);
    checkFields(problems, path, healthCheck, HEALTH_CHECK_RULES);
  });
  checkList(problems, 'routing.weights', routing.weights, SHAPES.weight, (weight, path) => checkFields(problems, path, weight, WEIGHT_RULES));
  checkNames(problems, 'routing.failoverOrder', routing.failoverOrder, 'region ids');
}

function checkService(problems: ModelProblem[], service: Json, path: string): void {
  checkValue(problems, `${path}.id`, service.id, NAME);
  checkList(problems, `${path}.endpoints`, service.endpoints, SHAPES.endpoint, (endpoint, at) => checkEndpoint(problems, endpoint, at), true);
  withRecord(problems, `${path}.instance`, service.instance, SHAPES.instance, (instance, at) => checkFields(problems, at, instance, INSTANCE_RULES));
  checkList(problems, `${path}.placements`, service.placements, SHAPES.placement, (placement, at) => {
    checkFields(problems, at, placement, PLACEMENT_RULES);
    checkNames(problems, `${at}.zones`, placement.zones, 'zone ids');
  });
  checkFields(problems, path, service, SERVICE_PART_RULES);
}

function checkEndpoint(problems: ModelProblem[], endpoint: Json, path: string): void {
  checkFields(problems, path, endpoint, ENDPOINT_RULES);
  checkList(problems, `${path}.calls`, endpoint.calls, SHAPES.step, (step, at) =>
    checkList(problems, `${at}.parallel`, step.parallel, SHAPES.call, (call, callPath) => checkFields(problems, callPath, call, CALL_RULES), true),
  );
}

function checkDependency(problems: ModelProblem[], dependency: Json, path: string): void {
  checkFields(problems, path, dependency, DEPENDENCY_RULES);
  checkFields(problems, path, dependency, rulesOf(DEPENDENCY_KIND_RULES, dependency.kind));
  withRecord(problems, `${path}.fallback`, dependency.fallback, SHAPES.fallback, (fallback, at) => {
    if (checkValue(problems, `${at}.kind`, fallback.kind, oneOf(['fail', 'degrade'])) && fallback.kind === 'degrade') {
      checkValue(problems, `${at}.latency`, fallback.latency, part(DISTRIBUTION));
    }
  });
}

function checkTraffic(problems: ModelProblem[], traffic: Json): void {
  const populations = traffic.populations;
  if (checkValue(problems, 'traffic.populations', populations, arrayOf(`populations ${SHAPES.population}`))) {
    entriesOf(populations).forEach((population, i) => checkPart(problems, `traffic.populations[${i}]`, population, POPULATION));
  }
  withRecord(problems, 'traffic.client', traffic.client, SHAPES.client, (client, path) => checkFields(problems, path, client, CLIENT_RULES));
}

function checkFault(problems: ModelProblem[], fault: Json, path: string): void {
  checkFields(problems, path, fault, FAULT_RULES);
  checkFields(problems, path, fault, rulesOf(FAULT_KIND_RULES, fault.kind));
  if (fault.kind === 'instance-crash') {
    const given = ['count', 'ratePerS'].filter((field) => fault[field] !== undefined).length;
    if (given !== 1) {
      report(problems, path, `an instance-crash fault needs exactly one of count (instances crashed at its start) or ratePerS (crashes per second while it lasts), got ${given === 0 ? 'neither' : 'both'}`);
    }
  }
  if (fault.kind === 'data-deletion' && fault.durationUs !== undefined) {
    report(problems, `${path}.durationUs`, `a data-deletion fault ends when the restore from backups completes, so it takes no durationUs (got ${describeValue(fault.durationUs)}); configure the restore in backups`);
  }
}

function checkMetrics(problems: ModelProblem[], metrics: Json, model: Json): void {
  checkFields(problems, 'metrics', metrics, METRICS_RULES);
  const { intervalUs } = metrics;
  const { durationUs } = model;
  if (!(satisfies(intervalUs, US_ABOVE_0) && satisfies(durationUs, US_ABOVE_0))) return;
  const interval = intervalUs as number;
  const duration = durationUs as number;
  if (interval > duration) {
    report(problems, 'metrics.intervalUs', `intervalUs must be <= durationUs (${duration} µs), got ${interval}: the run would not fill one interval`);
  }
  checkMetricSlots(problems, model, interval, duration);
}

/** The metrics recorder holds one slot per (tick × region × endpoint); it refuses more than METRICS_SLOTS_MAX. */
function checkMetricSlots(problems: ModelProblem[], model: Json, intervalUs: number, durationUs: number): void {
  const regions = asList(model.regions).length;
  const endpoints = asList(model.services).reduce<number>((sum, service) => sum + (isRecord(service) ? asList(service.endpoints).length : 0), 0);
  const cells = regions * endpoints;
  const ticks = Math.ceil(durationUs / intervalUs);
  if (ticks * cells <= METRICS_SLOTS_MAX) return;
  const ticksMax = Math.floor(METRICS_SLOTS_MAX / cells);
  let advice = `no interval is long enough for ${cells} cells; model fewer regions or endpoints`;
  if (ticksMax > 0) {
    let shortest = Math.ceil(durationUs / ticksMax);
    while (Math.ceil(durationUs / shortest) > ticksMax) shortest += 1;
    advice = `use an intervalUs of at least ${shortest} µs`;
  }
  report(
    problems,
    'metrics.intervalUs',
    `intervalUs ${intervalUs} µs makes ${ticks} ticks × ${cells} cells (${regions} regions × ${endpoints} endpoints) = ${ticks * cells} metric slots, more than the ${METRICS_SLOTS_MAX} allowed; ${advice}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Names and topology: validateModelReferences, once the shapes it reads are sound.

function addReferenceProblems(problems: ModelProblem[], model: Json): void {
  if (!referencesCanRun(model)) return;
  let found: ModelProblem[];
  try {
    found = validateModelReferences(model as unknown as ModelConfig);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    report(problems, '', `the checks of names and topology failed (${reason}); fix the problems above and validate again`);
    return;
  }
  const earlier = problems.slice();
  for (const problem of found) if (!alreadyReported(earlier, problem)) problems.push(problem);
}

/**
 * A reference problem repeats an earlier one when that one is at the same path (for example
 * `faults[0].startUs`: negative, and so outside the run), or at an enclosing path and says the
 * same (validateLinks's `link "a" <-> "b": unknown region "b"` against `links[0].between[1]`).
 */
function alreadyReported(earlier: readonly ModelProblem[], problem: ModelProblem): boolean {
  const stem = problem.message.replace(/ \(did you mean "[^"]*"\?\)$/, '');
  return earlier.some((e) => e.path === problem.path || (encloses(e.path, problem.path) && e.message.includes(stem)));
}

function encloses(outer: string, inner: string): boolean {
  return inner.startsWith(outer) && (inner[outer.length] === '.' || inner[outer.length] === '[');
}

/**
 * Whether every value validateModelReferences reads has the shape it reads it as: names are
 * strings, lists arrays, and the times it compares and prints are scalars (an object there may
 * have no primitive value, and comparing it would throw).
 */
function referencesCanRun(model: Json): boolean {
  const { routing, traffic } = model;
  return (
    isScalar(model.durationUs) &&
    isListOf(model.regions, (region) => isString(region.id) && isStringList(region.zones)) &&
    isListOf(model.links, (link) => fieldsReadable(link, LINK_TARGET)) &&
    isListOf(model.services, serviceReadable) &&
    isListOf(model.dependencies, (dependency) => fieldsReadable(dependency, [...DEPENDENCY_RULES, ...rulesOf(DEPENDENCY_KIND_RULES, dependency.kind)])) &&
    isRecord(routing) &&
    routingReadable(routing) &&
    isRecord(traffic) &&
    isListOf(traffic.populations, (population) => isString(population.region) && isListOf(population.mix, (entry) => isString(entry.endpoint))) &&
    isListOf(model.faults, (fault) => isScalar(fault.startUs) && fieldsReadable(fault, rulesOf(FAULT_KIND_RULES, fault.kind)))
  );
}

function serviceReadable(service: Json): boolean {
  const endpointReadable = (endpoint: Json): boolean =>
    isString(endpoint.name) && isListOf(endpoint.calls, (step) => isListOf(step.parallel, (call) => isString(call.dependency)));
  return (
    isString(service.id) &&
    isListOf(service.endpoints, endpointReadable) &&
    isListOf(service.placements, (placement) => isString(placement.region) && isStringList(placement.zones))
  );
}

function routingReadable(routing: Json): boolean {
  const { healthCheck } = routing;
  return (
    isString(routing.entryService) &&
    isRecord(healthCheck) &&
    isString(healthCheck.endpoint) &&
    isListOf(routing.weights, (weight) => isString(weight.region)) &&
    isStringList(routing.failoverOrder)
  );
}

/** The names and pairs among `rules` hold strings (absent optional ones are fine). */
function fieldsReadable(record: Json, rules: readonly FieldRule[]): boolean {
  return rules.every(({ field, rule, optional }) => {
    const value = record[field];
    if (optional === true && value === undefined) return true;
    if (rule.kind === 'name') return isString(value);
    return rule.kind !== 'pair' || (Array.isArray(value) && value.length === 2 && isStringList(value));
  });
}

// ---------------------------------------------------------------------------------------------
// Checking values against rules.

function checkFields(problems: ModelProblem[], base: string, record: Json, rules: readonly FieldRule[]): void {
  for (const { field, rule, optional } of rules) {
    const value = record[field];
    if (optional === true && value === undefined) continue;
    checkValue(problems, base === '' ? field : `${base}.${field}`, value, rule);
  }
}

/** Reports a value that breaks its rule (the part's own problems, for a part); true when it is fine. */
function checkValue(problems: ModelProblem[], path: string, value: unknown, rule: Rule): boolean {
  if (rule.kind === 'part') return checkPart(problems, path, value, rule.part);
  if (satisfies(value, rule)) return true;
  report(problems, path, `${fieldName(path)} must be ${expectation(rule)}, got ${found(value)}${spellingHint(value, rule)}`);
  return false;
}

function satisfies(value: unknown, rule: ValueRule): boolean {
  switch (rule.kind) {
    case 'number':
      return typeof value === 'number' && inRange(value, rule);
    case 'name':
      return typeof value === 'string' && value.length > 0;
    case 'boolean':
      return typeof value === 'boolean';
    case 'one-of':
      return typeof value === 'string' && rule.values.includes(value);
    case 'pair':
      return Array.isArray(value) && value.length === 2 && entriesOf(value).every((end) => typeof end === 'string' && end.length > 0);
    case 'array':
      return Array.isArray(value) && (!rule.nonEmpty || value.length > 0);
    case 'record':
      return isRecord(value);
  }
}

function inRange(value: number, rule: NumberRule): boolean {
  if (!(rule.integer ? Number.isSafeInteger(value) : Number.isFinite(value))) return false;
  const { min, max } = rule;
  const aboveMin = min === undefined || (rule.above === true ? value > min : value >= min);
  return aboveMin && (max === undefined || value <= max);
}

function expectation(rule: ValueRule): string {
  switch (rule.kind) {
    case 'number':
      return numberExpectation(rule);
    case 'name':
      return 'a non-empty string';
    case 'boolean':
      return 'true or false';
    case 'one-of':
      return `one of ${rule.values.map((v) => `"${v}"`).join(', ')}`;
    case 'pair':
      return 'a pair of region ids ["a", "b"]';
    case 'array':
      return `${rule.nonEmpty ? 'a non-empty array' : 'an array'} of ${rule.shape}`;
    case 'record':
      return `an object ${rule.shape}`;
  }
}

/** "a whole number of µs > 0", "a number in [0, 1]", "a finite number >= 0", "a whole number". */
function numberExpectation(rule: NumberRule): string {
  const unit = rule.unit === undefined ? '' : ` of ${rule.unit}`;
  const { min, max } = rule;
  if (max !== undefined) return `${rule.integer ? `a whole number${unit}` : 'a number'} in [${String(min)}, ${max}]`;
  const what = rule.integer ? `a whole number${unit}` : 'a finite number';
  return min === undefined ? what : `${what} ${rule.above === true ? '>' : '>='} ${min}`;
}

function found(value: unknown): string {
  return Array.isArray(value) && value.length === 0 ? 'an empty array' : describeValue(value);
}

function spellingHint(value: unknown, rule: Rule): string {
  if (rule.kind !== 'one-of' || typeof value !== 'string') return '';
  const suggestion = closestSpelling(value, rule.values);
  return suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
}

/** Runs a part's own validator and reports its sentences at the part's path (plus the field they name). */
function checkPart(problems: ModelProblem[], path: string, value: unknown, p: Part): boolean {
  const messages = sentencesOf(() => p.validate(value as never));
  for (const message of messages) {
    const text = p.label === undefined ? message : message.replace(p.label, '');
    report(problems, `${path}${fieldSuffix(text, p.fields)}`, message);
  }
  return messages.length === 0;
}

/** A part validator's sentences; should it throw after all, one sentence saying so instead. */
function sentencesOf(validate: () => string[]): string[] {
  try {
    return validate();
  } catch (error) {
    return [`${UNCHECKED}: ${error instanceof Error ? error.message : String(error)}`];
  }
}

const FIELD_PATH = /^([A-Za-z_]\w*)((?:\[\d+\]|\.[A-Za-z_]\w*)*)(?=[\s:,(]|$)/;

/** `.healthCheck.intervalUs` for a sentence that starts with it, when its first name is one of `fields`; else ''. */
function fieldSuffix(text: string, fields: readonly string[]): string {
  const match = FIELD_PATH.exec(text);
  return match !== null && fields.includes(match[1]) ? `.${match[0]}` : '';
}

// ---------------------------------------------------------------------------------------------
// Lists and objects.

function withRecord(problems: ModelProblem[], path: string, value: unknown, shape: string, visit: (record: Json, path: string) => void): void {
  if (checkValue(problems, path, value, object(shape))) visit(value as Json, path);
}

/** Checks that `value` is an array (non-empty when asked), then visits each entry that is an object. */
function checkList(problems: ModelProblem[], path: string, value: unknown, shape: string, visit: (entry: Json, path: string) => void, nonEmpty = false): void {
  if (checkValue(problems, path, value, arrayOf(shape, nonEmpty))) eachRecord(problems, path, value as unknown[], shape, visit);
}

function eachRecord(problems: ModelProblem[], path: string, list: readonly unknown[], shape: string, visit: (entry: Json, path: string) => void): void {
  entriesOf(list).forEach((entry, i) => {
    if (checkValue(problems, `${path}[${i}]`, entry, object(shape))) visit(entry as Json, `${path}[${i}]`);
  });
}

function checkNames(problems: ModelProblem[], path: string, value: unknown, what: string): void {
  if (checkValue(problems, path, value, arrayOf(what))) entriesOf(value).forEach((name, i) => checkValue(problems, `${path}[${i}]`, name, NAME));
}

/**
 * The entries of a list with each non-object replaced by `{}`, reported as a problem: a list
 * validator such as validateRegions reads fields of every entry, and keeping the positions
 * keeps the `regions[i]` in its sentences right. attachToEntries drops what it says about a placeholder.
 */
function recordsOrPlaceholders(problems: ModelProblem[], path: string, list: readonly unknown[], shape: string): Json[] {
  return entriesOf(list).map((entry, i) => (checkValue(problems, `${path}[${i}]`, entry, object(shape)) ? (entry as Json) : {}));
}

/**
 * Reports the sentences of a list validator at `list[i]` (plus the field they name) when they
 * start with entry i's label (`region "us-east": `, `regions[2]: `, `region "x" (regions[2]): `),
 * else at `list`.
 */
function attachToEntries(problems: ModelProblem[], list: string, messages: readonly string[], labels: readonly string[], original: readonly unknown[], fields: readonly string[]): void {
  const byPosition = labels.flatMap((label, index) => [`${label} (${list}[${index}])`, `${list}[${index}]`].map((text) => ({ index, text })));
  const candidates = [...byPosition, ...labels.map((text, index) => ({ index, text }))];
  for (const message of messages) {
    const entry = candidates.find(({ text }) => message.startsWith(`${text}: `));
    if (entry === undefined) report(problems, list, message);
    else if (isRecord(original[entry.index])) report(problems, `${list}[${entry.index}]${fieldSuffix(message.slice(entry.text.length + 2), fields)}`, message);
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

function report(problems: ModelProblem[], path: string, message: string): void {
  problems.push({ path, message });
}

/** The last name of a path, for a sentence: `queueCapacity` for `services[0].instance.queueCapacity`. */
function fieldName(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

function asList(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? entriesOf(value) : [];
}

/** The entries of an array with any hole read as undefined (array methods skip holes; for-of does not). */
function entriesOf(list: unknown): unknown[] {
  return Array.from(list as readonly unknown[]);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

/** Not an object, array or function: a value a comparison or a template can always turn into a primitive. */
function isScalar(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function' && typeof value !== 'symbol');
}

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && entriesOf(value).every(isString);
}

function isListOf(value: unknown, readable: (entry: Json) => boolean): boolean {
  return Array.isArray(value) && entriesOf(value).every((entry) => isRecord(entry) && readable(entry));
}

/** The rules of a kind, or none for an unknown kind (already reported). */
function rulesOf<K extends string>(table: Record<K, readonly FieldRule[]>, kind: unknown): readonly FieldRule[] {
  return typeof kind === 'string' && Object.hasOwn(table, kind) ? table[kind as K] : [];
}

function withoutRepeats(problems: readonly ModelProblem[]): ModelProblem[] {
  const seen = new Set<string>();
  return problems.filter(({ path, message }) => {
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
