import type { Command } from 'commander';
import { buildLaunchReport, catalogLaunchDay, expectedRequests, launchDayModel } from '@stormglass/scenarios';
import { formatDuration, parseDuration, runModel } from '@stormglass/sim-core';
import type { ModelConfig } from '@stormglass/sim-core';
import type { CliIo } from '../cli-io.js';
import { InputError } from '../exit-codes.js';
import { flagValue, seedFlag } from '../flags.js';
import { formatLaunchSummary } from '../launch-summary.js';

interface LaunchDayFlags {
  seed: string;
  duration: string;
  json: boolean;
}

const { defaults, durationRange } = catalogLaunchDay;

export function registerLaunchDayCommand(program: Command, io: CliIo): void {
  program
    .command('launch-day')
    .summary('three regions through a launch, a region outage and a payments brownout')
    .description(
      'The standard 3-region active-active topology through launch day: a traffic ramp chased by the\n' +
        'autoscaler, us-east dark at 20 min, the payments API browned out at 40 min. Prints users per\n' +
        'region, each service\'s fleet and cost, and the timeline of what broke and how routing reacted.',
    )
    .option('--seed <n>', 'root seed: the same seed gives the same report, byte for byte', String(defaults.seed))
    .option('--duration <duration>', `simulated time from ${durationRange.min} to ${durationRange.max}; faults after the end are left out`, defaults.duration)
    .option('--json', 'print the report as JSON (only JSON on stdout, no notice on stderr)', false)
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  stormglass launch-day                      the whole hour (about 10 M requests, tens of seconds)\n' +
        '  stormglass launch-day --duration 25m       up to the end of the region outage\n' +
        '  stormglass launch-day --seed 2 --json      another run, as JSON for scripts',
    )
    .action((flags: LaunchDayFlags) => {
      const config = resolveLaunchDayFlags(flags);
      if (!flags.json) {
        const expected = expectedRequests(config);
        const count = expected >= 1e6 ? `${(expected / 1e6).toFixed(1)} M` : `${Math.round(expected / 1e3)} k`;
        io.stderr(`simulating ${formatDuration(config.durationUs)} of launch day (≈${count} requests)…`);
      }
      const startedMs = io.clockMs();
      const report = buildLaunchReport(runModel(config));
      const wallMs = io.clockMs() - startedMs;
      io.stdout(flags.json ? JSON.stringify(report, null, 2) : formatLaunchSummary(report, wallMs));
    });
}

/** Turns the flags into the lesson's model, or throws an InputError naming the flag. */
export function resolveLaunchDayFlags(flags: LaunchDayFlags): ModelConfig {
  const seed = seedFlag(flags.seed);
  const durationUs = flagValue('--duration', () => parseDuration(flags.duration));
  if (durationUs < parseDuration(durationRange.min) || durationUs > parseDuration(durationRange.max)) {
    throw new InputError(`--duration must be from ${durationRange.min} to ${durationRange.max}, found "${flags.duration}"`);
  }
  return launchDayModel({ seed, durationUs });
}
