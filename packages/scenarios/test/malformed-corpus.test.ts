import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogResolver } from '../src/catalog/registry.js';
import { loadScenario } from '../src/language/load.js';
import type { LoadResult } from '../src/language/load.js';
import { formatProblem } from '../src/language/source.js';

// Issue 5's malformed corpus: test/malformed/NN-name.yaml (or .json), each a scenario with one
// kind of mistake (a few with several, to show every problem of a layer is reported together),
// and next to it NN-name.expected: the exact formatted problems, one per line. No input may
// throw, and nothing a file writes may reach Object.prototype.

const dir = new URL('./malformed/', import.meta.url);
const files = readdirSync(dir)
  .filter((name) => /\.(ya?ml|json)$/.test(name))
  .sort();
const read = (name: string): string => readFileSync(new URL(name, dir), 'utf8');
const expectedOf = (name: string): string[] => read(name.replace(/\.(ya?ml|json)$/, '.expected')).split('\n').filter((line) => line !== '');

/** `extends: ./NN-name.yaml` finds a corpus file; a catalog name, the catalog. */
const resolve = catalogResolver((ref) => {
  const name = ref.replace(/^\.\//, '');
  return files.includes(name) ? { text: read(name), file: name } : { error: 'no such file' };
});

/**
 * Problems about the whole file carry no line and column: an empty document (or one of only
 * comments) has no value to point at, and the problem is the file itself. Every other problem
 * names its line and column.
 */
const WHOLE_FILE = new Set(['05-empty-file.yaml', '65-only-comments.yaml']);

function load(text: string, file: string): LoadResult {
  let result: LoadResult | undefined;
  expect(() => {
    result = loadScenario(text, file, { resolve });
  }).not.toThrow();
  return result as LoadResult;
}

describe('the malformed corpus', () => {
  it('holds at least 45 files, each with its .expected', () => {
    expect(files.length).toBeGreaterThanOrEqual(45);
    const names = readdirSync(dir);
    for (const file of files) expect(names, file).toContain(file.replace(/\.(ya?ml|json)$/, '.expected'));
    expect(names.filter((name) => name.endsWith('.expected')).length).toBe(files.length);
  });

  it.each(files)('%s: its exact problems, each at a line', (file) => {
    const { scenario, problems } = load(read(file), file);
    expect(scenario).toBeUndefined();
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.map(formatProblem)).toEqual(expectedOf(file));
    for (const problem of problems) {
      if (WHOLE_FILE.has(file)) expect(problem.line, formatProblem(problem)).toBeNull();
      else {
        expect(problem.line, formatProblem(problem)).toBeGreaterThan(0);
        expect(problem.column, formatProblem(problem)).toBeGreaterThan(0);
      }
    }
  });

  it('refuses the alias bomb quickly', () => {
    const started = performance.now();
    load(read('13-alias-bomb.yaml'), '13-alias-bomb.yaml');
    // A bound against a hang on a loaded 2-core machine, not a benchmark (about 1 s on it).
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  // A known gap (reported): limits.instances is documented as a cap no service's instances in a
  // region can exceed, but a placement (20) and an autoscaling max (50) above it (10) load.
  // When the language reports it, this fails: move the text into the corpus with its .expected.
  it.fails('reports instances beyond limits.instances', () => {
    const text = [
      'name: instances-beyond-limit',
      'duration: 5m',
      'regions:',
      '  - { id: us-east, location: { lon: -77.5, lat: 39.0 }, price: $0.19/h, egress: $0.02/GB }',
      'topology:',
      '  services:',
      '    - id: web',
      '      endpoints: [{ name: home }]',
      '      instances: { us-east: 20 }',
      '      autoscaling: { min: 1, max: 50, policy: { kind: target-tracking, metric: utilisation, target: 60% } }',
      'traffic:',
      '  users:',
      '    - { region: us-east, rate: { kind: constant, rate: 20rps }, mix: [{ endpoint: home, weight: 1 }] }',
      'limits: { instances: 10 }',
      '',
    ].join('\n');
    expect(load(text, 'instances-beyond-limit.yaml').problems.length).toBeGreaterThan(0);
  });
});

describe('the malformed corpus, mutated', () => {
  type Mutation = { kind: 'insert'; at: number; text: string } | { kind: 'delete'; at: number; length: number } | { kind: 'replace'; at: number; length: number; text: string };
  const fragment = fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.string({ unit: 'binary', maxLength: 4 }),
    fc.constantFrom(':', ': ', '- ', '{', '}', '[', ']', ',', '"', "'", '\t', '\n', '  ', '? ', '&a ', '*a', '!!str ', '---\n', '#', '__proto__: ', 'constructor: {}', 'prototype: 1', 'extends: ./55-extends-cycle-a.yaml\n', 'extends: queue-basics\n'),
  );
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fragment }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat(20) }),
    fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), length: fc.nat(6), text: fragment }),
  );
  const mutate = (text: string, mutations: readonly Mutation[]): string =>
    mutations.reduce((out, m) => {
      const at = m.at % (out.length + 1);
      if (m.kind === 'insert') return out.slice(0, at) + m.text + out.slice(at);
      if (m.kind === 'delete') return out.slice(0, at) + out.slice(at + m.length);
      return out.slice(0, at) + m.text + out.slice(at + m.length);
    }, text);

  it('never throws, gives a scenario xor problems, and pollutes no prototype', () => {
    const prototypeKeys = (): string[][] => [Object.prototype, Array.prototype, Function.prototype].map((p) => Object.getOwnPropertyNames(p).sort());
    const before = prototypeKeys();
    fc.assert(
      fc.property(fc.constantFrom(...files), fc.array(mutation, { minLength: 1, maxLength: 6 }), (file, mutations) => {
        const text = mutate(read(file), mutations);
        let result: LoadResult | undefined;
        try {
          result = loadScenario(text, file, { resolve });
        } catch (error) {
          throw new Error(`loadScenario threw on a mutation of ${file}: ${String(error)}\n${JSON.stringify(text)}`, { cause: error });
        }
        expect(result.scenario === undefined).toBe(result.problems.length > 0);
      }),
      { numRuns: 300 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(prototypeKeys()).toEqual(before);
  });
});
