import { FAULT_KINDS } from '@stormglass/sim-core';
import { describe, expect, it } from 'vitest';
import { problemsFromIssues, schemaKeysAt } from '../src/language/problems.js';
import { FAULT_SECTION_KINDS, faultsSchema } from '../src/language/sections/faults.js';
import { formatProblem, parseSource } from '../src/language/source.js';

// The faults section: every fault kind of sim-core, with its timing and its units.

function parse(text: string) {
  const source = parseSource(text, 'faults.yaml');
  const result = faultsSchema.safeParse(source.value, { reportInput: true });
  return { result, problems: result.success ? [] : problemsFromIssues(result.error.issues, source, (path) => schemaKeysAt(faultsSchema, path, source.value)).map(formatProblem) };
}

describe('faults section', () => {
  it('covers every fault kind sim-core has', () => {
    expect([...FAULT_SECTION_KINDS].sort()).toEqual([...FAULT_KINDS].sort());
  });

  it('resolves timing and intensities with their units', () => {
    const { result, problems } = parse(`- { kind: region-outage, region: us-east, at: 20m, duration: 10m }
- { kind: dependency-brownout, dependency: payments, errors: 30%, latency: 500ms, at: 40m, duration: 5m }
- { kind: link-degradation, between: [us-east, eu-west], latency: 80ms, loss: 1%, at: 1m }
- { kind: instance-crash, service: web, region: eu-west, rate: 0.5/s, at: 0s, duration: 1h }
- { kind: data-deletion, store: orders, at: 30m }
`);
    expect(problems).toEqual([]);
    expect(result.success && result.data).toEqual([
      { kind: 'region-outage', region: 'us-east', startUs: 1_200_000_000, durationUs: 600_000_000 },
      { kind: 'dependency-brownout', dependency: 'payments', errorRatio: 0.3, addedLatencyUs: 500_000, startUs: 2_400_000_000, durationUs: 300_000_000 },
      { kind: 'link-degradation', between: ['us-east', 'eu-west'], direction: 'both', addedLatencyUs: 80_000, addedLossRatio: 0.01, startUs: 60_000_000 },
      { kind: 'instance-crash', service: 'web', region: 'eu-west', ratePerS: 0.5, startUs: 0, durationUs: 3_600_000_000 },
      { kind: 'data-deletion', store: 'orders', startUs: 1_800_000_000 },
    ]);
  });

  it('reports a misspelt kind, a duration on a deletion and an ambiguous crash at their lines', () => {
    const { problems } = parse(`- { kind: region-outgae, region: us-east, at: 20m }
- { kind: data-deletion, store: orders, at: 30m, duration: 5m }
- { kind: instance-crash, service: web, region: eu-west, at: 1m }
`);
    expect(problems).toEqual([
      'faults.yaml:1:11 [0].kind: not one of the allowed values (expected one of ' + FAULT_KINDS.map((k) => `"${k}"`).join(', ') + ', found "region-outgae") — did you mean "region-outage"?',
      'faults.yaml:2:50 [1].duration: "duration" is not a field here (expected one of kind, store, at, found "duration")',
      'faults.yaml:3:3 [2]: an instance crash needs exactly one of count (instances at its start) or rate (crashes per second while it lasts) (found a mapping)',
    ]);
  });
});
