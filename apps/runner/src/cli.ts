import { Command, CommanderError } from 'commander';
import { catalogNames } from '@stormglass/scenarios';
import type { CliIo } from './cli-io.js';
import { registerLaunchDayCommand } from './commands/launch-day.js';
import { registerQueueCommand } from './commands/queue.js';
import { registerRegionLossCommand } from './commands/region-loss.js';
import { registerCheckCommand } from './commands/check.js';
import { registerCompareCommand } from './commands/compare.js';
import { registerExploreCommand } from './commands/explore.js';
import { registerRunCommand } from './commands/run.js';
import { registerSweepCommands } from './commands/sweep.js';
import { registerValidateCommands } from './commands/validate.js';
import { BUG_REPORT_HINT, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, InputError } from './exit-codes.js';

const OVERVIEW = `
Stormglass replays how a multi-region service behaves when things go wrong: a deterministic
simulator, from a seed, with measured latency, availability, RTO, RPO and cost.

Start here:
  stormglass queue                                   the first lesson: one queue, utilisation against waiting
  stormglass validate                                the catalog: ${catalogNames().length} scenarios, one trade-off per design pair
  stormglass run region-outage-async                 one scenario: users per region, RTO with its parts, RPO, targets
  stormglass compare region-outage-async region-outage-sync --seeds 5
                                                     two designs on the same seeds, with deltas and intervals
  stormglass check region-outage-sync --runs 50      generated fault schedules; a failure shrinks to a replay file
  stormglass sweep dns-ttl-300s --seeds 1..100       the distribution of every figure over seeds (--shard i/n, merge)
  stormglass explore dns-ttl-60s --vary topology.routing.dnsTtl=30s,60s,300s
                                                     the design grid and its Pareto front of cost against RTO, RPO, p99
  stormglass schema --out scenario.schema.json       your editor completes and checks scenario files

Every command has --help with examples. A scenario is a catalog name or a YAML/JSON file;
--set path=value overrides any value.

Exit codes: 0 all targets met · 1 a target or invariant failed · 2 bad input or usage · 3 internal error`;

const defaultIo: CliIo = {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  clockMs: () => performance.now(),
};

/** Commander's usage errors in the CLI's own voice: `stormglass: unknown option…`, like every other error. */
const commanderError = (text: string): string => text.trimEnd().replace(/^error: /, 'stormglass: ');

/** Runs the CLI with the given arguments; returns the exit code instead of exiting. */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const debug = argv.includes('--debug');
  const program = new Command('stormglass')
    .description('Deterministic simulation and chaos testing of multi-region infrastructure.')
    .option('--debug', 'show stack traces of internal errors')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(add --help for the options and examples)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text.trimEnd()),
      writeErr: (text) => io.stderr(commanderError(text)),
    })
    .addHelpText('after', OVERVIEW);
  registerQueueCommand(program, io);
  registerLaunchDayCommand(program, io);
  registerRegionLossCommand(program, io);
  let exitCode = EXIT_OK;
  const setExitCode = (code: number): void => {
    exitCode = code;
  };
  registerRunCommand(program, io, setExitCode);
  registerCheckCommand(program, io, setExitCode);
  registerSweepCommands(program, io, setExitCode);
  registerCompareCommand(program, io, setExitCode);
  registerExploreCommand(program, io, setExitCode);
  registerValidateCommands(program, io, setExitCode);
  for (const command of program.commands) {
    command.exitOverride().configureOutput({
      writeOut: (text) => io.stdout(text.trimEnd()),
      writeErr: (text) => io.stderr(commanderError(text)),
    });
  }
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT_OK;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return exitCodeFor(error, io, debug);
  }
}

function exitCodeFor(error: unknown, io: CliIo, debug: boolean): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message; help and version are not errors.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
      return EXIT_OK;
    }
    return EXIT_BAD_INPUT;
  }
  if (error instanceof InputError) {
    io.stderr(`stormglass: ${error.message}`);
    return EXIT_BAD_INPUT;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`stormglass: internal error: ${message}`);
  io.stderr(debug && error instanceof Error && error.stack ? error.stack : BUG_REPORT_HINT);
  return EXIT_INTERNAL;
}
