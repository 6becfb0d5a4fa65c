import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// readme:start
import { checkScenario, regionLossModels } from '../src/index.js';
import type { Scenario } from '../src/index.js';

it('a sync orders store keeps RPO at 0 under any single-region failure', () => {
  const [, activePassive] = regionLossModels({ durationUs: 240_000_000, outageAtUs: 30_000_000 });
  const config = activePassive.config;
  config.dataStores = config.dataStores?.map((store) => ({ ...store, mode: 'sync' as const, quorum: 1 }));
  config.traffic.populations = config.traffic.populations.map((p) => ({ ...p, profile: { kind: 'constant' as const, ratePerS: 20 } }));
  const scenario: Scenario = {
    name: 'orders-sync',
    description: 'region-loss, active-passive, with a sync orders store',
    lesson: [],
    expected: [],
    segmentation: [],
    config,
    targets: { rpoUs: 0 },
    invariants: ['conservation', 'no-acknowledged-write-lost'],
    document: { name: 'orders-sync', extends: 'region-loss', duration: '4m', targets: { rpo: '0s' } },
  };
  const result = checkScenario(scenario, {
    runs: 10,
    seed: 1,
    window: { fromUs: 0, toUs: 60_000_000 },
    kinds: ['region-outage', 'zone-outage', 'primary-failure'],
  });
  // On a failure, `replay` is the minimal counterexample as a scenario document: save it, replay it.
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
