import type { MmcCompareOptions } from './mmc-compare.js';
import type { DataBenchOptions } from './data-bench.js';
import type { ModelBenchOptions } from './model-bench.js';
import type { SweepBenchOptions } from './sweep-bench.js';

/**
 * The sizes each benchmark runs at. Full figures are the ones the targets speak about;
 * `--quick` only checks that everything runs.
 */
export interface BenchPlan {
  seed: number;
  hold: {
    pendings: number[];
    eventsTimed: number;
    /** At least this many, and at least twice the heap depth, so every initial event is replaced. */
    eventsWarmupMin: number;
    repetitions: number;
  };
  /** The M/M/c comparison; the seed comes from `seed` above. */
  mmc: Omit<MmcCompareOptions, 'seed'>;
  /** The request-level model on the 3-region topology. */
  model: ModelBenchOptions;
  /** The data layer: the steady model without a store, with async and with sync replication. */
  data: DataBenchOptions;
  /** Property testing: generated schedules on the standard incident, in a child process; the seed comes from `seed`. */
  check: { schedules: number };
  /** `stormglass sweep` through the built CLI, with 1 and then 2 workers. */
  sweep: SweepBenchOptions;
}

/** region-outage-async: 5 simulated minutes, ~66 k requests per seed. */
const SWEEP_SCENARIO = 'region-outage-async';

/** c = 4, mean service 100 ms, λ = 32/s: utilisation 0.8, a busy but stable queue. */
const MMC_MODEL = { servers: 4, arrivalRatePerS: 32, serviceMeanS: 0.1 } as const;

export const PLAN_FULL: BenchPlan = {
  seed: 42,
  hold: { pendings: [1_000, 100_000, 1_000_000], eventsTimed: 10_000_000, eventsWarmupMin: 2_000_000, repetitions: 3 },
  mmc: { ...MMC_MODEL, customers: 1_000_000, customersWarmup: 1_000_000, rounds: 3 },
  // 3 regions × 3000/s × 300 s: 2.7 M user requests per steady run; 10^7 for the RSS figure.
  model: { ratePerRegionPerS: 3000, durationS: 300, repetitions: 3, launchDayRepetitions: 1, rssRequests: 10_000_000 },
  // 3 regions × 3000/s × 100 s: 0.9 M user requests per run, three variants per round.
  data: { ratePerRegionPerS: 3000, durationS: 100, rounds: 3 },
  // The sizes bench-check and bench-sweep have always used, so the figures stay comparable.
  // Shorter sweeps understate the 2-worker speed-up: the pool's start and each worker's
  // warm-up weigh more (24 seeds gave 1.19×, 60 gave 1.56×).
  check: { schedules: 40 },
  sweep: { scenario: SWEEP_SCENARIO, seeds: 60, workers: [1, 2] },
};

export const PLAN_QUICK: BenchPlan = {
  seed: 42,
  hold: { pendings: [1_000, 100_000, 1_000_000], eventsTimed: 500_000, eventsWarmupMin: 200_000, repetitions: 3 },
  mmc: { ...MMC_MODEL, customers: 50_000, customersWarmup: 20_000, rounds: 3 },
  // The launch-day example is 60 simulated minutes as it ships: too long for a smoke run.
  model: { ratePerRegionPerS: 3000, durationS: 10, repetitions: 3, launchDayRepetitions: 0, rssRequests: 100_000 },
  data: { ratePerRegionPerS: 3000, durationS: 10, rounds: 3 },
  check: { schedules: 3 },
  sweep: { scenario: SWEEP_SCENARIO, seeds: 4, workers: [1, 2] },
};

export function holdWarmup(plan: BenchPlan, pending: number): number {
  return Math.max(plan.hold.eventsWarmupMin, 2 * pending);
}
