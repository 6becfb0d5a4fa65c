import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { renderRunHtml, timelineOf } from '@stormglass/report';
import { buildRunReport, formatProblem } from '@stormglass/scenarios';
import { ModelEngine } from '@stormglass/sim-core';
import type { CliIo } from '../cli-io.js';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_TARGET_FAILED, InputError } from '../exit-codes.js';
import { wholeNumber } from '../flags.js';
import { runWithProgress } from '../progress.js';
import { formatRunSummary } from '../run-summary.js';
import { loadScenarioArgument } from '../scenario-files.js';

interface RunFlags {
  seed?: string;
  set: string[];
  json: boolean;
  out?: string;
  html?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Why a file cannot be written, by Node's error code: the user's to fix, so bad input (exit 2), not a bug. */
const WRITE_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'its directory does not exist',
  ENOTDIR: 'a part of its path is a file, not a directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
};

/** The user's error for a failed write (exit 2), or the error itself when it is not the user's. */
function writeError(path: string, error: unknown): unknown {
  const problem = WRITE_PROBLEMS[(error as NodeJS.ErrnoException).code ?? ''];
  return problem === undefined ? error : new InputError(`cannot write ${path}: ${problem}`);
}

/** Writes a file atomically: a temporary file next to it, then a rename; a failure leaves neither behind. */
export function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw writeError(path, error);
  }
}

/**
 * Checks up front that `path` can be written as writeAtomically writes it, so that a long
 * command (a sweep) fails before its work, not after: its directory takes a file, and the path
 * is not a directory.
 */
export function checkWritable(path: string): void {
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    if (existsSync(path) && statSync(path).isDirectory()) throw Object.assign(new Error(path), { code: 'EISDIR' });
    writeFileSync(temporary, '');
  } catch (error) {
    throw writeError(path, error);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** Writes an HTML page atomically (making its directory) and says where it is, as a path and a URL to open. */
export function writeHtml(io: CliIo, what: string, path: string, html: string): void {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  writeAtomically(path, html);
  io.stderr(`stormglass: wrote the ${what} to ${resolve(path)} — open ${pathToFileURL(resolve(path)).href} in a browser`);
}

/** The command line that reproduces a run: the arguments, every --set, and the seed. */
export function reproduceCommand(command: string, args: readonly string[], sets: readonly string[], seed?: number): string {
  const quote = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`);
  return ['stormglass', command, ...args, ...sets.flatMap((s) => ['--set', s]), ...(seed === undefined ? [] : ['--seed', String(seed)])].map(quote).join(' ');
}

/** `stormglass run <scenario|file>`: one run, its summary or its JSON report; exit 1 when a target or invariant fails. */
export function registerRunCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('run')
    .summary('run a scenario (a catalog name or a file): users per region, faults with RTO and RPO, targets')
    .argument('<scenario>', 'a catalog name (stormglass validate lists them) or a scenario file')
    .option('--seed <n>', "the root seed (default: the scenario's)")
    .option('--set <path=value>', 'override a value (repeatable), like topology.routing.dnsTtl=300s', collect, [])
    .option('--json', 'print the JSON report (schemaVersion 1) and nothing else on stdout', false)
    .option('--out <file>', 'also write the JSON report to a file (atomically)')
    .option('--html <file>', 'also write the HTML report: one self-contained file that opens offline (scorecard, annotated timeline, per-region charts)')
    .addHelpText('after', '\nExamples:\n' +
        '  stormglass run region-outage-async                         the catalog scenario as written\n' +
        '  stormglass run region-outage-async --set topology.dataStores[0].mode=sync --set topology.dataStores[0].quorum=1\n' +
        '  stormglass run my-design.yaml --seed 7 --json > report.json\n' +
        '  stormglass run region-outage-async --html report.html          then open report.html in a browser\n\n' +
        'Exit codes: 0 every target and invariant met · 1 one failed · 2 bad input · 3 internal error')
    .action((scenarioArg: string, flags: RunFlags) => {
      const sets = [...flags.set];
      if (flags.seed !== undefined) sets.unshift(`seed=${wholeNumber('--seed', flags.seed, 0, 2 ** 32 - 1)}`);
      const { scenario, problems } = loadScenarioArgument(scenarioArg, sets);
      if (scenario === undefined) {
        for (const problem of problems) io.stderr(formatProblem(problem));
        setExitCode(EXIT_BAD_INPUT);
        return;
      }
      const started = io.clockMs();
      const result = runWithProgress(new ModelEngine(scenario.config), `run ${scenario.name}`);
      const report = buildRunReport(scenario, result, io.clockMs() - started);
      const json = `${JSON.stringify(report, null, 2)}\n`;
      if (flags.out !== undefined) writeAtomically(flags.out, json);
      if (flags.html !== undefined) {
        writeHtml(io, 'HTML report', flags.html, renderRunHtml({ report, timeline: timelineOf(result), description: scenario.description, command: reproduceCommand('run', [scenarioArg], flags.set, report.seed) }));
      }
      if (flags.json) io.stdout(json.trimEnd());
      else io.stdout(formatRunSummary(report, scenario.description.split(/(?<=\.)\s/)[0] ?? ''));
      setExitCode(report.pass ? EXIT_OK : EXIT_TARGET_FAILED);
    });
}
