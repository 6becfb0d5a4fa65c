import { describe, expect, it } from 'vitest';
import { validateModel } from '../src/index.js';
import type { ModelConfig } from '../src/index.js';
import { automaticFailover, dataModel, store } from './fixtures/data-builders.js';
import { S } from './fixtures/engine-scenario-builders.js';
import { putAtPaths } from './fixtures/config-paths.js';

// The names of the data and operations sections through validateModel: regions of store
// members and alert scopes, store ids, and what names a store (datastore dependencies, store
// faults, failovers). Shapes: validate-data-ops.test.ts (the base config is the same).

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
  readonly name: string;
  readonly changes: readonly (readonly [string, unknown])[];
  /** Every problem expected, in order, as [path, message]. */
  readonly problems: readonly (readonly [string, string])[];
}

const SESSIONS = store({ id: 'sessions', mode: 'multi-writer', replicas: ['b', 'c'], readFrom: 'local' });

const ROWS: readonly Row[] = [
  // Regions of store members.
  { name: 'unknown primary region', changes: [['dataStores[1].primary', 'bb']], problems: [['dataStores[1].primary', 'unknown region "bb" (did you mean "b"?)']] },
  { name: 'unknown primary region, far from any', changes: [['dataStores[1].primary', 'mars']], problems: [['dataStores[1].primary', 'unknown region "mars"']] },
  {
    name: 'unknown replica region (the standby is no longer a replica)',
    changes: [['dataStores[0].replicas[0]', 'bb']],
    problems: [
      ['dataStores[0].replicas[0]', 'unknown region "bb" (did you mean "b"?)'],
      ['failovers[0].standby', 'the standby must be a replica region of "db" (bb, c), got "b"'],
    ],
  },
  // Store ids and what names a store.
  { name: 'duplicate store id', changes: [['dataStores[2]', store({ replicas: ['b', 'c'] })]], problems: [['dataStores[2].id', 'duplicate data store "db"']] },
  { name: 'datastore dependency, near miss', changes: [['dependencies[0].store', 'dbb']], problems: [['dependencies[0].store', 'unknown data store "dbb" (did you mean "db"?)']] },
  { name: 'datastore dependency, far miss', changes: [['dependencies[0].store', 'orders']], problems: [['dependencies[0].store', 'unknown data store "orders"']] },
  {
    name: 'no stores at all, still named by a dependency',
    changes: [['dataStores', []], ['failovers', []], ['faults', []]],
    problems: [['dependencies[0].store', 'unknown data store "db"']],
  },
  { name: 'primary-failure on an unknown store', changes: [['faults[0].store', 'nope']], problems: [['faults[0].store', 'unknown data store "nope"']] },
  {
    name: 'primary-failure on a multi-writer store',
    changes: [['dataStores[2]', SESSIONS], ['faults[0].store', 'sessions']],
    problems: [['faults[0].store', 'data store "sessions" is multi-writer: failovers, primary failures and replication stalls need a single-primary store (sync, async or semi-sync)']],
  },
  {
    name: 'replication-stall on a multi-writer store',
    changes: [['dataStores[2]', SESSIONS], ['faults[1].store', 'sessions']],
    problems: [['faults[1].store', 'data store "sessions" is multi-writer: failovers, primary failures and replication stalls need a single-primary store (sync, async or semi-sync)']],
  },
  { name: 'replication-stall on an unknown store', changes: [['faults[1].store', 'd']], problems: [['faults[1].store', 'unknown data store "d" (did you mean "db"?)']] },
  { name: 'replication-stall of the primary region', changes: [['faults[1].region', 'a']], problems: [['faults[1].region', 'data store "db" has no replica in region "a" (replicas: b, c)']] },
  { name: 'replication-stall of a region with no member', changes: [['faults[1].store', 'ledger']], problems: [['faults[1].region', 'data store "ledger" has no replica in region "c" (replicas: a)']] },
  // Failovers.
  { name: 'failover of an unknown store', changes: [['failovers[0].store', 'dbx']], problems: [['failovers[0].store', 'unknown data store "dbx" (did you mean "db"?)']] },
  {
    name: 'failover of a multi-writer store',
    changes: [['dataStores[2]', SESSIONS], ['failovers[0].store', 'sessions']],
    problems: [['failovers[0].store', 'data store "sessions" is multi-writer: failovers, primary failures and replication stalls need a single-primary store (sync, async or semi-sync)']],
  },
  { name: 'standby is the primary', changes: [['failovers[0].standby', 'a']], problems: [['failovers[0].standby', 'the standby must be a replica region of "db" (b, c), got "a"']] },
  { name: 'standby is an unknown region', changes: [['failovers[1].standby', 'c']], problems: [['failovers[1].standby', 'the standby must be a replica region of "ledger" (a), got "c"']] },
  {
    name: 'two failovers for one store',
    changes: [['failovers[1].store', 'db'], ['failovers[1].standby', 'c']],
    problems: [['failovers[1].store', 'data store "db" has two failovers; give it one']],
  },
  {
    name: 'two follow-primary failovers',
    changes: [['failovers[1].routing', 'follow-primary']],
    problems: [['failovers', 'only one failover can use follow-primary routing (users follow one primary), got 2']],
  },
  {
    name: 'follow-primary with no entry placement in the standby region',
    changes: [['services[0].placements', [{ region: 'a', instances: 20, zones: [] }, { region: 'c', instances: 20, zones: [] }]]],
    problems: [['failovers[0].routing', 'follow-primary routing sends users to "b", but the entry service has no placement there']],
  },
  {
    name: 'follow-primary with no entry placement in the primary region',
    changes: [['services[0].placements', [{ region: 'b', instances: 20, zones: [] }]], ['traffic.populations[0].region', 'b'], ['alerting.rules[0].scope.region', 'b']],
    problems: [['failovers[0].routing', 'follow-primary routing sends users to "a", but the entry service has no placement there']],
  },
  { name: 'independent routing needs no placement', changes: [['services[0].placements', [{ region: 'a', instances: 20, zones: [] }]], ['failovers[0].routing', 'independent']], problems: [] },
  { name: 'alert detection naming an unknown rule', changes: [['failovers[0].alert', 'db-primary-dwn']], problems: [['failovers[0].alert', 'no alert rule is named "db-primary-dwn" (did you mean "db-primary-down"?)']] },
  { name: 'alert detection with no alerting at all', changes: [['alerting', undefined]], problems: [['failovers[0].alert', 'no alert rule is named "db-primary-down"']] },
  { name: 'an alert name is ignored under health-check detection', changes: [['failovers[0].detection', 'health-check'], ['failovers[0].alert', 'nothing']], problems: [] },
  // Alert scopes.
  { name: 'unknown scope region', changes: [['alerting.rules[0].scope.region', 'aa']], problems: [['alerting.rules[0].scope.region', 'unknown region "aa" (did you mean "a"?)']] },
  { name: 'unknown scope service', changes: [['alerting.rules[0].scope.service', 'apo']], problems: [['alerting.rules[0].scope.service', 'unknown service "apo" (did you mean "api"?)']] },
  {
    name: 'unknown scope region and service in a later rule',
    changes: [['alerting.rules[1].scope', { region: 'mars', service: 'web' }]],
    problems: [
      ['alerting.rules[1].scope.region', 'unknown region "mars"'],
      ['alerting.rules[1].scope.service', 'unknown service "web"'],
    ],
  },
];

describe('validateModel: names in the data and operations sections', () => {
  it('the base config is valid', () => {
    expect(validateModel(dataOpsModel())).toEqual([]);
  });

  it.each(ROWS.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    expect(validateModel(withValues(row.changes))).toEqual(row.problems.map(([path, message]) => ({ path, message })));
  });

  it('checks the names only once the data and operations shapes are sound', () => {
    const names: readonly (readonly [string, unknown])[] = [
      ['dependencies[0].store', 'dbb'],
      ['faults[0].store', 'nope'],
      ['failovers[0].standby', 'a'],
      ['alerting.rules[0].scope.region', 'aa'],
    ];
    expect(validateModel(withValues([...names, ['dataStores[1].keys', 0]]))).toEqual([{ path: 'dataStores[1].keys', message: 'keys must be a whole number > 0, got 0' }]);
    expect(validateModel(withValues([...names, ['alerting.groupWaitUs', -1]]))).toEqual([{ path: 'alerting.groupWaitUs', message: 'groupWaitUs must be a whole number of µs >= 0, got -1' }]);
    expect(validateModel(withValues(names)).map((p) => p.path)).toEqual(['dependencies[0].store', 'faults[0].store', 'failovers[0].standby', 'alerting.rules[0].scope.region']);
  });

  it('a region known to the model is a valid member anywhere', () => {
    const model = withValues([
      ['dataStores[0].primary', 'c'],
      ['dataStores[0].replicas', ['a', 'b']],
      ['faults[1].region', 'a'],
    ]);
    expect(validateModel(model)).toEqual([]);
  });
});

describe('values that cannot be turned into text', () => {
  it('a region id without a primitive value is a problem, not a TypeError (found by a second reader)', () => {
    const config = dataModel({ durationUs: 60 * S, users: [{ region: 'a', ratePerS: 1, writeRatio: 0 }] });
    (config.regions[0] as unknown as { id: unknown }).id = { toString: null };
    expect(() => validateModel(config)).not.toThrow();
    expect(validateModel(config).map((p) => p.path)).toContain('regions[0].id');
  });

  it('a misspelt store or failover field is reported instead of silently ignored', () => {
    const config = dataModel({ durationUs: 60 * S, users: [{ region: 'a', ratePerS: 1, writeRatio: 0 }], failovers: [automaticFailover()] });
    (config.dataStores?.[0] as unknown as Record<string, unknown>).quorom = 2;
    (config.failovers?.[0] as unknown as Record<string, unknown>).standy = 'b';
    expect(validateModel(config)).toEqual([
      { path: 'dataStores[0]', message: '"quorom" is not a field of a data store (did you mean "quorum"?)' },
      { path: 'failovers[0]', message: '"standy" is not a field of a failover (did you mean "standby"?)' },
    ]);
  });
});
