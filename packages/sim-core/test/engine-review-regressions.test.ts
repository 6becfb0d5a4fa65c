import { describe, expect, it } from 'vitest';
import { ModelEngine, validateModel } from '../src/index.js';
import type { DataStoreConfig, ModelConfig, PartitionsConfig } from '../src/index.js';
import { alerting, rule } from './fixtures/alert-builders.js';
import { automaticFailover, dataModel, store } from './fixtures/data-builders.js';
import { MS, S } from './fixtures/engine-scenario-builders.js';

// Regressions found by the second reading of issue 4's data layer (docs/notes-review.md): one
// `it` per defect, each named for the behaviour it pins.

describe('second reading: data layer regressions', () => {
  it('a failover that promotes another replica than the standby (the standby is down) arms the controller on the real primary, so its later loss fails over again', () => {
    // a (primary), b (standby), c. b goes dark, then a: the promotion takes c (b is down). When
    // c is lost later, the controller must see its primary's region fail.
    const config: ModelConfig = dataModel({
      durationUs: 240 * S,
      regions: ['a', 'b', 'c'],
      oneWayUs: 10 * MS,
      users: [{ region: 'a', ratePerS: 50, writeRatio: 0.5 }, { region: 'b', ratePerS: 50, writeRatio: 0.5 }, { region: 'c', ratePerS: 50, writeRatio: 0.5 }],
      stores: [store({ replicas: ['b', 'c'] })],
      failovers: [automaticFailover({ routing: 'independent' })],
      faults: [
        { kind: 'region-outage', region: 'b', startUs: 10 * S, durationUs: 80 * S },
        { kind: 'region-outage', region: 'a', startUs: 20 * S, durationUs: 80 * S },
        { kind: 'region-outage', region: 'c', startUs: 150 * S },
      ],
    });
    expect(validateModel(config)).toEqual([]);
    const result = new ModelEngine(config).run();
    const db = result.data[0];
    expect(db.losses.map((loss) => loss.newPrimary)).toEqual(['c', 'b']);
    const history = result.operations.failovers[0].history;
    // The controller's record names the replica the store promoted.
    expect(history.map((record) => record.newPrimaryId)).toEqual(['c', 'b']);
    expect(db.primaryAtEnd).toBe('b');
  });

  it('split-brain writes a deposed primary takes after the new primary is lost are charged to the partition that deposed it, not to the later loss', () => {
    // a is cut off from b and c (20–100 s); an alert promotes b while a is alive (a deposed, it
    // keeps a's writes). b's region goes dark at 60 s: a new primary loss, which did not make a
    // deposed and must not be charged a's split-brain writes.
    const config = dataModel({
      durationUs: 120 * S,
      regions: ['a', 'b', 'c'],
      oneWayUs: 15 * MS,
      users: [{ region: 'a', ratePerS: 200, writeRatio: 0.5 }, { region: 'b', ratePerS: 200, writeRatio: 0.5 }],
      stores: [store({ replicas: ['b', 'c'] })],
      failovers: [automaticFailover({ routing: 'independent', detection: 'alert', alert: 'Unavailable' })],
      faults: [
        { kind: 'link-partition', between: ['a', 'b'], direction: 'both', startUs: 20 * S, durationUs: 80 * S },
        { kind: 'link-partition', between: ['a', 'c'], direction: 'both', startUs: 20 * S, durationUs: 80 * S },
        { kind: 'region-outage', region: 'b', startUs: 60 * S },
      ],
    });
    config.alerting = alerting([rule('Unavailable', { metric: 'availability', scope: {}, comparator: '<', threshold: 0.9, forUs: 0, evaluationIntervalUs: 5 * S })]);
    expect(validateModel(config)).toEqual([]);
    const result = new ModelEngine(config).run();
    const db = result.data[0];
    expect(db.losses[0].fault).toBe(0);
    expect(db.losses[1].fault).toBe(2);
    expect(db.splitBrainWrites).toBeGreaterThan(0);
    // Every split-brain write belongs to the promotion that deposed a (loss 0).
    expect(db.losses[0].splitBrainWrites).toBe(db.splitBrainWrites);
    expect(db.losses[1].splitBrainWrites).toBe(0);
    const outage = result.operations.faults.find((impact) => impact.fault === 2);
    expect(outage?.lostWrites ?? 0).toBe(db.losses[1].lostWrites);
  });

  it('a second promotion that deposes the new primary too does not strand the first deposed primary: it rejoins as a replica', () => {
    // a is cut off from b and c at 20 s: the alert promotes b, a is deposed. Users come back to
    // b, the alert resolves; at 70 s b is cut off from c, c's users fail, the alert fires again
    // and c is promoted while b is alive: b is deposed in turn. Everything heals at 120 s.
    const config = dataModel({
      durationUs: 200 * S,
      regions: ['a', 'b', 'c'],
      oneWayUs: 15 * MS,
      users: [{ region: 'a', ratePerS: 100, writeRatio: 0.5 }, { region: 'b', ratePerS: 100, writeRatio: 0.5 }, { region: 'c', ratePerS: 100, writeRatio: 0.5 }],
      stores: [store({ replicas: ['b', 'c'], readFrom: 'local' })],
      failovers: [automaticFailover({ routing: 'independent', detection: 'alert', alert: 'Unavailable' })],
      faults: [
        { kind: 'link-partition', between: ['a', 'b'], direction: 'both', startUs: 20 * S, durationUs: 100 * S },
        { kind: 'link-partition', between: ['a', 'c'], direction: 'both', startUs: 20 * S, durationUs: 100 * S },
        { kind: 'link-partition', between: ['b', 'c'], direction: 'both', startUs: 70 * S, durationUs: 50 * S },
      ],
    });
    config.alerting = alerting([rule('Unavailable', { metric: 'availability', scope: {}, comparator: '<', threshold: 0.95, forUs: 0, evaluationIntervalUs: 5 * S })]);
    expect(validateModel(config)).toEqual([]);
    const result = new ModelEngine(config).run();
    const db = result.data[0];
    expect(db.losses.map((loss) => [loss.lostPrimary, loss.newPrimary])).toEqual([['a', 'b'], ['b', 'c']]);
    expect(result.eventLog.entries.filter((e) => e.kind === 'split-brain').length).toBe(2);
    // After the heal every member is a live replica again: a has a lag at the last tick.
    const lastLag = db.members.map((member) => member.lagMs[member.lagMs.length - 1]);
    expect(lastLag.map((lag) => lag !== null)).toEqual([true, true, true]);
    expect(db.conservation).toEqual([]);
  });

  it('a promotion while the old primary is alive reports the writes it failed in its loss (the loss failedWrites add up to the store failedWrites)', () => {
    // Sync (quorum 1): a cut off from b and c blocks every write it takes; the alert's promotion
    // of b fails them (the log cuts at the promotion).
    const config = dataModel({
      durationUs: 90 * S,
      regions: ['a', 'b', 'c'],
      oneWayUs: 15 * MS,
      users: [{ region: 'a', ratePerS: 100, writeRatio: 0.5 }, { region: 'b', ratePerS: 100, writeRatio: 0.5 }],
      stores: [store({ mode: 'sync', quorum: 1, replicas: ['b', 'c'] })],
      failovers: [automaticFailover({ routing: 'independent', detection: 'alert', alert: 'Unavailable' })],
      faults: [
        { kind: 'link-partition', between: ['a', 'b'], direction: 'both', startUs: 20 * S, durationUs: 50 * S },
        { kind: 'link-partition', between: ['a', 'c'], direction: 'both', startUs: 20 * S, durationUs: 50 * S },
      ],
    });
    config.alerting = alerting([rule('Unavailable', { metric: 'availability', scope: {}, comparator: '<', threshold: 0.9, forUs: 0, evaluationIntervalUs: 5 * S })]);
    expect(validateModel(config)).toEqual([]);
    const result = new ModelEngine(config).run();
    const db = result.data[0];
    expect(db.losses.length).toBe(1);
    expect(db.losses[0].promotedAtUs).not.toBeNull();
    expect(db.failedWrites).toBeGreaterThan(0);
    expect(db.losses.reduce((a, loss) => a + loss.failedWrites, 0)).toBe(db.failedWrites);
  });

  it('validateModel reports a data store whose id is one of a partitioned store zone stores (a fault naming it would be ambiguous)', () => {
    const partitions: PartitionsConfig = { homes: [{ zone: 'eu', region: 'eu1', standby: 'eu2' }, { zone: 'us', region: 'us' }], replication: 'async', foreignRatio: 0.1 };
    const config = dataModel({
      durationUs: 30 * S,
      regions: ['eu1', 'eu2', 'us'],
      users: [{ region: 'eu1', ratePerS: 10, writeRatio: 0.3 }],
      stores: [store({ mode: 'partitioned', primary: 'eu1', replicas: ['eu2', 'us'], partitions } as Partial<DataStoreConfig>), store({ id: 'db/eu', primary: 'us', replicas: [] })],
      faults: [{ kind: 'primary-failure', store: 'db/eu', startUs: 10 * S, durationUs: 5 * S }],
    });
    config.regions[0].residency = 'eu';
    config.regions[1].residency = 'eu';
    config.regions[2].residency = 'us';
    config.residency = { zones: [{ zone: 'eu', regions: ['eu1', 'eu2'] }, { zone: 'us', regions: ['us'] }] };
    const problems = validateModel(config);
    expect(problems.map((p) => p.path)).toEqual(['dataStores[0].partitions.homes']);
    expect(problems[0].message).toContain('"db/eu"');
  });

  it('a multi-writer store after 32 other stores delivers its writes (the delivery event encodes the store index in any radix)', () => {
    const others = Array.from({ length: 32 }, (_, i) => store({ id: `s${i}` }));
    const config = dataModel({
      durationUs: 10 * S,
      users: [{ region: 'a', ratePerS: 100, writeRatio: 0.5 }],
      stores: [...others, store({ mode: 'multi-writer', replicas: ['b'], keys: 10 })],
    });
    expect(validateModel(config)).toEqual([]);
    const db = new ModelEngine(config).run().data[32];
    expect(db.store).toBe('db');
    expect(db.writes).toBeGreaterThan(0);
    expect(db.acknowledgedToCallers).toBeGreaterThan(0);
  });

  it('an old primary back during a failover that cannot promote (its standby is down) recovers with its log when the promotion fails', () => {
    // a is dark 10–35 s; the health verdict (~20 s) starts a failover that promotes 15 s later,
    // but b is dark from 15 s: the promotion fails. a came back at 35 s, during the promotion,
    // and waited for it: it must then serve again as the primary, not stay lost.
    const config = dataModel({
      durationUs: 150 * S,
      oneWayUs: 10 * MS,
      users: [{ region: 'a', ratePerS: 100, writeRatio: 0.5 }],
      instances: { a: 20, b: 20 },
      failovers: [automaticFailover({ routing: 'independent' })],
      faults: [
        { kind: 'region-outage', region: 'a', startUs: 10 * S, durationUs: 25 * S },
        { kind: 'region-outage', region: 'b', startUs: 15 * S },
      ],
    });
    expect(validateModel(config)).toEqual([]);
    const result = new ModelEngine(config).run();
    const db = result.data[0];
    expect(result.eventLog.entries.some((e) => e.kind === 'failover-failed')).toBe(true);
    expect(db.primaryAtEnd).toBe('a');
    expect(db.losses.length).toBe(1);
    expect(db.losses[0].recoveredAtUs).not.toBeNull();
    // a serves writes again after the failed promotion: users' availability recovers.
    expect(result.operations.faults[0].rto.status).toBe('recovered');
  });
});
