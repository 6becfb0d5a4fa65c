import type { Command } from 'commander';
import { catalogNames, formatProblem, scenarioJsonSchemaText } from '@stormglass/scenarios';
import { formatDuration } from '@stormglass/sim-core';
import type { CliIo } from '../cli-io.js';
import { EXIT_BAD_INPUT, EXIT_OK } from '../exit-codes.js';
import { loadScenarioArgument } from '../scenario-files.js';
import { writeAtomically } from '../output-files.js';

interface ValidateFlags {
  set: string[];
  json: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `stormglass validate` and `stormglass schema`: check scenario files, print the JSON Schema. */
export function registerValidateCommands(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('validate')
    .summary('check scenario files (or catalog names): every problem at once, with file, line and column')
    .argument('[scenarios...]', 'scenario files (.yaml, .json) or catalog names; none: the whole catalog')
    .option('--set <path=value>', 'override a value before checking (repeatable), like topology.routing.dnsTtl=300s', collect, [])
    .option('--json', 'print the problems as JSON', false)
    .addHelpText('after', '\nExamples:\n' +
        '  stormglass validate                          check every catalog scenario\n' +
        '  stormglass validate my-design.yaml           check a file (and what it extends)\n' +
        '  stormglass validate region-outage-async --set topology.routing.dnsTtl=5m\n\n' +
        'Exit codes: 0 every scenario is valid · 2 a problem was found')
    .action((scenarios: string[], flags: ValidateFlags) => {
      const names = scenarios.length === 0 ? catalogNames() : scenarios;
      const report: { scenario: string; valid: boolean; problems: unknown[] }[] = [];
      let bad = 0;
      for (const arg of names) {
        const { scenario, problems } = loadScenarioArgument(arg, flags.set);
        report.push({ scenario: arg, valid: scenario !== undefined, problems });
        if (scenario === undefined) {
          bad++;
          if (!flags.json) for (const problem of problems) io.stderr(formatProblem(problem));
        } else if (!flags.json) {
          const c = scenario.config;
          const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
          const faults = count(c.faults.length, 'fault');
          const segmentation = scenario.segmentation.length === 0 ? '' : ` · ${scenario.segmentation.length} segmentation violations`;
          io.stdout(`ok  ${arg}: ${scenario.name} · ${formatDuration(c.durationUs)} · ${count(c.regions.length, 'region')} · ${count(c.services.length, 'service')} · ${faults}${segmentation}`);
          for (const v of scenario.segmentation) io.stdout(`    ${v.file}:${v.line ?? '?'}:${v.column ?? '?'} ${v.path}: ${v.flow}: ${v.message}`);
        }
      }
      if (flags.json) io.stdout(JSON.stringify({ scenarios: report }, null, 2));
      else if (bad > 0) io.stderr(`${bad} of ${names.length} scenario${names.length === 1 ? '' : 's'} with problems`);
      setExitCode(bad > 0 ? EXIT_BAD_INPUT : EXIT_OK);
    });

  program
    .command('schema')
    .summary('print the JSON Schema of scenario files, for editors (yaml-language-server)')
    .option('--out <file>', 'write it to a file instead of stdout')
    .addHelpText('after', '\nPut `# yaml-language-server: $schema=./scenario.schema.json` at the top of a scenario file\n' +
        'and editors complete field names, show defaults and flag unknown keys.\n\n' +
        'Examples:\n  stormglass schema --out scenario.schema.json')
    .action((flags: { out?: string }) => {
      const text = scenarioJsonSchemaText();
      if (flags.out === undefined) {
        io.stdout(text.trimEnd());
        return;
      }
      writeAtomically(flags.out, text);
      io.stderr(`wrote ${flags.out}`);
    });
}
