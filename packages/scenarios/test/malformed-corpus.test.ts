import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
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
    // UPDATE_CORPUS=1 rewrites the .expected files: then read the diff as a user would.
    if (process.env.UPDATE_CORPUS !== undefined) writeFileSync(new URL(file.replace(/\.(ya?ml|json)$/, '.expected'), dir), `${problems.map(formatProblem).join('\n')}\n`);
    expect(problems.map(formatProblem)).toEqual(expectedOf(file));
    for (const problem of problems) {
      if (WHOLE_FILE.has(file)) expect(problem.line, formatProblem(problem)).toBeNull();
      else {
        expect(problem.line, formatProblem(problem)).toBeGreaterThan(0);
        expect(problem.column, formatProblem(problem)).toBeGreaterThan(0);
      }
    }
  });

  it('resolves many aliases in linear time (20,000 aliases of one anchor: the test timeout is the guard)', () => {
    const text = `${read('13-alias-bomb.yaml').split('\n')[0].startsWith('#') ? '' : ''}name: many\na: &a x\nlesson: [${new Array(20_000).fill('*a').join(', ')}]\n`;
    const { problems } = load(text, 'many-aliases.yaml');
    // The aliases expand (20,000 values, inside the bound); the file then misses its sections.
    expect(problems.map(formatProblem)[0]).toMatch(/^many-aliases\.yaml:\d+:\d+ /);
    expect(problems.some((p) => p.message.includes('aliases expand'))).toBe(false);
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
