import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { distributions, renderSweepHtml } from '@stormglass/report';
import { formatProblem } from '@stormglass/scenarios';
import type { CliIo } from '../cli-io.js';
import { BUG_REPORT_HINT, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_TARGET_FAILED, InputError } from '../exit-codes.js';
import { wholeNumber } from '../flags.js';
import { progressBar } from '../progress.js';
import { loadScenarioArgument } from '../scenario-files.js';
import type { SweepRow, SweepTask } from '../sweep-row.js';
import { runSweepSeeds } from '../sweep-seeds.js';
import type { SeedCrash } from '../sweep-seeds.js';
import { textTable } from '../text-table.js';
import { checkWritable, reproduceCommand, writeAtomically, writeHtml } from '../output-files.js';

const SEEDS_MAX = 1_000_000;

/** `1..1000`, `1,2,5` or `7` → the seeds, in order, each once. */
export function parseSeeds(text: string): number[] {
  const seeds: number[] = [];
  for (const part of text.split(',')) {
    const range = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(part);
    if (range !== null) {
      const from = wholeNumber('--seeds', range[1], 0, 2 ** 32 - 1);
      const to = wholeNumber('--seeds', range[2], from, 2 ** 32 - 1);
      if (to - from + 1 + seeds.length > SEEDS_MAX) throw new InputError(`--seeds: at most ${SEEDS_MAX.toLocaleString('en-US')} seeds, found ${text}`);
      for (let s = from; s <= to; s++) seeds.push(s);
    } else {
      seeds.push(wholeNumber('--seeds', part.trim(), 0, 2 ** 32 - 1));
    }
  }
  return [...new Set(seeds)];
}

/** `2/3` → this machine's seeds: every third, starting with the second. The same split on every machine. */
export function shardSeeds(seeds: readonly number[], shard: string | undefined): number[] {
  if (shard === undefined) return [...seeds];
  const match = /^(\d+)\/(\d+)$/.exec(shard.trim());
  if (match === null) throw new InputError(`--shard expects i/n, like 2/3, found "${shard}"`);
  const n = wholeNumber('--shard', match[2], 1, 10_000);
  const i = wholeNumber('--shard', match[1], 1, n);
  return seeds.filter((_, k) => k % n === i - 1);
}

/** Rows as NDJSON, sorted by seed: the same bytes however they were computed (workers, shards, merge). */
export function rowsText(rows: readonly SweepRow[]): string {
  return [...rows].sort((a, b) => a.seed - b.seed).map((row) => `${JSON.stringify(row)}\n`).join('');
}

export function formatSweepSummary(rows: readonly SweepRow[]): string {
  const table: string[][] = [['figure', 'seeds', 'min', 'p5', 'p50', 'p95', 'max', 'mean', 'missing']];
  for (const { figure, values, missing, stats } of distributions(rows)) {
    const show = figure.format;
    const gone = missing === 0 ? '' : `${missing} (${figure.missing})`;
    if (stats === null) table.push([figure.name, String(rows.length), '—', '—', '—', '—', '—', '—', gone]);
    else table.push([figure.name, String(values.length), show(stats.min), show(stats.p5), show(stats.p50), show(stats.p95), show(stats.max), show(stats.mean), gone]);
  }
  const passed = rows.filter((r) => r.pass).length;
  return `${textTable(table)}\n  targets and invariants met on ${passed} of ${rows.length} seeds`;
}

interface SweepFlags {
  seeds: string;
  workers?: string;
  shard?: string;
  set: string[];
  out?: string;
  html?: string;
}

/** The first field of a parsed line that a sweep row cannot have, or null when it is a row. */
export function sweepRowProblem(row: unknown): string | null {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) return 'not an object';
  const r = row as Record<string, unknown>;
  const num = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
  const numOrNull = (v: unknown): boolean => v === null || num(v);
  const checks: [string, boolean][] = [
    ['scenario', typeof r.scenario === 'string'],
    ['seed', Number.isSafeInteger(r.seed) && (r.seed as number) >= 0],
    ['digest', typeof r.digest === 'string'],
    ['requests', num(r.requests)],
    ['availability', numOrNull(r.availability)],
    ['p99Ms', numOrNull(r.p99Ms)],
    ['rtoMs', numOrNull(r.rtoMs)],
    ['rpoMs', num(r.rpoMs)],
    ['lostWrites', num(r.lostWrites)],
    ['costUsd', num(r.costUsd)],
    ['pass', typeof r.pass === 'boolean'],
    ['failed', Array.isArray(r.failed) && r.failed.every((f) => typeof f === 'string')],
  ];
  const bad = checks.find(([, ok]) => !ok);
  return bad === undefined ? null : `${bad[0]} is missing or of the wrong type`;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `stormglass sweep` and `stormglass merge`. */
export function registerSweepCommands(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('sweep')
    .summary('run a scenario over many seeds on a worker pool: the distribution of every figure')
    .argument('<scenario>', 'a catalog name or a scenario file')
    .requiredOption('--seeds <list>', 'seeds: a range 1..1000, a list 1,2,5, or both')
    .option('--workers <n>', 'worker threads (default: the cores, at most 8); the results do not depend on it')
    .option('--shard <i/n>', 'run only this machine\'s share of the seeds (CI matrix); stormglass merge joins the shards')
    .option('--set <path=value>', 'override a value (repeatable)', collect, [])
    .option('--out <file>', 'write one JSON line per seed (NDJSON, sorted by seed), atomically')
    .option('--html <file>', 'also write the HTML sweep view: each figure\'s distribution across the seeds, the seeds that missed a target')
    .addHelpText('after', '\nExamples:\n' +
        '  stormglass sweep region-outage-async --seeds 1..200 --out async.ndjson\n' +
        '  stormglass sweep region-outage-async --seeds 1..1000 --shard 2/4 --out shard-2.ndjson   (one CI job of four)\n' +
        '  stormglass merge shard-*.ndjson --out all.ndjson --html sweep.html\n\n' +
        'Ctrl-C writes the seeds finished so far and says so. Exit codes: 0 every seed met its targets · 1 some did not · 2 bad input · 3 a seed crashed · 130 interrupted')
    .action(async (scenarioArg: string, flags: SweepFlags, command: Command) => {
      const seeds = shardSeeds(parseSeeds(flags.seeds), flags.shard);
      const workers = flags.workers === undefined ? Math.min(8, availableParallelism()) : wholeNumber('--workers', flags.workers, 1, 256);
      const loaded = loadScenarioArgument(scenarioArg, flags.set);
      if (loaded.scenario === undefined) {
        for (const problem of loaded.problems) io.stderr(formatProblem(problem));
        setExitCode(EXIT_BAD_INPUT);
        return;
      }
      // Fail now, not after the sweep, when the results could not be written.
      if (flags.out !== undefined) checkWritable(flags.out);
      if (flags.html !== undefined) checkWritable(flags.html);
      const tasks: SweepTask[] = seeds.map((seed) => ({ scenario: scenarioArg, sets: flags.set, seed }));
      let interrupted = false;
      // Once: a second Ctrl-C finds Node's default again and stops at once, writing nothing.
      const onInterrupt = (): void => {
        interrupted = true;
        io.stderr(`stormglass: interrupted: finishing the seeds in progress, then writing the results${flags.out === undefined ? '' : ` to ${flags.out}`} (Ctrl-C again stops at once)`);
      };
      process.once('SIGINT', onInterrupt);
      const started = io.clockMs();
      const progress = progressBar(`sweep ${loaded.scenario.name}`, tasks.length);
      let outcome: { rows: SweepRow[]; crashes: SeedCrash[] };
      try {
        outcome = await runSweepSeeds(tasks, { workers, stopped: () => interrupted, tick: () => progress.tick() });
      } finally {
        progress.stop();
        process.removeListener('SIGINT', onInterrupt);
      }
      const { rows, crashes } = outcome;
      const wallMs = io.clockMs() - started;
      if (flags.out !== undefined) writeAtomically(flags.out, rowsText(rows));
      if (flags.html !== undefined) {
        const command = reproduceCommand('sweep', [scenarioArg, '--seeds', flags.seeds, ...(flags.shard === undefined ? [] : ['--shard', flags.shard])], flags.set);
        writeHtml(io, 'HTML sweep view', flags.html, renderSweepHtml({ scenario: loaded.scenario.name, rows, seedsAsked: seeds.length, command, seedCommand: (seed) => reproduceCommand('run', [scenarioArg], flags.set, seed) }));
      }
      io.stdout(`Stormglass · sweep of ${loaded.scenario.name} · ${rows.length} of ${seeds.length} seeds${flags.shard === undefined ? '' : ` (shard ${flags.shard})`} · ${workers} worker${workers === 1 ? '' : 's'} · ${(wallMs / 1000).toFixed(1)} s`);
      if (rows.length > 0) io.stdout(formatSweepSummary(rows));
      const debug = command.optsWithGlobals<{ debug?: boolean }>().debug === true;
      for (const crash of crashes) {
        io.stderr(`stormglass: ${crash.seed === null ? 'a worker thread' : `seed ${crash.seed}`}: ${crash.message} (the sweep went on)`);
        if (debug && crash.stack !== undefined) io.stderr(crash.stack);
      }
      const hint = debug ? 'This is a bug in Stormglass: report it with the command you ran and the stack traces above.' : BUG_REPORT_HINT;
      if (crashes.length > 0) io.stderr(`stormglass: ${crashes.length} crash${crashes.length === 1 ? '' : 'es'} in the sweep. ${hint}`);
      if (interrupted) io.stderr(`stormglass: interrupted: ${rows.length} of ${seeds.length} seeds finished${flags.out === undefined ? '' : `, written to ${flags.out}`}`);
      setExitCode(interrupted ? EXIT_INTERRUPTED : crashes.length > 0 ? EXIT_INTERNAL : rows.every((r) => r.pass) ? EXIT_OK : EXIT_TARGET_FAILED);
    });

  program
    .command('merge')
    .summary('join sweep shards (NDJSON) into the result one unsharded sweep gives')
    .argument('<files...>', 'the shards\' --out files')
    .option('--out <file>', 'write the merged NDJSON, atomically')
    .option('--html <file>', 'also write the HTML sweep view of the merged rows')
    .addHelpText('after', '\nExamples:\n' +
        '  stormglass merge shard-1.ndjson shard-2.ndjson shard-3.ndjson shard-4.ndjson --out all.ndjson\n' +
        '  stormglass merge shard-*.ndjson                  the merged summary only (percentiles across seeds)\n\n' +
        'The merged rows are byte for byte the rows one unsharded sweep of the same seeds writes. A seed in two files with different results, or rows of different scenarios, is an error. Exit codes: 0 every seed met its targets · 1 some did not · 2 bad input')
    .action((files: string[], flags: { out?: string; html?: string }) => {
      const bySeed = new Map<number, SweepRow>();
      const scenarios = new Set<string>();
      for (const file of files) {
        if (!existsSync(file)) throw new InputError(`${file}: no such file`);
        readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
          if (line.trim() === '') return;
          let parsed: unknown;
          try {
            parsed = JSON.parse(line);
          } catch {
            throw new InputError(`${file}:${i + 1}: not a JSON line of a sweep`);
          }
          const problem = sweepRowProblem(parsed);
          if (problem !== null) throw new InputError(`${file}:${i + 1}: not a sweep row (${problem}; expected a line that stormglass sweep --out wrote)`);
          const row = parsed as SweepRow;
          const seen = bySeed.get(row.seed);
          if (seen !== undefined && JSON.stringify(seen) !== JSON.stringify(row)) throw new InputError(`${file}:${i + 1}: seed ${row.seed} appears twice with different results (shards of different scenarios or versions?)`);
          scenarios.add(row.scenario);
          bySeed.set(row.seed, row);
        });
      }
      if (scenarios.size > 1) throw new InputError(`the shards are of different scenarios: ${[...scenarios].join(', ')}`);
      const rows = [...bySeed.values()];
      if (flags.out !== undefined) writeAtomically(flags.out, rowsText(rows));
      if (flags.html !== undefined && rows.length > 0) {
        const scenario = rows[0].scenario;
        writeHtml(io, 'HTML sweep view', flags.html, renderSweepHtml({ scenario, rows, command: reproduceCommand('merge', files, []), seedCommand: (seed) => `stormglass run ${scenario} --seed ${seed} (plus the sweep's --set values)` }));
      }
      io.stdout(`Stormglass · merge of ${files.length} shard${files.length === 1 ? '' : 's'} · ${[...scenarios][0] ?? '—'} · ${rows.length} seeds`);
      if (rows.length > 0) io.stdout(formatSweepSummary(rows));
      setExitCode(rows.every((r) => r.pass) ? EXIT_OK : EXIT_TARGET_FAILED);
    });
}
