import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runModel, threeRegionLaunchModel } from '../src/index.js';
import type { FaultConfig, ModelConfig } from '../src/index.js';
import { automaticFailover, dataModel, store } from './fixtures/data-builders.js';
import { MS, S, constantPopulation, endpoint, link, model, noRetryClient, population, regionsAbc, service, sumTicks, userSeries } from './fixtures/engine-scenario-builders.js';

/**
 * Regressions for engine bugs a second reader found (each test failed before its fix):
 * 1. a crashed instance that scale-in was draining got replaced, undoing the scale-in;
 * 2. a group scaled in to zero never scaled out again (its demand was invisible), and then
 *    flapped between 0 and 1 (an instantaneous concurrency reading; now a time average, and a
 *    group turning users away never reads below its target);
 * 3. overlapping faults of one kind on one link or cache: the first repair undid both;
 * 4. a hedge the retry budget refused, with hedging delayUs 0, was retried at the same instant
 *    for ever (the run hit its event limit at one simulated time); the conservation property
 *    found it (seed 1138455364);
 * 5. a failover promoted a replica whose region was dark (the log does not know the engine's
 *    down members), so a dead store took the writes (the property found a NaN lag, seed 1846131198);
 * 6. a store's acknowledged writes were counted at the log's own clock (its latest call), so a
 *    write acknowledged after the last call but before the end was heard by its caller and not
 *    counted (acknowledged to callers > acknowledged; the property found it, seed −1405888215).
 */

describe('a crash of a draining instance', () => {
  it('is not replaced: the scale-in sticks', () => {
    const web = service({
      id: 'web',
      endpoints: [endpoint('get', { kind: 'constant', value: 30 * S } )],
      instances: { a: 4 },
      concurrency: 1000,
      queueCapacity: 0,
      startupUs: 1 * S,
      replaceAfterCrashUs: 2 * S,
      autoscaling: {
        min: 1,
        max: 10,
        evaluationIntervalUs: 100 * S,
        cooldownUs: 0,
        provisioningDelayUs: 1 * S,
        policy: { kind: 'target-tracking', metric: 'utilisation', target: 0.5 },
        scheduled: [
          { atUs: 0, min: 4, max: 4 },
          { atUs: 100 * S, min: 2, max: 2 },
        ],
      },
    });
    web.instance.drainUs = 60 * S;
    const config = model({
      durationUs: 150 * S,
      regions: regionsAbc(['a']),
      links: [],
      services: [web],
      populations: [population('a', { kind: 'constant', ratePerS: 2 })],
      client: noRetryClient(1 * S),
      faults: [{ kind: 'instance-crash', service: 'web', region: 'a', count: 4, startUs: 101 * S }],
    });
    const result = runModel(config);
    const g = result.services[0];
    expect(g.crashes).toBe(4);
    // The two instances kept by the scale-in are replaced; the two being drained are not.
    expect(g.launches).toBe(2);
    expect(g.instances.end).toBe(2);
  });
});


describe('scaling out from zero', () => {
  it('a group scaled in to 0 scales out again when traffic comes', () => {
    const config = model({
      durationUs: 200 * S,
      regions: regionsAbc(['a']),
      links: [],
      services: [
        service({
          id: 'web',
          endpoints: [endpoint('get', { kind: 'exponential', mean: 10 * MS })],
          instances: { a: 2 },
          startupUs: 1 * S,
          autoscaling: {
            min: 0,
            max: 10,
            evaluationIntervalUs: 5 * S,
            cooldownUs: 10 * S,
            provisioningDelayUs: 1 * S,
            policy: { kind: 'target-tracking', metric: 'concurrency', target: 2 },
          },
        }),
      ],
      populations: [population('a', { kind: 'spike', basePerS: 0, peakPerS: 100, startUs: 60 * S, durationUs: 140 * S })],
      client: noRetryClient(1 * S),
    });
    const result = runModel(config);
    const web = result.services[0];
    expect(web.instances.min).toBe(0);
    // It comes back once and stays: no flapping between 0 and 1.
    const scaleIns = result.eventLog.entries.filter((e) => e.kind === 'scaled' && e.timeUs > 60 * S && e.detail.includes('-> 0'));
    expect(scaleIns).toEqual([]);
    // 140 s of traffic at 100/s: the group should be back well before the end.
    expect(web.instances.end).toBeGreaterThan(0);
    expect(result.users.availability).toBeGreaterThan(0.5);
  });
});


function linkConfig(faults: FaultConfig[]): ModelConfig {
  return model({
    durationUs: 60 * S,
    regions: regionsAbc(['a', 'b']),
    links: [link('a', 'b', 20 * MS)],
    // The service runs only in b: every request from a crosses the a–b link.
    services: [service({ id: 'web', endpoints: [endpoint('get', { kind: 'exponential', mean: 5 * MS })], instances: { b: 4 } })],
    populations: [constantPopulation('a', 100)],
    client: noRetryClient(1 * S),
    faults,
  });
}

describe('overlapping faults of one kind on one target', () => {
  it('link-partition: the link stays cut while the longer of two overlapping partitions lasts', () => {
    const result = runModel(
      linkConfig([
        { kind: 'link-partition', between: ['a', 'b'], direction: 'both', startUs: 10 * S, durationUs: 40 * S },
        { kind: 'link-partition', between: ['a', 'b'], direction: 'both', startUs: 20 * S, durationUs: 10 * S },
      ]),
    );
    const series = userSeries(result, 'a');
    // Ticks 32..48 are inside the first partition [10 s, 50 s) and after the second one ended.
    expect(sumTicks(series.successes, 32, 48)).toBe(0);
  });

  it('link-degradation: the added latency stays while the longer of two overlapping degradations lasts', () => {
    const degrade = (startUs: number, durationUs: number): FaultConfig => ({ kind: 'link-degradation', between: ['a', 'b'], direction: 'both', addedLatencyUs: 2 * S, addedLossRatio: 0, startUs, durationUs });
    const result = runModel(linkConfig([degrade(10 * S, 40 * S), degrade(20 * S, 10 * S)]));
    const series = userSeries(result, 'a');
    // 2 s added one way > the 1 s attempt timeout: nothing can succeed while degraded.
    expect(sumTicks(series.successes, 32, 48)).toBe(0);
  });

  it('cache-flush: the cache stays cold while the longer of two overlapping flushes lasts', () => {
    const config = model({
      durationUs: 60 * S,
      regions: regionsAbc(['a']),
      links: [],
      services: [service({ id: 'web', endpoints: [endpoint('get', { kind: 'constant', value: 1 * MS }, [['cache']])], instances: { a: 4 } })],
      dependencies: [
        { id: 'db', kind: 'third-party', latency: { kind: 'constant', value: 1 * MS }, errorRatio: 0, timeoutUs: 100 * MS, fallback: { kind: 'fail' } },
        { id: 'cache', kind: 'cache', latency: { kind: 'constant', value: 1 * MS }, hitRatio: 1, miss: 'db', timeoutUs: 100 * MS, fallback: { kind: 'fail' } },
      ],
      populations: [constantPopulation('a', 100)],
      client: noRetryClient(1 * S),
      faults: [
        // A flush with no duration stays cold for good (docs); a short one ends at 30 s.
        { kind: 'cache-flush', dependency: 'cache', startUs: 10 * S },
        { kind: 'cache-flush', dependency: 'cache', startUs: 20 * S, durationUs: 10 * S },
      ],
    });
    const engine = runModel(config);
    const db = engine.dependencies.find((d) => d.dependency === 'db');
    // Cold from 10 s to the end: (60 - 10) s × 100/s misses ≈ 5000 db calls.
    expect(db?.calls ?? 0).toBeGreaterThan(4000);
  });
});

describe('a refused hedge with hedging delayUs 0', () => {
  it('is retried after a slice of the budget window, not at the same instant for ever', () => {
    const client = noRetryClient(1 * S);
    // No reserve and no ratio: the budget refuses every hedge.
    client.budget = { ratio: 0, minRetriesPerS: 0, windowUs: 1 * S };
    client.hedging = { delayUs: 0, hedgesMax: 1 };
    const config = model({
      durationUs: 10 * S,
      regions: regionsAbc(['a']),
      links: [],
      services: [service({ id: 'web', endpoints: [endpoint('get', { kind: 'constant', value: 200 * MS })], instances: { a: 2 }, concurrency: 100 })],
      populations: [constantPopulation('a', 20)],
      client,
    });
    config.limits.eventsMax = 1_000_000;
    const result = runModel(config);
    expect(result.stoppedBy).toBe('until');
    expect(result.attempts.hedges).toBe(0);
    // Each request waits 200 ms: its hedge is tried at once and then once per 100 ms slice, twice at most.
    expect(result.attempts.retryBudget?.refused).toBeLessThanOrEqual(3 * result.users.started);
    expect(result.users.availability).toBe(1);
  });
});

describe('a failover while the standby region is dark', () => {
  it('promotes nobody: the store waits for its primary instead of moving to a dead member', () => {
    const config = dataModel({
      durationUs: 60 * S,
      users: [{ region: 'a', ratePerS: 100, writeRatio: 0.5 }],
      stores: [store()],
      failovers: [automaticFailover({ routing: 'independent' })],
      faults: [
        { kind: 'region-outage', region: 'b', startUs: 5 * S },
        { kind: 'region-outage', region: 'a', startUs: 10 * S, durationUs: 30 * S },
      ],
    });
    const result = runModel(config);
    expect(result.data[0].losses.every((loss) => loss.newPrimary !== 'b')).toBe(true);
    expect(result.data[0].primaryAtEnd).toBe('a');
    expect(result.eventLog.entries.some((e) => e.kind === 'failover-failed')).toBe(true);
  });
});

describe('a store\'s acknowledged writes at the end of a run', () => {
  it('count every acknowledgement due by the end, not only those before the log\'s last call', () => {
    const config = JSON.parse(readFileSync(new URL('./fixtures/regressions/ack-behind-log-clock.json', import.meta.url), 'utf8')) as ModelConfig;
    const db = runModel(config).data[0];
    expect(db.acknowledgedToCallers).toBeLessThanOrEqual(db.acknowledgedWrites);
    expect(db.acknowledgedToCallers).toBeGreaterThan(0);
  });
});

describe('autoscaling while its region is dark', () => {
  // A catalog scenario (active-active-region-loss) showed the dark region's fleet scaled in to
  // its minimum during the outage: the autoscaler read the dark interval's zero load. A dark
  // region's control plane is down with it, so its groups take no decision until it is back.
  it('takes no decision in the dark region, and the fleet it comes back with is the one it had', () => {
    const config = threeRegionLaunchModel();
    config.durationUs = 12 * 60 * S;
    config.faults = [{ kind: 'region-outage', region: 'us-east', startUs: 3 * 60 * S, durationUs: 5 * 60 * S }];
    config.traffic.populations = config.traffic.populations.map((p) => ({ ...p, profile: { kind: 'constant', ratePerS: 400 } }));
    config.services[0].autoscaling!.min = 1;
    const result = runModel(config);
    const scaled = result.eventLog.entries.filter((e) => e.kind === 'scaled' && e.subject === 'web@us-east');
    // Dark from 3 to 8 min; the evaluation at the repair (8 min) still has dark time in its window.
    expect(scaled.filter((e) => e.timeUs >= 3 * 60 * S && e.timeUs <= 8 * 60 * S)).toEqual([]);
    // Before the outage it did decide (the load is below its target: it scaled in).
    expect(scaled.some((e) => e.timeUs < 3 * 60 * S)).toBe(true);
    expect(result.conservation).toEqual([]);
  });
});

describe('requests still in flight when the run ends', () => {
  // A catalog scenario (partition-split-brain) showed a fault "not recovered", its impact starting
  // in the run's last window: the requests started there and still in flight at the end were
  // counted as started and not succeeded. They have neither succeeded nor failed: as the run's
  // availability does, the RTO's windows leave them out.
  it('do not read as an outage in the last windows', () => {
    const config = model({
      durationUs: 200 * S,
      regions: regionsAbc(['a']),
      links: [],
      // 1.5 s of work: the last window ends with ~1.5 s of its requests (15%) in flight.
      // A fault late in the run, with no real impact: the last window is the first after it.
      services: [service({ id: 'api', endpoints: [endpoint('get', { kind: 'constant', value: 1500 * MS })], instances: { a: 20 }, concurrency: 16, queueCapacity: 1000, replaceAfterCrashUs: 5 * S })],
      populations: [constantPopulation('a', 100)],
      client: noRetryClient(5 * S),
      faults: [{ kind: 'instance-crash', service: 'api', region: 'a', count: 1, startUs: 150 * S, durationUs: 10 * S }],
    });
    const result = runModel(config);
    expect(result.users.inFlight).toBeGreaterThan(50);
    const rto = result.operations.faults[0].rto;
    // One crashed instance of twenty, replaced in 5 s: no impact (it read as an outage from 190 s, not recovered).
    expect(rto.status).toBe('no-impact');
  });
});
