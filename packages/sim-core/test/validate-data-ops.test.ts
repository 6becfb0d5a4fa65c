import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALERT_METRICS, ENGINE_ALERT_METRICS, validateModel } from '../src/index.js';
import type { DataStoreConfig, DataStoreMode, ModelConfig, ModelProblem } from '../src/index.js';
import { automaticFailover, dataModel, store } from './fixtures/data-builders.js';
import { MS, S } from './fixtures/engine-scenario-builders.js';
import { parentOf, pathsOf, putAtPaths, resolve } from './fixtures/config-paths.js';

// The data and operations sections through validateModel: the stores' own fields, the
// failovers' fields and the alerting config (shapes). Names: validate-data-ops-names.test.ts.

/**
 * Regions a, b, c; store db (sync a → b, c, quorum 2) and ledger (async b → a); a follow-primary
 * failover of db detected by an alert, a manual independent one of ledger; two store faults;
 * two alert rules. validateModel finds nothing in it.
 */
function dataOpsModel(): ModelConfig {
  const config = dataModel({
    durationUs: 60 * S,
    regions: ['a', 'b', 'c'],
    users: [{ region: 'a', ratePerS: 10, writeRatio: 0.2 }],
    stores: [store({ mode: 'sync', replicas: ['b', 'c'], quorum: 2 }), store({ id: 'ledger', primary: 'b', replicas: ['a'] })],
    failovers: [
      automaticFailover({ detection: 'alert', alert: 'db-primary-down' }),
      automaticFailover({
        store: 'ledger',
        standby: 'a',
        routing: 'independent',
        mode: 'manual',
        human: { response: { kind: 'constant', value: 5 * 60 * S }, runbook: [{ step: 'promote', durationUs: 30 * S }] },
      }),
    ],
    faults: [
      { kind: 'primary-failure', store: 'db', startUs: 10 * S, durationUs: 20 * S },
      { kind: 'replication-stall', store: 'db', region: 'c', startUs: 20 * S },
    ],
  });
  config.alerting = {
    rules: [
      { name: 'db-primary-down', metric: 'health', scope: { region: 'a', service: 'api' }, comparator: '<', threshold: 1, forUs: 10 * S, evaluationIntervalUs: 5 * S, severity: 'page' },
      { name: 'lag', metric: 'replication-lag-ms', scope: {}, comparator: '>', threshold: 5000, forUs: 0, evaluationIntervalUs: 5 * S, severity: 'ticket' },
    ],
    groupWaitUs: 30 * S,
    repeatIntervalUs: 300 * S,
  };
  return config;
}

/** A fresh dataOpsModel with each value put at its path, in order. */
function withValues(changes: readonly (readonly [string, unknown])[]): ModelConfig {
  return putAtPaths(dataOpsModel(), changes);
}

interface Row {
  readonly set: string;
  readonly to: unknown;
  /** Further changes made first. */
  readonly also?: readonly (readonly [string, unknown])[];
  /** The path of the (first) problem; `set` when absent. */
  readonly path?: string;
  /** A fragment of its message. */
  readonly says: string;
  /** Further problems expected after it, as [path, fragment]. */
  readonly more?: readonly (readonly [string, string])[];
}

const ROWS: readonly Row[] = [
  // Stores: the list.
  { set: 'dataStores', to: {}, says: 'dataStores must be an array (or absent), got an object' },
  { set: 'dataStores', to: 'db', says: 'dataStores must be an array (or absent), got "db"' },
  { set: 'dataStores[1]', to: 'ledger', says: 'dataStores[1] must be an object, got "ledger"' },
  { set: 'dataStores[0]', to: null, says: 'dataStores[0] must be an object, got null' },
  // Stores: modes and members.
  { set: 'dataStores[0].mode', to: 'snyc', says: 'mode must be one of "sync", "async", "semi-sync", "multi-writer", "partitioned", got "snyc" (did you mean "sync"?)' },
  { set: 'dataStores[0].mode', to: 'semi-synk', says: 'got "semi-synk" (did you mean "semi-sync"?)' },
  { set: 'dataStores[0].quorum', to: undefined, says: 'quorum is required in sync mode (a whole number in [1, 2]), got undefined' },
  { set: 'dataStores[0].quorum', to: 3, says: 'quorum must be <= the number of replicas (2), got 3' },
  { set: 'dataStores[0].quorum', to: 0, says: 'quorum must be a whole number > 0, got 0' },
  { set: 'dataStores[0].quorum', to: 1.5, says: 'quorum must be a whole number > 0, got 1.5' },
  { set: 'dataStores[0].mode', to: 'semi-sync', path: 'dataStores[0].semiSyncTimeoutUs', says: 'semiSyncTimeoutUs is required in semi-sync mode (a whole number of µs > 0), got undefined' },
  { set: 'dataStores[0].semiSyncTimeoutUs', to: 0, also: [['dataStores[0].mode', 'semi-sync']], says: 'semiSyncTimeoutUs must be a whole number of µs > 0, got 0' },
  { set: 'dataStores[1].semiSyncTimeoutUs', to: Infinity, says: 'semiSyncTimeoutUs must be a whole number of µs > 0, got Infinity' },
  {
    set: 'dataStores[0].replicas',
    to: [],
    says: 'replicas: a sync store needs at least one replica (its writes wait for one), got none',
    more: [['dataStores[0].quorum', 'quorum must be <= the number of replicas (0), got 2']],
  },
  { set: 'dataStores[0].replicas', to: [], also: [['dataStores[0].mode', 'multi-writer']], says: 'replicas: a multi-writer store needs 1 to' },
  { set: 'dataStores[0].replicas', to: ['b', 'b'], says: 'replicas must name distinct regions other than the primary, but "b" appears twice' },
  { set: 'dataStores[0].replicas', to: ['a', 'c'], says: 'but "a" appears twice' },
  { set: 'dataStores[0].replicas', to: 'b', says: 'replicas must be an array of region ids, got "b"' },
  { set: 'dataStores[0].replicas', to: ['b', ''], says: 'replicas must be an array of region ids, got an array' },
  { set: 'dataStores[0].primary', to: 5, says: 'primary must be a region id, got 5' },
  { set: 'dataStores[0].id', to: '', says: 'id must be a non-empty string, got ""' },
  // Stores: numbers, distributions, reads.
  { set: 'dataStores[0].writeSizeBytes', to: 0, says: 'writeSizeBytes must be a finite number of bytes > 0, got 0' },
  { set: 'dataStores[0].writeSizeBytes', to: Infinity, says: 'writeSizeBytes must be a finite number of bytes > 0, got Infinity' },
  { set: 'dataStores[0].capacityPerS', to: -1, says: 'capacityPerS must be a number of operations per second > 0 (Infinity: unlimited), got -1' },
  { set: 'dataStores[0].capacityPerS', to: Number.NaN, says: 'capacityPerS must be a number of operations per second > 0 (Infinity: unlimited), got NaN' },
  { set: 'dataStores[0].capacityPerS', to: '100', says: 'got "100"' },
  { set: 'dataStores[0].readFrom', to: 'locl', says: 'readFrom must be one of "primary", "local", got "locl" (did you mean "local"?)' },
  { set: 'dataStores[0].readFrom', to: 'nearest', says: 'readFrom must be one of "primary", "local", got "nearest"' },
  { set: 'dataStores[0].keys', to: 0, says: 'keys must be a whole number > 0, got 0' },
  { set: 'dataStores[0].keys', to: 2.5, says: 'keys must be a whole number > 0, got 2.5' },
  { set: 'dataStores[0].keys', to: 2_000_000, also: [['dataStores[0].mode', 'multi-writer']], says: 'keys × regions must be at most 4194304 for a multi-writer store (sample the key space), got 6000000' },
  { set: 'dataStores[0].readLatency', to: { kind: 'gamma' }, says: 'readLatency: distributionFromConfig: unknown kind "gamma"' },
  { set: 'dataStores[0].readLatency', to: { kind: 'lognormal', median: -1, p99: 5 }, says: 'readLatency: distributionLognormal: median must be a finite number > 0, got -1' },
  { set: 'dataStores[0].writeLatency', to: null, says: 'writeLatency: distributionFromConfig: expected an object with a kind, got null' },
  { set: 'dataStores[0].storageGB', to: -1, says: 'storageGB must be a finite number >= 0, got -1' },
  { set: 'dataStores[0].storagePriceUsdPerGBMonth', to: Number.NaN, says: 'storagePriceUsdPerGBMonth must be a finite number >= 0, got NaN' },
  // Failovers: fields.
  { set: 'failovers', to: {}, says: 'failovers must be an array (or absent), got an object' },
  { set: 'failovers[1]', to: null, says: 'failovers[1] must be an object, got null' },
  { set: 'failovers[0].routing', to: 'follow', says: 'routing must be one of "follow-primary", "independent", got "follow"' },
  { set: 'failovers[0].routing', to: undefined, says: 'routing must be one of "follow-primary", "independent", got undefined' },
  { set: 'failovers[0].store', to: '', says: 'store must be a non-empty string, got ""' },
  { set: 'failovers[0].standby', to: undefined, says: 'standby must be a non-empty string, got undefined' },
  { set: 'failovers[0].mode', to: 'manuel', says: 'mode must be one of "automatic", "manual", got "manuel" (did you mean "manual"?)' },
  { set: 'failovers[0].detection', to: 'healthcheck', says: 'got "healthcheck" (did you mean "health-check"?)' },
  { set: 'failovers[0].alert', to: undefined, says: 'alert must name the alert rule whose firing detects the failure (detection is "alert"), got undefined' },
  { set: 'failovers[0].decisionUs', to: -1, says: 'decisionUs must be a whole number of µs >= 0, got -1' },
  { set: 'failovers[0].promotionUs', to: 0.5, says: 'promotionUs must be a whole number of µs >= 0, got 0.5' },
  { set: 'failovers[1].human', to: undefined, says: 'human must be given when mode is "manual": { response, runbook }' },
  { set: 'failovers[1].human.response', to: { kind: 'normal', mean: 60 * S, sd: 60 * S }, says: 'human.response must not take negative values' },
  { set: 'failovers[1].human.runbook[0].durationUs', to: -1, says: 'human.runbook[0].durationUs must be a whole number of µs >= 0, got -1' },
  // Alerting: the config and its rules.
  { set: 'alerting', to: null, says: 'alerting must be an object { rules, groupWaitUs, repeatIntervalUs }, got null' },
  { set: 'alerting.rules', to: 'all', says: 'rules must be an array of alert rules (empty for none), got "all"' },
  { set: 'alerting.groupWaitUs', to: -1, says: 'groupWaitUs must be a whole number of µs >= 0, got -1' },
  { set: 'alerting.repeatIntervalUs', to: 0, says: 'repeatIntervalUs must be a whole number of µs > 0, got 0' },
  { set: 'alerting.rules[0].threshold', to: 2, says: 'rules[0].threshold must be in [0, 1] for metric "health" (a fraction, not a percentage), got 2' },
  { set: 'alerting.rules[0].comparator', to: '=<', says: 'got "=<" (did you mean "<="?)' },
  { set: 'alerting.rules[1].forUs', to: -1, says: 'rules[1].forUs must be a whole number of µs >= 0, got -1' },
  { set: 'alerting.rules[0].scope', to: { regoin: 'a' }, path: 'alerting.rules[0].scope.regoin', says: 'is not a field of a scope (did you mean "region"?)' },
  { set: 'alerting.rules[1].name', to: 'db-primary-down', also: [['alerting.rules[1].scope', { region: 'a', service: 'api' }]], path: 'alerting.rules[1]', says: 'rules[1] repeats rules[0]' },
];

const label = (value: unknown): string => (typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? 'undefined'));

describe('validateModel: the data and operations sections', () => {
  it('the base config is valid and uses every part the rows change', () => {
    const config = dataOpsModel();
    expect(validateModel(config)).toEqual([]);
    for (const row of ROWS) expect(resolve(config, parentOf(row.set)).found, row.set).toBe(true);
  });

  const MODES: readonly (readonly [DataStoreMode, Partial<DataStoreConfig>])[] = [
    ['sync', { mode: 'sync', quorum: 1 }],
    ['async', { mode: 'async' }],
    ['semi-sync', { mode: 'semi-sync', semiSyncTimeoutUs: 50 * MS }],
    ['multi-writer', { mode: 'multi-writer', readFrom: 'local' }],
  ];

  it.each(MODES)('a %s store with failovers and alert rules has no problem', (mode, db) => {
    const config = dataOpsModel();
    config.dataStores![0] = store({ replicas: ['b', 'c'], ...db });
    if (mode === 'multi-writer') {
      // A multi-writer store has no single primary: fail over and fault the ledger instead.
      config.failovers = [config.failovers![1]!];
      config.faults = [
        { kind: 'primary-failure', store: 'ledger', startUs: 10 * S },
        { kind: 'replication-stall', store: 'ledger', region: 'a', startUs: 20 * S },
      ];
    }
    expect(validateModel(config)).toEqual([]);
  });

  it('absent sections are fine: no stores, failovers or alerting and nothing naming a store', () => {
    const config = dataOpsModel();
    delete config.dataStores;
    delete config.failovers;
    delete config.alerting;
    config.faults = [];
    config.dependencies = [];
    config.services[0]!.endpoints[0]!.calls = [];
    expect(validateModel(config)).toEqual([]);
  });

  it.each(ROWS.map((row) => [`${row.set} = ${label(row.to)}${row.also === undefined ? '' : ` (+${row.also.length})`}`, row] as const))('%s', (_name, row) => {
    const problems = validateModel(withValues([...(row.also ?? []), [row.set, row.to]]));
    const expected = [[row.path ?? row.set, row.says] as const, ...(row.more ?? [])];
    expect(problems).toEqual(expected.map(([path, says]) => ({ path, message: expect.stringContaining(says) })));
  });

  describe('alert metrics', () => {
    it('ENGINE_ALERT_METRICS are every ALERT_METRIC, the latency quantiles included', () => {
      expect(ENGINE_ALERT_METRICS).toEqual(ALERT_METRICS);
      for (const metric of ['p50-ms', 'p95-ms', 'p99-ms', 'replication-lag-ms']) expect(ENGINE_ALERT_METRICS).toContain(metric);
    });

    it.each(ENGINE_ALERT_METRICS.map((m) => [m]))('a rule on %s is accepted', (metric) => {
      expect(validateModel(withValues([['alerting.rules[1].metric', metric], ['alerting.rules[1].threshold', 0.5]]))).toEqual([]);
    });
  });

  it('never throws, whatever value replaces any part of dataStores, failovers or alerting', () => {
    const base = dataOpsModel();
    const paths = (['dataStores', 'failovers', 'alerting'] as const).flatMap((root) => [root, ...pathsOf(base[root], root)]);
    expect(paths).toContain('failovers[1].human.runbook[0].durationUs');
    expect(paths).toContain('alerting.rules[0].scope.region');
    const odd = fc.constantFrom<unknown>(undefined, null, Number.NaN, Infinity, -Infinity, -0, '', 0, [], {}, 'db', 'a', 'b', 'c', 'sync', 'multi-writer', 'follow-primary', 'alert');
    const anyValue = fc.oneof(fc.jsonValue(), odd, fc.array(fc.jsonValue(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }), fc.anything());
    const ownPath = /^(dataStores|failovers|alerting)([.[]|$)|^dependencies\[\d+\]\.store$|^faults\[\d+\]\.(store|region)$/;
    fc.assert(
      fc.property(fc.constantFrom(...paths), anyValue, (path, value) => {
        const model = withValues([[path, value]]);
        let problems: ModelProblem[] = [];
        expect(() => (problems = validateModel(model))).not.toThrow();
        expect(Array.isArray(problems)).toBe(true);
        for (const problem of problems) {
          expect(Object.keys(problem).sort()).toEqual(['message', 'path']);
          expect(typeof problem.path).toBe('string');
          expect(typeof problem.message === 'string' && problem.message.length > 0).toBe(true);
          // Only the data and operations checks can object, at a path whose parent exists (except
          // for a misnamed field whose own name has a dot: { "a.b": 1 } is reported at `….a.b`).
          expect(problem.path, problem.message).toMatch(ownPath);
          if (!problem.message.includes(' is not a field of ')) expect(resolve(model, parentOf(problem.path)).found, problem.path).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
