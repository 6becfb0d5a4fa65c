import { AUTOSCALER_METRICS, BALANCER_POLICIES, DATA_STORE_MODES, PARTITION_REPLICATIONS, READ_FROM, ROUTING_POLICIES } from '@stormglass/sim-core';
import type {
  AutoscalerConfig,
  AutoscalerPolicy,
  BalancerConfig,
  CallStepConfig,
  CircuitBreakerConfig,
  DataStoreConfig,
  DependencyCallConfig,
  DependencyConfig,
  EndpointConfig,
  FallbackConfig,
  InstanceConfig,
  ResidencyConfig,
  RoutingConfig,
  ServiceConfig,
} from '@stormglass/sim-core';
import { z } from 'zod';
import { durationUs, money, percentRatio, ratePerS, sizeBytes } from '../units-schema.js';
import { distributionSchema } from './distribution.js';

/**
 * The `topology` section (ARCHITECTURE §7): the strategy, global routing, the services with
 * their endpoints, instances, balancer and autoscaling, the dependencies, the data stores,
 * residency zones and network segmentation. Resolves to sim-core's routing, services,
 * dependencies, dataStores and residency (`resolveTopology`), plus the tiers and allowed flows
 * the segmentation check reads. Every default is here, in the schema, and shows in its
 * JSON Schema.
 */

const name = z.string().min(1);

/** Segmentation tiers: a service's (and a dependency's) place in the network. */
export const TIERS = ['public', 'app', 'data', 'admin', 'external'] as const;
export type Tier = (typeof TIERS)[number];
const tier = z.enum(TIERS);

// ---------------------------------------------------------------- services

/** A number, or a percentage resolved to a fraction (`60%` = 0.6): autoscaling targets and bounds. */
const fractionOrNumber = z.union([z.number(), percentRatio]);

const callSchema = z
  .union([name.transform((dependency): DependencyCallConfig => ({ dependency, required: true })), z.strictObject({ dependency: name, required: z.boolean().default(true).describe('false: a failure degrades the answer instead of failing it (default true)') })])
  .describe('a dependency id (a required call), or { dependency, required }');

const stepSchema = z
  .union([callSchema.transform((call): CallStepConfig => ({ parallel: [call] })), z.strictObject({ parallel: z.array(callSchema).min(1) }).transform((step): CallStepConfig => ({ parallel: step.parallel }))])
  .describe('one call, or { parallel: [calls] } that run together and end with the slowest');

export const ENDPOINT_WORK_DEFAULT = '5ms';

const endpointSchema = z
  .strictObject({
    name,
    work: distributionSchema.prefault(ENDPOINT_WORK_DEFAULT).describe(`the time an instance works on one request, excluding its calls (default ${ENDPOINT_WORK_DEFAULT})`),
    calls: z.array(stepSchema).default([]).describe('the dependency calls, step by step (default none)'),
    writes: percentRatio.prefault('0%').describe('share of its requests that write (default 0%)'),
    request: sizeBytes.optional().describe('bytes of one request, for egress cost (default 0)'),
    response: sizeBytes.optional().describe('bytes of one answer, for egress cost (default 0)'),
  })
  .transform(
    (e): EndpointConfig => ({
      name: e.name,
      serviceTime: e.work,
      calls: e.calls,
      writeRatio: e.writes,
      ...(e.request === undefined ? {} : { requestBytes: e.request }),
      ...(e.response === undefined ? {} : { responseBytes: e.response }),
    }),
  );

export const INSTANCE_DEFAULTS = Object.freeze({ concurrency: 8, queue: 64, startup: '30s', drain: '10s', replaceAfterCrash: '60s' });

const instanceSchema = z
  .strictObject({
    concurrency: z.number().int().min(1).default(INSTANCE_DEFAULTS.concurrency).describe(`requests one instance works on at once (default ${INSTANCE_DEFAULTS.concurrency})`),
    queue: z.number().int().min(0).default(INSTANCE_DEFAULTS.queue).describe(`requests that may wait; one more is rejected (default ${INSTANCE_DEFAULTS.queue})`),
    startup: durationUs.prefault(INSTANCE_DEFAULTS.startup).describe(`from launch to ready (default ${INSTANCE_DEFAULTS.startup})`),
    drain: durationUs.prefault(INSTANCE_DEFAULTS.drain).describe(`a stopping instance finishes in-flight work for at most this long (default ${INSTANCE_DEFAULTS.drain})`),
    replaceAfterCrash: durationUs.prefault(INSTANCE_DEFAULTS.replaceAfterCrash).describe(`a crashed instance is replaced after this long, 0s: never (default ${INSTANCE_DEFAULTS.replaceAfterCrash})`),
  })
  .transform((i): InstanceConfig => ({ concurrency: i.concurrency, queueCapacity: i.queue, startupUs: i.startup, drainUs: i.drain, replaceAfterCrashUs: i.replaceAfterCrash }));

export const BALANCER_DEFAULTS = Object.freeze({ policy: 'least-connections' as const, interval: '5s', unhealthy: 2, healthy: 3, removalDelay: '0s', readmissionDelay: '10s' });

const balancerSchema = z
  .strictObject({
    policy: z.enum(BALANCER_POLICIES).default(BALANCER_DEFAULTS.policy).describe(`how an instance is picked (default ${BALANCER_DEFAULTS.policy})`),
    healthCheck: z
      .strictObject({
        interval: durationUs.prefault(BALANCER_DEFAULTS.interval).describe(`between two probes of one instance (default ${BALANCER_DEFAULTS.interval})`),
        unhealthy: z.number().int().min(1).default(BALANCER_DEFAULTS.unhealthy).describe(`failed probes to take an instance out (default ${BALANCER_DEFAULTS.unhealthy})`),
        healthy: z.number().int().min(1).default(BALANCER_DEFAULTS.healthy).describe(`passed probes to put it back (default ${BALANCER_DEFAULTS.healthy})`),
      })
      .prefault({}),
    removalDelay: durationUs.prefault(BALANCER_DEFAULTS.removalDelay).describe(`from "unhealthy" to no new requests (default ${BALANCER_DEFAULTS.removalDelay})`),
    readmissionDelay: durationUs.prefault(BALANCER_DEFAULTS.readmissionDelay).describe(`from "healthy" to requests again (default ${BALANCER_DEFAULTS.readmissionDelay})`),
  })
  .transform(
    (b): BalancerConfig => ({
      policy: b.policy,
      healthCheck: { intervalUs: b.healthCheck.interval, unhealthyThreshold: b.healthCheck.unhealthy, healthyThreshold: b.healthCheck.healthy },
      removalDelayUs: b.removalDelay,
      readmissionDelayUs: b.readmissionDelay,
    }),
  );

export const AUTOSCALING_DEFAULTS = Object.freeze({ interval: '60s', cooldown: '120s', provisioning: '90s' });

const policySchema = z.discriminatedUnion('kind', [
  z
    .strictObject({ kind: z.literal('target-tracking'), metric: z.enum(AUTOSCALER_METRICS), target: fractionOrNumber.describe('utilisation as a percentage (60%), or requests per instance for concurrency') })
    .transform((p): AutoscalerPolicy => ({ kind: 'target-tracking', metric: p.metric, target: p.target })),
  z
    .strictObject({
      kind: z.literal('step'),
      metric: z.enum(AUTOSCALER_METRICS),
      steps: z.array(z.strictObject({ from: fractionOrNumber, to: fractionOrNumber.optional().describe('absent: no upper bound (last step only)'), change: z.number().int().describe('instances to add (negative: to remove)') })).min(1),
    })
    .transform((p): AutoscalerPolicy => ({ kind: 'step', metric: p.metric, steps: p.steps.map((s) => ({ lowerBound: s.from, ...(s.to === undefined ? {} : { upperBound: s.to }), adjustment: s.change })) })),
]);

const autoscalingSchema = z
  .strictObject({
    min: z.number().int().min(0).describe('fewest instances per region'),
    max: z.number().int().min(1).describe('most instances per region'),
    interval: durationUs.prefault(AUTOSCALING_DEFAULTS.interval).describe(`between two evaluations (default ${AUTOSCALING_DEFAULTS.interval})`),
    cooldown: durationUs.prefault(AUTOSCALING_DEFAULTS.cooldown).describe(`after an action, none in the same direction for this long (default ${AUTOSCALING_DEFAULTS.cooldown})`),
    provisioning: durationUs.prefault(AUTOSCALING_DEFAULTS.provisioning).describe(`from a scale-out decision to the instance starting up (default ${AUTOSCALING_DEFAULTS.provisioning})`),
    quota: z.number().int().min(0).optional().describe('the regional cap on instances (default none)'),
    policy: policySchema,
    scheduled: z.array(z.strictObject({ at: durationUs, min: z.number().int().min(0).optional(), max: z.number().int().min(1).optional(), desired: z.number().int().min(0).optional() })).optional().describe('changes at set times'),
  })
  .transform(
    (a): AutoscalerConfig => ({
      min: a.min,
      max: a.max,
      evaluationIntervalUs: a.interval,
      cooldownUs: a.cooldown,
      provisioningDelayUs: a.provisioning,
      ...(a.quota === undefined ? {} : { quota: a.quota }),
      policy: a.policy,
      ...(a.scheduled === undefined
        ? {}
        : { scheduled: a.scheduled.map((s) => ({ atUs: s.at, ...(s.min === undefined ? {} : { min: s.min }), ...(s.max === undefined ? {} : { max: s.max }), ...(s.desired === undefined ? {} : { desired: s.desired }) })) }),
    }),
  );

const serviceSchema = z
  .strictObject({
    id: name.describe('a unique service id'),
    tier: tier.optional().describe('its segmentation tier (needed when topology.segmentation is given)'),
    endpoints: z.array(endpointSchema).min(1),
    instance: instanceSchema.prefault({}).describe('one instance: concurrency, queue, startup, drain, crash replacement'),
    instances: z.record(name, z.number().int().min(0)).describe('instances at the start, by region: { us-east: 10, eu-west: 4 }'),
    zones: z.record(name, z.array(name).min(1)).optional().describe("zones the instances spread over, by region (default: all of the region's zones)"),
    balancer: balancerSchema.prefault({}).describe('the regional load balancer'),
    autoscaling: autoscalingSchema.optional().describe('absent: a fixed number of instances'),
  })
  .transform(
    (s): { config: ServiceConfig; tier?: Tier } => ({
      config: {
        id: s.id,
        endpoints: s.endpoints,
        instance: s.instance,
        placements: Object.entries(s.instances).map(([region, instances]) => ({ region, instances, zones: s.zones !== undefined && Object.prototype.hasOwnProperty.call(s.zones, region) ? s.zones[region] : [] })),
        balancer: s.balancer,
        ...(s.autoscaling === undefined ? {} : { autoscaling: s.autoscaling }),
      },
      ...(s.tier === undefined ? {} : { tier: s.tier }),
    }),
  );

// ---------------------------------------------------------------- dependencies

const breakerSchema = z
  .strictObject({
    threshold: percentRatio.prefault('50%').describe('the failure rate that opens it (default 50%)'),
    minimumCalls: z.number().int().min(1).default(20).describe('calls the window must hold first (default 20)'),
    window: durationUs.prefault('30s').describe('the window the failure rate is measured over (default 30s)'),
    open: durationUs.prefault('30s').describe('how long it stays open (default 30s)'),
    probes: z.number().int().min(1).default(5).describe('calls a half-open breaker lets through (default 5)'),
  })
  .transform((b): CircuitBreakerConfig => ({ failureRateThreshold: b.threshold, minimumCalls: b.minimumCalls, windowUs: b.window, openDurationUs: b.open, halfOpenProbes: b.probes }));

const fallbackSchema = z
  .union([z.literal('fail').transform((): FallbackConfig => ({ kind: 'fail' })), z.strictObject({ degrade: distributionSchema }).transform((f): FallbackConfig => ({ kind: 'degrade', latency: f.degrade }))])
  .describe('fail (the call fails the request), or { degrade: <latency> } (a cheaper answer instead)');

const dependencyCommon = {
  id: name.describe('a unique dependency id'),
  timeout: durationUs.prefault('1s').describe('the caller gives up on one call after this long (default 1s)'),
  breaker: breakerSchema.optional().describe('a circuit breaker (absent: none)'),
  fallback: fallbackSchema.default({ kind: 'fail' }),
  tier: tier.optional().describe('its segmentation tier (default: data for caches and stores, external for third parties, the service\'s for internal calls)'),
};

export interface DependencyOut {
  config: DependencyConfig;
  tier?: Tier;
}

const common = (d: { id: string; timeout: number; breaker?: CircuitBreakerConfig; fallback: FallbackConfig }) => ({ id: d.id, timeoutUs: d.timeout, ...(d.breaker === undefined ? {} : { breaker: d.breaker }), fallback: d.fallback });
const tierOf = (d: { tier?: Tier }) => (d.tier === undefined ? {} : { tier: d.tier });

const dependencySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('internal'), service: name, endpoint: name, ...dependencyCommon }).transform((d): DependencyOut => ({ config: { kind: 'internal', ...common(d), service: d.service, endpoint: d.endpoint }, ...tierOf(d) })),
  z
    .strictObject({ kind: z.literal('third-party'), latency: distributionSchema, errors: percentRatio.prefault('0%').describe('share of calls that fail (default 0%)'), ...dependencyCommon })
    .transform((d): DependencyOut => ({ config: { kind: 'third-party', ...common(d), latency: d.latency, errorRatio: d.errors }, ...tierOf(d) })),
  z
    .strictObject({ kind: z.literal('cache'), latency: distributionSchema, hits: percentRatio.describe('the share of calls it answers'), miss: name.describe('the dependency a miss also calls'), ...dependencyCommon })
    .transform((d): DependencyOut => ({ config: { kind: 'cache', ...common(d), latency: d.latency, hitRatio: d.hits, miss: d.miss }, ...tierOf(d) })),
  z.strictObject({ kind: z.literal('datastore'), store: name, ...dependencyCommon }).transform((d): DependencyOut => ({ config: { kind: 'datastore', ...common(d), store: d.store }, ...tierOf(d) })),
]);

// ---------------------------------------------------------------- data stores

export const DATA_STORE_DEFAULTS = Object.freeze({
  writeSize: '1KB',
  readLatency: { kind: 'lognormal' as const, median: '2ms', p99: '10ms' },
  writeLatency: { kind: 'lognormal' as const, median: '4ms', p99: '20ms' },
  readFrom: 'primary' as const,
  keys: 100_000,
  storage: '100GB',
  storagePrice: '$0.115/GB-month',
});

const storagePrice = money.superRefine((price, ctx) => {
  if (price.per !== 'GB-month') ctx.addIssue({ code: 'custom', message: 'a storage price is per GB-month', params: { expected: 'a price per GB-month, like $0.115/GB-month', found: `a price per ${price.per}` } });
});

const dataStoreSchema = z
  .strictObject({
    id: name.describe('a unique store id'),
    mode: z.enum(DATA_STORE_MODES).describe('sync, async, semi-sync (one primary), multi-writer (every member writes), partitioned (records live by residency zone)'),
    primary: name.describe("the primary's region at the start"),
    replicas: z.array(name).default([]).describe('the regions of the other members'),
    quorum: z.number().int().min(1).optional().describe('sync: replica acknowledgements a write waits for (required); semi-sync: default 1'),
    semiSyncTimeout: durationUs.optional().describe('semi-sync: how long a write waits before degrading to async'),
    writeSize: sizeBytes.prefault(DATA_STORE_DEFAULTS.writeSize).describe(`bytes one write puts on a replication link (default ${DATA_STORE_DEFAULTS.writeSize})`),
    readLatency: distributionSchema.prefault(DATA_STORE_DEFAULTS.readLatency).describe('a read on a member (default lognormal, median 2ms, p99 10ms)'),
    writeLatency: distributionSchema.prefault(DATA_STORE_DEFAULTS.writeLatency).describe('a write on the member taking it (default lognormal, median 4ms, p99 20ms)'),
    capacity: ratePerS.optional().describe('operations per second one member serves before throttling (default unlimited)'),
    readFrom: z.enum(READ_FROM).default(DATA_STORE_DEFAULTS.readFrom).describe(`primary, or local: the member in the caller's region (default ${DATA_STORE_DEFAULTS.readFrom})`),
    keys: z.number().int().min(1).default(DATA_STORE_DEFAULTS.keys).describe(`the key space reads and writes draw from (default ${DATA_STORE_DEFAULTS.keys})`),
    fencing: z.enum(['none', 'fencing', 'quorum']).optional().describe('what a member cut off by a partition does with writes (default none)'),
    partitions: z
      .strictObject({
        homes: z.array(z.strictObject({ zone: name, region: name, standby: name.optional() })).min(1),
        replication: z.enum(PARTITION_REPLICATIONS).default('async'),
        foreign: percentRatio.prefault('0%').describe('share of operations on another zone\'s records (default 0%)'),
      })
      .optional()
      .describe('partitioned: where each residency zone\'s records live'),
    zone: name.optional().describe('the residency zone whose data it holds (checked)'),
    storage: sizeBytes.prefault(DATA_STORE_DEFAULTS.storage).describe(`data size, billed per member (default ${DATA_STORE_DEFAULTS.storage})`),
    storagePrice: storagePrice.prefault(DATA_STORE_DEFAULTS.storagePrice).describe(`(default ${DATA_STORE_DEFAULTS.storagePrice})`),
  })
  .transform(
    (d): DataStoreConfig => ({
      id: d.id,
      mode: d.mode,
      primary: d.primary,
      replicas: d.replicas,
      ...(d.quorum === undefined ? {} : { quorum: d.quorum }),
      ...(d.semiSyncTimeout === undefined ? {} : { semiSyncTimeoutUs: d.semiSyncTimeout }),
      writeSizeBytes: d.writeSize,
      readLatency: d.readLatency,
      writeLatency: d.writeLatency,
      capacityPerS: d.capacity ?? Number.POSITIVE_INFINITY,
      readFrom: d.readFrom,
      keys: d.keys,
      ...(d.fencing === undefined ? {} : { fencing: d.fencing }),
      ...(d.partitions === undefined
        ? {}
        : { partitions: { homes: d.partitions.homes.map((h) => ({ zone: h.zone, region: h.region, ...(h.standby === undefined ? {} : { standby: h.standby }) })), replication: d.partitions.replication, foreignRatio: d.partitions.foreign } }),
      ...(d.zone === undefined ? {} : { zone: d.zone }),
      storageGB: d.storage / 1e9,
      storagePriceUsdPerGBMonth: d.storagePrice.usd,
    }),
  );

// ---------------------------------------------------------------- routing

export const ROUTING_DEFAULTS = Object.freeze({ interval: '10s', timeout: '2s', healthy: 3, unhealthy: 3, depth: 'shallow' as const, dnsTtl: '60s', cohorts: 16 });

const routingSchema = z.strictObject({
  policy: z.enum(ROUTING_POLICIES).optional().describe('nearest-healthy, latency-based, weighted, failover-only (default: nearest-healthy for active-active, failover-only for active-passive)'),
  entry: name.optional().describe('the service users call (default: the first service)'),
  healthCheck: z
    .strictObject({
      interval: durationUs.prefault(ROUTING_DEFAULTS.interval).describe(`(default ${ROUTING_DEFAULTS.interval})`),
      timeout: durationUs.prefault(ROUTING_DEFAULTS.timeout).describe(`(default ${ROUTING_DEFAULTS.timeout})`),
      healthy: z.number().int().min(1).default(ROUTING_DEFAULTS.healthy).describe(`passes to mark a region healthy again (default ${ROUTING_DEFAULTS.healthy})`),
      unhealthy: z.number().int().min(1).default(ROUTING_DEFAULTS.unhealthy).describe(`failures to mark it unhealthy (default ${ROUTING_DEFAULTS.unhealthy})`),
      depth: z.enum(['shallow', 'deep']).default(ROUTING_DEFAULTS.depth).describe('shallow: an instance answers; deep: its dependencies are called too (default shallow)'),
      endpoint: name.optional().describe("the endpoint the check calls (default: the entry service's first)"),
    })
    .prefault({}),
  dnsTtl: durationUs.prefault(ROUTING_DEFAULTS.dnsTtl).describe(`how long a client keeps the region it resolved (default ${ROUTING_DEFAULTS.dnsTtl})`),
  cohorts: z.number().int().min(1).default(ROUTING_DEFAULTS.cohorts).describe(`client cohorts per population, each on its own TTL clock (default ${ROUTING_DEFAULTS.cohorts})`),
  weights: z.record(name, z.number().min(0)).optional().describe('weighted: { us-east: 2, eu-west: 1 }'),
  failoverOrder: z.array(name).optional().describe('failover-only: the regions in order (default: the primary, then the others)'),
});

// ---------------------------------------------------------------- the section

export const FLOW_PATTERN = /^\s*([A-Za-z][\w-]*)\s*->\s*([A-Za-z][\w-]*)\s*$/;

const flowSchema = z.string().superRefine((text, ctx) => {
  const match = FLOW_PATTERN.exec(text);
  if (match === null) {
    ctx.addIssue({ code: 'custom', message: 'not a flow', params: { expected: 'a flow "source -> tier", like "app -> data"', found: JSON.stringify(text) } });
  } else if (!(TIERS as readonly string[]).includes(match[2])) {
    ctx.addIssue({ code: 'custom', message: 'a flow must end at a tier', params: { expected: `one of ${TIERS.join(', ')}`, found: JSON.stringify(match[2]) } });
  }
});

export const topologySchema = z.strictObject({
  strategy: z.enum(['active-active', 'active-passive']).default('active-active').describe('active-active (every region serves its users) or active-passive (the primary serves everyone) (default active-active)'),
  primary: name.optional().describe('active-passive: the region that serves'),
  routing: routingSchema.prefault({}),
  services: z.array(serviceSchema).min(1),
  dependencies: z.array(dependencySchema).default([]),
  dataStores: z.array(dataStoreSchema).optional(),
  residency: z
    .strictObject({ zones: z.array(z.strictObject({ zone: name, regions: z.array(name).min(1) })).min(1) })
    .optional()
    .describe("residency zones and the regions allowed to store and serve each zone's data (default: from the regions' residency tags)"),
  segmentation: z
    .strictObject({ flows: z.array(flowSchema).describe('the allowed flows, "source -> tier": a source is a tier or a users\' network (internet, or a population\'s network)') })
    .optional()
    .describe('network segmentation, checked statically: every call and every user population must follow an allowed flow'),
});

export type TopologySection = z.output<typeof topologySchema>;

/** What the topology resolves to: sim-core's parts, and the tiers the segmentation check reads. */
export interface ResolvedTopology {
  strategy: 'active-active' | 'active-passive';
  routing: RoutingConfig;
  services: ServiceConfig[];
  dependencies: DependencyConfig[];
  dataStores?: DataStoreConfig[];
  residency?: ResidencyConfig;
  /** Each service's tier (absent when not given). */
  serviceTiers: Record<string, Tier>;
  /** Each dependency's own tier when written. */
  dependencyTiers: Record<string, Tier>;
  /** The allowed flows `[source, tier]`, when segmentation is on. */
  flows?: [string, Tier][];
}

/**
 * The topology with the defaults that need the rest of the scenario: the entry service and
 * its health-check endpoint, the routing policy and failover order from the strategy, the
 * residency zones from the regions' tags.
 */
export function resolveTopology(t: TopologySection, regions: readonly { id: string; residency?: string }[]): ResolvedTopology {
  const services = t.services.map((service) => service.config);
  const entry = t.routing.entry ?? services[0].id;
  const entryService = services.find((service) => service.id === entry);
  const policy = t.routing.policy ?? (t.strategy === 'active-passive' ? 'failover-only' : 'nearest-healthy');
  const served = entryService?.placements.map((placement) => placement.region) ?? regions.map((region) => region.id);
  const primary = t.primary ?? served[0];
  const failoverOrder = t.routing.failoverOrder ?? (policy === 'failover-only' && primary !== undefined ? [primary, ...served.filter((region) => region !== primary)] : []);
  const routing: RoutingConfig = {
    policy,
    entryService: entry,
    healthCheck: {
      intervalUs: t.routing.healthCheck.interval,
      timeoutUs: t.routing.healthCheck.timeout,
      healthyThreshold: t.routing.healthCheck.healthy,
      unhealthyThreshold: t.routing.healthCheck.unhealthy,
      depth: t.routing.healthCheck.depth,
      endpoint: t.routing.healthCheck.endpoint ?? entryService?.endpoints[0]?.name ?? '',
    },
    dnsTtlUs: t.routing.dnsTtl,
    cohortsPerPopulation: t.routing.cohorts,
    weights: Object.entries(t.routing.weights ?? {}).map(([region, weight]) => ({ region, weight })),
    failoverOrder,
  };
  const serviceTiers: Record<string, Tier> = Object.create(null) as Record<string, Tier>;
  for (const service of t.services) if (service.tier !== undefined) serviceTiers[service.config.id] = service.tier;
  const dependencyTiers: Record<string, Tier> = Object.create(null) as Record<string, Tier>;
  for (const dependency of t.dependencies) if (dependency.tier !== undefined) dependencyTiers[dependency.config.id] = dependency.tier;
  const residency = t.residency ?? residencyFromTags(regions);
  return {
    strategy: t.strategy,
    routing,
    services,
    dependencies: t.dependencies.map((dependency) => dependency.config),
    ...(t.dataStores === undefined ? {} : { dataStores: t.dataStores }),
    ...(residency === undefined ? {} : { residency }),
    serviceTiers,
    dependencyTiers,
    ...(t.segmentation === undefined ? {} : { flows: t.segmentation.flows.map((flow) => flowParts(flow)) }),
  };
}

function flowParts(flow: string): [string, Tier] {
  const match = FLOW_PATTERN.exec(flow);
  return match === null ? ['', 'public'] : [match[1], match[2] as Tier];
}

/** Zones from the regions' `residency` tags: zone eu = the regions tagged eu. Undefined when none is tagged. */
function residencyFromTags(regions: readonly { id: string; residency?: string }[]): ResidencyConfig | undefined {
  const zones = new Map<string, string[]>();
  for (const region of regions) {
    if (region.residency === undefined) continue;
    const list = zones.get(region.residency) ?? [];
    list.push(region.id);
    zones.set(region.residency, list);
  }
  return zones.size === 0 ? undefined : { zones: [...zones].map(([zone, ids]) => ({ zone, regions: ids })) };
}
