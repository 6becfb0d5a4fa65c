import { describe, expect, it } from 'vitest';
import { runCatalog } from './fixtures/catalog-run.js';

// cost-standby-0, cost-standby (50%) and cost-standby-100: the standby's size against RTO and
// cost (one run each, about 1–4 s; the cold one is the longest).

const run = runCatalog;

describe('catalog: cost-standby (0%, 50%, 100% warm standby)', () => {
  const designs = [
    { standby: 0, ...run('cost-standby-0') },
    { standby: 2, ...run('cost-standby') },
    { standby: 4, ...run('cost-standby-100') },
  ];
  const [cold, half, full] = designs;
  const windowUs = half.result.metrics.users.intervalUs;

  it('the designs differ only in the standby fleet, and conserve every request', () => {
    for (const d of designs) {
      const web = d.config.services[0];
      expect(web.placements.find((p) => p.region === 'us-east')!.instances).toBe(4);
      expect(web.placements.find((p) => p.region === 'eu-west')!.instances).toBe(d.standby);
      expect(web.autoscaling!.min).toBe(d.standby);
      expect(d.result.conservation).toEqual([]);
    }
  });

  it('each fails over to eu-west with the same parts (detect, decide, promote, redirect)', () => {
    for (const d of designs) {
      const history = d.result.operations.failovers.find((f) => f.store === 'orders')!.history;
      expect(history.map((h) => h.newPrimaryId)).toEqual(['eu-west']);
      expect(d.result.operations.faults[0].rto.status).toBe('recovered');
      expect(d.result.operations.faults[0].rtoParts).toEqual(half.result.operations.faults[0].rtoParts);
    }
  });

  it('the RTO falls as the standby grows; a full standby recovers with the failover, a cold one a provisioning cycle later', () => {
    const rto = (d: (typeof designs)[number]) => d.result.operations.faults[0].rto.rtoUs!;
    expect(rto(cold)).toBeGreaterThan(rto(half));
    expect(rto(half)).toBeGreaterThan(rto(full));
    const parts = half.result.operations.faults[0].rtoParts!.totalUs;
    // Full standby: 4 instances carry the 180 rps (~51% busy), nothing to wait for but the parts.
    expect(Math.abs(rto(full) - parts)).toBeLessThanOrEqual(windowUs);
    // Cold: no instance in service when the users arrive; the first is ready only after
    // provisioning + start-up, so the RTO exceeds the parts by at least that.
    const web = cold.config.services[0];
    expect(rto(cold)).toBeGreaterThanOrEqual(parts + web.autoscaling!.provisioningDelayUs + web.instance.startupUs);
    // Half: 2 instances (~178 rps at most) for 180 rps are just short; it scales out too.
    expect(rto(half)).toBeGreaterThan(parts + windowUs);
    const euWest = (d: (typeof designs)[number]) => d.result.services.find((s) => s.service === 'web' && s.region === 'eu-west')!;
    expect(euWest(cold).launches).toBeGreaterThan(0);
    expect(euWest(half).launches).toBeGreaterThan(0);
    expect(euWest(full).launches).toBe(0);
  });

  it('the cost rises with the standby', () => {
    expect(cold.result.cost.totalUsd).toBeLessThan(half.result.cost.totalUsd);
    expect(half.result.cost.totalUsd).toBeLessThan(full.result.cost.totalUsd);
  });

  it('the shared targets (rto 3m, cost $0.18) split the designs: cold misses the RTO, full the cost, 50% meets both', () => {
    const rtoUs = 180 * 1_000_000;
    const usd = 0.18;
    expect(cold.result.operations.faults[0].rto.rtoUs!).toBeGreaterThan(rtoUs);
    expect(cold.result.cost.totalUsd).toBeLessThanOrEqual(usd);
    expect(half.result.operations.faults[0].rto.rtoUs!).toBeLessThanOrEqual(rtoUs);
    expect(half.result.cost.totalUsd).toBeLessThanOrEqual(usd);
    expect(full.result.operations.faults[0].rto.rtoUs!).toBeLessThanOrEqual(rtoUs);
    expect(full.result.cost.totalUsd).toBeGreaterThan(usd);
  });
});
