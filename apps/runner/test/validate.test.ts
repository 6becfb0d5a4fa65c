import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { catalogNames, scenarioJsonSchemaText } from '@stormglass/scenarios';
import { main } from '../src/index.js';
import type { CliIo } from '../src/index.js';

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => { stdout += `${t}\n`; }, stderr: (t) => { stderr += `${t}\n`; }, clockMs: () => 0 };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'stormglass-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const shop = readFileSync(new URL('../../../packages/scenarios/test/fixtures/shop.yaml', import.meta.url), 'utf8');

describe('stormglass validate', () => {
  it('checks the whole catalog with no arguments and exits 0', async () => {
    const result = await cli('validate');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(catalogNames().length);
    expect(result.stdout).toMatch(/^ok {2}queue-basics: queue-basics · 10m · 1 region · 1 service · 0 faults$/m);
  });

  it('reports every problem of a file with file, line and column, and exits 2', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, shop.replace('us-east: 4, eu-west', 'us-east: 4, eu-wst').replace('at: 2m', 'at: 2mins'));
    const result = await cli('validate', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`${file}:55:49 faults[0].at: invalid duration (expected one of us, ms, s, m, h, d, found unknown unit "mins") — did you mean "2m"?\n1 of 1 scenario with problems\n`);
  });

  it('follows extends to a relative file and names the file each problem is in', async () => {
    writeFileSync(join(dir, 'shop.yaml'), shop);
    writeFileSync(join(dir, 'child.yaml'), 'extends: ./shop.yaml\nname: child\ntopology:\n  routing:\n    dnsTtl: 300s\n');
    expect((await cli('validate', join(dir, 'child.yaml'))).code).toBe(0);
    writeFileSync(join(dir, 'orphan.yaml'), 'extends: ./missing.yaml\nname: orphan\n');
    const orphan = await cli('validate', join(dir, 'orphan.yaml'));
    expect(orphan.code).toBe(2);
    expect(orphan.stderr).toContain(`${join(dir, 'orphan.yaml')}:1:10 extends: cannot extend "./missing.yaml": no such file (looked for ${join(dir, 'missing.yaml')})`);
  });

  it('applies --set, and names an unknown catalog scenario or file with a suggestion', async () => {
    const set = await cli('validate', 'queue-basics', '--set', 'duration=5mins');
    expect(set.code).toBe(2);
    expect(set.stderr).toContain('--set duration=5mins duration: invalid duration');
    const unknown = await cli('validate', 'queue-basic');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('— did you mean "queue-basics"?');
    const missing = await cli('validate', 'nowhere/queue-basics.yaml');
    expect(missing.stderr).toContain('nowhere/queue-basics.yaml no such file (expected a scenario file, or a catalog name) — did you mean "queue-basics"?');
  });

  it('--json prints only JSON', async () => {
    const result = await cli('validate', 'queue-basics', '--json');
    expect(JSON.parse(result.stdout)).toEqual({ scenarios: [{ scenario: 'queue-basics', valid: true, problems: [] }] });
  });
});

describe('stormglass schema', () => {
  it('prints the JSON Schema, or writes it atomically with --out', async () => {
    const printed = await cli('schema');
    expect(`${printed.stdout}`).toBe(scenarioJsonSchemaText());
    const out = join(dir, 'scenario.schema.json');
    expect((await cli('schema', '--out', out)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(scenarioJsonSchemaText());
  });
});
