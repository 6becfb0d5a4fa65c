import type { Command } from 'commander';
import { buildRunReport, formatProblem, worstRpoMs, worstRtoMs } from '@stormglass/scenarios';
import type { RunReport } from '@stormglass/scenarios';
import { ModelEngine } from '@stormglass/sim-core';
import type { CliIo } from '../cli-io.js';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_TARGET_FAILED } from '../exit-codes.js';
import { wholeNumber } from '../flags.js';
import { loadScenarioArgument } from '../scenario-files.js';
import { textTable } from '../text-table.js';

interface CompareFlags {
  seeds: string;
  set: string[];
  json: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Student t quantile (two-sided 95%) for df degrees of freedom; the normal's beyond 30. */
function t95(df: number): number {
  const table = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];
  return df <= 0 ? Number.NaN : df <= 30 ? table[df - 1] : 1.96;
}

interface Interval {
  mean: number;
  halfWidth: number | null;
  n: number;
}

function interval(values: readonly number[]): Interval {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, n);
  if (n < 2) return { mean, halfWidth: null, n };
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  return { mean, halfWidth: t95(n - 1) * (sd / Math.sqrt(n)), n };
}

/** The figures compared, each read from a report (null: not measured in that run). */
const FIGURES: [string, (r: RunReport) => number | null, (v: number) => string][] = [
  ['availability', (r) => r.availability, (v) => `${(v * 100).toFixed(3)}%`],
  ['p50', (r) => r.latencyMs.p50, (v) => `${v.toFixed(1)} ms`],
  ['p99', (r) => r.latencyMs.p99, (v) => `${v.toFixed(1)} ms`],
  ['RTO (worst fault)', (r) => worstRtoMs(r), (v) => `${(v / 1000).toFixed(1)} s`],
  ['RPO (worst fault)', (r) => worstRpoMs(r), (v) => `${v.toFixed(3)} ms`],
  ['lost writes', (r) => r.stores.reduce((a, s) => a + s.lostWrites, 0), (v) => v.toFixed(1)],
  ['cost', (r) => r.costUsd, (v) => `$${v.toFixed(3)}`],
];


const show = (i: Interval | null, format: (v: number) => string): string => (i === null || i.n === 0 ? '—' : `${format(i.mean)}${i.halfWidth === null ? '' : ` ± ${format(i.halfWidth)}`}`);

/** `stormglass compare <a> <b>`: paired runs on the same seeds, side by side, with deltas. */
export function registerCompareCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('compare')
    .summary('two designs on the same seeds (same traffic, same faults): side by side, deltas, targets')
    .argument('<a>', 'a catalog name or a scenario file')
    .argument('<b>', 'the other design')
    .option('--seeds <n>', 'paired runs: seeds 1..n; over 2 or more, each figure shows its mean ± 95% interval', '1')
    .option('--set <path=value>', 'override a value in both (repeatable)', collect, [])
    .option('--json', 'print both designs\' reports per seed as JSON', false)
    .addHelpText('after', '\nExamples:\n' +
        '  stormglass compare region-outage-async region-outage-sync\n' +
        '  stormglass compare dns-ttl-60s dns-ttl-300s --seeds 10\n\n' +
        'Exit codes: 0 both designs met every target on every seed · 1 one did not · 2 bad input')
    .action((a: string, b: string, flags: CompareFlags) => {
      const seeds = wholeNumber('--seeds', flags.seeds, 1, 10_000);
      const designs = [a, b].map((arg) => ({ arg, loaded: loadScenarioArgument(arg, flags.set) }));
      const bad = designs.filter((d) => d.loaded.scenario === undefined);
      if (bad.length > 0) {
        for (const d of bad) for (const problem of d.loaded.problems) io.stderr(formatProblem(problem));
        setExitCode(EXIT_BAD_INPUT);
        return;
      }
      const reports = designs.map((d) => {
        const list: RunReport[] = [];
        for (let seed = 1; seed <= seeds; seed++) {
          const { scenario } = loadScenarioArgument(d.arg, [...flags.set, `seed=${seed}`]);
          if (scenario === undefined) throw new Error(`${d.arg} loaded without its seed but not with seed=${seed}`);
          const started = io.clockMs();
          const result = new ModelEngine(scenario.config).run();
          list.push(buildRunReport(scenario, result, io.clockMs() - started));
        }
        return list;
      });
      if (flags.json) {
        io.stdout(JSON.stringify({ schemaVersion: 1, designs: designs.map((d, k) => ({ scenario: d.loaded.scenario?.name, reports: reports[k] })) }, null, 2));
      } else {
        const [na, nb] = designs.map((d) => d.loaded.scenario?.name ?? d.arg);
        const lines = [`Stormglass · compare ${na} against ${nb} · ${seeds} paired seed${seeds === 1 ? '' : 's'} (1..${seeds}) · the same traffic and faults per seed`, ''];
        const table: string[][] = [['figure', na, nb, `${nb} − ${na}`]];
        for (const [name, read, format] of FIGURES) {
          const va = reports[0].map(read);
          const vb = reports[1].map(read);
          const ia = interval(va.filter((v): v is number => v !== null));
          const ib = interval(vb.filter((v): v is number => v !== null));
          const paired = va.map((x, k) => (x === null || vb[k] === null ? null : (vb[k] as number) - x)).filter((v): v is number => v !== null);
          const missing = (values: readonly (number | null)[]): string => (values.includes(null) ? ` (${values.filter((v) => v === null).length} not recovered)` : '');
          const delta = paired.length === 0 ? '—' : show(interval(paired), (v) => (v >= 0 ? `+${format(v)}` : `−${format(-v)}`));
          table.push([name, show(ia, format) + missing(va), show(ib, format) + missing(vb), delta.replace('± +', '± ').replace('± −', '± ')]);
        }
        lines.push(textTable(table));
        lines.push('');
        lines.push('  Targets (seeds met):');
        const names = [...new Set(reports.flat().flatMap((r) => [...r.targets, ...r.invariants].map((e) => e.name)))];
        const met = (k: number, name: string): string => {
          const checks = reports[k].map((r) => [...r.targets, ...r.invariants].find((e) => e.name === name));
          if (checks.every((c) => c === undefined)) return '—';
          const passed = checks.filter((c) => c?.pass === true).length;
          return `${passed === seeds ? 'meets' : passed === 0 ? 'misses' : 'mixed'} (${passed}/${seeds})`;
        };
        const target = (name: string): string => reports.flat().flatMap((r) => [...r.targets, ...r.invariants]).find((e) => e.name === name)?.target ?? '';
        lines.push(textTable([['target', '', na, nb], ...names.map((name) => [name, target(name), met(0, name), met(1, name)])], { left: 2 }));
        io.stdout(lines.join('\n'));
      }
      setExitCode(reports.flat().every((r) => r.pass) ? EXIT_OK : EXIT_TARGET_FAILED);
    });
}
