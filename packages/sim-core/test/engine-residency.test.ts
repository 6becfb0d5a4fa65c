import { describe, expect, it } from 'vitest';
import { ModelEngine, validateModel } from '../src/index.js';
import type { DataStoreConfig, ModelConfig, ModelResult, PartitionsConfig } from '../src/index.js';
import { automaticFailover, dataModel, store } from './fixtures/data-builders.js';
import { MS, S } from './fixtures/engine-scenario-builders.js';
import { checkWriteTraces } from './fixtures/write-checker.js';

// The partitioned mode with residency, through the engine (issue 4's oracle: "partitioned data
// with an EU zone never served from outside the allowed regions, unless a failover moves it —
// which is recorded"). Regions eu1 and eu2 are the EU zone, us the US zone. Users in eu1 and
// us touch their own zone's records, and with probability 0.1 the other zone's.

const FOREIGN = 0.1;

function partitionedModel(euStandby: string, faults: ModelConfig['faults'] = [], failover = false): ModelConfig {
  const partitions: PartitionsConfig = {
    homes: [
      { zone: 'eu', region: 'eu1', standby: euStandby },
      { zone: 'us', region: 'us' },
    ],
    replication: 'async',
    foreignRatio: FOREIGN,
  };
  const config = dataModel({
    durationUs: 90 * S,
    regions: ['eu1', 'eu2', 'us'],
    oneWayUs: 20 * MS,
    users: [
      { region: 'eu1', ratePerS: 400, writeRatio: 0.3 },
      { region: 'us', ratePerS: 400, writeRatio: 0.3 },
    ],
    stores: [store({ mode: 'partitioned', primary: 'eu1', replicas: ['eu2', 'us'], readFrom: 'primary', partitions } as Partial<DataStoreConfig>)],
    failovers: failover ? [automaticFailover({ store: 'db/eu', standby: euStandby, routing: 'independent' })] : undefined,
    faults,
  });
  config.regions[0].residency = 'eu';
  config.regions[1].residency = 'eu';
  config.regions[2].residency = 'us';
  config.residency = { zones: [{ zone: 'eu', regions: ['eu1', 'eu2'] }, { zone: 'us', regions: ['us'] }] };
  return config;
}

function run(config: ModelConfig): ModelResult {
  const problems = validateModel(config);
  expect(problems).toEqual([]);
  const engine = new ModelEngine(config, { writeTrace: true });
  const result = engine.run();
  for (const check of checkWriteTraces(engine.writeTrace() ?? [], result)) expect(check.problems).toEqual([]);
  return result;
}

function binomialWithin(hits: number, n: number, p: number): void {
  expect(Math.abs(hits - n * p)).toBeLessThanOrEqual(4 * Math.sqrt(n * p * (1 - p)) + 1);
}

describe('partitioned stores with residency', { timeout: 30_000 }, () => {
  it('every record lives in its zone: no violation without a failover, and foreign records are a foreignRatio share reached across regions', () => {
    const result = run(partitionedModel('eu2'));
    const eu = result.data.find((d) => d.store === 'db/eu');
    const us = result.data.find((d) => d.store === 'db/us');
    if (eu === undefined || us === undefined) throw new Error('zone stores missing');
    expect(result.operations.residency?.storedViolations).toBe(0);
    expect(result.operations.residency?.servedViolations).toBe(0);
    // Each caller region's operations on the other zone's records: a foreignRatio share of its own.
    const ops = (store: typeof eu, region: string): number => {
      const caller = store.callers.find((c) => c.region === region);
      return caller === undefined ? 0 : caller.reads + caller.writes;
    };
    for (const [home, other, region] of [[us, eu, 'us'], [eu, us, 'eu1']] as const) {
      const foreign = ops(other, region);
      const all = foreign + ops(home, region);
      expect(all).toBeGreaterThan(30_000);
      binomialWithin(foreign, all, FOREIGN);
      console.log(`residency: ${foreign} of ${all} operations from ${region} on the other zone's records (${(foreign / all).toFixed(4)} vs ${FOREIGN}); no violation`);
    }
    expect(eu.members.map((m) => m.region)).toEqual(['eu1', 'eu2']);
    expect(us.members.map((m) => m.region)).toEqual(['us']);
  });

  it('a failover of the EU zone to an EU standby records nothing', () => {
    const result = run(partitionedModel('eu2', [{ kind: 'region-outage', region: 'eu1', startUs: 30 * S, durationUs: 40 * S }], true));
    const eu = result.data.find((d) => d.store === 'db/eu');
    expect(eu?.primaryAtEnd).toBe('eu2');
    expect(result.operations.residency?.storedViolations).toBe(0);
    expect(result.operations.residency?.servedViolations).toBe(0);
  });

  it('a standby outside the zone is a stored violation from the start; the failover that moves the zone there records another, and every read served there one', () => {
    const result = run(partitionedModel('us', [{ kind: 'region-outage', region: 'eu1', startUs: 30 * S, durationUs: 40 * S }], true));
    const eu = result.data.find((d) => d.store === 'db/eu');
    const residency = result.operations.residency;
    if (eu === undefined || residency === null || residency === undefined) throw new Error('missing');
    expect(eu.primaryAtEnd).toBe('us');
    expect(residency.storedViolations).toBe(2);
    const usMember = eu.members.find((m) => m.region === 'us');
    expect(residency.servedViolations).toBe(usMember?.reads);
    expect(residency.servedViolations).toBeGreaterThan(1000);
    expect(residency.byZoneRegion).toEqual([{ zone: 'eu', region: 'us', stored: 2, served: usMember?.reads }]);
    expect(result.eventLog.entries.some((e) => e.kind === 'residency-violation')).toBe(true);
    // The fault's impact carries the violations from its start (the one at the start is before it).
    expect(result.operations.faults[0].residencyViolations).toBe(1 + residency.servedViolations);
    console.log(`residency after a failover out of the zone: ${residency.storedViolations} stored, ${residency.servedViolations} served violations`);
  });

  it('the zone of a record is the caller\'s own with probability 1 − foreignRatio', () => {
    const result = run(partitionedModel('eu2'));
    const us = result.data.find((d) => d.store === 'db/us');
    const eu = result.data.find((d) => d.store === 'db/eu');
    if (eu === undefined || us === undefined) throw new Error('zone stores missing');
    // Users in eu1 and us at the same rate: db/us takes 1 − f of us's operations and f of eu1's.
    const total = eu.reads + eu.writes + us.reads + us.writes;
    binomialWithin(us.reads + us.writes, total, 0.5);
  });
});

describe('validateModel: partitioned stores', () => {
  it('reports zones, homes and references with paths and suggestions', () => {
    const config = partitionedModel('eu2');
    const db = (config.dataStores as DataStoreConfig[])[0];
    (db.partitions as PartitionsConfig).homes[0].zone = 'ue';
    (db.partitions as PartitionsConfig).homes[1].region = 'usa';
    config.faults = [{ kind: 'primary-failure', store: 'db', startUs: 1 }];
    const found = validateModel(config).map((p) => `${p.path}: ${p.message}`);
    expect(found).toContain('dataStores[0].partitions.homes[0].zone: partitions.homes[0].zone: "ue" is not a residency zone (did you mean "us"?)');
    expect(found).toContain('dataStores[0].partitions.homes[1].region: partitions.homes[1].region must be one of the store\'s member regions (eu1, eu2, us), got "usa" (did you mean "us"?)');
  });

  it('a fault or failover names a zone\'s store, not the partitioned store', () => {
    const config = partitionedModel('eu2');
    config.faults = [{ kind: 'primary-failure', store: 'db', startUs: 1 }];
    expect(validateModel(config).map((p) => `${p.path}: ${p.message}`)).toContain('faults[0].store: data store "db" is partitioned: name one zone\'s store ("db/eu", "db/us")');
    config.faults = [{ kind: 'primary-failure', store: 'db/eu', startUs: 1 }];
    expect(validateModel(config)).toEqual([]);
  });

  it('a partitioned store needs residency zones, and sync partitions need a standby', () => {
    const config = partitionedModel('eu2');
    delete config.residency;
    expect(validateModel(config).some((p) => p.message.includes('needs the model\'s residency zones'))).toBe(true);
    const sync = partitionedModel('eu2');
    ((sync.dataStores as DataStoreConfig[])[0].partitions as PartitionsConfig).replication = 'sync';
    expect(validateModel(sync).map((p) => p.path)).toContain('dataStores[0].partitions.homes[1].standby');
  });
});
