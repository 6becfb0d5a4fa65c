import type { Command } from 'commander';
import { buildQueueReport, catalogQueueBasics } from '@stormglass/scenarios';
import type { QueueParameters } from '@stormglass/scenarios';
import { parseDuration, parsePercent, parseRate } from '@stormglass/sim-core';
import { InputError } from '../exit-codes.js';
import { flagValue, seedFlag, wholeNumber } from '../flags.js';
import { formatQueueSummary } from '../queue-summary.js';
import type { CliIo } from '../cli-io.js';

interface QueueFlags {
  servers: string;
  serviceMean: string;
  utilisation: string;
  arrivalRate?: string;
  customers: string;
  seed: string;
  start: string;
  sweep: boolean;
  json: boolean;
}

const defaults = catalogQueueBasics.defaults;

export function registerQueueCommand(program: Command, io: CliIo): void {
  program
    .command('queue')
    .summary('the M/M/c queue: utilisation against waiting, checked against Erlang C')
    .description(
      'The first lesson and the engine\'s accuracy oracle: Poisson arrivals, exponential service,\n' +
        'c servers, one FIFO queue. Prints the simulated figures beside the analytic ones (Erlang C,\n' +
        'Little\'s law) and a table of waiting against utilisation.',
    )
    .option('--servers <n>', 'number of servers (c)', String(defaults.servers))
    .option('--service-mean <duration>', 'mean service time, e.g. 100ms, 1.5s', defaults.serviceMean)
    .option('--utilisation <fraction>', 'offered utilisation ρ = λ/(cμ), e.g. 0.8 or 80%', String(defaults.utilisation))
    .option('--arrival-rate <rate>', 'arrival rate instead of --utilisation, e.g. 32rps')
    .option('--customers <n>', 'customers to measure', String(defaults.customers))
    .option('--seed <n>', 'root seed: the same seed gives the same figures and digest', String(defaults.seed))
    .option('--start <steady|empty>', 'start from the stationary distribution (no warm-up bias) or empty', 'steady')
    .option('--no-sweep', 'skip the utilisation table')
    .option('--json', 'print the report as JSON (only JSON on stdout)', false)
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  stormglass queue                                  4 servers at 80% utilisation\n' +
        '  stormglass queue --servers 1 --utilisation 0.9    one server: the hockey stick is steep\n' +
        '  stormglass queue --servers 64 --utilisation 0.9   many servers: pooling absorbs the load\n' +
        '  stormglass queue --arrival-rate 38rps --json      JSON for scripts',
    )
    .action((flags: QueueFlags) => {
      const parameters = resolveQueueFlags(flags);
      const report = buildQueueReport(parameters, io.clockMs);
      io.stdout(flags.json ? JSON.stringify(report, null, 2) : formatQueueSummary(report));
    });
}

/** Turns the flags into model parameters, or throws an InputError naming the flag. */
export function resolveQueueFlags(flags: QueueFlags): QueueParameters {
  const servers = wholeNumber('--servers', flags.servers, 1, 100_000);
  const serviceMeanUs = flagValue('--service-mean', () => parseDuration(flags.serviceMean));
  if (serviceMeanUs < 1) throw new InputError(`--service-mean must be at least 1us, found "${flags.serviceMean}"`);
  let arrivalRatePerS: number;
  if (flags.arrivalRate !== undefined) {
    arrivalRatePerS = flagValue('--arrival-rate', () => parseRate(flags.arrivalRate ?? ''));
    if (!(arrivalRatePerS > 0)) throw new InputError(`--arrival-rate must be above 0, found "${flags.arrivalRate}"`);
  } else {
    const utilisation = flagValue('--utilisation', () => (flags.utilisation.trim().endsWith('%') ? parsePercent(flags.utilisation) : plainNumber(flags.utilisation)));
    if (!(utilisation > 0)) throw new InputError(`--utilisation must be above 0, found "${flags.utilisation}"`);
    arrivalRatePerS = (utilisation * servers * 1e6) / serviceMeanUs;
  }
  const start = flags.start;
  if (start !== 'steady' && start !== 'empty') {
    throw new InputError(`--start must be "steady" or "empty", found "${start}"`);
  }
  const utilisation = (arrivalRatePerS * serviceMeanUs) / 1e6 / servers;
  if (utilisation >= 1 && start === 'steady') {
    throw new InputError(
      `utilisation ${utilisation.toFixed(3)} is at or above 1: the queue grows without bound and has no steady state. ` +
        'Lower --utilisation or --arrival-rate, add --servers, or pass --start empty to watch it grow.',
    );
  }
  return {
    servers,
    serviceMeanUs,
    arrivalRatePerS,
    customers: wholeNumber('--customers', flags.customers, 1, 100_000_000),
    seed: seedFlag(flags.seed),
    start,
    sweepUtilisations: flags.sweep ? [...catalogQueueBasics.sweepUtilisations] : [],
  };
}

function plainNumber(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new Error(`expected a number like 0.8 or 80%, found "${text}"`);
  return value;
}
