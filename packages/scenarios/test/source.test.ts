import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatProblem, parentPath, parseSource } from '../src/language/source.js';

// The scenario language's first layer: text to plain data with positions, never throwing.

describe('parseSource(text, file)', () => {
  it('reads YAML and JSON to the same value, and knows where each value is', () => {
    const yamlText = 'name: demo\nregions:\n  - id: us-east\n    zones: [a, b]\n  - id: eu-west\n';
    const json = '{"name": "demo", "regions": [{"id": "us-east", "zones": ["a", "b"]}, {"id": "eu-west"}]}';
    const fromYaml = parseSource(yamlText, 'demo.yaml');
    const fromJson = parseSource(json, 'demo.json');
    expect(fromYaml.problems).toEqual([]);
    expect(fromJson.problems).toEqual([]);
    expect(fromYaml.value).toEqual(fromJson.value);
    expect(fromYaml.positionOf('regions[1].id')).toEqual({ line: 5, column: 9 });
    expect(fromYaml.positionOf('regions[0].zones[1]')).toEqual({ line: 4, column: 16 });
    // A path that does not exist is placed at its nearest ancestor that does.
    expect(fromYaml.positionOf('regions[1].zones')).toEqual(fromYaml.positionOf('regions[1]'));
  });

  it('reports a syntax error with file, line and column instead of throwing', () => {
    const parsed = parseSource('name: demo\nregions: [a, b\nfaults: []\n', 'broken.yaml');
    expect(parsed.value).toBeNull();
    expect(parsed.problems.length).toBeGreaterThan(0);
    const first = parsed.problems[0];
    expect(first.file).toBe('broken.yaml');
    expect(first.line).not.toBeNull();
    expect(formatProblem(first)).toMatch(/^broken\.yaml:\d+:\d+ /);
  });

  it('reports a duplicate key', () => {
    const parsed = parseSource('name: a\nname: b\n', 'dup.yaml');
    expect(parsed.problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([expect.stringMatching(/^2:1 "name" is written twice in this mapping$/)]);
  });

  it('refuses keys that could reach a prototype, and pollutes nothing', () => {
    const parsed = parseSource('a:\n  __proto__:\n    polluted: true\n  constructor: x\n  prototype: y\n  ok: 1\n', 'proto.yaml');
    expect(parsed.problems.map((p) => `${p.path} ${p.line}:${p.column}`)).toEqual(['a.__proto__ 2:3', 'a.constructor 4:3', 'a.prototype 5:3']);
    expect(parsed.value).toEqual({ a: { ok: 1 } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf((parsed.value as { a: object }).a)).toBe(Object.prototype);
    const json = parseSource('{"__proto__": {"polluted": true}}', 'proto.json');
    expect(json.problems[0].message).toContain('prototype');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('bounds alias expansion (a billion laughs) with a problem, quickly', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    const parsed = parseSource(lines.join('\n'), 'laughs.yaml');
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0].message).toContain('aliases expand to more than 100000 values');
    expect(parseSource('a: &x [1, 2]\nb: *x\n', 'small.yaml').value).toEqual({ a: [1, 2], b: [1, 2] });
  });

  it('refuses keys that are not names', () => {
    const parsed = parseSource('? [a, b]\n: 1\n', 'key.yaml');
    expect(parsed.problems.map((p) => p.message)).toEqual(['keys must be plain names, got a list']);
  });

  it('never throws, whatever the text (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.stringMatching(/^[a-z:\-[\]{}&*!|>'" \n#]{0,60}$/)), (text) => {
        const parsed = parseSource(text, 'any.yaml');
        expect(Array.isArray(parsed.problems)).toBe(true);
        for (const problem of parsed.problems) expect(typeof formatProblem(problem)).toBe('string');
      }),
      { numRuns: 500 },
    );
  });
});

describe('formatProblem and parentPath', () => {
  it('formats file:line:column path: message (expected, found) — suggestion', () => {
    expect(formatProblem({ file: 'a.yaml', line: 3, column: 7, path: 'regions[0].id', message: 'unknown region', expected: 'a region id', found: '"us-eats"', suggestion: '"us-east"' })).toBe(
      'a.yaml:3:7 regions[0].id: unknown region (expected a region id, found "us-eats") — did you mean "us-east"?',
    );
    expect(formatProblem({ file: 'a.yaml', line: null, column: null, path: '', message: 'empty' })).toBe('a.yaml empty');
  });

  it('walks a path up to the document', () => {
    expect(parentPath('a.b[2].c')).toBe('a.b[2]');
    expect(parentPath('a.b[2]')).toBe('a.b');
    expect(parentPath('a')).toBe('');
    expect(parentPath('')).toBeNull();
  });
});
