import type { ModelResult } from '@stormglass/sim-core';
import { describe, expect, it } from 'vitest';
import { runCatalog } from './fixtures/catalog-run.js';

// residency-failover (standby in us-east) against residency-failover-in-zone (standby in
// eu-central): the residency invariant catches the first (one run each, under 1 s).

const run = (name: string): ModelResult => runCatalog(name).result;

function windowP99s(result: ModelResult, region: string, fromUs: number, toUs: number): number[] {
  const users = result.metrics.users;
  const series = users.series.find((s) => s.region === region)!;
  return series.p99Ms.filter((v, i): v is number => v !== null && i * users.intervalUs >= fromUs && (i + 1) * users.intervalUs <= toUs);
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

describe('catalog: residency-failover and residency-failover-in-zone', () => {
  const out = run('residency-failover');
  const inZone = run('residency-failover-in-zone');
  const promotion = (r: ModelResult) => r.operations.failovers.find((f) => f.store === 'customers')!.history;

  it('both fail over and recover, and conserve every request', () => {
    expect(promotion(out).map((h) => h.newPrimaryId)).toEqual(['us-east']);
    expect(promotion(inZone).map((h) => h.newPrimaryId)).toEqual(['eu-central']);
    for (const r of [out, inZone]) {
      expect(r.operations.faults[0].rto.status).toBe('recovered');
      expect(r.conservation).toEqual([]);
    }
  });

  it('a failover out of the zone: the residency invariant counts the replica, the promotion and every read served in us-east', () => {
    const residency = out.operations.residency!;
    // Stored: the us-east member from the start (t = 0), and the promotion that moved the primary there.
    expect(residency.storedViolations).toBe(2);
    const stored = residency.violations.filter((v) => v.reason === 'stored');
    expect(stored.map((v) => v.atUs)).toEqual([0, promotion(out)[0].promotedAtUs]);
    // Served: reads answered by the us-east member, which serves only once it is the primary.
    expect(residency.servedViolations).toBeGreaterThan(0);
    for (const v of residency.violations.filter((x) => x.reason === 'served')) expect(v.atUs).toBeGreaterThanOrEqual(promotion(out)[0].promotedAtUs);
    expect(residency.byZoneRegion.map((z) => `${z.zone}/${z.region}`)).toEqual(['eu/us-east']);
    // The fault's figure counts from its start to its recovery: the promotion and the reads
    // served until then; not the placement at t = 0, nor the reads after the recovery.
    const fault = out.operations.faults[0];
    expect(fault.residencyViolations).toBeGreaterThan(1);
    expect(fault.residencyViolations).toBeLessThan(residency.storedViolations + residency.servedViolations - 1);
  });

  it('a failover inside the zone: no violation at all', () => {
    const residency = inZone.operations.residency!;
    expect(residency.storedViolations).toBe(0);
    expect(residency.servedViolations).toBe(0);
    expect(residency.violations).toEqual([]);
    expect(inZone.operations.faults[0].residencyViolations).toBe(0);
  });

  it('after the recovery, EU users are nearer their data in the zone (a 25 ms replica against a 75 ms one)', () => {
    for (const region of ['eu-west', 'eu-central']) {
      const after = (r: ModelResult) => median(windowP99s(r, region, r.operations.faults[0].rto.recoveredAtUs!, r.durationUs));
      expect(after(inZone)).toBeLessThan(after(out));
    }
  });
});
