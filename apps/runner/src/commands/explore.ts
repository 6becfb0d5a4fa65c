import type { Command } from 'commander';
import { paretoFront, renderExploreHtml, shortSets } from '@stormglass/report';
import type { DesignPoint } from '@stormglass/report';
import { buildRunReport, formatProblem, worstRpoMs, worstRtoMs } from '@stormglass/scenarios';
import type { RunReport } from '@stormglass/scenarios';
import { ModelEngine } from '@stormglass/sim-core';
import type { CliIo } from '../cli-io.js';
import { EXIT_BAD_INPUT, EXIT_OK, InputError } from '../exit-codes.js';
import { wholeNumber } from '../flags.js';
import { loadScenarioArgument } from '../scenario-files.js';
import { progressBar } from '../progress.js';
import { textTable } from '../text-table.js';
import { reproduceCommand, writeHtml } from '../output-files.js';

interface ExploreFlags {
  vary: string[];
  seeds: string;
  set: string[];
  json: boolean;
  html?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const GRID_MAX = 256;

/** `path=a,b,c` → the path and its values (as --set writes them). */
export function parseVary(text: string): { path: string; values: string[] } {
  const eq = text.indexOf('=');
  const values = eq < 0 ? [] : text.slice(eq + 1).split(',').map((v) => v.trim()).filter((v) => v !== '');
  if (eq <= 0 || values.length === 0) throw new InputError(`--vary expects path=a,b,c, like topology.routing.dnsTtl=60s,300s, found "${text}"`);
  return { path: text.slice(0, eq).trim(), values };
}

/** Every combination of the varied values, in order (the first --vary slowest). */
export function grid(varies: readonly { path: string; values: string[] }[]): string[][] {
  return varies.reduce<string[][]>((rows, vary) => rows.flatMap((row) => vary.values.map((value) => [...row, `${vary.path}=${value}`])), [[]]);
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

/** `stormglass explore`: the design grid, each point's cost, RTO, RPO and p99, and the Pareto front. */
export function registerExploreCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('explore')
    .summary('design space: run a grid of --vary values, print cost against RTO, RPO and p99 and the Pareto front')
    .argument('<scenario>', 'a catalog name or a scenario file')
    .requiredOption('--vary <path=a,b,c>', 'a value to vary (repeatable; the grid is every combination)', collect, [])
    .option('--seeds <n>', 'seeds 1..n per point; figures are means over them', '1')
    .option('--set <path=value>', 'a fixed override (repeatable)', collect, [])
    .option('--json', 'print the points as JSON', false)
    .option('--html <file>', 'also write the HTML explore view: cost against RTO, RPO and p99 with the Pareto front, one self-contained file')
    .addHelpText('after', '\nExamples:\n' +
        '  stormglass explore dns-ttl-60s --vary topology.routing.dnsTtl=30s,60s,120s,300s\n' +
        '  stormglass explore cost-standby --vary topology.services[0].instances.eu-west=0,1,2,3 --seeds 3 --html front.html\n\n' +
        'Exit codes: 0 the grid ran (design points may miss targets: the table says which) · 2 bad input')
    .action((scenarioArg: string, flags: ExploreFlags) => {
      if (flags.vary.length === 0) throw new InputError('explore needs at least one --vary path=a,b,c, like --vary topology.routing.dnsTtl=30s,60s,300s');
      const varies = flags.vary.map(parseVary);
      const points = grid(varies);
      if (points.length > GRID_MAX) throw new InputError(`--vary makes ${points.length} design points; at most ${GRID_MAX}`);
      const seeds = wholeNumber('--seeds', flags.seeds, 1, 1000);
      const measured: Omit<DesignPoint, 'front'>[] = [];
      const progress = progressBar(`explore ${scenarioArg}`, points.length * seeds);
      for (const sets of points) {
        const reports: RunReport[] = [];
        for (let seed = 1; seed <= seeds; seed++) {
          const { scenario, problems } = loadScenarioArgument(scenarioArg, [...flags.set, ...sets, `seed=${seed}`]);
          if (scenario === undefined) {
            progress.stop();
            io.stderr(`stormglass: the design point ${sets.join(' ')} does not load:`);
            for (const problem of problems) io.stderr(formatProblem(problem));
            setExitCode(EXIT_BAD_INPUT);
            return;
          }
          reports.push(buildRunReport(scenario, new ModelEngine(scenario.config).run(), 0));
          progress.tick();
        }
        const rtos = reports.map(worstRtoMs);
        const p99s = reports.map((r) => r.latencyMs.p99);
        measured.push({
          sets,
          costUsd: mean(reports.map((r) => r.costUsd)),
          rtoMs: rtos.includes(null) ? null : mean(rtos as number[]),
          rpoMs: mean(reports.map(worstRpoMs)),
          p99Ms: p99s.includes(null) ? null : mean(p99s as number[]),
          pass: reports.every((r) => r.pass),
        });
      }
      progress.stop();
      const front = paretoFront(measured);
      if (flags.json) {
        io.stdout(JSON.stringify({ schemaVersion: 1, scenario: scenarioArg, seeds, points: front }, null, 2));
      } else {
        io.stdout(`Stormglass · explore ${scenarioArg} · ${points.length} design points × ${seeds} seed${seeds === 1 ? '' : 's'} · lower is better on every axis`);
        io.stdout('');
        io.stdout(
          textTable([
            ['design', 'cost', 'RTO', 'RPO', 'p99', 'targets', 'Pareto front'],
            ...front.map((p) => [shortSets(p.sets), `$${p.costUsd.toFixed(3)}`, p.rtoMs === null ? 'not recovered' : `${(p.rtoMs / 1000).toFixed(1)} s`, `${p.rpoMs.toFixed(3)} ms`, p.p99Ms === null ? '—' : `${p.p99Ms.toFixed(1)} ms`, p.pass ? 'met' : 'missed', p.front ? '●' : '']),
          ]),
        );
        io.stdout('');
        io.stdout(`  ${front.filter((p) => p.front).length} of ${front.length} points are on the front: none of the others is cheaper without being slower to recover, losing more data or answering slower.`);
      }
      if (flags.html !== undefined) {
        const command = reproduceCommand('explore', [scenarioArg, ...flags.vary.flatMap((v) => ['--vary', v]), '--seeds', String(seeds)], flags.set);
        writeHtml(io, 'HTML explore view', flags.html, renderExploreHtml({ scenario: scenarioArg, varies, seeds, points: front, command }));
      }
      setExitCode(EXIT_OK);
    });
}
