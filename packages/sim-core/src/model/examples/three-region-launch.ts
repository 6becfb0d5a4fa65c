import type { ModelConfig } from '../model-config.js';

const S = 1_000_000;
const MS = 1_000;

/**
 * The standard 3-region active-active topology: a launch-day web service in us-east, eu-west
 * and ap-southeast; each request runs its own work and calls a session cache (misses go to
 * an internal accounts service) and a third-party payment API. Every part is valid on its
 * own and as a whole; tests mutate copies of it.
 */
export function threeRegionLaunchModel(): ModelConfig {
  const regions = [
    { id: 'us-east', location: { lon: -77.5, lat: 39.0 }, zones: ['a', 'b', 'c'], instancePriceUsdPerHour: 0.192, egressPriceUsdPerGB: 0.02 },
    { id: 'eu-west', location: { lon: -6.3, lat: 53.3 }, zones: ['a', 'b', 'c'], instancePriceUsdPerHour: 0.214, egressPriceUsdPerGB: 0.02, residency: 'eu' },
    { id: 'ap-southeast', location: { lon: 103.8, lat: 1.35 }, zones: ['a', 'b'], instancePriceUsdPerHour: 0.24, egressPriceUsdPerGB: 0.09 },
  ];
  const balancer = {
    policy: 'power-of-two-choices' as const,
    healthCheck: { intervalUs: 5 * S, unhealthyThreshold: 2, healthyThreshold: 3 },
    removalDelayUs: 0,
    readmissionDelayUs: 10 * S,
  };
  const instance = { concurrency: 8, queueCapacity: 64, startupUs: 30 * S, drainUs: 10 * S, replaceAfterCrashUs: 60 * S };
  return {
    seed: 1,
    durationUs: 3600 * S,
    regions,
    links: [
      { between: ['us-east', 'eu-west'], rttUs: 75 * MS, jitterUs: 1 * MS, lossRatio: 0.0001, bandwidthBitsPerS: 10e9, retransmitTimeoutUs: 200 * MS, retransmitsMax: 3 },
    ],
    routing: {
      policy: 'nearest-healthy',
      entryService: 'web',
      healthCheck: { intervalUs: 10 * S, timeoutUs: 2 * S, healthyThreshold: 3, unhealthyThreshold: 3, depth: 'shallow', endpoint: 'browse' },
      dnsTtlUs: 60 * S,
      cohortsPerPopulation: 16,
      weights: [],
      failoverOrder: [],
    },
    services: [
      {
        id: 'web',
        endpoints: [
          {
            name: 'browse',
            serviceTime: { kind: 'lognormal', median: 8 * MS, p99: 40 * MS },
            calls: [{ parallel: [{ dependency: 'session-cache', required: true }] }],
            writeRatio: 0,
          },
          {
            name: 'checkout',
            serviceTime: { kind: 'lognormal', median: 15 * MS, p99: 80 * MS },
            calls: [
              { parallel: [{ dependency: 'session-cache', required: true }] },
              { parallel: [{ dependency: 'payments', required: true }] },
            ],
            writeRatio: 1,
          },
        ],
        instance,
        placements: regions.map((r) => ({ region: r.id, instances: 10, zones: [] })),
        balancer,
        autoscaling: {
          min: 4,
          max: 200,
          evaluationIntervalUs: 60 * S,
          cooldownUs: 120 * S,
          provisioningDelayUs: 90 * S,
          policy: { kind: 'target-tracking', metric: 'utilisation', target: 0.6 },
        },
      },
      {
        id: 'accounts',
        endpoints: [{ name: 'get', serviceTime: { kind: 'exponential', mean: 5 * MS }, calls: [], writeRatio: 0 }],
        instance,
        placements: regions.map((r) => ({ region: r.id, instances: 4, zones: [] })),
        balancer: { ...balancer, policy: 'least-connections' },
      },
    ],
    dependencies: [
      {
        id: 'session-cache',
        kind: 'cache',
        latency: { kind: 'lognormal', median: 0.5 * MS, p99: 3 * MS },
        hitRatio: 0.9,
        miss: 'accounts-api',
        timeoutUs: 200 * MS,
        fallback: { kind: 'fail' },
      },
      { id: 'accounts-api', kind: 'internal', service: 'accounts', endpoint: 'get', timeoutUs: 500 * MS, fallback: { kind: 'fail' } },
      {
        id: 'payments',
        kind: 'third-party',
        latency: { kind: 'lognormal', median: 120 * MS, p99: 600 * MS },
        errorRatio: 0.002,
        timeoutUs: 2 * S,
        breaker: { failureRateThreshold: 0.5, minimumCalls: 20, windowUs: 30 * S, openDurationUs: 30 * S, halfOpenProbes: 5 },
        fallback: { kind: 'degrade', latency: { kind: 'constant', value: 2 * MS } },
      },
    ],
    traffic: {
      populations: regions.map((r, i) => ({
        region: r.id,
        profile: { kind: 'launch', basePerS: 200, peakPerS: 2000 - 400 * i, launchAtUs: 600 * S, riseUs: 300 * S, decayUs: 1800 * S, plateauPerS: 600 },
        mix: [
          { endpoint: 'browse', weight: 9 },
          { endpoint: 'checkout', weight: 1, writeRatio: 1 },
        ],
      })),
      client: {
        retry: {
          attemptTimeoutUs: 3 * S,
          deadlineUs: 10 * S,
          retriesMax: 2,
          backoff: { baseUs: 100 * MS, multiplier: 2, capUs: 2 * S, jitter: 'full' },
          retryOn: ['timeout', 'error', 'rejected'],
        },
        budget: { ratio: 0.1, minRetriesPerS: 10, windowUs: 10 * S },
      },
    },
    faults: [
      { kind: 'region-outage', region: 'us-east', startUs: 1200 * S, durationUs: 600 * S },
      { kind: 'dependency-brownout', dependency: 'payments', startUs: 2400 * S, durationUs: 300 * S, errorRatio: 0.3, addedLatencyUs: 500 * MS },
    ],
    metrics: { intervalUs: 10 * S, traceSampleRatio: 0.001, eventLogMax: 10_000 },
    limits: { eventsMax: 2_000_000_000, instancesMax: 1000 },
  };
}
