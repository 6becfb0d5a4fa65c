import { describeValue } from '../assert.js';
import { validateDataStore } from './data/store-config.js';
import type { DataStoreConfig } from './data/store-config.js';
import { FAILOVER_ROUTINGS } from './model-config.js';
import { ALERT_METRICS } from './ops/alerts/alert-config.js';
import type { AlertMetric } from './ops/alerts/alert-config.js';
import { validateAlerting } from './ops/alerts/alert-validate.js';
import { validateFailover } from './ops/failover/failover-config.js';
import { isRecord } from './resilience/validate.js';
import { closestSpelling } from '../units/levenshtein.js';
import { validateBackups } from './validate-backups.js';
import { checkStoreResidency, namedStores, residencyZones } from './validate-residency.js';
import { checkAlertScopes } from './validate-alert-scopes.js';
import { suggest } from './validate-references.js';
import type { ModelProblem } from './validate-references.js';

type Json = Record<string, unknown>;

/** The alert metrics the engine reads: all of them (the latency quantiles since engine/latency-readings.ts). */
export const ENGINE_ALERT_METRICS: readonly AlertMetric[] = ALERT_METRICS;

/** A sentence that starts with a field path (`rules[2].scope.region must ...`): its path, else ''. */
const LEADING_PATH = /^([A-Za-z_]\w*(?:\[\d+\]|\.[A-Za-z_]\w*)*)(?=[\s:,(]|$)/;

const STORE_FIELDS = new Set(['id', 'mode', 'primary', 'replicas', 'quorum', 'semiSyncTimeoutUs', 'writeSizeBytes', 'readLatency', 'writeLatency', 'capacityPerS', 'readFrom', 'keys', 'fencing', 'partitions', 'zone', 'storageGB', 'storagePriceUsdPerGBMonth']);
const ALERTING_FIELDS = new Set(['rules', 'groupWaitUs', 'repeatIntervalUs']);
const FAILOVER_FIELDS = new Set(['mode', 'detection', 'alert', 'decisionUs', 'human', 'promotionUs']);

/**
 * The problems of the data and operations sections (`dataStores`, `alerting`, `failovers`) and
 * of everything that names a store (datastore dependencies, store faults), each with its path.
 * Shapes first; the names are checked only once the shapes they read are sound. Never throws.
 */
export function validateDataAndOps(model: Json): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const report = (path: string, message: string): void => void problems.push({ path, message });
  const stores = listAt(report, model, 'dataStores');
  const zones = residencyZones(report, model);
  stores.forEach((store, i) => {
    attach(report, `dataStores[${i}]`, validateDataStore(store as unknown as DataStoreConfig), STORE_FIELDS);
    unknownFields(report, `dataStores[${i}]`, store, [...STORE_FIELDS], 'a data store');
    checkStoreResidency(report, `dataStores[${i}]`, store, zones);
  });
  if (model.alerting !== undefined) {
    if (isRecord(model.alerting)) attach(report, 'alerting', validateAlerting(model.alerting as never, undefined, ENGINE_ALERT_METRICS), ALERTING_FIELDS);
    else report('alerting', `alerting must be an object { rules, groupWaitUs, repeatIntervalUs }, got ${describeValue(model.alerting)}`);
  }
  const failovers = listAt(report, model, 'failovers');
  failovers.forEach((failover, i) => {
    const path = `failovers[${i}]`;
    attach(report, path, validateFailover(failover as never), FAILOVER_FIELDS);
    for (const field of ['store', 'standby'] as const) {
      if (!(typeof failover[field] === 'string' && failover[field] !== '')) report(`${path}.${field}`, `${field} must be a non-empty string, got ${describeValue(failover[field])}`);
    }
    unknownFields(report, path, failover, [...FAILOVER_FIELDS, 'store', 'standby', 'routing'], 'a failover');
    if (!FAILOVER_ROUTINGS.includes(failover.routing as never)) {
      report(`${path}.routing`, `routing must be one of ${FAILOVER_ROUTINGS.map((r) => `"${r}"`).join(', ')}, got ${describeValue(failover.routing)}`);
    }
  });
  const namesReadable = problems.length === 0;
  const named = namesReadable ? namedStores(stores as unknown as DataStoreConfig[], zones) : [];
  validateBackups(report, model, listAt(report, model, 'backups'), named, namesReadable);
  if (namesReadable) checkNames(report, model, stores as unknown as DataStoreConfig[], named, failovers);
  return problems;
}

/** A field the section does not have is a mistake (`quorom` would silently fall back to a default). */
export function unknownFields(report: (path: string, message: string) => void, path: string, record: Json, fields: readonly string[], what: string): void {
  for (const key of Object.keys(record)) {
    if (fields.includes(key)) continue;
    const near = closestSpelling(key, fields);
    report(path, `"${key}" is not a field of ${what}${near === undefined ? `; its fields are ${fields.join(', ')}` : ` (did you mean "${near}"?)`}`);
  }
}

/** The entries of an optional list at `field` that are objects; reports a non-list and non-object entries. */
export function listAt(report: (path: string, message: string) => void, model: Json, field: string): Json[] {
  const value = model[field];
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    report(field, `${field} must be an array (or absent), got ${describeValue(value)}`);
    return [];
  }
  const out: Json[] = [];
  Array.from(value as unknown[]).forEach((entry, i) => {
    if (isRecord(entry)) out.push(entry);
    else report(`${field}[${i}]`, `${field}[${i}] must be an object, got ${describeValue(entry)}`);
  });
  return out;
}

export function attach(report: (path: string, message: string) => void, base: string, messages: readonly string[], fields: ReadonlySet<string>): void {
  for (const message of messages) {
    const match = LEADING_PATH.exec(message);
    const head = match?.[1].split(/[.[]/)[0];
    report(match !== null && head !== undefined && fields.has(head) ? `${base}.${match[1]}` : base, message);
  }
}

/** Names: regions, stores, rules, and what each store fault, dependency and failover may target. */
function checkNames(report: (path: string, message: string) => void, model: Json, stores: readonly DataStoreConfig[], named: readonly DataStoreConfig[], failovers: readonly Json[]): void {
  // Region names are checked only against a usable region list (else every name would be "unknown" twice over).
  const regionsKnown = Array.isArray(model.regions);
  const regions = new Set(strings(asRecords(model.regions).map((r) => r.id)));
  const byId = new Map<string, DataStoreConfig>();
  stores.forEach((store, i) => {
    if (byId.has(store.id)) report(`dataStores[${i}].id`, `duplicate data store "${store.id}"`);
    byId.set(store.id, store);
    [store.primary, ...store.replicas].forEach((region, k) => {
      const path = k === 0 ? `dataStores[${i}].primary` : `dataStores[${i}].replicas[${k - 1}]`;
      if (regionsKnown && !regions.has(region)) report(path, `unknown region "${region}"${suggest(region, regions)}`);
    });
  });
  // Zone stores of partitioned stores ("db/eu") are named by faults, failovers and backups; one
  // with the id of another store would make those names ambiguous (the engine runs both).
  let parent = -1;
  for (const store of named) {
    const declared = stores.indexOf(store);
    if (declared >= 0) parent = declared;
    else if (byId.has(store.id)) report(`dataStores[${parent}].partitions.homes`, `the zone store "${store.id}" has the id of another data store; rename one of them`);
    else byId.set(store.id, store);
  }
  const storeRef = (path: string, id: unknown, singlePrimary: boolean, dependency = false): DataStoreConfig | undefined => {
    // A name that is not a string is reported by the shape checks.
    if (typeof id !== 'string') return undefined;
    const store = byId.get(id);
    if (store === undefined) report(path, `unknown data store "${id}"${suggest(id, byId.keys())}`);
    else if (!dependency && store.mode === 'partitioned') {
      const zoneIds = named.filter((zoneStore) => zoneStore.id.startsWith(`${store.id}/`)).map((zoneStore) => `"${zoneStore.id}"`);
      report(path, `data store "${store.id}" is partitioned: name one zone's store (${zoneIds.join(', ') || `"${store.id}/<zone>"`})`);
      return undefined;
    } else if (singlePrimary && store.mode === 'multi-writer') report(path, `data store "${store.id}" is multi-writer: failovers, primary failures and replication stalls need a single-primary store (sync, async or semi-sync)`);
    return store;
  };
  asRecords(model.dependencies).forEach((dependency, i) => {
    if (dependency.kind === 'datastore') storeRef(`dependencies[${i}].store`, dependency.store, false, true);
  });
  asRecords(model.faults).forEach((fault, i) => {
    if (fault.kind === 'data-deletion') storeRef(`faults[${i}].store`, fault.store, false);
    if (fault.kind !== 'primary-failure' && fault.kind !== 'replication-stall') return;
    const store = storeRef(`faults[${i}].store`, fault.store, true);
    if (store !== undefined && fault.kind === 'replication-stall' && !(typeof fault.region === 'string' && store.replicas.includes(fault.region))) {
      report(`faults[${i}].region`, `data store "${store.id}" has no replica in region ${describeValue(fault.region)} (replicas: ${store.replicas.join(', ') || 'none'})`);
    }
  });
  checkFailoverNames(report, model, failovers, storeRef);
  const services = new Set(strings(asRecords(model.services).map((service) => service.id)));
  if (isRecord(model.alerting)) {
    asRecords(model.alerting.rules).forEach((rule, i) => {
      const scope = isRecord(rule.scope) ? rule.scope : {};
      if (regionsKnown && typeof scope.region === 'string' && !regions.has(scope.region)) report(`alerting.rules[${i}].scope.region`, `unknown region "${scope.region}"${suggest(scope.region, regions)}`);
      if (typeof scope.service === 'string' && !services.has(scope.service)) report(`alerting.rules[${i}].scope.service`, `unknown service "${scope.service}"${suggest(scope.service, services)}`);
    });
    checkAlertScopes(report, model);
  }
}

function checkFailoverNames(
  report: (path: string, message: string) => void,
  model: Json,
  failovers: readonly Json[],
  storeRef: (path: string, id: unknown, singlePrimary: boolean) => DataStoreConfig | undefined,
): void {
  const seen = new Set<string>();
  const rules = isRecord(model.alerting) && Array.isArray(model.alerting.rules) ? strings(asRecords(model.alerting.rules).map((rule) => rule.name)) : [];
  const routing = isRecord(model.routing) ? model.routing : {};
  const entry = asRecords(model.services).find((service) => service.id === routing.entryService);
  const entryRegions = entry === undefined ? [] : strings(asRecords(entry.placements).map((placement) => placement.region));
  let followers = 0;
  failovers.forEach((failover, i) => {
    const path = `failovers[${i}]`;
    const store = storeRef(`${path}.store`, failover.store, true);
    if (store !== undefined) {
      if (seen.has(store.id)) report(`${path}.store`, `data store "${store.id}" has two failovers; give it one`);
      seen.add(store.id);
      const standby = typeof failover.standby === 'string' ? failover.standby : undefined;
      if (standby === undefined || !store.replicas.includes(standby)) {
        report(`${path}.standby`, `the standby must be a replica region of "${store.id}" (${store.replicas.join(', ') || 'none'}), got ${describeValue(failover.standby)}`);
      }
      if (failover.routing === 'follow-primary') {
        followers++;
        for (const region of standby === undefined ? [store.primary] : [store.primary, standby]) {
          if (!entryRegions.includes(region)) report(`${path}.routing`, `follow-primary routing sends users to "${region}", but the entry service has no placement there`);
        }
      }
    }
    if (failover.detection === 'alert' && typeof failover.alert === 'string' && !rules.includes(failover.alert)) {
      report(`${path}.alert`, `no alert rule is named ${describeValue(failover.alert)}${typeof failover.alert === 'string' ? suggest(failover.alert, rules) : ''}`);
    }
  });
  if (followers > 1) report('failovers', `only one failover can use follow-primary routing (users follow one primary), got ${followers}`);
}

export function strings(values: readonly unknown[]): string[] {
  return values.filter((value): value is string => typeof value === 'string');
}

export function asRecords(value: unknown): Json[] {
  return Array.isArray(value) ? Array.from(value as unknown[]).filter(isRecord) : [];
}
