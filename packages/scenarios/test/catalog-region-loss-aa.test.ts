import { ModelEngine } from '@stormglass/sim-core';
import type { ModelResult } from '@stormglass/sim-core';
import { describe, expect, it } from 'vitest';
import { loadCatalogScenario } from '../src/catalog/registry.js';

// active-active-region-loss: the documented outcome, measured (one run, about 1.5 s).

const S = 1_000_000;

function windowP99s(result: ModelResult, region: string, fromUs: number, toUs: number): number[] {
  const users = result.metrics.users;
  const series = users.series.find((s) => s.region === region)!;
  return series.p99Ms.filter((v, i): v is number => v !== null && i * users.intervalUs >= fromUs && (i + 1) * users.intervalUs <= toUs);
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

describe('catalog: active-active-region-loss', () => {
  const { scenario, problems } = loadCatalogScenario('active-active-region-loss');
  const config = scenario!.config;
  const result = new ModelEngine(config).run();
  const fault = result.operations.faults[0];
  const windowUs = result.metrics.users.intervalUs;
  const scaling = config.services[0].autoscaling!;
  const startupUs = config.services[0].instance.startupUs;

  it('loads and conserves every request', () => {
    expect(problems).toEqual([]);
    expect(result.conservation).toEqual([]);
  });

  it("us-east's users are the affected population, and they recover later than routing alone would allow", () => {
    expect(fault.affected).toEqual(['us-east/browse']);
    expect(fault.rto.status).toBe('recovered');
    expect(fault.healthDetectUs).not.toBeNull();
    const routingUs = fault.healthDetectUs! + config.routing.dnsTtlUs;
    // Routing alone: the health verdict, then one TTL for the last cohort's cached answer to
    // expire, then the first whole good window: at most routingUs + one window.
    expect(fault.rto.rtoUs!).toBeGreaterThan(routingUs + windowUs);
    // The survivor needs one more instance (150 rps > ~89 one instance serves, < 2 × 89): the
    // autoscaler asks for it at most one evaluation (+ one cooldown) after the load arrives, and
    // it serves after provisioning + start-up. So the RTO stays within one scale-out cycle of routing.
    expect(fault.rto.rtoUs!).toBeLessThan(routingUs + scaling.evaluationIntervalUs + scaling.cooldownUs + scaling.provisioningDelayUs + startupUs);
  });

  it('the survivor eu-west scales out, and turns requests away before its new instance is ready', () => {
    const euWest = result.services.find((s) => s.service === 'web' && s.region === 'eu-west')!;
    expect(euWest.launches).toBeGreaterThan(0);
    expect(euWest.instances.max).toBeGreaterThan(euWest.instances.start);
    expect(euWest.rejected).toBeGreaterThan(0);
    // The collateral: eu-west's own users lose requests in its full queue too.
    expect(result.regions.find((r) => r.region === 'eu-west')!.failed).toBeGreaterThan(0);
  });

  it("us-east users' p99 during the impact window is above every window's before the fault; availability during it is below 99%", () => {
    const faultUs = config.faults[0].startUs;
    const before = windowP99s(result, 'us-east', 0, faultUs);
    const during = windowP99s(result, 'us-east', fault.rto.impactStartUs!, fault.rto.recoveredAtUs!);
    expect(during.length).toBeGreaterThan(3);
    expect(median(during)).toBeGreaterThan(Math.max(...before));
    expect(fault.rto.availabilityDuringImpact!).toBeLessThan(0.99);
    expect(faultUs).toBe(90 * S);
  });
});
