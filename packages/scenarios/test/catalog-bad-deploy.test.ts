import type { ModelResult } from '@stormglass/sim-core';
import { describe, expect, it } from 'vitest';
import { runCatalog } from './fixtures/catalog-run.js';

// bad-deploy-canary vs bad-deploy-big-bang: the same bad version (30% errors, +150 ms) under
// the same error-ratio alert (> 1% for 10 s, every 10 s) and a 10 s rollback ramp; the canary
// gives it 5% of the traffic, the big bang 100%.

const S = 1_000_000;
const RATE = 200; // user requests per second
const ERRORS = 0.3; // the bad version's error ratio
const RAMP_US = 10 * S;
const EVALUATION_US = 10 * S;

const run = (name: string): ModelResult => runCatalog(name).result;

/**
 * The new version's share integrated over time, in seconds: `share` from the deploy to the
 * rollback, then falling linearly to 0 over the ramp (half of the ramp at `share`).
 */
const shareSeconds = (share: number, atUs: number, rollbackAtUs: number): number => (share * (rollbackAtUs - atUs + RAMP_US / 2)) / S;

describe('catalog: bad-deploy-canary vs bad-deploy-big-bang', () => {
  const canary = run('bad-deploy-canary');
  const bigBang = run('bad-deploy-big-bang');

  it.each([
    ['canary', canary, 0.05],
    ['big bang', bigBang, 1],
  ] as const)('%s: the alert rolls it back within 40 s; the blast radius is share × errors × rate × time on the new version', (_, result, share) => {
    expect(result.conservation).toEqual([]);
    const [deploy] = result.operations.deployments;
    expect(result.operations.deployments).toHaveLength(1);
    // The alert reads the 10 s window after the deploy, must hold `for` 10 s more: it fires on
    // the evaluation grid, no later than 30 s after the deploy (one grid step of slack).
    expect(deploy.rollbackAtUs).not.toBeNull();
    expect(deploy.rollbackAtUs! % EVALUATION_US).toBe(0);
    expect(deploy.timeToDetectUs!).toBeGreaterThanOrEqual(10 * S); // at least the `for`
    expect(deploy.timeToDetectUs!).toBeLessThanOrEqual(30 * S);
    // Time to rollback = the detection + the ramp, exactly (rollbackTimeline).
    expect(deploy.timeToRollbackUs).toBe(deploy.timeToDetectUs! + RAMP_US);
    expect(deploy.timeToRollbackUs!).toBeLessThan(40 * S);
    expect(deploy.lastNewVersionJobUs!).toBeLessThan(deploy.rolledBackAtUs!);
    // Users never retry and nothing else fails: every failure is the bad version's, and is in
    // the blast radius (Poisson count: within 4σ of its mean).
    const mean = RATE * ERRORS * shareSeconds(share, deploy.atUs, deploy.rollbackAtUs!);
    expect(Math.abs(deploy.blastRadius - mean)).toBeLessThan(4 * Math.sqrt(mean));
    expect(result.users.failed).toBe(deploy.blastRadius);
    expect(result.users.failures.error).toBe(result.users.failed);
    expect(deploy.newVersionErrors).toBe(deploy.blastRadius);
    // The fault's measured RTO is recovered (target 1m) once the new version has no traffic left.
    expect(result.operations.faults[0].rto.status).toBe('recovered');
    expect(result.operations.faults[0].rto.rtoUs!).toBeLessThanOrEqual(60 * S);
  });

  it('the canary never completes; the big bang completes at once (one batch)', () => {
    expect(canary.operations.deployments[0].completed).toBe(false);
    expect(bigBang.operations.deployments[0].completed).toBe(true);
    expect(bigBang.operations.deployments[0].plannedEndUs).toBe(bigBang.operations.deployments[0].atUs);
  });

  it("the canary's blast radius is a fraction of the big bang's; it meets the availability and p99 targets, the big bang misses both", () => {
    // Same detection (the canary's 1.5% is above the 1% threshold): the ratio is the share, 5%.
    expect(canary.operations.deployments[0].timeToDetectUs).toBe(bigBang.operations.deployments[0].timeToDetectUs);
    expect(canary.operations.deployments[0].blastRadius * 10).toBeLessThan(bigBang.operations.deployments[0].blastRadius);
    expect(canary.users.availability!).toBeGreaterThan(0.995);
    expect(bigBang.users.availability!).toBeLessThan(0.995);
    expect(canary.users.latencyMs.p99!).toBeLessThan(150);
    expect(bigBang.users.latencyMs.p99!).toBeGreaterThan(150);
  });
});
