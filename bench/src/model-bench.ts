import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ModelEngine, threeRegionLaunchModel } from '@stormglass/sim-core';
import type { ModelConfig, ModelResult } from '@stormglass/sim-core';
import { best, median, timed } from './timing.js';

/**
 * The request-level model: user requests simulated per second on the standard 3-region
 * topology at steady load, the launch-day example as it ships, and the peak memory of a
 * 10^7-request run (in a child process, so the figure is that run's and not the bench's).
 */
export interface ModelBenchOptions {
  /** Constant arrival rate of each region's users. */
  ratePerRegionPerS: number;
  /** Simulated duration of each steady run. */
  durationS: number;
  repetitions: number;
  /** Timed runs of the launch-day example as it ships (60 simulated minutes); 0 skips it. */
  launchDayRepetitions: number;
  /** Expected user requests of the run whose peak RSS is measured. */
  rssRequests: number;
}

const US_PER_S = 1_000_000;
/** Utilisation the fixed entry fleet is sized for: busy, with headroom, nothing queues long. */
const ENTRY_UTILISATION_TARGET = 0.65;
/**
 * Mean time a checkout holds a worker, s: its own work (lognormal, median 15 ms, p99 80 ms:
 * mean 19 ms) + the session cache (under 2 ms with its misses) + the payments API (lognormal,
 * median 120 ms, p99 600 ms: mean 152 ms). The report prints the utilisation measured.
 */
const CHECKOUT_HOLD_S = 0.175;

/**
 * The launch-day topology at steady load: every region's users send `ratePerRegionPerS`
 * checkouts (routing, a network hop each way, the balancer, an instance queue, then the session
 * cache — its misses call the accounts service — and the payments API), no faults, no
 * autoscaling: a fixed entry fleet sized for ENTRY_UTILISATION_TARGET.
 */
export function steadyModel(ratePerRegionPerS: number, durationUs: number, seed: number): ModelConfig {
  const launch = threeRegionLaunchModel();
  const entry = launch.routing.entryService;
  const fixed = launch.services.map(({ autoscaling: _autoscaling, ...service }) => {
    if (service.id !== entry) return service;
    const instances = Math.ceil((ratePerRegionPerS * CHECKOUT_HOLD_S) / (service.instance.concurrency * ENTRY_UTILISATION_TARGET));
    return { ...service, placements: service.placements.map((placement) => ({ ...placement, instances })) };
  });
  const populations = launch.traffic.populations.map((population) => ({
    ...population,
    profile: { kind: 'constant' as const, ratePerS: ratePerRegionPerS },
    mix: [{ endpoint: 'checkout', weight: 1 }],
  }));
  return { ...launch, seed, durationUs, services: fixed, traffic: { ...launch.traffic, populations }, faults: [] };
}

export interface ModelRun {
  wallS: number;
  /** User requests started. */
  requests: number;
  events: number;
  requestsPerS: number;
  eventsPerS: number;
}

export interface ModelFigure {
  name: 'steady' | 'launch-day';
  description: string;
  simulatedS: number;
  /** Every timed run, in order; time is `new ModelEngine(config).run()` together. */
  runs: ModelRun[];
  requestsPerSBest: number;
  requestsPerSMedian: number;
  eventsPerSMedian: number;
  eventsPerRequest: number;
  availability: number | null;
  /** Busy worker time / ready worker time of the entry service, per region, from the last run. */
  entryUtilisation: { region: string; utilisation: number | null }[];
  digest: string;
  /** Every run gave the same digest (same config, same seed). */
  deterministic: boolean;
}

/** What the child process measured: its own peak RSS, at the end of one run. */
export interface ModelRssFigure {
  requests: number;
  events: number;
  simulatedS: number;
  /** Cold run (no warm-up): for orientation only, not a throughput figure. */
  wallS: number;
  /** `process.resourceUsage().maxRSS` of the child before building the model, and at its end. */
  baselineMB: number;
  peakMB: number;
}

export interface ModelBenchmark {
  ratePerRegionPerS: number;
  seed: number;
  steady: ModelFigure;
  /** null when the plan skips it (--quick). */
  launchDay: ModelFigure | null;
  rss: ModelRssFigure;
}

/** Steady runs (one warm-up, then the timed repetitions), then the launch-day example. */
export function runModelBench(options: ModelBenchOptions, seed: number, log: (line: string) => void): Omit<ModelBenchmark, 'rss'> {
  const regions = threeRegionLaunchModel().regions.length;
  const steadyConfig = steadyModel(options.ratePerRegionPerS, options.durationS * US_PER_S, seed);
  log(`  steady: warm-up run, ${options.durationS} s simulated …`);
  new ModelEngine(steadyConfig).run();
  const steady = timeModel(
    'steady',
    `${regions} regions × ${options.ratePerRegionPerS}/s checkouts (cache + payments), no faults, fixed fleet sized for ${ENTRY_UTILISATION_TARGET * 100}% utilisation`,
    steadyConfig,
    options.repetitions,
    log,
  );
  const launchDay = options.launchDayRepetitions > 0
    ? timeModel('launch-day', 'threeRegionLaunchModel() as it ships: launch ramp, autoscaling, region outage, payments brownout', threeRegionLaunchModel(), options.launchDayRepetitions, log)
    : null;
  return { ratePerRegionPerS: options.ratePerRegionPerS, seed, steady, launchDay };
}

function timeModel(name: ModelFigure['name'], description: string, config: ModelConfig, repetitions: number, log: (line: string) => void): ModelFigure {
  const runs: ModelRun[] = [];
  const digests = new Set<string>();
  let last: ModelResult | undefined;
  for (let r = 0; r < repetitions; r++) {
    const { result, wallS } = timed(() => new ModelEngine(config).run());
    const requests = result.users.started;
    runs.push({ wallS, requests, events: result.events, requestsPerS: requests / wallS, eventsPerS: result.events / wallS });
    digests.add(result.digest);
    last = result;
    log(`  ${name}: ${requests.toLocaleString('en-US')} requests, ${result.events.toLocaleString('en-US')} events in ${wallS.toFixed(2)} s`);
  }
  if (last === undefined) throw new RangeError(`model bench ${name}: repetitions must be >= 1`);
  const entry = config.routing.entryService;
  return {
    name,
    description,
    simulatedS: config.durationUs / US_PER_S,
    runs,
    requestsPerSBest: best(runs.map((r) => r.requestsPerS)),
    requestsPerSMedian: median(runs.map((r) => r.requestsPerS)),
    eventsPerSMedian: median(runs.map((r) => r.eventsPerS)),
    eventsPerRequest: last.events / last.users.started,
    availability: last.users.availability,
    entryUtilisation: last.services.filter((s) => s.service === entry).map((s) => ({ region: s.region, utilisation: s.utilisation })),
    digest: last.digest,
    deterministic: digests.size === 1,
  };
}

/** The child's command line: one JSON argument. */
export interface RssChildArgs {
  ratePerRegionPerS: number;
  durationUs: number;
  seed: number;
}

/** Compiled next to this file, so it runs from dist/. */
const RSS_CHILD = fileURLToPath(new URL('./model-rss.js', import.meta.url));
const RSS_TIMEOUT_MS = 10 * 60 * 1000;

/** Runs one steady run of about `requests` user requests in a fresh Node process. */
export function measureModelRss(options: ModelBenchOptions, seed: number): ModelRssFigure {
  const regions = threeRegionLaunchModel().regions.length;
  const durationUs = Math.round((options.rssRequests / (regions * options.ratePerRegionPerS)) * US_PER_S);
  const args: RssChildArgs = { ratePerRegionPerS: options.ratePerRegionPerS, durationUs, seed };
  const child = spawnSync(process.execPath, [RSS_CHILD, JSON.stringify(args)], { encoding: 'utf8', timeout: RSS_TIMEOUT_MS });
  if (child.error !== undefined) throw new Error(`model RSS child failed to start or timed out: ${child.error.message}`);
  if (child.status !== 0) throw new Error(`model RSS child exited ${String(child.status)}: ${child.stderr.trim()}`);
  return JSON.parse(child.stdout) as ModelRssFigure;
}
