import type { Command } from 'commander';
import { buildRegionLossReport, catalogRegionLoss, expectedRequests, regionLossModels } from '@stormglass/scenarios';
import { formatDuration, parseDuration, runModel } from '@stormglass/sim-core';
import type { CliIo } from '../cli-io.js';
import { InputError } from '../exit-codes.js';
import { flagValue, seedFlag } from '../flags.js';
import { formatRegionLossSummary } from '../region-loss-summary.js';

interface RegionLossFlags {
  seed: string;
  duration: string;
  outageAt: string;
  json: boolean;
}

const { defaults, durationRange } = catalogRegionLoss;

export function registerRegionLossCommand(program: Command, io: CliIo): void {
  program
    .command('region-loss')
    .summary('us-east lost at the launch peak: active-active against active-passive (async), side by side')
    .description(
      'The launch-day topology with an orders database, us-east dark at 15 min for 10 min, run twice with\n' +
        'the same traffic and seed: active-active (multi-writer, last writer wins) and active-passive (async\n' +
        'replica in eu-west, automatic failover). Prints RTO with its parts, RPO, lost writes, p99 and cost.',
    )
    .option('--seed <n>', 'root seed: the same seed gives the same report, byte for byte', String(defaults.seed))
    .option('--duration <duration>', `simulated time from ${durationRange.min} to ${durationRange.max}`, defaults.duration)
    .option('--outage-at <duration>', 'when us-east goes dark (for 10 min, or to the end of the run); at least 1 min before the end', defaults.outageAt)
    .option('--json', 'print the report as JSON (only JSON on stdout, no notice on stderr)', false)
    .addHelpText('after', '\nExamples:\n' +
        '  stormglass region-loss                                 both designs, 30 simulated minutes each\n' +
        '  stormglass region-loss --outage-at 5m --duration 15m   lose us-east before the launch instead\n' +
        '  stormglass region-loss --seed 7 --json                 another run, as JSON for scripts')
    .action((flags: RegionLossFlags) => {
      const seed = seedFlag(flags.seed);
      const durationUs = flagValue('--duration', () => parseDuration(flags.duration));
      if (durationUs < parseDuration(durationRange.min) || durationUs > parseDuration(durationRange.max)) {
        throw new InputError(`--duration must be from ${durationRange.min} to ${durationRange.max}, found "${flags.duration}"`);
      }
      const outageAtUs = flagValue('--outage-at', () => parseDuration(flags.outageAt));
      if (outageAtUs > durationUs - 60_000_000) {
        throw new InputError(`--outage-at must be at least 1m before the end of the run (--duration ${flags.duration}), found "${flags.outageAt}"; try --outage-at 1m or a longer --duration`);
      }
      const designs = regionLossModels({ seed, durationUs, outageAtUs });
      if (!flags.json) {
        const expected = designs.reduce((a, d) => a + expectedRequests(d.config), 0);
        io.stderr(`simulating ${formatDuration(durationUs)} of launch day twice, once per design (≈${(expected / 1e6).toFixed(1)} M requests)…`);
      }
      const startedMs = io.clockMs();
      const report = buildRegionLossReport(designs.map((d) => ({ ...d, result: runModel(d.config) })));
      const wallMs = io.clockMs() - startedMs;
      io.stdout(flags.json ? JSON.stringify(report, null, 2) : formatRegionLossSummary(report, wallMs));
    });
}
