import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The lint rules that keep sim-core, scenarios and report deterministic are part of the product, so
 * they are tested like code: each probe must be rejected in the pure packages, and the same
 * code must stay legal in the runner (where the wall clock and I/O belong).
 */
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const eslint = new ESLint({ cwd: repoRoot });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

const probes: [string, string, string][] = [
  ['Date.now()', 'export const t = Date.now();\n', 'no-restricted-globals'],
  ['new Date()', 'export const t = new Date();\n', 'no-restricted-globals'],
  ['Math.random()', 'export const r = Math.random();\n', 'no-restricted-properties'],
  ['performance.now()', 'export const t = performance.now();\n', 'no-restricted-globals'],
  ['setTimeout', 'setTimeout(() => undefined, 1);\n', 'no-restricted-globals'],
  ['process.env', 'export const e = process.env;\n', 'no-restricted-globals'],
  ['a Node built-in', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n", 'no-restricted-imports'],
  ['a bare Node built-in', "import { join } from 'path';\nexport const j = join;\n", 'no-restricted-imports'],
  ['the DOM', 'export const d = document.title;\n', 'no-restricted-globals'],
  ['globalThis', 'export const g = globalThis.crypto;\n', 'no-restricted-properties'],
];

describe('lint keeps the pure packages pure', () => {
  for (const pkg of ['sim-core', 'scenarios', 'report']) {
    it.each(probes)(`rejects %s in packages/${pkg}/src`, async (_name, code, rule) => {
      expect(await ruleIds(code, `packages/${pkg}/src/probe.ts`)).toContain(rule);
    });
  }

  it('allows the same wall-clock code in the runner', async () => {
    expect(await ruleIds('export const t = Date.now() + performance.now();\n', 'apps/runner/src/probe.ts')).toEqual([]);
  });

  it('rejects deep imports across packages and imports against the dependency flow', async () => {
    expect(await ruleIds("import { x } from '@stormglass/sim-core/src/kernel/simulation.js';\nexport const y = x;\n", 'apps/runner/src/probe.ts')).toContain(
      'no-restricted-imports',
    );
    expect(await ruleIds("import { x } from '@stormglass/scenarios';\nexport const y = x;\n", 'packages/sim-core/src/probe.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { x } from '@stormglass/runner';\nexport const y = x;\n", 'packages/scenarios/src/probe.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { x } from '@stormglass/report';\nexport const y = x;\n", 'packages/scenarios/src/probe.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { x } from '@stormglass/runner';\nexport const y = x;\n", 'packages/report/src/probe.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { x } from '@stormglass/scenarios';\nexport const y = x;\n", 'packages/report/src/probe.ts')).toEqual([]);
  });

  it('accepts ordinary pure code', async () => {
    expect(await ruleIds('export const add = (a: number, b: number): number => a + b;\n', 'packages/sim-core/src/probe.ts')).toEqual([]);
  });
});
