import { FAULT_KINDS, zoneStores } from '@stormglass/sim-core';
import type { DataStoreConfig, FaultKind, ModelConfig } from '@stormglass/sim-core';

/**
 * What each fault kind can hit in one config: the targets a generated fault draws from, each
 * one validateModel accepts for that kind. A kind with no target is absent, so a generator never
 * makes a fault the model would refuse (a cache flush without a cache, a bad deploy without a
 * deployment of its service).
 */
export interface FaultTarget {
  region?: string;
  zone?: string;
  service?: string;
  dependency?: string;
  store?: string;
  between?: [string, string];
  /** instance-crash and capacity-quota: the instances the service starts with there. */
  instances?: number;
}

export type FaultTargets = ReadonlyMap<FaultKind, readonly FaultTarget[]>;

/** Single-primary stores a primary failure or a replication stall can name: the zone stores of partitioned ones included. */
function singlePrimaryStores(stores: readonly DataStoreConfig[]): DataStoreConfig[] {
  return stores.flatMap((store) => (store.mode === 'partitioned' ? zoneStores(store) : store.mode === 'multi-writer' ? [] : [store]));
}

/** Every target of every fault kind in `config`, kinds in FAULT_KINDS order, kinds without a target left out. */
export function faultTargets(config: ModelConfig): FaultTargets {
  const regions = config.regions.map((r) => r.id);
  const regionOrAll: FaultTarget[] = [{}, ...regions.map((region) => ({ region }))];
  const placements = config.services.flatMap((service) => service.placements.map((p): FaultTarget => ({ service: service.id, region: p.region, instances: p.instances })));
  const dependencies = (kinds: readonly string[] | null): FaultTarget[] =>
    config.dependencies.filter((d) => kinds === null || kinds.includes(d.kind)).flatMap((d) => regionOrAll.map((t) => ({ dependency: d.id, ...t })));
  const pairs = regions.flatMap((a, i) => regions.slice(i + 1).map((b): FaultTarget => ({ between: [a, b] })));
  const stores = config.dataStores ?? [];
  const single = singlePrimaryStores(stores);
  const deletable = stores.flatMap((store) => (store.mode === 'partitioned' ? zoneStores(store) : [store]));
  const deployed = [...new Set((config.deployments ?? []).map((d) => d.service))];
  const populationRegions = [...new Set(config.traffic.populations.map((p) => p.region))];
  const byKind: Record<FaultKind, FaultTarget[]> = {
    'region-outage': regions.map((region) => ({ region })),
    'zone-outage': config.regions.flatMap((r) => r.zones.map((zone) => ({ region: r.id, zone }))),
    'instance-crash': placements.filter((p) => (p.instances ?? 0) > 0),
    'dependency-outage': dependencies(null),
    'dependency-brownout': dependencies(null),
    'link-partition': pairs,
    'link-degradation': pairs,
    'capacity-quota': placements,
    'cache-flush': dependencies(['cache']),
    'traffic-spike': [{}, ...populationRegions.map((region) => ({ region }))],
    'primary-failure': single.map((store) => ({ store: store.id })),
    'replication-stall': single.flatMap((store) => store.replicas.map((region) => ({ store: store.id, region }))),
    'data-deletion': deletable.map((store) => ({ store: store.id })),
    'bad-deploy': deployed.map((service) => ({ service })),
  };
  const targets = new Map<FaultKind, readonly FaultTarget[]>();
  for (const kind of FAULT_KINDS) if (byKind[kind].length > 0) targets.set(kind, byKind[kind]);
  return targets;
}
