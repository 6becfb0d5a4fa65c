import { runModel, threeRegionLaunchModel } from '@stormglass/sim-core';
import type { ModelConfig } from '@stormglass/sim-core';
import { describe, expect, it } from 'vitest';
import { buildLaunchReport, catalogLaunchDay, expectedRequests, launchDayModel } from '../src/index.js';

const S = 1_000_000;

/** The lesson's incidents squeezed into 150 s of pre-launch traffic (about 90,000 requests): fast, and every kind of event happens. */
function compressedIncidents(seed = 1): ModelConfig {
  const model = launchDayModel({ seed, durationUs: 150 * S });
  const [outage, brownout] = threeRegionLaunchModel().faults;
  return {
    ...model,
    faults: [
      { ...outage!, startUs: 30 * S, durationUs: 60 * S },
      { ...brownout!, startUs: 90 * S, durationUs: 30 * S },
    ],
  };
}

describe('catalogLaunchDay', () => {
  it('has a title, a lesson and valid defaults', () => {
    expect(catalogLaunchDay.title.length).toBeGreaterThan(0);
    expect(catalogLaunchDay.lesson.length).toBeGreaterThanOrEqual(3);
    expect(launchDayModel()).toEqual({ ...threeRegionLaunchModel(), seed: catalogLaunchDay.defaults.seed });
  });

  it('launchDayModel() overrides the seed and the duration, leaving out faults that would start after the end', () => {
    expect(launchDayModel({ seed: 9 }).seed).toBe(9);
    expect(launchDayModel({ durationUs: 15 * 60 * S }).faults).toEqual([]);
    expect(launchDayModel({ durationUs: 25 * 60 * S }).faults.map((f) => f.kind)).toEqual(['region-outage']);
    expect(launchDayModel().faults.map((f) => f.kind)).toEqual(['region-outage', 'dependency-brownout']);
  });

  it('expectedRequests() integrates the traffic: 3 regions × 200/s before the launch, about 10 M over the hour', () => {
    expect(expectedRequests(launchDayModel({ durationUs: 120 * S }))).toBeCloseTo(72_000, 6);
    const hour = expectedRequests(launchDayModel());
    expect(hour).toBeGreaterThan(9e6);
    expect(hour).toBeLessThan(11e6);
  });
});

describe('buildLaunchReport', () => {
  const result = runModel(compressedIncidents());
  const report = buildLaunchReport(result);

  it('sums users per region and per endpoint to the totals, in the model\'s region order', () => {
    expect(report.regions.map((r) => r.region)).toEqual(['us-east', 'eu-west', 'ap-southeast']);
    const sum = (rows: readonly { started: number; failed: number }[], key: 'started' | 'failed'): number => rows.reduce((s, r) => s + r[key], 0);
    expect(report.totals.started).toBeGreaterThan(80_000);
    expect(sum(report.regions, 'started')).toBe(report.totals.started);
    expect(sum(report.endpoints, 'started')).toBe(report.totals.started);
    expect(sum(report.regions, 'failed')).toBe(report.totals.failed);
    expect(report.conservation).toEqual([]);
  });

  it('shows the lesson: us-east users lose requests to the outage, checkouts degrade in the brownout', () => {
    const availability = (region: string): number => report.regions.find((r) => r.region === region)?.availability ?? NaN;
    expect(availability('us-east')).toBeLessThan(availability('eu-west'));
    expect(report.regions.find((r) => r.region === 'us-east')?.failures.timeout).toBeGreaterThan(0);
    expect(report.endpoints.find((e) => e.endpoint === 'checkout')?.degraded).toBeGreaterThan(0);
  });

  it('keeps faults, health and routing changes on the timeline and counts scaling per group instead', () => {
    const kinds = new Set(report.timeline.map((e) => e.kind));
    for (const kind of ['fault-started', 'fault-repaired', 'health-changed', 'routing-changed'] as const) expect(kinds).toContain(kind);
    expect(kinds).not.toContain('scaled');
    expect(kinds).not.toContain('instance-ready');
    expect(report.timeline.find((e) => e.kind === 'health-changed')).toMatchObject({ subject: 'us-east', detail: 'unhealthy' });
    const scaled = result.eventLog.entries.filter((e) => e.kind === 'scaled').length;
    expect(scaled).toBeGreaterThan(0);
    expect(report.services.reduce((s, r) => s + r.scalingActions, 0)).toBe(scaled);
  });

  it('reports the cost per region; the launch model\'s endpoints carry no sizes and it has no store, so no egress', () => {
    expect(report.cost.totalUsd).toBeGreaterThan(0);
    expect(report.cost.byRegion.reduce((s, c) => s + c.usd, 0)).toBeCloseTo(report.cost.totalUsd, 9);
    expect(report.cost.egressUsd).toBe(0);
    expect(report.cost.byRegion.every((c) => c.egressUsd === 0)).toBe(true);
  });

  it('is plain data and deterministic: the same seed gives the same JSON, another seed does not', () => {
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    const again = JSON.stringify(buildLaunchReport(runModel(compressedIncidents())));
    expect(again).toBe(JSON.stringify(report));
    expect(JSON.stringify(buildLaunchReport(runModel(compressedIncidents(2))))).not.toBe(again);
  });
});
