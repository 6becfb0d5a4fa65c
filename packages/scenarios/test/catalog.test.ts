import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogNames, catalogResolver, loadCatalogScenario } from '../src/catalog/registry.js';
import { formatProblem } from '../src/language/source.js';
// @ts-expect-error: a plain .mjs script without types
import { catalogModule } from '../scripts/generate-catalog.mjs';

// Every catalog scenario validates, and carries what a student and a test need.

describe('the catalog', () => {
  it('is in sync with catalog/*.yaml (run node scripts/generate-catalog.mjs)', () => {
    expect(readFileSync(new URL('../src/catalog/sources.generated.ts', import.meta.url), 'utf8')).toBe((catalogModule as () => string)());
  });

  it.each(catalogNames())('%s validates, and has a description, a lesson and an expected outcome', (name) => {
    const { scenario, problems } = loadCatalogScenario(name);
    expect(problems.map(formatProblem)).toEqual([]);
    expect(scenario?.name).toBe(name);
    expect(scenario?.description.length).toBeGreaterThan(40);
    expect(scenario?.lesson.length).toBeGreaterThan(0);
    expect(scenario?.expected.length).toBeGreaterThan(0);
  });

  it('names an unknown catalog scenario with a suggestion', () => {
    expect(loadCatalogScenario('queue-basic').problems.map(formatProblem)[0]).toMatch(/^queue-basic no catalog scenario has that name \(expected one of .*\) — did you mean "queue-basics"\?$/);
    expect(catalogResolver()('./x.yaml', 'catalog/queue-basics.yaml')).toEqual({ error: 'only catalog names can be extended here' });
  });
});
