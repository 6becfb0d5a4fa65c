import type { Command } from 'commander';
import { FIGURES, compareFigures, renderCompareHtml, showDelta, showInterval, targetMatrix, timelineOf } from '@stormglass/report';
import type { CompareDesign } from '@stormglass/report';
import { buildRunReport, formatProblem } from '@stormglass/scenarios';
import type { RunReport, Scenario } from '@stormglass/scenarios';
import { ModelEngine } from '@stormglass/sim-core';
import type { CliIo } from '../cli-io.js';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_TARGET_FAILED } from '../exit-codes.js';
import { wholeNumber } from '../flags.js';
import { loadScenarioArgument } from '../scenario-files.js';
import { progressBar } from '../progress.js';
import { textTable } from '../text-table.js';
import { reproduceCommand, writeHtml } from '../output-files.js';

interface CompareFlags {
  seeds: string;
  set: string[];
  json: boolean;
  html?: string;
  title?: string;
  exitZero: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `stormglass compare <a> <b>`: paired runs on the same seeds, side by side, with deltas. */
export function registerCompareCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('compare')
    .summary('designs on the same seeds (same traffic, same faults): side by side, paired deltas, targets')
    .argument('<a>', 'a catalog name or a scenario file: the baseline the deltas are taken from')
    .argument('<b...>', 'the other design(s)')
    .option('--seeds <n>', 'paired runs: seeds 1..n; over 2 or more, each figure shows its mean ± 95% interval', '1')
    .option('--set <path=value>', 'override a value in every design (repeatable)', collect, [])
    .option('--json', "print every design's reports per seed as JSON", false)
    .option('--html <file>', 'also write the HTML compare view: one self-contained file that opens offline')
    .option('--title <text>', 'a heading for the HTML compare view (default: the designs\' names)')
    .option('--exit-zero', 'exit 0 even when a design misses a target (a comparison made to show the misses)', false)
    .addHelpText('after', '\nExamples:\n' +
        '  stormglass compare region-outage-async region-outage-sync\n' +
        '  stormglass compare dns-ttl-60s dns-ttl-300s --seeds 10 --html ttl.html\n' +
        '  stormglass compare launch-outage-active-active launch-outage-active-passive-async launch-outage-active-passive-sync --seeds 5\n\n' +
        'Exit codes: 0 every design met every target on every seed (or --exit-zero) · 1 one did not · 2 bad input')
    .action((a: string, rest: string[], flags: CompareFlags) => {
      const seeds = wholeNumber('--seeds', flags.seeds, 1, 10_000);
      const designs = [a, ...rest].map((arg) => ({ arg, loaded: loadScenarioArgument(arg, flags.set) }));
      const bad = designs.filter((d) => d.loaded.scenario === undefined);
      if (bad.length > 0) {
        for (const d of bad) for (const problem of d.loaded.problems) io.stderr(formatProblem(problem));
        setExitCode(EXIT_BAD_INPUT);
        return;
      }
      const progress = progressBar('compare', designs.length * seeds);
      const runs: CompareDesign[] = designs.map((d) => {
        const reports: RunReport[] = [];
        let first: CompareDesign['timeline'] | undefined;
        for (let seed = 1; seed <= seeds; seed++) {
          const { scenario } = loadScenarioArgument(d.arg, [...flags.set, `seed=${seed}`]);
          if (scenario === undefined) throw new Error(`${d.arg} loaded without its seed but not with seed=${seed}`);
          const started = io.clockMs();
          const result = new ModelEngine(scenario.config).run();
          reports.push(buildRunReport(scenario, result, io.clockMs() - started));
          if (seed === 1 && flags.html !== undefined) first = timelineOf(result);
          progress.tick();
        }
        const scenario = d.loaded.scenario as Scenario;
        return { name: scenario.name, description: scenario.description, reports, timeline: first as CompareDesign['timeline'] };
      });
      progress.stop();
      const reports = runs.map((r) => r.reports);
      if (flags.json) io.stdout(JSON.stringify({ schemaVersion: 1, designs: runs.map((r) => ({ scenario: r.name, reports: r.reports })) }, null, 2));
      else io.stdout(formatComparison(runs.map((r) => r.name), reports, seeds));
      if (flags.html !== undefined) {
        const command = reproduceCommand('compare', [a, ...rest, '--seeds', String(seeds)], flags.set);
        writeHtml(io, 'HTML compare view', flags.html, renderCompareHtml({ designs: runs, seeds: Array.from({ length: seeds }, (_, k) => k + 1), command, ...(flags.title === undefined ? {} : { title: flags.title }) }));
      }
      setExitCode(flags.exitZero || reports.flat().every((r) => r.pass) ? EXIT_OK : EXIT_TARGET_FAILED);
    });
}

/** The terminal table: each design's figures (mean ± 95% interval) and paired deltas from the first; who meets which target. */
export function formatComparison(names: readonly string[], reports: readonly (readonly RunReport[])[], seeds: number): string {
  const lines = [`Stormglass · compare ${names[0]} against ${names.slice(1).join(', ')} · ${seeds} paired seed${seeds === 1 ? '' : 's'} (1..${seeds}) · the same traffic and faults per seed`, ''];
  // More than two designs, or long names, would make the table too wide: the columns take letters.
  const lettered = names.length > 2 || names.some((n) => n.length > 24);
  const columns = lettered ? names.map((_, k) => String.fromCharCode(65 + (k % 26))) : names;
  if (lettered) {
    for (const [k, n] of names.entries()) lines.push(`  ${columns[k]}  ${n}${k === 0 ? ' (the baseline of the deltas)' : ''}`);
    lines.push('');
  }
  const header = ['figure', ...columns, ...columns.slice(1).map((n) => `${n} − ${columns[0]}`)];
  const rows = compareFigures(reports).map((c, f) => {
    const format = FIGURES[f].format;
    const values = c.designs.map((d) => showInterval(d.interval, format) + (d.missing > 0 ? ` (${d.missing} not recovered)` : ''));
    return [c.name, ...values, ...c.deltas.slice(1).map((delta) => showDelta(delta, format))];
  });
  lines.push(textTable([header, ...rows]));
  lines.push('');
  lines.push('  Targets (seeds met):');
  const verdict = (m: { passed: number; of: number }): string => (m.of === 0 ? '—' : `${m.passed === m.of ? 'meets' : m.passed === 0 ? 'misses' : 'mixed'} (${m.passed}/${m.of})`);
  lines.push(textTable([['target', '', ...columns], ...targetMatrix(reports).map((row) => [row.name, row.target, ...row.met.map(verdict)])], { left: 2 }));
  return lines.join('\n');
}
