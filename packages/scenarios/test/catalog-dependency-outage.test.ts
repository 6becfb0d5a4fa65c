import type { ModelResult } from '@stormglass/sim-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCatalog } from './fixtures/catalog-run.js';

// dependency-outage-shallow-checks / -deep-checks: us-east's database stops answering while its
// web instances stay up; shallow region checks keep routing there, deep checks move users.

const S = 1_000_000;
const FAULT_US = 60 * S;
const REPAIR_US = FAULT_US + 210 * S;
// routing.healthCheck: interval 5 s, timeout 1 s, 2 failures / 2 passes; DNS TTL 20 s.
const INTERVAL_US = 5 * S;
const CHECK_TIMEOUT_US = 1 * S;
const THRESHOLD = 2;
const TTL_US = 20 * S;
const WINDOW_US = 10 * S;
const US_EAST_RPS = 100;

const run = (name: string): ModelResult => runCatalog(name).result;

const healthChanges = (r: ModelResult) => r.eventLog.entries.filter((e) => e.kind === 'health-changed' && e.subject === 'us-east');
const region = (r: ModelResult, id: string) => r.regions.find((g) => g.region === id)!;
const webRequests = (r: ModelResult, id: string) => r.services.find((s) => s.service === 'web' && s.region === id)!.requests;

describe('catalog: dependency-outage with shallow and deep health checks', { timeout: 30_000 }, () => {
  let shallow: ModelResult;
  let deep: ModelResult;
  beforeAll(() => {
    shallow = run('dependency-outage-shallow-checks');
    deep = run('dependency-outage-deep-checks');
  }, 30_000);

  it('both conserve every request', () => {
    expect(shallow.conservation).toEqual([]);
    expect(deep.conservation).toEqual([]);
  });

  it('shallow: us-east stays "healthy", its users keep failing there, and the outage never recovers within the run', () => {
    expect(healthChanges(shallow)).toEqual([]);
    // Nothing moved: eu-west's web served only its own users (60 rps, Poisson over 300 s).
    expect(webRequests(shallow, 'eu-west')).toBe(region(shallow, 'eu-west').started);
    // 210 s of 300 s at ~0%: at most 90/300 = 30% plus the requests around the edges.
    expect(region(shallow, 'us-east').availability!).toBeLessThan(0.4);
    const fault = shallow.operations.faults[0];
    expect(fault.rto.status).toBe('not-recovered');
    expect(fault.rto.rtoUs).toBeNull();
    console.log(`dependency-outage-shallow-checks: RTO ${fault.rto.status}, us-east availability ${(region(shallow, 'us-east').availability! * 100).toFixed(1)}%, all ${(shallow.users.availability! * 100).toFixed(1)}%`);
  });

  it('deep: us-east is marked unhealthy within the detection bounds and healthy again after the repair', () => {
    const changes = healthChanges(deep);
    expect(changes.map((e) => e.detail)).toEqual(['unhealthy', 'healthy']);
    // k failing probes I apart: the verdict within (k − 1)·I … k·I + timeout of the fault.
    const detectUs = changes[0].timeUs - FAULT_US;
    expect(detectUs).toBeGreaterThanOrEqual((THRESHOLD - 1) * INTERVAL_US);
    expect(detectUs).toBeLessThanOrEqual(THRESHOLD * INTERVAL_US + CHECK_TIMEOUT_US);
    expect(deep.operations.faults[0].healthDetectUs).toBe(detectUs);
    const backUs = changes[1].timeUs - REPAIR_US;
    expect(backUs).toBeGreaterThanOrEqual((THRESHOLD - 1) * INTERVAL_US);
    expect(backUs).toBeLessThanOrEqual(THRESHOLD * INTERVAL_US + CHECK_TIMEOUT_US);
  });

  it('deep: the RTO is bounded by detection + TTL (rounded up to a window), and us-east keeps most of its availability', () => {
    const fault = deep.operations.faults[0];
    expect(fault.rto.status).toBe('recovered');
    const detectUs = healthChanges(deep)[0].timeUs - FAULT_US;
    // The last cohort moves one TTL after the verdict; its last request to us-east fails one
    // 300 ms call timeout later; recovery is reported at a window boundary.
    const boundUs = Math.ceil((detectUs + TTL_US + 0.3 * S) / WINDOW_US) * WINDOW_US;
    expect(fault.rto.rtoUs!).toBeGreaterThan(0);
    expect(fault.rto.rtoUs!).toBeLessThanOrEqual(boundUs);
    expect(fault.rto.rtoUs!).toBeLessThanOrEqual(40 * S);
    expect(region(deep, 'us-east').availability!).toBeGreaterThan(0.9);
    expect(deep.users.availability!).toBeGreaterThan(shallow.users.availability! + 0.3);
    // eu-west served us-east's users while it was out: at least 100 rps over the outage
    // minus the drain (Poisson, far more than its 4σ).
    const extra = webRequests(deep, 'eu-west') - region(deep, 'eu-west').started;
    expect(extra).toBeGreaterThan(US_EAST_RPS * ((REPAIR_US - FAULT_US - detectUs - TTL_US) / S) * 0.9);
    console.log(`dependency-outage-deep-checks: detection ${detectUs / S} s, RTO ${fault.rto.rtoUs! / S} s (bound ${boundUs / S} s), us-east availability ${(region(deep, 'us-east').availability! * 100).toFixed(1)}%, all ${(deep.users.availability! * 100).toFixed(1)}%, eu-west served ${extra} of us-east's requests, us-east p99 ${region(deep, 'us-east').latencyMs.p99} ms`);
  });
});
