import type { Distribution } from '../../distributions/distribution.js';
import { distributionFromConfig } from '../distribution-config.js';
import type { DependencyConfig } from '../dependency.js';
import type { ModelConfig } from '../model-config.js';
import type { MetricsEndpoint } from '../observability/metrics-recorder.js';

export const DEP_THIRD_PARTY = 0;
export const DEP_CACHE = 1;
export const DEP_INTERNAL = 2;
export const DEP_DATASTORE = 3;

/** An endpoint of some service, with its calls as dense dependency indices. */
export interface CompiledEndpoint {
  readonly service: number;
  readonly name: string;
  /** Index among its own service's endpoints. */
  readonly local: number;
  /** Index on the service metrics' endpoint axis (every service's endpoints, in config order). */
  readonly metricsIndex: number;
  readonly serviceTime: Distribution;
  /** Per step, the dependencies called in parallel and whether each is required (1) or optional (0). */
  readonly steps: readonly Int32Array[];
  readonly required: readonly Uint8Array[];
}

export interface CompiledDependency {
  readonly id: string;
  readonly kind: typeof DEP_THIRD_PARTY | typeof DEP_CACHE | typeof DEP_INTERNAL | typeof DEP_DATASTORE;
  readonly config: DependencyConfig;
  readonly timeoutUs: number;
  /** Third-party and cache answer latency. */
  readonly latency: Distribution | null;
  /** The degrade fallback's latency; null when the fallback is `fail`. */
  readonly fallbackLatency: Distribution | null;
  readonly errorRatio: number;
  readonly hitRatio: number;
  /** Cache: the dependency a miss calls. */
  readonly miss: number;
  /** Internal: the service and global endpoint called. */
  readonly service: number;
  readonly endpoint: number;
  /** Datastore: the store's index in the engine's `dataStores`; −(route + 1) for a partitioned store (PartitionRoute). */
  readonly store: number;
}

/**
 * The config with every name interned to a dense index, built once before the run so that
 * the hot path reads integers and typed arrays only.
 */
export interface CompiledModel {
  readonly regionIds: readonly string[];
  readonly serviceIds: readonly string[];
  readonly endpoints: readonly CompiledEndpoint[];
  readonly dependencies: readonly CompiledDependency[];
  /** The service metrics' endpoint axis. */
  readonly metricsEndpoints: readonly MetricsEndpoint[];
  readonly entryService: number;
  /** Global endpoint index of each entry-service endpoint, in the entry service's order (the user metrics' axis). */
  readonly entryEndpoints: Int32Array;
  /** Global endpoint index of the region health check's endpoint. */
  readonly checkEndpoint: number;
  /** Per population, its mix's endpoints as indices into entryEndpoints. */
  readonly populationEndpoints: readonly Int32Array[];
  readonly populationRegion: Int32Array;
}

/**
 * `partitioned`: the ids of partitioned stores, by route index; a datastore dependency on one
 * gets store −(route + 1) (the call picks its zone's store, see routeToZone).
 */
export function compileModel(config: ModelConfig, partitioned: readonly string[] = []): CompiledModel {
  const regionIds = config.regions.map((region) => region.id);
  const regionIndex = new Map(regionIds.map((id, i) => [id, i]));
  const serviceIds = config.services.map((service) => service.id);
  const serviceIndex = new Map(serviceIds.map((id, i) => [id, i]));
  const dependencyIndex = new Map(config.dependencies.map((dependency, i) => [dependency.id, i]));
  const storeIndex = new Map((config.dataStores ?? []).map((store, i) => [store.id, i]));
  partitioned.forEach((id, p) => storeIndex.set(id, -(p + 1)));
  const endpointIndex = new Map<string, number>();
  const metricsEndpoints: MetricsEndpoint[] = [];
  config.services.forEach((service) =>
    service.endpoints.forEach((endpoint) => {
      endpointIndex.set(`${service.id}\u0000${endpoint.name}`, metricsEndpoints.length);
      metricsEndpoints.push({ service: service.id, endpoint: endpoint.name });
    }),
  );
  const lookup = <T>(map: Map<string, T>, key: string, what: string): T => {
    const value = map.get(key);
    if (value === undefined) throw new RangeError(`engine: unknown ${what} "${key}" (validateModel reports it)`);
    return value;
  };
  const endpoints: CompiledEndpoint[] = [];
  config.services.forEach((service, s) =>
    service.endpoints.forEach((endpoint, local) => {
      endpoints.push({
        service: s,
        name: endpoint.name,
        local,
        metricsIndex: endpoints.length,
        serviceTime: distributionFromConfig(endpoint.serviceTime),
        steps: endpoint.calls.map((step) => Int32Array.from(step.parallel, (call) => lookup(dependencyIndex, call.dependency, 'dependency'))),
        required: endpoint.calls.map((step) => Uint8Array.from(step.parallel, (call) => (call.required ? 1 : 0))),
      });
    }),
  );
  const dependencies = config.dependencies.map((dependency): CompiledDependency => {
    const common = {
      id: dependency.id,
      config: dependency,
      timeoutUs: dependency.timeoutUs,
      fallbackLatency: dependency.fallback.kind === 'degrade' ? distributionFromConfig(dependency.fallback.latency) : null,
      store: -1,
    };
    switch (dependency.kind) {
      case 'third-party':
        return { ...common, kind: DEP_THIRD_PARTY, latency: distributionFromConfig(dependency.latency), errorRatio: dependency.errorRatio, hitRatio: 0, miss: -1, service: -1, endpoint: -1 };
      case 'cache':
        return {
          ...common,
          kind: DEP_CACHE,
          latency: distributionFromConfig(dependency.latency),
          errorRatio: 0,
          hitRatio: dependency.hitRatio,
          miss: lookup(dependencyIndex, dependency.miss, 'dependency'),
          service: -1,
          endpoint: -1,
        };
      case 'internal':
        return {
          ...common,
          kind: DEP_INTERNAL,
          latency: null,
          errorRatio: 0,
          hitRatio: 0,
          miss: -1,
          service: lookup(serviceIndex, dependency.service, 'service'),
          endpoint: lookup(endpointIndex, `${dependency.service}\u0000${dependency.endpoint}`, 'endpoint'),
        };
      case 'datastore':
        return { ...common, kind: DEP_DATASTORE, latency: null, errorRatio: 0, hitRatio: 0, miss: -1, service: -1, endpoint: -1, store: lookup(storeIndex, dependency.store, 'data store') };
    }
  });
  const entryService = lookup(serviceIndex, config.routing.entryService, 'service');
  const entry = config.services[entryService];
  const entryEndpoints = Int32Array.from(entry.endpoints, (endpoint) => lookup(endpointIndex, `${entry.id}\u0000${endpoint.name}`, 'endpoint'));
  const entryLocal = new Map(entry.endpoints.map((endpoint, i) => [endpoint.name, i]));
  return {
    regionIds,
    serviceIds,
    endpoints,
    dependencies,
    metricsEndpoints,
    entryService,
    entryEndpoints,
    checkEndpoint: lookup(endpointIndex, `${entry.id}\u0000${config.routing.healthCheck.endpoint}`, 'endpoint'),
    populationEndpoints: config.traffic.populations.map((population) => Int32Array.from(population.mix, (mix) => lookup(entryLocal, mix.endpoint, 'endpoint'))),
    populationRegion: Int32Array.from(config.traffic.populations, (population) => lookup(regionIndex, population.region, 'region')),
  };
}
