import { buildRunReport, loadCatalogScenario } from '@stormglass/scenarios';
import { ModelEngine } from '@stormglass/sim-core';
import { describe, expect, it } from 'vitest';
import { runWithProgress } from '../src/progress.js';

// `stormglass run` cuts a run into slices of simulated time to move its progress bar: the run
// must be the same, event for event, as one uninterrupted run.
describe('a run in slices of simulated time', () => {
  it('gives the same digest and the same report as one uninterrupted run', () => {
    for (const name of ['region-outage-async', 'bad-deploy-canary']) {
      const { scenario } = loadCatalogScenario(name, { sets: ['duration=3m'] });
      const whole = new ModelEngine(scenario!.config).run();
      const sliced = runWithProgress(new ModelEngine(scenario!.config), 'test', 37);
      expect(sliced.digest).toBe(whole.digest);
      expect(sliced.events).toBe(whole.events);
      expect(buildRunReport(scenario!, sliced, 0)).toEqual(buildRunReport(scenario!, whole, 0));
    }
  });

  it('stops at the event limit as an uninterrupted run does', () => {
    const { scenario } = loadCatalogScenario('region-outage-async', { sets: ['duration=3m'] });
    const config = { ...scenario!.config, limits: { ...scenario!.config.limits, eventsMax: 50_000 } };
    const whole = new ModelEngine(config).run();
    const sliced = runWithProgress(new ModelEngine(config), 'test', 20);
    expect(whole.stoppedBy).toBe('eventsMax');
    expect(sliced.stoppedBy).toBe('eventsMax');
    expect(sliced.digest).toBe(whole.digest);
    expect(sliced.events).toBe(whole.events);
  });
});
