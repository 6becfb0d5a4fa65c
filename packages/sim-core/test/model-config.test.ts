import { describe, expect, it } from 'vitest';
import {
  FAULT_KINDS,
  Network,
  distributionFromConfig,
  validateAutoscaler,
  validateBalancer,
  validateCircuitBreaker,
  validateDistributionConfig,
  validateModelReferences,
  validatePopulation,
  validateRegions,
  validateRetryBudget,
  validateRetryPolicy,
} from '../src/index.js';
import type { DistributionConfig, ModelConfig } from '../src/index.js';
import { threeRegionModel } from './fixtures/three-region-model.js';

describe('the model configuration contract', () => {
  it('the standard 3-region fixture is valid part by part and as a whole', () => {
    const model = threeRegionModel();
    expect(validateRegions(model.regions)).toEqual([]);
    expect(() => new Network(model.regions, model.links)).not.toThrow();
    for (const service of model.services) {
      expect(validateBalancer(service.balancer)).toEqual([]);
      if (service.autoscaling) expect(validateAutoscaler(service.autoscaling)).toEqual([]);
      for (const endpoint of service.endpoints) expect(validateDistributionConfig(endpoint.serviceTime)).toEqual([]);
    }
    for (const dependency of model.dependencies) if (dependency.breaker) expect(validateCircuitBreaker(dependency.breaker)).toEqual([]);
    for (const population of model.traffic.populations) expect(validatePopulation(population)).toEqual([]);
    expect(validateRetryPolicy(model.traffic.client.retry)).toEqual([]);
    expect(validateRetryBudget(model.traffic.client.budget!)).toEqual([]);
    expect(validateModelReferences(model)).toEqual([]);
  });

  it('the configuration is plain data: it survives a JSON round trip unchanged', () => {
    const model = threeRegionModel();
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });
});

describe('validateModelReferences(config)', () => {
  const mutate = (change: (m: ModelConfig) => void): ModelConfig => {
    const model = threeRegionModel();
    change(model);
    return model;
  };

  it('names an unknown region with its path and the closest known name', () => {
    const model = mutate((m) => {
      m.services[0]!.placements[1]!.region = 'eu-wset';
    });
    expect(validateModelReferences(model)).toContainEqual({ path: 'services[0].placements[1].region', message: 'unknown region "eu-wset" (did you mean "eu-west"?)' });
  });

  it('reports every problem at once', () => {
    const model = mutate((m) => {
      m.routing.entryService = 'wbe';
      m.traffic.populations[0] = { ...m.traffic.populations[0]!, region: 'mars' };
      m.dependencies[0]!.id = 'payments';
      m.faults.push({ kind: 'cache-flush', dependency: 'payments', startUs: m.durationUs + 1 });
    });
    expect(validateModelReferences(model)).toEqual([
      { path: 'dependencies[2].id', message: 'duplicate dependency "payments"' },
      { path: 'services[0].endpoints[0].calls[0].parallel[0].dependency', message: 'unknown dependency "session-cache"' },
      { path: 'services[0].endpoints[1].calls[0].parallel[0].dependency', message: 'unknown dependency "session-cache"' },
      { path: 'routing.entryService', message: 'unknown service "wbe" (did you mean "web"?)' },
      { path: 'traffic.populations[0].region', message: 'unknown region "mars"' },
      { path: 'faults[2].startUs', message: 'the fault starts at 3600000001 µs, outside the run (0 to 3600000000 µs)' },
      { path: 'faults[2].dependency', message: '"payments" is not a cache' },
    ]);
  });

  it('finds a cycle of internal calls, through a cache miss', () => {
    const model = mutate((m) => {
      m.services[1]!.endpoints[0]!.calls = [{ parallel: [{ dependency: 'session-cache', required: true }] }];
    });
    expect(validateModelReferences(model)).toContainEqual({ path: 'dependencies', message: 'calls form a cycle: accounts → accounts; a request would never finish' });
  });

  it('checks fault targets of every kind', () => {
    const model = mutate((m) => {
      m.faults = [
        { kind: 'region-outage', region: 'us-west', startUs: 0 },
        { kind: 'zone-outage', region: 'ap-southeast', zone: 'c', startUs: 0 },
        { kind: 'instance-crash', service: 'web', region: 'nowhere', count: 1, startUs: 0 },
        { kind: 'dependency-outage', dependency: 'paymnets', startUs: 0 },
        { kind: 'dependency-brownout', dependency: 'payments', region: 'eu-west', errorRatio: 0.5, addedLatencyUs: 0, startUs: 0 },
        { kind: 'link-partition', between: ['us-east', 'eu-wset'], direction: 'forward', startUs: 0 },
        { kind: 'link-degradation', between: ['us-east', 'eu-west'], direction: 'both', addedLatencyUs: 1, addedLossRatio: 0, startUs: 0 },
        { kind: 'capacity-quota', service: 'billing', region: 'us-east', instances: 2, startUs: 0 },
        { kind: 'cache-flush', dependency: 'session-cache', startUs: 0 },
        { kind: 'traffic-spike', region: 'eu-west', factor: 3, startUs: 0 },
        // Store faults name stores: validateModel checks them with the stores (validate-data-ops.test.ts).
        { kind: 'primary-failure', store: 'ledger', startUs: 0 },
        { kind: 'replication-stall', store: 'ledger', region: 'eu-west', startUs: 0 },
        { kind: 'data-deletion', store: 'ledger', startUs: 0 },
        // A bad deploy names a service here; validateModel checks it has a deployment (validate-deploy.test.ts).
        { kind: 'bad-deploy', service: 'web', errorRatio: 0.5, addedLatencyUs: 0, startUs: 0 },
      ];
    });
    expect(model.faults.map((f) => f.kind)).toEqual(FAULT_KINDS);
    expect(validateModelReferences(model)).toEqual([
      { path: 'faults[0].region', message: 'unknown region "us-west" (did you mean "us-east"?)' },
      { path: 'faults[1].zone', message: 'region "ap-southeast" has no zone "c"' },
      { path: 'faults[2].region', message: 'unknown region "nowhere"' },
      { path: 'faults[2].region', message: 'service "web" does not run in region "nowhere"' },
      { path: 'faults[3].dependency', message: 'unknown dependency "paymnets" (did you mean "payments"?)' },
      { path: 'faults[5].between[1]', message: 'unknown region "eu-wset" (did you mean "eu-west"?)' },
      { path: 'faults[7].service', message: 'unknown service "billing"' },
    ]);
  });

  it('checks routing: failover regions need a placement, weighted routing needs weights', () => {
    const model = mutate((m) => {
      m.routing.policy = 'failover-only';
      m.routing.failoverOrder = ['eu-west', 'us-east'];
      m.services[0]!.placements = m.services[0]!.placements.filter((p) => p.region !== 'us-east');
    });
    expect(validateModelReferences(model)).toEqual([{ path: 'routing.failoverOrder[1]', message: 'service "web" has no placement in region "us-east" to fail over to' }]);
    const weighted = mutate((m) => {
      m.routing.policy = 'weighted';
    });
    expect(validateModelReferences(weighted)).toEqual([{ path: 'routing.weights', message: 'weighted routing needs at least one weight' }]);
  });
});

describe('distributionFromConfig(config)', () => {
  it('builds every kind and matches its direct factory', () => {
    const configs: DistributionConfig[] = [
      { kind: 'constant', value: 3 },
      { kind: 'uniform', min: 1, max: 2 },
      { kind: 'exponential', mean: 4 },
      { kind: 'normal', mean: 10, sd: 2, min: 0 },
      { kind: 'lognormal', median: 40, p99: 250 },
      { kind: 'pareto', scale: 1, shape: 2.5 },
      { kind: 'empirical', points: [{ p: 0, value: 1 }, { p: 0.5, value: 20 }, { p: 1, value: 100 }] },
    ];
    for (const config of configs) {
      const distribution = distributionFromConfig(config);
      expect(distribution.kind).toBe(config.kind);
    }
    expect(distributionFromConfig({ kind: 'lognormal', median: 40, p99: 250 }).quantile(0.99)).toBeCloseTo(250, 9);
  });

  it('reports a bad parameter and an unknown kind as problems', () => {
    expect(validateDistributionConfig({ kind: 'lognormal', median: 40, p99: 30 })).toEqual(['distributionLognormal: p99 (30) must be >= median (40)']);
    expect(validateDistributionConfig({ kind: 'gamma' } as unknown as DistributionConfig)).toEqual([
      'distributionFromConfig: unknown kind "gamma"; expected constant, uniform, exponential, normal, lognormal, pareto or empirical',
    ]);
  });
});
