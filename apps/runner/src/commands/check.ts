import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { buildRunReport, catalogNames, checkScenario, closest, formatProblem } from '@stormglass/scenarios';
import type { Evaluation } from '@stormglass/scenarios';
import { FAULT_KINDS, ModelEngine, formatDuration, parseDuration } from '@stormglass/sim-core';
import type { FaultKind } from '@stormglass/sim-core';
import { stringify } from 'yaml';
import type { CliIo } from '../cli-io.js';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_TARGET_FAILED, InputError } from '../exit-codes.js';
import { flagValue, wholeNumber } from '../flags.js';
import { formatRunSummary } from '../run-summary.js';
import { progressBar } from '../progress.js';
import { loadScenarioArgument } from '../scenario-files.js';
import { writeAtomically } from '../output-files.js';

interface CheckFlags {
  runs: string;
  seed: string;
  set: string[];
  junit?: string;
  replays: string;
  window?: string;
  kinds?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

interface CaseResult {
  scenario: string;
  /** `as written`, or `generated schedules`. */
  part: string;
  failed: Evaluation[];
  replayFile?: string;
  problems?: string[];
}

const escapeXml = (text: string): string => text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

/** JUnit XML: one suite per scenario, one case per part (as written, generated schedules). */
export function junitXml(cases: readonly CaseResult[]): string {
  const byScenario = new Map<string, CaseResult[]>();
  for (const c of cases) byScenario.set(c.scenario, [...(byScenario.get(c.scenario) ?? []), c]);
  const suites = [...byScenario].map(([scenario, list]) => {
    const failures = list.filter((c) => c.failed.length > 0 || c.problems !== undefined).length;
    const body = list
      .map((c) => {
        const name = escapeXml(c.part);
        if (c.problems !== undefined) return `    <testcase classname="${escapeXml(scenario)}" name="${name}"><error message="bad input">${escapeXml(c.problems.join('\n'))}</error></testcase>`;
        if (c.failed.length === 0) return `    <testcase classname="${escapeXml(scenario)}" name="${name}"/>`;
        const text = c.failed.map((e) => `${e.name}: ${e.target}, actual ${e.actual}${e.evidence === undefined ? '' : ` (${e.evidence})`}`).join('\n') + (c.replayFile === undefined ? '' : `\nreplay: stormglass replay ${c.replayFile}`);
        return `    <testcase classname="${escapeXml(scenario)}" name="${name}"><failure message="${escapeXml(c.failed.map((e) => e.name).join(', '))}">${escapeXml(text)}</failure></testcase>`;
      })
      .join('\n');
    return `  <testsuite name="${escapeXml(scenario)}" tests="${list.length}" failures="${failures}">\n${body}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="stormglass check">\n${suites.join('\n')}\n</testsuites>\n`;
}

function parseKinds(text: string): FaultKind[] {
  const kinds = text.split(',').map((kind) => kind.trim()).filter((kind) => kind !== '');
  for (const kind of kinds) {
    if (!(FAULT_KINDS as readonly string[]).includes(kind)) {
      const near = closest(kind, FAULT_KINDS);
      throw new InputError(`--kinds: "${kind}" is not a fault kind (one of ${FAULT_KINDS.join(', ')})${near === undefined ? '' : `; did you mean "${near}"?`}`);
    }
  }
  return kinds as FaultKind[];
}

/** `30s..2m` → µs; an InputError names the flag. */
function parseWindow(text: string, durationUs: number): { fromUs: number; toUs: number } {
  const parts = text.split('..');
  if (parts.length !== 2) throw new InputError(`--window expects from..to, like 30s..2m, found "${text}"`);
  const [fromUs, toUs] = parts.map((part) => flagValue('--window', () => parseDuration(part.trim())));
  if (!(fromUs < toUs && toUs <= durationUs)) throw new InputError(`--window must be inside the run (0s..${formatDuration(durationUs)}) with from before to, found "${text}"`);
  return { fromUs, toUs };
}

/** The check as a Markdown table (for `$GITHUB_STEP_SUMMARY`): one row per scenario and part. */
export function markdownSummary(cases: readonly CaseResult[]): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rows = cases.map((c) => {
    const result = c.problems !== undefined ? '⚠️ bad input' : c.failed.length === 0 ? '✅ held' : '❌ failed';
    const failed = c.problems !== undefined ? c.problems.join('; ') : c.failed.map((e) => `${e.name}: ${e.actual} (${e.target})`).join('; ');
    return `| ${cell(c.scenario)} | ${cell(c.part)} | ${result} | ${cell(failed)} | ${c.replayFile === undefined ? '' : `\`stormglass replay ${cell(c.replayFile)}\``} |`;
  });
  const failed = cases.filter((c) => c.failed.length > 0 || c.problems !== undefined).length;
  return [`### stormglass check: ${failed === 0 ? 'every check held' : `${failed} of ${cases.length} checks failed`}`, '', '| scenario | checked | result | failed | replay |', '|---|---|---|---|---|', ...rows, ''].join('\n');
}

/** `stormglass check`: each scenario as written, then under generated fault schedules; a failure is shrunk and written as a replay file. */
export function registerCheckCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('check')
    .summary('CI: targets and invariants, as written and under generated fault schedules; failures shrunk to replay files')
    .argument('[scenarios...]', 'scenario files or catalog names (none: the whole catalog)')
    .option('--runs <n>', 'generated fault schedules per scenario (0: only the scenario as written)', '20')
    .option('--seed <n>', 'the property seed: the same seed draws the same schedules', '1')
    .option('--set <path=value>', 'override a value in every scenario (repeatable)', collect, [])
    .option('--junit <file>', 'write a JUnit XML report (atomically)')
    .option('--replays <dir>', 'where replay files of failures go', 'stormglass-replays')
    .option('--kinds <list>', 'the fault kinds generated, comma-separated, like region-outage,primary-failure (default: every kind the scenario has a target for)')
    .option('--window <from..to>', 'when generated faults may start, like 30s..2m (default: the first half of the run, so the second leaves time to recover)')
    .addHelpText('after', '\nExamples:\n' +
        '  stormglass check region-outage-sync --runs 50          the sync design under 50 generated schedules\n' +
        '  stormglass check designs/*.yaml --junit check.xml       in CI, with a JUnit report\n\n' +
        'A failure prints the shrunk schedule and the command that replays it:  stormglass replay <file>\n' +
        'Exit codes: 0 everything held · 1 a target or invariant failed · 2 bad input')
    .action((scenarios: string[], flags: CheckFlags) => {
      const runs = wholeNumber('--runs', flags.runs, 0, 100_000);
      const seed = wholeNumber('--seed', flags.seed, 0, 2 ** 31 - 1);
      const names = scenarios.length === 0 ? catalogNames() : scenarios;
      const cases: CaseResult[] = [];
      let bad = false;
      const progress = progressBar('check', names.length);
      for (const arg of names) {
        progress.tick();
        const { scenario, problems } = loadScenarioArgument(arg, flags.set);
        if (scenario === undefined) {
          bad = true;
          const lines = problems.map(formatProblem);
          for (const line of lines) io.stderr(line);
          cases.push({ scenario: arg, part: 'loads', failed: [], problems: lines });
          continue;
        }
        const report = buildRunReport(scenario, new ModelEngine(scenario.config).run(), 0);
        const asWritten = [...report.targets, ...report.invariants].filter((e) => !e.pass);
        cases.push({ scenario: scenario.name, part: 'as written', failed: asWritten });
        io.stdout(`${asWritten.length === 0 ? 'ok  ' : 'FAIL'}  ${scenario.name} as written${asWritten.length === 0 ? '' : `: ${asWritten.map((e) => `${e.name} ${e.actual} (${e.target})`).join('; ')}`}`);
        if (runs === 0) continue;
        const window = flags.window === undefined ? { fromUs: 0, toUs: Math.floor(scenario.config.durationUs / 2) } : parseWindow(flags.window, scenario.config.durationUs);
        const kinds = flags.kinds === undefined ? {} : { kinds: parseKinds(flags.kinds) };
        const result = checkScenario(scenario, { runs, seed, window, ...kinds });
        if (result.failure === undefined) {
          cases.push({ scenario: scenario.name, part: `${runs} generated schedules`, failed: [] });
          io.stdout(`ok    ${scenario.name} under ${result.runs} generated fault schedules`);
          continue;
        }
        mkdirSync(flags.replays, { recursive: true });
        const file = join(flags.replays, `${scenario.name}.replay.yaml`);
        const header = `# stormglass check: ${scenario.name} failed under a generated fault schedule (property seed ${seed}), shrunk.\n# Replay: stormglass replay ${file}\n`;
        writeAtomically(file, header + stringify(result.failure.replay));
        cases.push({ scenario: scenario.name, part: `${runs} generated schedules`, failed: result.failure.failed, replayFile: file });
        io.stdout(`FAIL  ${scenario.name} under generated fault schedules: ${result.failure.failed.map((e) => `${e.name} ${e.actual} (${e.target})`).join('; ')}`);
        io.stdout(`      shrunk schedule: ${JSON.stringify(result.failure.replay.faults)}`);
        io.stdout(`      replay: stormglass replay ${file}`);
      }
      progress.stop();
      if (flags.junit !== undefined) writeAtomically(flags.junit, junitXml(cases));
      // GitHub Actions shows this file on the run's page.
      const stepSummary = process.env.GITHUB_STEP_SUMMARY;
      if (stepSummary !== undefined && stepSummary !== '') appendFileSync(stepSummary, `${markdownSummary(cases)}\n`);
      const failed = cases.filter((c) => c.failed.length > 0).length;
      if (!bad) io.stderr(failed === 0 ? `${cases.length} checks passed` : `${failed} of ${cases.length} checks failed`);
      setExitCode(bad ? EXIT_BAD_INPUT : failed > 0 ? EXIT_TARGET_FAILED : EXIT_OK);
    });

  program
    .command('replay')
    .summary('reproduce a failure from its replay file (the same run, the same digest)')
    .argument('<replay-file>', 'a replay file written by stormglass check (any scenario file works)')
    .option('--json', 'print the JSON report', false)
    .addHelpText('after', '\nExamples:\n' +
        '  stormglass replay stormglass-replays/region-outage-async.replay.yaml\n' +
        '  stormglass replay failure.replay.yaml --json > report.json\n\n' +
        'A replay file is a scenario with the failing fault schedule written in; it prints the same digest on any machine. Exit codes: 0 every target met · 1 one failed (the failure reproduced) · 2 bad input')
    .action((file: string, flags: { json: boolean }) => {
      const { scenario, problems } = loadScenarioArgument(file.includes('/') || /\.(ya?ml|json)$/.test(file) ? file : `./${file}`);
      if (scenario === undefined) {
        for (const problem of problems) io.stderr(formatProblem(problem));
        setExitCode(EXIT_BAD_INPUT);
        return;
      }
      const started = io.clockMs();
      const report = buildRunReport(scenario, new ModelEngine(scenario.config).run(), io.clockMs() - started);
      io.stdout(flags.json ? JSON.stringify(report, null, 2) : formatRunSummary(report, 'replay'));
      setExitCode(report.pass ? EXIT_OK : EXIT_TARGET_FAILED);
    });
}
