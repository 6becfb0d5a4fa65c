import { describe, expect, it } from 'vitest';
import { blastRadius, newVersionShareIntegralUs, planDeployment } from '../src/index.js';
import type { DeploymentResultJSON, ModelConfig, ModelResult } from '../src/index.js';
import { badDeploy, deployModel, deployment, errorRule } from './fixtures/deploy-builders.js';
import { MS, RUN_TIMEOUT_MS, S, events, expectPoisson, group, run, serviceSeries } from './fixtures/engine-scenario-builders.js';

/**
 * Deployments through the engine (docs/notes-deploy.md): oracles from the deployment parts
 * (ops/deploy: planDeployment, newVersionShare's integral, blastRadius, rollbackTimeline)
 * against what the engine measured. Users never retry and nothing else fails, so every failed
 * request is one the bad version failed; counts are Poisson, checked within 4σ.
 */

const RATE_PER_S = 1000;
const ERROR_RATIO = 0.5;
const DURATION_US = 120 * S;
const AT_US = 20 * S + 250_000;
const ROLLBACK_US = 10 * S;

function only(result: ModelResult): DeploymentResultJSON {
  expect(result.operations.deployments).toHaveLength(1);
  return result.operations.deployments[0];
}

/** A run of `strategy` with the bad version from its start and an automatic rollback on HighErrorRatio. */
function badRun(strategy: Parameters<typeof deployment>[0], withRollback: boolean): { config: ModelConfig; result: ModelResult } {
  const config = deployModel({
    durationUs: DURATION_US,
    deployments: [deployment(strategy, AT_US, withRollback ? { onAlerts: ['HighErrorRatio'], rollbackUs: ROLLBACK_US } : undefined)],
    faults: [badDeploy(AT_US, ERROR_RATIO)],
    rules: [errorRule()],
  });
  return { config, result: run(config) };
}

describe('canary with automatic rollback against big bang, the same bad version', () => {
  const canary = badRun({ kind: 'canary', steps: [{ share: 0.05, durationUs: 60 * S }] }, true);
  const bigBang = badRun({ kind: 'rolling', batchSize: { ratio: 1 }, batchIntervalUs: 1 * S }, true);
  const bigBangNoRollback = badRun({ kind: 'rolling', batchSize: { ratio: 1 }, batchIntervalUs: 1 * S }, false);

  it.each([
    ['canary 5% with rollback', canary],
    ['big bang with rollback', bigBang],
    ['big bang without rollback', bigBangNoRollback],
  ] as const)('%s: failed user requests are blastRadius(plan, rate, errorRatio, rollback from the run, end) within 4σ', (name, { config, result }) => {
    const d = only(result);
    const deployConfig = (config.deployments ?? [])[0];
    const plan = planDeployment(deployConfig, d.fleetInstances);
    const expected = blastRadius(plan, RATE_PER_S, ERROR_RATIO, d.rollbackAtUs, DURATION_US);
    console.log(`${name}: failed ${result.users.failed} vs blastRadius ${expected.toFixed(1)} ± ${(4 * Math.sqrt(expected)).toFixed(1)} (4σ); rollback at ${d.rollbackAtUs} µs; new-version jobs ${d.newVersionJobs}, errors ${d.newVersionErrors}`);
    expectPoisson(result.users.failed, expected);
    // Every failure is the bad version's, and each is counted once in the blast radius.
    expect(d.newVersionErrors).toBe(result.users.failed);
    expect(d.blastRadius).toBe(result.users.failed);
    expect(d.fleetInstances).toBe(20);
  });

  it('the fault’s impact: the users the service served; recovered after a rollback, not without one', () => {
    const impacts = [canary, bigBang, bigBangNoRollback].map(({ result }) => result.operations.faults[0]);
    for (const impact of impacts) expect([impact.kind, impact.subject, impact.affected]).toEqual(['bad-deploy', 'api', ['a/get']]);
    console.log(`bad-deploy RTO: canary ${impacts[0].rto.status} ${impacts[0].rto.rtoUs} µs, big bang ${impacts[1].rto.status} ${impacts[1].rto.rtoUs} µs, big bang without rollback ${impacts[2].rto.status}`);
    expect(impacts[0].rto.status).toBe('recovered');
    expect(impacts[1].rto.status).toBe('recovered');
    expect(impacts[2].rto.status).toBe('not-recovered');
  });

  it('canary fails fewer requests than big bang, by about its share', () => {
    const c = canary.result.users.failed;
    const b = bigBang.result.users.failed;
    console.log(`canary ${c} vs big bang ${b} (ratio ${(c / b).toFixed(4)}) vs big bang without rollback ${bigBangNoRollback.result.users.failed}`);
    expect(c).toBeLessThan(b);
    expect(b).toBeLessThan(bigBangNoRollback.result.users.failed);
  });

  it('time to rollback = the firing time + rollbackUs − atUs exactly; no new-version job after the rollback ends', () => {
    for (const [{ result }, completedFirst] of [
      [canary, false],
      [bigBang, true],
    ] as const) {
      const d = only(result);
      const firing = events(result, 'alert').find((e) => e.timeUs >= AT_US);
      expect(firing).toBeDefined();
      const firedAtUs = (firing as { timeUs: number }).timeUs;
      expect(d.rollbackAtUs).toBe(firedAtUs);
      expect(d.timeToDetectUs).toBe(firedAtUs - AT_US);
      expect(d.timeToRollbackUs).toBe(firedAtUs + ROLLBACK_US - AT_US);
      expect(d.rolledBackAtUs).toBe(firedAtUs + ROLLBACK_US);
      expect(d.lastNewVersionJobUs).not.toBeNull();
      expect(d.lastNewVersionJobUs as number).toBeLessThan(d.rolledBackAtUs as number);
      // Big bang is complete at its start (one batch of the whole fleet), so its rollback undoes a completed deploy.
      expect(d.completed).toBe(completedFirst);
      const log = result.eventLog.entries.filter((e) => e.subject === 'api@a').map((e) => e.kind);
      expect(log).toEqual(['deploy-started', 'deploy-step', ...(completedFirst ? ['deploy-completed'] : []), 'rollback-started', 'rolled-back']);
    }
  });
});

describe('rolling and blue-green through the engine', () => {
  it('rolling: new-version jobs follow the batches (Poisson, 4σ); no bad deploy, no errors', { timeout: RUN_TIMEOUT_MS }, () => {
    const strategy = { kind: 'rolling', batchSize: { instances: 6 }, batchIntervalUs: 10 * S } as const;
    const config = deployModel({ durationUs: 80 * S, deployments: [deployment(strategy, AT_US)] });
    const result = run(config);
    const d = only(result);
    const plan = planDeployment((config.deployments ?? [])[0], 20);
    expect(plan.batchInstances).toEqual([6, 6, 6, 2]);
    const expected = (RATE_PER_S * newVersionShareIntegralUs(plan, null, AT_US, config.durationUs)) / S;
    console.log(`rolling 6 of 20 every 10 s: new-version jobs ${d.newVersionJobs} vs ${expected.toFixed(1)} ± ${(4 * Math.sqrt(expected)).toFixed(1)}`);
    expectPoisson(d.newVersionJobs, expected);
    expect(d.newVersionErrors).toBe(0);
    expect(d.blastRadius).toBe(0);
    expect(result.users.failed).toBe(0);
    expect(d.completed).toBe(true);
    expect(d.plannedEndUs).toBe(AT_US + 30 * S);
    expect(d.extraCostUsd).toBe(0);
    expect(events(result, 'deploy-step', 'api@a').map((e) => e.timeUs)).toEqual(plan.batchAtUs);
    expect(events(result, 'deploy-completed', 'api@a').map((e) => e.timeUs)).toEqual([AT_US + 30 * S]);
  });

  it('blue-green bills the green fleet: fleet × price × window, in the group cost and the total', { timeout: RUN_TIMEOUT_MS }, () => {
    const strategy = { kind: 'blue-green', switchAfterUs: 30 * S, keepOldUs: 45 * S } as const;
    const base = deployModel({ durationUs: 120 * S });
    const config = deployModel({ durationUs: 120 * S, deployments: [deployment(strategy, AT_US)] });
    const plain = run(base);
    const result = run(config);
    const d = only(result);
    const windowUs = 75 * S;
    const expectedUsd = ((20 * windowUs) / 3_600_000_000) * 0.1;
    console.log(`blue-green: two fleets for ${d.twoFleetUs} µs, extra $${d.extraCostUsd} vs 20 × $0.1/h × 75 s = $${expectedUsd}; total $${plain.cost.totalUsd} → $${result.cost.totalUsd}`);
    expect(d.twoFleetUs).toBe(windowUs);
    expect(d.extraCostUsd).toBe(expectedUsd);
    expect(group(result, 'api', 'a').costUsd - group(plain, 'api', 'a').costUsd).toBeCloseTo(expectedUsd, 12);
    expect(result.cost.totalUsd - plain.cost.totalUsd).toBeCloseTo(expectedUsd, 12);
    // The switch moves all traffic at once: every job from the switch on runs the new version.
    const expectedJobs = (RATE_PER_S * (config.durationUs - (AT_US + 30 * S))) / S;
    expectPoisson(d.newVersionJobs, expectedJobs);
    expect(events(result, 'deploy-completed', 'api@a').map((e) => e.timeUs)).toEqual([AT_US + 75 * S]);
  });

  it('blue-green rolled back at the switch retires green at the rollback’s end: the window shrinks', { timeout: RUN_TIMEOUT_MS }, () => {
    const strategy = { kind: 'blue-green', switchAfterUs: 30 * S, keepOldUs: 45 * S } as const;
    const switchUs = AT_US + 30 * S;
    const config = deployModel({
      durationUs: 120 * S,
      deployments: [deployment(strategy, AT_US, { onAlerts: ['HighErrorRatio'], rollbackUs: 5 * S })],
      faults: [badDeploy(AT_US, 0.2)],
      rules: [errorRule()],
    });
    const result = run(config);
    const d = only(result);
    // The first evaluation after the switch sees the errors: the grid is every 5 s from 0.
    expect(d.rollbackAtUs).toBe(Math.ceil(switchUs / (5 * S)) * 5 * S);
    expect(d.twoFleetUs).toBe((d.rolledBackAtUs as number) - AT_US);
    expect(d.extraCostUsd).toBeCloseTo(((20 * d.twoFleetUs) / 3_600_000_000) * 0.1, 15);
    const plan = planDeployment((config.deployments ?? [])[0], 20);
    const expected = blastRadius(plan, RATE_PER_S, 0.2, d.rollbackAtUs, config.durationUs);
    console.log(`blue-green rolled back at ${d.rollbackAtUs} µs: two fleets for ${d.twoFleetUs} µs, extra $${d.extraCostUsd}; failed ${result.users.failed} vs blastRadius ${expected.toFixed(1)} ± ${(4 * Math.sqrt(expected)).toFixed(1)}`);
    expectPoisson(result.users.failed, expected);
    expect(d.blastRadius).toBe(result.users.failed);
  });

  it('without a region, each region deploys over its own fleet', { timeout: RUN_TIMEOUT_MS }, () => {
    const config = deployModel({
      durationUs: 40 * S,
      regions: ['a', 'b'],
      instances: { a: 20, b: 8 },
      users: { a: 500, b: 500 },
      deployments: [deployment({ kind: 'rolling', batchSize: { ratio: 0.25 }, batchIntervalUs: 5 * S }, 10 * S)],
    });
    const result = run(config);
    const byRegion = result.operations.deployments.map((d) => [d.region, d.fleetInstances, d.plannedEndUs]);
    expect(byRegion).toEqual([
      ['a', 20, 10 * S + 3 * 5 * S],
      ['b', 8, 10 * S + 3 * 5 * S],
    ]);
    for (const d of result.operations.deployments) expect(d.newVersionJobs).toBeGreaterThan(0);
  });

  it('the bad version is slower only while the fault is active; with errorRatio 0 it fails nothing', { timeout: RUN_TIMEOUT_MS }, () => {
    const config = deployModel({
      durationUs: 45 * S,
      deployments: [deployment({ kind: 'rolling', batchSize: { ratio: 1 }, batchIntervalUs: 1 * S }, 10 * S + 250_000)],
      faults: [{ ...badDeploy(10 * S + 250_000, 0, 50 * MS), durationUs: 20 * S }],
    });
    const result = run(config);
    const p50 = serviceSeries(result, 'a', 'api').p50Ms;
    console.log(`bad version +50 ms: server p50 ${p50[5]} ms before, ${p50[20]} ms during, ${p50[40]} ms after the fault`);
    // 1 ms of work, +50 ms while bad (the histogram's relative error is under 1%).
    for (const t of [2, 5, 9]) expect(p50[t] as number).toBeCloseTo(1, 1);
    for (const t of [11, 20, 29]) expect(Math.abs((p50[t] as number) - 51)).toBeLessThan(0.51);
    for (const t of [31, 40, 44]) expect(p50[t] as number).toBeCloseTo(1, 1);
    expect(result.users.failed).toBe(0);
    expect(only(result).newVersionErrors).toBe(0);
  });
});
