import { readFileSync } from 'node:fs';
import { ModelEngine, threeRegionLaunchModel } from '@stormglass/sim-core';
import { describe, expect, it } from 'vitest';
import type { SourceResolver } from '../src/language/compose.js';
import { loadScenario } from '../src/language/load.js';
import { formatProblem } from '../src/language/source.js';

// The whole scenario: sections resolved to sim-core's ModelConfig, sim-core's problems mapped
// back to the lines that wrote them, extends and --set.

const shop = readFileSync(new URL('./fixtures/shop.yaml', import.meta.url), 'utf8');
const problemsOf = (text: string, options = {}) => loadScenario(text, 'shop.yaml', options).problems.map(formatProblem);

describe('loadScenario', () => {
  it('resolves a whole scenario to a ModelConfig sim-core accepts and runs', () => {
    const { scenario, problems } = loadScenario(shop, 'shop.yaml');
    expect(problems).toEqual([]);
    const config = scenario!.config;
    expect(config.seed).toBe(7);
    expect(config.durationUs).toBe(300_000_000);
    expect(config.routing).toEqual({
      policy: 'nearest-healthy',
      entryService: 'web',
      healthCheck: { intervalUs: 10_000_000, timeoutUs: 2_000_000, healthyThreshold: 3, unhealthyThreshold: 3, depth: 'shallow', endpoint: 'browse' },
      dnsTtlUs: 60_000_000,
      cohortsPerPopulation: 16,
      weights: [],
      failoverOrder: [],
    });
    // The same parts as sim-core's own example, written in the language.
    const example = threeRegionLaunchModel();
    expect(config.regions).toEqual(example.regions);
    expect(config.services[0].endpoints[0]).toEqual(example.services[0].endpoints[0]);
    expect(config.services[0].placements).toEqual(example.regions.map((r) => ({ region: r.id, instances: 4, zones: [] })));
    expect(config.dependencies[0]).toEqual(example.dependencies[0]);
    expect(config.dependencies[2]).toEqual({ ...example.dependencies[2], breaker: { failureRateThreshold: 0.5, minimumCalls: 20, windowUs: 30_000_000, openDurationUs: 30_000_000, halfOpenProbes: 5 } });
    expect(config.dataStores?.[0]).toMatchObject({ id: 'orders', mode: 'async', capacityPerS: Number.POSITIVE_INFINITY, storageGB: 500, writeSizeBytes: 1000 });
    expect(config.residency).toEqual({ zones: [{ zone: 'eu', regions: ['eu-west'] }] });
    const result = new ModelEngine(config).run();
    expect(result.conservation).toEqual([]);
    expect(result.users.started).toBeGreaterThan(15_000);
    expect(result.operations.faults[0].rto.status).toBe('recovered');
  });

  it("points sim-core's reference and sense problems at the lines that wrote them, all at once", () => {
    const bad = shop
      .replace('us-east: 4, eu-west', 'us-east: 4, eu-wst')
      .replace('miss: accounts-api', 'miss: acounts-api')
      .replace('median: 8ms, p99: 40ms', 'median: 80ms, p99: 40ms')
      .replace('at: 2m', 'at: 20m')
      .replace('store: orders }', 'store: order }');
    expect(problemsOf(bad)).toEqual([
      'shop.yaml:21:55 topology.services[0].endpoints[0].work.p99: p99 (40ms) must be >= median (80ms)',
      'shop.yaml:27:40 topology.services[0].instances.eu-wst: unknown region "eu-wst" — did you mean "eu-west"?',
      'shop.yaml:37:113 topology.dependencies[0].miss: unknown dependency "acounts-api" — did you mean "accounts-api"?',
      'shop.yaml:46:48 topology.dependencies[3].store: unknown data store "order" — did you mean "orders"?',
      'shop.yaml:55:49 faults[0].at: the fault starts at 20m, outside the run (0 to 5m)',
    ]);
  });

  it('reports a misspelt field once, with its suggestion, and the schema wording for a missing value', () => {
    expect(problemsOf(shop.replace('hits: 90%', 'hitz: 90%').replace('at: 2m', 'at: 2mins'))).toEqual([
      'shop.yaml:37:96 topology.dependencies[0].hitz: "hitz" is not a field here (expected one of kind, latency, hits, miss, id, timeout, breaker, fallback, tier, found "hitz") — did you mean "hits"?',
      'shop.yaml:55:49 faults[0].at: invalid duration (expected one of us, ms, s, m, h, d, found unknown unit "mins") — did you mean "2m"?',
    ]);
    expect(problemsOf(shop.replace('duration: 5m\n', ''))).toEqual(['shop.yaml:1:1 duration: a required field is missing (expected a duration with its unit, like 250ms or 5m, found nothing)']);
  });

  it('applies --set on top, and names the --set that is wrong', () => {
    const { scenario } = loadScenario(shop, 'shop.yaml', { sets: ['topology.routing.dnsTtl=300s', 'seed=3', 'topology.services[0].autoscaling.max=80'] });
    expect(scenario?.config.routing.dnsTtlUs).toBe(300_000_000);
    expect(scenario?.config.seed).toBe(3);
    expect(scenario?.config.services[0].autoscaling?.max).toBe(80);
    // null removes a field, as under extends: no autoscaling, no fault duration (to the end).
    const removed = loadScenario(shop, 'shop.yaml', { sets: ['topology.services[0].autoscaling=null', 'faults[0].duration=null'] }).scenario?.config;
    expect(removed?.services[0].autoscaling).toBeUndefined();
    expect(removed?.faults[0]).toEqual({ kind: 'region-outage', region: 'us-east', startUs: 120_000_000 });
    expect(problemsOf(shop, { sets: ['topology.routing.dnsTtl=5mins'] })).toEqual([
      '--set topology.routing.dnsTtl=5mins topology.routing.dnsTtl: invalid duration (expected one of us, ms, s, m, h, d, found unknown unit "mins") — did you mean "5m"?',
    ]);
    expect(problemsOf(shop, { sets: ['topology.services[7].instances.us-east=3'] })).toEqual(['--set topology.services[7].instances.us-east=3 topology.services[7].instances.us-east: there is no item 7 here (found a list of 2)']);
    expect(problemsOf(shop, { sets: ['__proto__.polluted=1'] })).toEqual(['--set __proto__.polluted=1 "__proto__" cannot be a key: it would reach an object\'s prototype (expected a field name, found "__proto__")']);
    expect(problemsOf(shop, { sets: ['seed'] })).toEqual(['--set seed a --set is path=value (expected path=value, like topology.routing.dnsTtl=300s, found "seed")']);
    // An empty value is a mistake, not a quiet removal (that is =null).
    expect(problemsOf(shop, { sets: ['topology.routing.dnsTtl='] })).toEqual([
      '--set topology.routing.dnsTtl= topology.routing.dnsTtl: no value after = (expected a value, like topology.routing.dnsTtl=300s, or topology.routing.dnsTtl=null to remove it (its default applies), found nothing)',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('extends a parent: mappings merge, lists replace, null removes, and each problem names its file', () => {
    const files: Record<string, string> = {
      'shop.yaml': shop,
      'ttl-300.yaml': 'extends: ./shop.yaml\nname: shop-ttl-300\ndescription: null\ntopology:\n  routing:\n    dnsTtl: 300s\nfaults: []\n',
      'no-scaling.yaml': 'extends: ./ttl-300.yaml\nname: shop-fixed\ntopology:\n  services:\n    - { id: web, endpoints: [{ name: browse }], instances: { us-east: 9 } }\n',
      'bad-child.yaml': 'extends: ./shop.yaml\nname: bad-child\ntopology:\n  routing:\n    dnsTtl: 300sec\n',
      'loop-a.yaml': 'extends: ./loop-b.yaml\nname: a\n',
      'loop-b.yaml': 'extends: ./loop-a.yaml\nname: b\n',
    };
    const resolve: SourceResolver = (ref) => {
      const file = ref.replace(/^\.\//, '');
      return files[file] === undefined ? { error: 'no such file', ...(ref === './shopp.yaml' ? { suggestion: './shop.yaml' } : {}) } : { text: files[file], file };
    };
    const child = loadScenario(files['ttl-300.yaml'], 'ttl-300.yaml', { resolve });
    expect(child.problems).toEqual([]);
    expect(child.scenario?.name).toBe('shop-ttl-300');
    expect(child.scenario?.config.routing.dnsTtlUs).toBe(300_000_000);
    expect(child.scenario?.config.routing.healthCheck.intervalUs).toBe(10_000_000);
    expect(child.scenario?.config.faults).toEqual([]);
    expect(child.scenario?.description).toBe('');
    expect(child.scenario?.config.services).toHaveLength(2);
    expect(child.scenario?.document.extends).toBeUndefined();
    const grandchild = loadScenario(files['no-scaling.yaml'], 'no-scaling.yaml', { resolve });
    // The child's services list replaces the parent's whole: what the parent still refers to is named in the parent's file.
    expect(grandchild.problems.map(formatProblem)).toEqual([
      'shop.yaml:38:52 topology.dependencies[1].service: unknown service "accounts"',
      'shop.yaml:51:116 traffic.users[0].mix[1].endpoint: service "web" has no endpoint "checkout"',
      'shop.yaml:52:116 traffic.users[1].mix[1].endpoint: service "web" has no endpoint "checkout"',
    ]);
    expect(loadScenario(files['bad-child.yaml'], 'bad-child.yaml', { resolve }).problems.map(formatProblem)).toEqual([
      'bad-child.yaml:5:13 topology.routing.dnsTtl: invalid duration (expected one of us, ms, s, m, h, d, found unknown unit "sec") — did you mean "300s"?',
    ]);
    expect(loadScenario('extends: ./loop-a.yaml\nname: c\n', 'c.yaml', { resolve }).problems.map(formatProblem)).toEqual(['loop-b.yaml:1:10 extends: extends goes round in a circle (expected a chain that ends, found c.yaml → loop-a.yaml → loop-b.yaml → loop-a.yaml)']);
    expect(loadScenario('extends: ./shopp.yaml\nname: c\n', 'c.yaml', { resolve }).problems.map(formatProblem)).toEqual(['c.yaml:1:10 extends: cannot extend "./shopp.yaml": no such file (found "./shopp.yaml") — did you mean "./shop.yaml"?']);
  });

  it('checks segmentation statically and reports the offending call', () => {
    const segmented = shop
      .replace('    - id: web\n', '    - id: web\n      tier: public\n')
      .replace('    - id: accounts\n', '    - id: accounts\n      tier: app\n')
      .replace('  dataStores:', '  segmentation: { flows: [internet -> public, public -> app, app -> data, public -> external] }\n  dataStores:');
    const { scenario, problems } = loadScenario(segmented, 'shop.yaml');
    expect(problems).toEqual([]);
    expect(scenario?.segmentation.map((v) => `${v.file}:${v.line} ${v.path}: ${v.flow}: ${v.message}`)).toEqual([
      'shop.yaml:23 topology.services[0].endpoints[0].calls[0]: web.browse (public) → session-cache (data): public -> data is not an allowed flow (allowed: internet -> public, public -> app, app -> data, public -> external)',
      'shop.yaml:26 topology.services[0].endpoints[1].calls[0]: web.checkout (public) → session-cache (data): public -> data is not an allowed flow (allowed: internet -> public, public -> app, app -> data, public -> external)',
      'shop.yaml:26 topology.services[0].endpoints[1].calls[2]: web.checkout (public) → orders-db (data): public -> data is not an allowed flow (allowed: internet -> public, public -> app, app -> data, public -> external)',
    ]);
    const missingTier = loadScenario(segmented.replace('      tier: app\n', ''), 'shop.yaml');
    expect(missingTier.problems.map(formatProblem)).toEqual(['shop.yaml:33:7 topology.services[1]: service "accounts" needs a tier when segmentation is given (expected tier: public, app, data, admin or external, found no tier)']);
  });
});

describe('limits', () => {
  it('refuses a run that cannot fit its event budget before running it', () => {
    expect(problemsOf(shop, { sets: ['limits.events=100000'] })).toEqual([]);
    expect(problemsOf(shop, { sets: ['limits.events=50000'] })).toEqual([
      'shop.yaml:4:11 duration: this run needs about 21,000 user requests, at least 63,000 events: more than the event budget (limits.events 50,000) (expected a shorter run, lower rates, or a larger limits.events, found "5m")',
    ]);
    expect(problemsOf(shop, { sets: ['duration=32d'] })).toEqual([
      '--set duration=32d duration: the run must last more than 0s and at most the limit (expected more than 0s and at most 31d, found "32d")',
      // A default that the longer run breaks is named at its section's path, at the top of the file.
      'shop.yaml:1:1 metrics.interval: interval 10s makes 276480 ticks × 9 cells (3 regions × 3 endpoints) = 2488320 metric slots, more than the 2000000 allowed; use an interval of at least 12.441613s',
    ]);
  });
});

describe('--set on a path the scenario does not have', () => {
  it('says the list is absent and how to set it whole', () => {
    expect(problemsOf(shop, { sets: ['topology.residency.zones[0].regions=[eu-west]'] })).toEqual([
      '--set topology.residency.zones[0].regions=[eu-west] topology.residency.zones[0].regions: topology.residency.zones is not in the scenario, so it has no item 0 (expected the whole list, like topology.residency.zones=[...], found nothing)',
    ]);
    const { scenario } = loadScenario(shop, 'shop.yaml', { sets: ['topology.residency.zones=[{zone: eu, regions: [eu-west, us-east]}]'] });
    expect(scenario?.config.residency).toEqual({ zones: [{ zone: 'eu', regions: ['eu-west', 'us-east'] }] });
  });
});

describe('targets and invariants', () => {
  it('resolve with their units, and a latency target names an endpoint users call', () => {
    const withTargets = `${shop}targets:\n  rto: 2m\n  rpo: 0s\n  availability: 99.9%\n  latency: { all: { p99: 800ms }, checkout: { p99: 1.2s } }\ninvariants: [conservation, no-acknowledged-write-lost]\n`;
    const { scenario, problems } = loadScenario(withTargets, 'shop.yaml');
    expect(problems).toEqual([]);
    expect(scenario?.targets).toEqual({ rtoUs: 120_000_000, rpoUs: 0, availability: 0.999, latency: { all: { p99Us: 800_000 }, checkout: { p99Us: 1_200_000 } } });
    expect(scenario?.invariants).toEqual(['conservation', 'no-acknowledged-write-lost']);
    expect(problemsOf(withTargets.replace('checkout: { p99', 'chekout: { p99'))).toEqual([
      'shop.yaml:60:35 targets.latency.chekout: "chekout" is not an endpoint users call (expected all, or an endpoint of web: browse, checkout, found "chekout") — did you mean "checkout"?',
    ]);
    expect(loadScenario(shop, 'shop.yaml').scenario?.invariants).toEqual(['conservation', 'monotone-time']);
  });
});

describe('segmentation: admin only from approved networks', () => {
  // An admin console is the entry service; operators reach it from corp-vpn, and one population
  // comes from the internet: its flow is the violation, at its users entry.
  const admin = `name: admin-console
duration: 1m
regions:
  - { id: us-east, location: { lon: -77.5, lat: 39.0 }, price: $0.19/h, egress: $0.02/GB }
topology:
  segmentation: { flows: [corp-vpn -> admin, admin -> data] }
  services:
    - id: console
      tier: admin
      endpoints: [{ name: ops, calls: [audit-db] }]
      instances: { us-east: 1 }
  dependencies:
    - { id: audit-db, kind: datastore, store: audit }
  dataStores:
    - { id: audit, mode: async, primary: us-east }
traffic:
  users:
    - { region: us-east, network: corp-vpn, rate: { kind: constant, rate: 1rps }, mix: [{ endpoint: ops, weight: 1 }] }
    - { region: us-east, rate: { kind: constant, rate: 1rps }, mix: [{ endpoint: ops, weight: 1 }] }
`;
  it('allows the approved network and reports the internet population', () => {
    const { scenario, problems } = loadScenario(admin, 'admin.yaml');
    expect(problems.map(formatProblem)).toEqual([]);
    expect(scenario?.segmentation.map((v) => `${v.line} ${v.path}: ${v.flow}: ${v.message}`)).toEqual([
      '19 traffic.users[1]: users in us-east (internet) → console (admin): internet -> admin is not an allowed flow (allowed: corp-vpn -> admin, admin -> data)',
    ]);
    // Without the internet population, nothing is forbidden.
    const vpnOnly = loadScenario(admin.split('\n').filter((line) => !line.startsWith('    - { region: us-east, rate')).join('\n'), 'admin.yaml');
    expect(vpnOnly.scenario?.segmentation).toEqual([]);
  });
});
