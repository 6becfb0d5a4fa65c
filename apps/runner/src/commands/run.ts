import type { Command } from 'commander';
import { renderRunHtml, timelineOf } from '@stormglass/report';
import { buildRunReport, formatProblem } from '@stormglass/scenarios';
import { ModelEngine } from '@stormglass/sim-core';
import type { CliIo } from '../cli-io.js';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_TARGET_FAILED } from '../exit-codes.js';
import { wholeNumber } from '../flags.js';
import { runWithProgress } from '../progress.js';
import { reproduceCommand, writeAtomically, writeHtml } from '../output-files.js';
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
