import { describe, expect, it } from 'vitest';
import { INVARIANTS_DEFAULT, invariantsSchema, targetsSchema } from '../src/check/targets.js';
import { problemsFromIssues, schemaKeysAt } from '../src/language/problems.js';
import { formatProblem, parseSource } from '../src/language/source.js';
import type { z } from 'zod';

// The targets and invariants sections: units resolved to TargetsConfig, names to InvariantName[].

function parse<T>(schema: z.ZodType<T>, text: string, file: string) {
  const source = parseSource(text, file);
  const result = schema.safeParse(source.value, { reportInput: true });
  return { result, problems: result.success ? [] : problemsFromIssues(result.error.issues, source, (path) => schemaKeysAt(schema, path, source.value)).map(formatProblem) };
}

describe('targets section', () => {
  it('resolves every target with its units', () => {
    const { result, problems } = parse(
      targetsSchema,
      `rto: 5m
rpo: 0s
availability: 99.9%
latency: { all: { p99: 800ms }, checkout: { p50: 200ms, p99: 1.2s } }
cost: { max: $120 }
timeToDetect: 2m
lostWrites: { max: 0 }
`,
      'targets.yaml',
    );
    expect(problems).toEqual([]);
    expect(result.success && result.data).toEqual({
      rtoUs: 300_000_000,
      rpoUs: 0,
      availability: 0.999,
      latency: { all: { p99Us: 800_000 }, checkout: { p50Us: 200_000, p99Us: 1_200_000 } },
      costMaxUsd: 120,
      timeToDetectUs: 120_000_000,
      lostWritesMax: 0,
    });
  });

  it('defaults to no target at all', () => {
    expect(targetsSchema.parse(undefined)).toEqual({});
  });

  it('reports a bad unit, an unknown field, a priced cost cap and an empty latency target at their lines', () => {
    const { problems } = parse(
      targetsSchema,
      `rto: 5mins
rpoo: 0s
cost: { max: $0.12/h }
latency: { checkout: {} }
`,
      'targets.yaml',
    );
    expect(problems).toEqual([
      'targets.yaml:1:6 rto: invalid duration (expected one of us, ms, s, m, h, d, found unknown unit "mins") — did you mean "5m"?',
      'targets.yaml:4:22 latency.checkout: a latency target needs at least one of p50, p95, p99, p999 (found a mapping)',
      "targets.yaml:3:14 cost.max: a run's cost cap is a total in dollars (expected a total like $120, found a price per hour)",
      'targets.yaml:2:1 rpoo: "rpoo" is not a field here (expected one of rto, rpo, availability, latency, cost, timeToDetect, lostWrites, found "rpoo") — did you mean "rpo"?',
    ]);
  });
});

describe('invariants section', () => {
  it('resolves a list of names', () => {
    expect(invariantsSchema.parse(['no-acknowledged-write-lost', 'residency'])).toEqual(['no-acknowledged-write-lost', 'residency']);
  });

  it('defaults to the simulator\'s own laws, conservation and monotone time', () => {
    expect(invariantsSchema.parse(undefined)).toEqual(['conservation', 'monotone-time']);
    expect(INVARIANTS_DEFAULT).toEqual(['conservation', 'monotone-time']);
    expect(invariantsSchema.parse([])).toEqual([]);
  });

  it('reports an unknown name with a suggestion, and a name listed twice', () => {
    expect(parse(invariantsSchema, `[conservation, residencey]\n`, 'invariants.yaml').problems).toEqual([
      'invariants.yaml:1:16 [1]: not one of the allowed values (expected one of "conservation", "no-acknowledged-write-lost", "residency", "segmentation", "monotone-time", found "residencey") — did you mean "residency"?',
    ]);
    expect(parse(invariantsSchema, `[conservation, residency, conservation]\n`, 'invariants.yaml').problems).toEqual(['invariants.yaml:1:27 [2]: invariant "conservation" is listed twice (found "conservation")']);
  });
});
