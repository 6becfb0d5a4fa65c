import { ModelEngine } from '@stormglass/sim-core';
import type { DataStoreConfig, ModelConfig } from '@stormglass/sim-core';
import { steadyModel } from './model-bench.js';
import { median, timed } from './timing.js';

/**
 * The data layer's cost: the steady 3-region model without a store, and with an orders store
 * that every checkout reads or writes (half each), replicated async and sync (quorum 1) from
 * us-east to eu-west and ap-southeast. Rounds alternate the three variants, so a noisy
 * machine slows them alike; the figure is the median over rounds of plain ÷ with-store.
 */
export interface DataBenchOptions {
  ratePerRegionPerS: number;
  durationS: number;
  rounds: number;
}

export type DataVariant = 'plain' | 'async' | 'sync';
const VARIANTS: readonly DataVariant[] = ['plain', 'async', 'sync'];

export interface DataVariantFigure {
  variant: DataVariant;
  requests: number;
  events: number;
  requestsPerS: number[];
  requestsPerSMedian: number;
  availability: number | null;
  p50Ms: number | null;
  writes: number;
  staleReads: number;
  digest: string;
}

export interface DataBenchmark {
  ratePerRegionPerS: number;
  simulatedS: number;
  variants: DataVariantFigure[];
  /** Per round, plain requests/s ÷ the variant's; the medians. */
  slowdownAsyncMedian: number;
  slowdownSyncMedian: number;
}

const US_PER_S = 1_000_000;
/** The extra time a checkout holds a worker for the store call (cross-region write + the quorum's RTT), s. */
const STORE_HOLD_S = 0.3;

export function dataModel(variant: DataVariant, ratePerRegionPerS: number, durationUs: number, seed: number): ModelConfig {
  // Size the fleet for the longer hold, so every variant runs the same requests unqueued.
  const config = steadyModel(ratePerRegionPerS * (1 + STORE_HOLD_S / 0.175), durationUs, seed);
  config.traffic.populations = config.traffic.populations.map((population) => ({
    ...population,
    profile: { kind: 'constant', ratePerS: ratePerRegionPerS },
    mix: [{ endpoint: 'checkout', weight: 1, writeRatio: variant === 'plain' ? 0 : 0.5 }],
  }));
  if (variant === 'plain') return config;
  const store: DataStoreConfig = {
    id: 'orders',
    mode: variant,
    primary: 'us-east',
    replicas: ['eu-west', 'ap-southeast'],
    quorum: 1,
    writeSizeBytes: 2000,
    readLatency: { kind: 'lognormal', median: 2000, p99: 10_000 },
    writeLatency: { kind: 'lognormal', median: 4000, p99: 20_000 },
    capacityPerS: Number.POSITIVE_INFINITY,
    readFrom: 'local',
    keys: 100_000,
    storageGB: 500,
    storagePriceUsdPerGBMonth: 0.115,
  };
  config.dataStores = [store];
  config.dependencies = [...config.dependencies, { id: 'orders-db', kind: 'datastore', store: 'orders', timeoutUs: 2 * US_PER_S, fallback: { kind: 'fail' } }];
  config.services = config.services.map((service) =>
    service.id !== config.routing.entryService
      ? service
      : { ...service, endpoints: service.endpoints.map((e) => (e.name === 'checkout' ? { ...e, calls: [...e.calls, { parallel: [{ dependency: 'orders-db', required: true }] }] } : e)) },
  );
  return config;
}

export function runDataBench(options: DataBenchOptions, seed: number, log: (line: string) => void): DataBenchmark {
  const durationUs = options.durationS * US_PER_S;
  const configs = VARIANTS.map((variant) => dataModel(variant, options.ratePerRegionPerS, durationUs, seed));
  log(`  data layer: warm-up of each variant, ${options.durationS} s simulated …`);
  for (const config of configs) new ModelEngine(config).run();
  const rates: number[][] = VARIANTS.map(() => []);
  const last: ReturnType<ModelEngine['run']>[] = [];
  for (let round = 0; round < options.rounds; round++) {
    configs.forEach((config, v) => {
      const { result, wallS } = timed(() => new ModelEngine(config).run());
      rates[v].push(result.users.started / wallS);
      last[v] = result;
    });
    log(`  data layer round ${round + 1}: ${VARIANTS.map((variant, v) => `${variant} ${Math.round(rates[v][round]).toLocaleString('en-US')}/s`).join(', ')}`);
  }
  const variants = VARIANTS.map((variant, v): DataVariantFigure => {
    const result = last[v];
    return {
      variant,
      requests: result.users.started,
      events: result.events,
      requestsPerS: rates[v],
      requestsPerSMedian: median(rates[v]),
      availability: result.users.availability,
      p50Ms: result.users.latencyMs.p50,
      writes: result.data.reduce((a, store) => a + store.writes, 0),
      staleReads: result.data.reduce((a, store) => a + store.staleReads, 0),
      digest: result.digest,
    };
  });
  const slowdown = (v: number): number => median(rates[0].map((plain, round) => plain / rates[v][round]));
  return { ratePerRegionPerS: options.ratePerRegionPerS, simulatedS: options.durationS, variants, slowdownAsyncMedian: slowdown(1), slowdownSyncMedian: slowdown(2) };
}
