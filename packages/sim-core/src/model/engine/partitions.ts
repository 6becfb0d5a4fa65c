import type { RandomStream } from '../../kernel/random-stream.js';
import { zoneStores } from '../data/partitioned-config.js';
import type { PartitionsConfig } from '../data/partitioned-config.js';
import type { DataStoreConfig } from '../data/store-config.js';
import type { ModelConfig } from '../model-config.js';

/** A partitioned store as the engine runs it: one store per zone, and how a call picks its record's zone. */
export interface PartitionRoute {
  readonly id: string;
  readonly zones: readonly string[];
  /** Per zone (homes order): the zone's store, an index into the engine's stores. */
  readonly stores: Int32Array;
  /** Per region: the index (into `zones`) of its residency zone when the store holds it, else -1. */
  readonly zoneOfRegion: Int32Array;
  readonly foreignRatio: number;
}

/**
 * The config the engine runs: each partitioned store replaced by its zones' stores
 * (`<store>/<zone>`, see zoneStores), in place, and the routes datastore dependencies on a
 * partitioned store take. A config without partitioned stores is returned as it is.
 */
export function expandPartitionedStores(config: ModelConfig): { config: ModelConfig; routes: PartitionRoute[] } {
  const stores = config.dataStores ?? [];
  if (!stores.some((store) => store.mode === 'partitioned')) return { config, routes: [] };
  const expanded: DataStoreConfig[] = [];
  const routes: PartitionRoute[] = [];
  for (const store of stores) {
    if (store.mode !== 'partitioned') {
      expanded.push(store);
      continue;
    }
    const partitions = store.partitions as PartitionsConfig;
    const zones = partitions.homes.map((home) => home.zone);
    const first = expanded.length;
    expanded.push(...zoneStores(store));
    routes.push({
      id: store.id,
      zones,
      stores: Int32Array.from(zones, (_, z) => first + z),
      zoneOfRegion: Int32Array.from(config.regions, (region) => (region.residency === undefined ? -1 : zones.indexOf(region.residency))),
      foreignRatio: partitions.foreignRatio,
    });
  }
  return { config: { ...config, dataStores: expanded }, routes };
}

/**
 * The zone of the record a call from `region` touches, by one uniform draw: the region's own
 * zone (when the store holds it), or with probability foreignRatio another zone uniformly; a
 * region whose zone the store does not hold picks any zone uniformly. Returns the zone's store.
 */
export function routeToZone(route: PartitionRoute, region: number, rng: RandomStream): number {
  const u = rng.float();
  const own = route.zoneOfRegion[region];
  const count = route.zones.length;
  if (own < 0) return route.stores[Math.min(count - 1, Math.floor(u * count))];
  if (u >= route.foreignRatio || count === 1) return route.stores[own];
  const other = Math.min(count - 2, Math.floor((u / route.foreignRatio) * (count - 1)));
  return route.stores[other >= own ? other + 1 : other];
}
