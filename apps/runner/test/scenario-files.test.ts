import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatProblem } from '@stormglass/scenarios';
import { loadScenarioArgument } from '../src/scenario-files.js';

// The runner's file resolver: bugs found by the second reading of the scenario loader.

const dir = mkdtempSync(join(tmpdir(), 'stormglass-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const shop = readFileSync(new URL('../../../packages/scenarios/test/fixtures/shop.yaml', import.meta.url), 'utf8');
const problemsOf = (arg: string): string[] => loadScenarioArgument(arg).problems.map(formatProblem);

describe('scenario files', () => {
  it('a cycle through files in other directories is named as a cycle (the names were not normalised, so it ran to the depth limit)', () => {
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'a.yaml'), 'extends: ./sub/b.yaml\nname: a\n');
    writeFileSync(join(dir, 'sub', 'b.yaml'), 'extends: ../a.yaml\nname: b\n');
    const problems = problemsOf(join(dir, 'a.yaml'));
    expect(problems).toEqual([`${join(dir, 'sub', 'b.yaml')}:1:10 extends: extends goes round in a circle (expected a chain that ends, found ${join(dir, 'a.yaml')} → ${join(dir, 'sub', 'b.yaml')} → ${join(dir, 'a.yaml')})`]);
  });

  it('a file extending itself, named from the working directory with ./, is a cycle', () => {
    const file = join(process.cwd(), 'review-self.yaml');
    writeFileSync(file, 'extends: ./review-self.yaml\nname: self\n');
    try {
      expect(problemsOf('./review-self.yaml')).toEqual(['review-self.yaml:1:10 extends: extends goes round in a circle (expected a chain that ends, found review-self.yaml → review-self.yaml)']);
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('a directory is named as a directory, not "no such file"', () => {
    expect(problemsOf(join(dir, 'sub/'))).toEqual([`${join(dir, 'sub/')} this is a directory, not a scenario file (expected a scenario file, or a catalog name)`]);
    writeFileSync(join(dir, 'up.yaml'), 'extends: ./sub\nname: up\n');
    expect(problemsOf(join(dir, 'up.yaml'))).toEqual([`${join(dir, 'up.yaml')}:1:10 extends: cannot extend "./sub": ${join(dir, 'sub')} is a directory, not a scenario file (found "./sub")`]);
  });

  it("a file of the user's own catalog/ directory may extend a file (only the shipped catalog's files may not)", () => {
    const own = join(process.cwd(), 'catalog');
    mkdirSync(own, { recursive: true });
    try {
      writeFileSync(join(own, 'review-base.yaml'), shop);
      writeFileSync(join(own, 'review-child.yaml'), 'extends: ./review-base.yaml\nname: review-child\n');
      expect(problemsOf('catalog/review-child.yaml')).toEqual([]);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});
