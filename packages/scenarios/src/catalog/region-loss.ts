import { parseDuration, threeRegionLaunchModel } from '@stormglass/sim-core';
import type { DataStoreConfig, ModelConfig } from '@stormglass/sim-core';

const S = 1_000_000;
const MS = 1_000;

/**
 * Catalog entry 3: `region-loss` — the architect's question on the launch-day topology: "what
 * are my RTO, RPO, p99 and cost if us-east dies at the launch peak?", for two designs side by
 * side. A typed object until the scenario language lands.
 */
export interface RegionLossLesson {
  name: 'region-loss';
  title: string;
  description: string;
  lesson: readonly string[];
  defaults: { duration: string; seed: number; outageAt: string; outageFor: string };
  durationRange: { min: string; max: string };
}

export const catalogRegionLoss: RegionLossLesson = {
  name: 'region-loss',
  title: 'us-east lost at the launch peak: active-active against active-passive (async)',
  description:
    'The launch-day web service with an orders database that checkouts write and browsing reads. Active-active: ' +
    'every region serves its own users and writes orders locally; the regions replicate to each other and the last ' +
    'writer wins. Active-passive: every user is served in us-east, whose primary ships orders asynchronously to a ' +
    'standby in eu-west; an automatic failover promotes it when us-east is lost.',
  lesson: [
    'At 15 min, at the launch peak, us-east goes dark for 10 min. Both designs lose the orders only us-east held ' +
      '(those written in the last replication delay, ~38 ms one way): RPO ≈ one-way delay, lost writes ≈ write rate × delay.',
    'Active-active moves us-east\'s users as soon as routing notices (3 failed health checks 10 s apart) and the DNS ' +
      'answers drain (TTL 60 s). But eu-west, now serving two regions at the peak, fills its queues until its autoscaler ' +
      'catches up: the measured RTO is set by that lag, not by routing. Standby capacity is the knob.',
    'Active-passive waits for the same detection, then 30 s to decide and 60 s to promote eu-west before routing moves ' +
      'everyone there; its warm standby of 4 instances then scales out under the whole launch load, so it recovers later. ' +
      'Before the outage its single region already carries every user at the peak (availability over the run is lower) ' +
      'and users far from us-east pay the round trip (p99 is higher); it costs less (one fleet, a small standby).',
    'Multi-writer shows what active-active pays for: conflicting writes, lost updates (last writer wins) and stale reads.',
  ],
  defaults: { duration: '30m', seed: 1, outageAt: '15m', outageFor: '10m' },
  durationRange: { min: '2m', max: '2h' },
};

export type RegionLossDesign = 'active-active' | 'active-passive';

export interface RegionLossOptions {
  seed?: number;
  durationUs?: number;
  /** When us-east goes dark (default 15 min, the launch peak); it stays dark for 10 min or to the end. */
  outageAtUs?: number;
}

function ordersStore(partial: Partial<DataStoreConfig>): DataStoreConfig {
  return {
    id: 'orders',
    mode: 'async',
    primary: 'us-east',
    replicas: ['eu-west'],
    writeSizeBytes: 2000,
    readLatency: { kind: 'lognormal', median: 2 * MS, p99: 10 * MS },
    writeLatency: { kind: 'lognormal', median: 4 * MS, p99: 20 * MS },
    capacityPerS: Number.POSITIVE_INFINITY,
    readFrom: 'primary',
    keys: 100_000,
    storageGB: 500,
    storagePriceUsdPerGBMonth: 0.115,
    ...partial,
  };
}

/** The launch-day model with the orders store, the outage of us-east, and the other faults left out. */
function base(options: RegionLossOptions): ModelConfig {
  const model = threeRegionLaunchModel();
  const d = catalogRegionLoss.defaults;
  const durationUs = options.durationUs ?? parseDuration(d.duration);
  model.seed = options.seed ?? d.seed;
  model.durationUs = durationUs;
  const outageAtUs = options.outageAtUs ?? parseDuration(d.outageAt);
  if (!(outageAtUs >= 0 && outageAtUs < durationUs)) throw new RangeError(`regionLossModels: the outage at ${outageAtUs} µs must start inside the run (0 to ${durationUs} µs)`);
  model.faults = [{ kind: 'region-outage', region: 'us-east', startUs: outageAtUs, durationUs: parseDuration(d.outageFor) }];
  model.dependencies.push({ id: 'orders-db', kind: 'datastore', store: 'orders', timeoutUs: 1 * S, fallback: { kind: 'fail' } });
  for (const endpoint of model.services[0].endpoints) endpoint.calls.push({ parallel: [{ dependency: 'orders-db', required: true }] });
  return model;
}

/** The two designs of the lesson, same traffic, same seed, same outage. */
export function regionLossModels(options: RegionLossOptions = {}): { design: RegionLossDesign; config: ModelConfig }[] {
  const activeActive = base(options);
  activeActive.dataStores = [ordersStore({ mode: 'multi-writer', replicas: ['eu-west', 'ap-southeast'], readFrom: 'local' })];

  const activePassive = base(options);
  activePassive.dataStores = [ordersStore({ mode: 'async' })];
  activePassive.failovers = [
    { store: 'orders', standby: 'eu-west', routing: 'follow-primary', mode: 'automatic', detection: 'health-check', decisionUs: 30 * S, promotionUs: 60 * S },
  ];
  for (const service of activePassive.services) {
    // One active region; a warm standby in eu-west (4 instances, scaling out when it takes over).
    service.placements = service.placements
      .filter((placement) => placement.region !== 'ap-southeast')
      .map((placement) => (placement.region === 'eu-west' ? { ...placement, instances: 4 } : { ...placement, instances: placement.instances * 2 }));
  }
  return [
    { design: 'active-active', config: activeActive },
    { design: 'active-passive', config: activePassive },
  ];
}
