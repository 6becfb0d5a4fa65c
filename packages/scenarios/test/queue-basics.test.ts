import { mmcAnalytic, runMmc } from '@stormglass/sim-core';
import { describe, expect, it } from 'vitest';
import { catalogQueueBasics, queueBasicsParameters } from '../src/index.js';

describe('catalogQueueBasics', () => {
  it('queueBasicsParameters() resolves units: 4 servers × 100ms at 80% is 32 arrivals/s', () => {
    expect(queueBasicsParameters()).toEqual({ servers: 4, serviceMeanUs: 100_000, arrivalRatePerS: 32, customers: 200_000, seed: 1 });
  });

  it('its documented outcome holds: waiting at 95% utilisation is over 4× waiting at 80%', () => {
    const base = queueBasicsParameters();
    const meanWait = (utilisation: number): number =>
      mmcAnalytic({ servers: base.servers, arrivalRatePerS: (utilisation * base.servers * 1e6) / base.serviceMeanUs, serviceMeanS: base.serviceMeanUs / 1e6 }).meanWaitS;
    expect(meanWait(0.95) / meanWait(0.8)).toBeGreaterThan(4);
    // And the simulator sees the hockey stick too, on a short run.
    const simulated = (utilisation: number): number =>
      runMmc({ ...base, customers: 30_000, arrivalRatePerS: (utilisation * base.servers * 1e6) / base.serviceMeanUs }).meanWaitUs;
    expect(simulated(0.95) / simulated(0.8)).toBeGreaterThan(3);
  });

  it('has a lesson and a sweep that reaches past 90%', () => {
    expect(catalogQueueBasics.lesson.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...catalogQueueBasics.sweepUtilisations)).toBeGreaterThan(0.9);
  });
});
