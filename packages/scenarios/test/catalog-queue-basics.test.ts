import { ModelEngine, erlangC } from '@stormglass/sim-core';
import { describe, expect, it } from 'vitest';
import { loadCatalogScenario } from '../src/catalog/registry.js';

// queue-basics' documented outcome: the M/M/4 mean response time matches Erlang C.

describe('catalog: queue-basics', () => {
  it('has the Erlang C mean response time, within a 99% confidence interval over independent replications', () => {
    const means: number[] = [];
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const { scenario, problems } = loadCatalogScenario('queue-basics', { sets: [`seed=${seed}`, 'duration=4m'] });
      expect(problems).toEqual([]);
      const result = new ModelEngine(scenario!.config).run();
      expect(result.users.failed).toBe(0);
      expect(result.conservation).toEqual([]);
      means.push(result.services[0].latencyMs.mean!);
    }
    const c = 4;
    const lambda = 360;
    const mu = 100;
    const waitMs = (erlangC(c, lambda / mu) / (c * mu - lambda)) * 1000;
    const expected = 10 + waitMs;
    const mean = means.reduce((a, b) => a + b, 0) / means.length;
    const sd = Math.sqrt(means.reduce((a, b) => a + (b - mean) ** 2, 0) / (means.length - 1));
    const half = 4.032 * (sd / Math.sqrt(means.length)); // t(0.995, 5)
    expect(Math.abs(mean - expected)).toBeLessThan(half);
  });
});
