/**
 * Child process of the model bench: one steady run, then its own peak RSS on stdout as one
 * JSON line (a ModelRssFigure). Its own process, so the peak is this run's alone.
 * Usage: node dist/model-rss.js '{"ratePerRegionPerS":3000,"durationUs":1111111111,"seed":42}'
 */
import { ModelEngine } from '@stormglass/sim-core';
import { steadyModel } from './model-bench.js';
import type { ModelRssFigure, RssChildArgs } from './model-bench.js';
import { timed } from './timing.js';

const KB_PER_MB = 1024;

const args = JSON.parse(process.argv[2] ?? '') as RssChildArgs;
const baselineKB = process.resourceUsage().maxRSS;
const config = steadyModel(args.ratePerRegionPerS, args.durationUs, args.seed);
const { result, wallS } = timed(() => new ModelEngine(config).run());
const figure: ModelRssFigure = {
  requests: result.users.started,
  events: result.events,
  simulatedS: args.durationUs / 1e6,
  wallS,
  baselineMB: baselineKB / KB_PER_MB,
  // maxRSS is in kilobytes.
  peakMB: process.resourceUsage().maxRSS / KB_PER_MB,
};
process.stdout.write(`${JSON.stringify(figure)}\n`);
