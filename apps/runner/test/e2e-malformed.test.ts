import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, stackTraceLines } from './spawn-cli.js';
import type { Finished } from './spawn-cli.js';

// The scenarios package's malformed corpus (packages/scenarios/test/malformed: each file with
// the exact problems the library reports for it in NN-name.expected), now through the built
// binary: the same messages reach the user, with file, line and column, exit 2, and never a
// stack trace. Plus files that are not scenarios at all.

const corpus = fileURLToPath(new URL('../../../packages/scenarios/test/malformed/', import.meta.url));
const files = readdirSync(corpus).filter((name) => /\.(ya?ml|json)$/.test(name)).sort();

/** The problems the library reports for a corpus file, as the CLI should print them. */
function expectedOf(file: string): string[] {
  const expected = readFileSync(join(corpus, file.replace(/\.(ya?ml|json)$/, '.expected')), 'utf8').split('\n').filter((line) => line !== '');
  // The library's test resolves `extends` inside the corpus only; the CLI reads the disk and
  // says where it looked for the missing file.
  if (file !== '60-extends-missing-file.yaml') return expected;
  return expected.map((line) => line.replace('no such file (found', `no such file (looked for ${join(corpus, 'base-scenario.yaml')}) (found`));
}

/** Problems about the whole file (an empty document) have no line and column to give. */
const WHOLE_FILE = new Set(['05-empty-file.yaml', '65-only-comments.yaml']);

/** What no output of the CLI may hold, whatever the input: a stack trace, or a JavaScript error's name. */
function expectNoCrashText(result: Finished): void {
  const both = `${result.stdout}\n${result.stderr}`;
  expect(stackTraceLines(both)).toEqual([]);
  expect(both).not.toMatch(/TypeError|RangeError|ReferenceError|SyntaxError: |node:internal/);
}

const dir = mkdtempSync(join(tmpdir(), 'stormglass-e2e-malformed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the malformed corpus through the CLI', () => {
  it('holds the corpus the scenarios package tests', () => {
    expect(files.length).toBeGreaterThanOrEqual(67);
  });

  it('stormglass validate <every file>: each file\'s exact problems on stderr, file:line:column first, then the count; exit 2', async () => {
    const result = await runCli(['validate', ...files], corpus);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const problems = result.stderr.split('\n').filter((line) => line !== '');
    expect(problems.pop()).toBe(`${files.length} of ${files.length} scenarios with problems`);
    expect(problems).toEqual(files.flatMap(expectedOf));
    // Each line names the file the problem is in (for 59, its broken parent), at a line and
    // column unless the problem is the whole file.
    for (const line of problems) {
      const where = /^(\S+?)(:\d+:\d+)? /.exec(line);
      expect(where, line).not.toBeNull();
      expect(files, line).toContain(where![1]);
      expect(where![2] === undefined, line).toBe(WHOLE_FILE.has(where![1]));
    }
    expectNoCrashText(result);
  }, 60_000);

  // Each `run` is a Node start-up (~0.4 s here, more under load): all 67 would take 30 s or
  // more, so `run` takes a deterministic sample — every tenth file, and the ones whose
  // failure is of a kind of its own (an empty file, an alias bomb, an extends cycle, a missing
  // parent). `validate` above covers every file through the same loader.
  const sample = files.filter((file, i) => i % 10 === 0 || /^(05|13|55|60|65)-/.test(file));

  it.each(sample)('stormglass run %s: the same problems, exit 2, nothing on stdout', async (file) => {
    const result = await runCli(['run', file], corpus);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n').filter((line) => line !== '')).toEqual(expectedOf(file));
    expectNoCrashText(result);
  }, 60_000);
});

describe('stormglass run <a file that is not a scenario>', () => {
  mkdirSync(join(dir, 'folder.yaml'));
  writeFileSync(join(dir, 'empty.yaml'), '');
  // A PNG's first bytes: 0x89 cannot start a UTF-8 character.
  writeFileSync(join(dir, 'image.yaml'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]));
  // Latin-1, not UTF-8: é is the single byte 0xE9.
  writeFileSync(join(dir, 'latin1.yaml'), Buffer.concat([Buffer.from('name: caf'), Buffer.from([0xe9]), Buffer.from('\nduration: 5m\n')]));
  // A U+FFFD written in the file is text; the NUL on line 3 is not.
  writeFileSync(join(dir, 'nul.yaml'), 'name: x\n# \uFFFD is fine\nduration: 5m\0\n');
  writeFileSync(join(dir, 'huge.yaml'), `name: huge\ndescription: ${'x'.repeat(5_000_000)}\n`);

  it.each([
    ['missing.yaml', 'missing.yaml no such file'],
    ['./folder.yaml', './folder.yaml this is a directory, not a scenario file (expected a scenario file, or a catalog name)'],
    ['empty.yaml', 'empty.yaml a scenario must be a mapping of sections (expected a mapping (name, duration, regions, topology, traffic, ...), found an empty document)'],
    ['image.yaml', 'image.yaml:1:1 not a text file: byte 0x89, which is not UTF-8 (save scenario files as UTF-8 YAML or JSON)'],
    ['latin1.yaml', 'latin1.yaml:1:10 not a text file: byte 0xE9, which is not UTF-8 (save scenario files as UTF-8 YAML or JSON)'],
    ['nul.yaml', 'nul.yaml:3:13 not a text file: a NUL byte (save scenario files as UTF-8 YAML or JSON)'],
    ['huge.yaml', 'huge.yaml the file is larger than 4 MB; a scenario never needs that much'],
  ])('%s: exit 2 and one clear line, no stack trace', async (file, message) => {
    const result = await runCli(['run', file], dir);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`${message}\n`);
    expectNoCrashText(result);
  }, 60_000);

  it('--out into a directory that does not exist: exit 2 and a clear line, no temporary file left (was exit 3, "a bug")', async () => {
    const result = await runCli(['run', 'queue-basics', '--set', 'duration=1m', '--out', 'nowhere/report.json'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('stormglass: cannot write nowhere/report.json: its directory does not exist\n');
    const onto = await runCli(['schema', '--out', 'folder.yaml'], dir);
    expect(onto.code).toBe(2);
    expect(onto.stderr).toBe('stormglass: cannot write folder.yaml: it is a directory\n');
    expect(readdirSync(dir).filter((name) => name.includes('.tmp-'))).toEqual([]);
    expectNoCrashText(result);
  }, 60_000);

  it('a sweep whose --out cannot be written fails before it runs a seed, not after', async () => {
    const result = await runCli(['sweep', 'region-outage-async', '--seeds', '1..1000', '--workers', '1', '--out', 'nowhere/rows.ndjson'], dir);
    expect(result.code).toBe(2);
    // No summary line: not one of the 1000 seeds ran.
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('stormglass: cannot write nowhere/rows.ndjson: its directory does not exist\n');
    const onto = await runCli(['sweep', 'region-outage-async', '--seeds', '1..1000', '--out', 'folder.yaml'], dir);
    expect(onto.code).toBe(2);
    expect(onto.stderr).toBe('stormglass: cannot write folder.yaml: it is a directory\n');
    expect(readdirSync(dir).filter((name) => name.includes('.tmp-'))).toEqual([]);
  }, 60_000);
});
