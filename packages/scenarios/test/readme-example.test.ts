import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// readme:start
import { checkScenario, formatProblem, loadCatalogScenario } from '../src/index.js';

it('a sync orders store keeps RPO at 0 under any single-region failure', () => {
  // The catalog's sync design, shortened for a test; its own faults are replaced by generated ones.
  const { scenario, problems } = loadCatalogScenario('region-outage-sync', { sets: ['duration=4m', 'targets.latency=null'] });
  expect(problems.map(formatProblem)).toEqual([]);
  const result = checkScenario(scenario!, {
    runs: 6,
    seed: 1,
    window: { fromUs: 0, toUs: 90_000_000 },
    kinds: ['region-outage', 'zone-outage', 'primary-failure'],
  });
  // On a failure, `replay` is the minimal counterexample as a scenario document: save it as YAML, replay it.
  expect(result.failure?.replay).toBeUndefined();
  expect(result.ok).toBe(true);
});
// readme:end

describe('README', () => {
  it('shows the example above, as written here (imports from the package)', () => {
    const test = readFileSync(new URL(import.meta.url), 'utf8');
    const example = test.slice(test.indexOf('// readme:start\n') + 16, test.indexOf('// readme:end')).replaceAll("'../src/index.js'", "'@stormglass/scenarios'");
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toContain("import { expect, it } from 'vitest';\n" + example);
  });
});
