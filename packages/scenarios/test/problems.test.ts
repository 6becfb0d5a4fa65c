import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { closest, pathString, problemsFromIssues, schemaKeysAt } from '../src/language/problems.js';
import { formatProblem, parseSource } from '../src/language/source.js';
import { durationUs, percentRatio, ratePerS } from '../src/language/units-schema.js';

// Zod issues become scenario problems at the right line and column, with expected, found and
// a suggestion; values with units resolve through sim-core's parser.

const sample = z.strictObject({
  name: z.string(),
  duration: durationUs,
  strategy: z.enum(['active-active', 'active-passive']),
  regions: z.array(z.strictObject({ id: z.string(), instances: z.number().int().min(1).optional(), loss: percentRatio.optional() })),
  traffic: z.strictObject({ rate: ratePerS }),
});

function check(text: string): string[] {
  const source = parseSource(text, 'sample.yaml');
  expect(source.problems).toEqual([]);
  const result = sample.safeParse(source.value, { reportInput: true });
  if (result.success) return [];
  return problemsFromIssues(result.error.issues, source, (path) => schemaKeysAt(sample, path, source.value)).map(formatProblem);
}

describe('problemsFromIssues', () => {
  it('a valid file resolves its units', () => {
    const source = parseSource('name: x\nduration: 5m\nstrategy: active-active\nregions: [{ id: a, loss: 0.1% }]\ntraffic: { rate: 1200rps }\n', 'ok.yaml');
    const parsed = sample.parse(source.value);
    expect(parsed.duration).toBe(300_000_000);
    expect(parsed.traffic.rate).toBe(1200);
    expect(parsed.regions[0].loss).toBeCloseTo(0.001, 12);
  });

  it('reports every problem at once, each at its line and column, with expected, found and a suggestion', () => {
    const lines = check(['name: x', 'duration: 5mins', 'strategy: actve-passive', 'regions:', '  - id: a', '    instnces: 2', '    instances: 0', 'traffic: {}'].join('\n'));
    expect(lines).toEqual([
      'sample.yaml:2:11 duration: invalid duration (expected one of us, ms, s, m, h, d, found unknown unit "mins") — did you mean "5m"?',
      'sample.yaml:3:11 strategy: not one of the allowed values (expected one of "active-active", "active-passive", found "actve-passive") — did you mean "active-passive"?',
      'sample.yaml:7:16 regions[0].instances: too small (expected >= 1, found 0)',
      'sample.yaml:6:5 regions[0].instnces: "instnces" is not a field here (expected one of id, instances, loss, found "instnces") — did you mean "instances"?',
      'sample.yaml:8:10 traffic.rate: a required field is missing (expected a rate with its unit, like 1200rps, found nothing)',
    ]);
  });

  it('a value of the wrong type says what it found', () => {
    expect(check('name: 3\nduration: 5m\nstrategy: active-active\nregions: {}\ntraffic: { rate: 1rps }\n')).toEqual([
      'sample.yaml:1:7 name: wrong type (expected a text, found 3)',
      'sample.yaml:4:10 regions: wrong type (expected a list, found a mapping)',
    ]);
  });
});

describe('helpers', () => {
  it('pathString, closest and schemaKeysAt', () => {
    expect(pathString(['topology', 'services', 0, 'autoscaling', 'max'])).toBe('topology.services[0].autoscaling.max');
    expect(closest('us-eats', ['us-east', 'eu-west'])).toBe('us-east');
    expect(closest('zzzz', ['us-east'])).toBeUndefined();
    expect(schemaKeysAt(sample, ['regions', 0])).toEqual(['id', 'instances', 'loss']);
    expect(schemaKeysAt(sample, [])).toEqual(['name', 'duration', 'strategy', 'regions', 'traffic']);
    expect(schemaKeysAt(sample, ['name'])).toEqual([]);
  });
});
