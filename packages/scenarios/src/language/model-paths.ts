import { parentPath } from './source.js';
import type { ParsedSource } from './source.js';

/**
 * sim-core's `validateModel` names the model's fields (`services[0].placements[1].region`,
 * `faults[2].startUs`); a user wrote the scenario's (`topology.services[0].instances.eu-west`,
 * `faults[2].at`). This maps one to the other: the section, the renamed fields, and the
 * placements written as a mapping by region. Where the exact path is not written (a default, or
 * a field the language spells differently) the nearest written ancestor is used, so a problem
 * always has a line.
 */

/** Model section prefix → scenario section prefix. */
const SECTIONS: readonly [RegExp, string][] = [
  [/^links(?=\[|$)/, 'network.links'],
  [/^routing(?=\.|$)/, 'topology.routing'],
  [/^services(?=\[|$)/, 'topology.services'],
  [/^dependencies(?=\[|$)/, 'topology.dependencies'],
  [/^dataStores(?=\[|$)/, 'topology.dataStores'],
  [/^residency(?=\.|$)/, 'topology.residency'],
  [/^traffic\.populations(?=\[|$)/, 'traffic.users'],
  // The language writes the retry policy's fields on the client itself (traffic.client.timeout).
  [/^traffic\.client\.retry(?=\.|$)/, 'traffic.client'],
  [/^failovers(?=\[|$)/, 'operations.failover'],
  [/^alerting(?=\.|$)/, 'operations.alerts'],
  [/^backups(?=\[|$)/, 'operations.backups'],
  [/^deployments(?=\[|$)/, 'operations.deploys'],
  [/^migration(?=\.|$)/, 'operations.migration'],
  [/^durationUs$/, 'duration'],
];

/** Field renames, model → language, applied to every segment of the path. */
const FIELDS: Record<string, string> = {
  instancePriceUsdPerHour: 'price',
  egressPriceUsdPerGB: 'egress',
  rttUs: 'rtt',
  lossRatio: 'loss',
  bandwidthBitsPerS: 'bandwidth',
  retransmitsMax: 'retransmits',
  entryService: 'entry',
  healthyThreshold: 'healthy',
  unhealthyThreshold: 'unhealthy',
  cohortsPerPopulation: 'cohorts',
  serviceTime: 'work',
  writeRatio: 'writes',
  requestBytes: 'request',
  responseBytes: 'response',
  queueCapacity: 'queue',
  evaluationIntervalUs: 'interval',
  provisioningDelayUs: 'provisioning',
  lowerBound: 'from',
  upperBound: 'to',
  adjustment: 'change',
  hitRatio: 'hits',
  errorRatio: 'errors',
  failureRateThreshold: 'threshold',
  openDurationUs: 'open',
  halfOpenProbes: 'probes',
  writeSizeBytes: 'writeSize',
  capacityPerS: 'capacity',
  storageGB: 'storage',
  storagePriceUsdPerGBMonth: 'storagePrice',
  foreignRatio: 'foreign',
  profile: 'rate',
  attemptTimeoutUs: 'timeout',
  retriesMax: 'retries',
  delayUs: 'after',
  hedgesMax: 'max',
  startUs: 'at',
  addedLatencyUs: 'latency',
  addedLossRatio: 'loss',
  ratePerS: 'rate',
};

/** A model field's name in the language (`attemptTimeoutUs` → `timeout`). */
export function renameField(field: string): string {
  return Object.prototype.hasOwnProperty.call(FIELDS, field) ? FIELDS[field] : field.replace(/(Us|PerS)$/, '');
}

/** The scenario path a model path refers to, as near as the source writes it. */
export function sourcePathOf(modelPath: string, source: ParsedSource, document: unknown): string {
  let path = modelPath;
  for (const [pattern, replacement] of SECTIONS) {
    if (pattern.test(path)) {
      path = path.replace(pattern, replacement);
      break;
    }
  }
  // Segments after the section: rename fields, keep indices.
  const head = path.match(/^(topology\.[a-zA-Z]+|network\.links|traffic\.users|operations\.[a-zA-Z]+|[a-zA-Z]+)/)?.[0] ?? '';
  const rest = path.slice(head.length).replace(/\.([A-Za-z][\w]*)/g, (_, field: string) => `.${renameField(field)}`);
  path = head + rest;
  // Placements are written as a mapping by region: placements[j].x → instances.<j-th region>.
  path = path.replace(/^(topology\.services\[(\d+)\])\.placements\[(\d+)\](\.zones)?.*$/, (whole, service: string, i: string, j: string, zones: string | undefined) => {
    const instances = (document as { topology?: { services?: { instances?: unknown }[] } }).topology?.services?.[Number(i)]?.instances;
    const region = instances !== null && typeof instances === 'object' ? Object.keys(instances)[Number(j)] : undefined;
    if (region === undefined) return `${service}.instances`;
    return zones === undefined ? `${service}.instances.${region}` : `${service}.zones.${region}`;
  });
  // Routing weights are written as a mapping by region too: weights[j].x → weights.<j-th region>.
  path = path.replace(/^topology\.routing\.weights\[(\d+)\](\..*)?$/, (whole, j: string) => {
    const weights = (document as { topology?: { routing?: { weights?: unknown } } }).topology?.routing?.weights;
    const region = weights !== null && typeof weights === 'object' ? Object.keys(weights)[Number(j)] : undefined;
    return region === undefined ? 'topology.routing.weights' : `topology.routing.weights.${region}`;
  });
  return writtenPath(path, source, document);
}

/**
 * The path as the user wrote it: itself when written or when it is a default inside a written
 * mapping (the position falls back to the mapping's); the shorthand scalar that stands for it
 * otherwise (a call written as a bare name, `calls: [payments]`, has no `.parallel[0].dependency`).
 */
function writtenPath(path: string, source: ParsedSource, document: unknown): string {
  for (let p: string | null = path; p !== null && p !== ''; p = parentPath(p)) {
    if (!source.has(p)) continue;
    if (p === path) return path;
    const value = valueAtPath(document, p);
    return value !== null && typeof value === 'object' ? path : p;
  }
  return path;
}

function valueAtPath(document: unknown, path: string): unknown {
  let value = document;
  for (const part of path.match(/[^.[\]]+/g) ?? []) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
