import { describe, expect, it } from 'vitest';
import { HISTOGRAM_RELATIVE_ERROR_MAX, ModelConfigError, ModelEngine, validateModel } from '../src/index.js';
import type { AlertRuleConfig, ModelConfig } from '../src/index.js';
import { MS, RUN_TIMEOUT_MS, S, expectValid, userSeries } from './fixtures/engine-scenario-builders.js';
import { alertRule, endpointGet, gridAtOrAfter, requestModel } from './fixtures/request-model-builders.js';

const INTERVAL = 5 * S;

/** Runs the engine grid point by grid point, collecting each rule's reading there (null: no data). */
function runOnGrid(config: ModelConfig): { engine: ModelEngine; readings: (number | null)[][] } {
  const engine = new ModelEngine(expectValid(config));
  const rules = config.alerting?.rules ?? [];
  const readings: (number | null)[][] = rules.map(() => []);
  for (let t = INTERVAL; t <= config.durationUs; t += INTERVAL) {
    engine.runUntil(t);
    rules.forEach((rule, r) => {
      const latency = ['p50-ms', 'p95-ms', 'p99-ms'].includes(rule.metric);
      const value = latency ? (engine.ctx.latency?.lastMs[r] ?? Number.NaN) : engine.ctx.ops.requestReadings.last[r];
      readings[r].push(Number.isNaN(value) ? null : value);
    });
  }
  engine.runUntil();
  return { engine, readings };
}

function firingsOf(engine: ModelEngine, name: string): { activeAtUs: number; startsAtUs: number; endsAtUs: number | null }[] {
  const evaluator = engine.ctx.ops.evaluator;
  if (evaluator === null) throw new Error('no evaluator');
  return evaluator.firings.filter((f) => f.rule === name).map((f) => ({ activeAtUs: f.activeAtUs, startsAtUs: f.startsAtUs, endsAtUs: f.endsAtUs }));
}

describe('p99-ms through the engine: a dependency brownout', () => {
  // Users in a, served in b over a fixed 40 ms round trip; 2 ms of work and a 5 ms call: every
  // request takes exactly 47 ms until the brownout adds 200 ms to the call.
  const startUs = 20 * S + 500 * MS;
  const durationUs = 30 * S;
  const forUs = 10 * S;
  const slow: AlertRuleConfig = alertRule('slow', { metric: 'p99-ms', comparator: '>', threshold: 100, forUs, scope: { region: 'a' } });
  const brownout = { kind: 'dependency-brownout', dependency: 'pay', errorRatio: 0, addedLatencyUs: 200 * MS, startUs, durationUs } as const;
  const build = (withFault: boolean, more: AlertRuleConfig[] = []): ModelConfig =>
    requestModel({ durationUs: 70 * S, users: [{ region: 'a', ratePerS: 200 }], faults: withFault ? [brownout] : [], rules: [slow, ...more] });

  it('fires at the first evaluation >= s′ + forUs (s′ the first evaluation >= the start) and resolves once a window has no slow request', { timeout: RUN_TIMEOUT_MS }, () => {
    const { engine, readings } = runOnGrid(build(true));
    const firstTrue = gridAtOrAfter(startUs, INTERVAL);
    const firesAt = gridAtOrAfter(firstTrue + forUs, INTERVAL);
    // forUs is a whole number of intervals, so this is the first grid point >= start + forUs.
    expect(firesAt).toBe(gridAtOrAfter(startUs + forUs, INTERVAL));
    expect(firesAt).toBe(35 * S);
    // The last slow request completes ~250 ms after the repair at 50.5 s: the window (50, 55]
    // still holds slow requests, (55, 60] none, so the alert resolves at 60 s (a reading that
    // kept earlier windows' samples would stay above the threshold).
    expect(firingsOf(engine, 'slow')).toEqual([{ activeAtUs: firstTrue, startsAtUs: firesAt, endsAtUs: 60 * S }]);
    const p99 = readings[0];
    const before = p99.slice(0, firstTrue / INTERVAL - 1);
    console.log(`brownout p99 readings (ms, every 5 s): ${p99.map((v) => (v === null ? 'null' : v.toFixed(1))).join(', ')}`);
    // Constant delays: the reading is the latency itself (the histogram clamps to its exact min and max).
    expect(before.every((v) => v === 47)).toBe(true);
    expect(p99[firesAt / INTERVAL - 1]).toBeGreaterThanOrEqual(247 * (1 - HISTOGRAM_RELATIVE_ERROR_MAX));
    expect(p99[firesAt / INTERVAL - 1]).toBeLessThanOrEqual(247);
  });

  it('never fires without the brownout: every reading is the constant 47 ms', { timeout: RUN_TIMEOUT_MS }, () => {
    const { engine, readings } = runOnGrid(build(false));
    expect(firingsOf(engine, 'slow')).toEqual([]);
    expect(readings[0].every((v) => v === 47)).toBe(true);
  });

  it('reads only its scope: a rule on users in b (who do not exist) reads null and never fires', { timeout: RUN_TIMEOUT_MS }, () => {
    const { engine, readings } = runOnGrid(build(true, [alertRule('slow-b', { metric: 'p99-ms', comparator: '>', threshold: 100, forUs: 0, scope: { region: 'b' } })]));
    expect(readings[1].every((v) => v === null)).toBe(true);
    expect(firingsOf(engine, 'slow-b')).toEqual([]);
    expect(firingsOf(engine, 'slow')).toHaveLength(1);
  });
});

describe('p50-ms through the engine: an analytic median', () => {
  it('each window\'s p50 is within the histogram\'s error + a 4σ interval of 42 ms + 20 ms · ln 2', { timeout: RUN_TIMEOUT_MS }, () => {
    // Latency = 40 ms (the fixed round trip) + 2 ms of work + X, X ~ Exp(mean 20 ms) the call:
    // median m = 42 + 20 ln 2 ms. The sample median of n draws has sd ≈ 1 / (2 f(m) √n) = 20 / √n ms.
    const meanMs = 20;
    const medianMs = 42 + meanMs * Math.LN2;
    const config = requestModel({
      durationUs: 60 * S,
      users: [{ region: 'a', ratePerS: 500 }],
      payLatency: { kind: 'exponential', mean: meanMs * MS },
      rules: [alertRule('median', { metric: 'p50-ms', comparator: '>', threshold: 1e6, forUs: 0 })],
    });
    const { engine, readings } = runOnGrid(config);
    const result = engine.result();
    const successes = userSeries(result, 'a').successes;
    const p50 = readings[0];
    expect(p50).toHaveLength(12);
    const errors: number[] = [];
    p50.forEach((reading, w) => {
      // Successes completed in window w: ticks [5w, 5w + 5) of 1 s (a tick boundary is a window boundary).
      const n = successes.slice(5 * w, 5 * w + 5).reduce((a, b) => a + b, 0);
      expect(reading).not.toBeNull();
      const bound = HISTOGRAM_RELATIVE_ERROR_MAX * medianMs + (4 * meanMs) / Math.sqrt(n);
      errors.push(((reading as number) - medianMs) / (meanMs / Math.sqrt(n)));
      expect(Math.abs((reading as number) - medianMs), `window ${w}: p50 ${reading} vs ${medianMs.toFixed(3)} ± ${bound.toFixed(3)} (n = ${n})`).toBeLessThanOrEqual(bound);
    });
    const mean = p50.reduce((a: number, v) => a + (v as number), 0) / p50.length;
    console.log(`p50 readings: mean ${mean.toFixed(3)} ms vs analytic ${medianMs.toFixed(3)} ms; z-scores ${errors.map((z) => z.toFixed(2)).join(', ')}`);
    // The mean of 12 windows: sd ≈ 20 / √(12 · 2500) ms.
    expect(Math.abs(mean - medianMs)).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ERROR_MAX * medianMs + (4 * meanMs) / Math.sqrt(12 * 2500));
  });
});

describe('request readings scoped to an entry endpoint', () => {
  // get does 1 ms of work; put also calls pay, which goes down for 20 s (calls time out at 200 ms).
  const startUs = 20 * S + 500 * MS;
  const endpoints = [
    endpointGet({ name: 'get', calls: [] }),
    endpointGet({ name: 'put', calls: [{ parallel: [{ dependency: 'pay', required: true }] }] }),
  ];
  const low = (name: string, scope: AlertRuleConfig['scope']): AlertRuleConfig => alertRule(name, { metric: 'availability', comparator: '<', threshold: 0.99, scope });
  const config = requestModel({
    durationUs: 60 * S,
    instances: { a: 20 },
    endpoints,
    users: [{ region: 'a', ratePerS: 400, mix: [{ endpoint: 'get', weight: 3 }, { endpoint: 'put', weight: 1 }] }],
    faults: [{ kind: 'dependency-outage', dependency: 'pay', startUs, durationUs: 20 * S }],
    rules: [
      low('put-down', { endpoint: 'put' }),
      low('get-down', { endpoint: 'get' }),
      low('all-down', {}),
      low('put-down-a', { region: 'a', endpoint: 'put' }),
      low('put-down-b', { region: 'b', endpoint: 'put' }),
      alertRule('put-rate', { metric: 'request-rate-per-s', comparator: '>', threshold: 1e9, scope: { endpoint: 'put' } }),
    ],
  });
  config.dependencies[0].timeoutUs = 200 * MS;

  it('an availability rule fires only for the endpoint the fault hits, at the grid arithmetic\'s time', { timeout: RUN_TIMEOUT_MS }, () => {
    const { engine, readings } = runOnGrid(config);
    const firesAt = gridAtOrAfter(gridAtOrAfter(startUs, INTERVAL) + 10 * S, INTERVAL);
    expect(firingsOf(engine, 'put-down').map((f) => f.startsAtUs)).toEqual([firesAt]);
    expect(firingsOf(engine, 'put-down-a').map((f) => f.startsAtUs)).toEqual([firesAt]);
    expect(firingsOf(engine, 'all-down').map((f) => f.startsAtUs)).toEqual([firesAt]);
    expect(firingsOf(engine, 'get-down')).toEqual([]);
    expect(firingsOf(engine, 'put-down-b')).toEqual([]);
    // get never fails; put fails for the whole outage (window (25, 40] has no successful put).
    expect(readings[1].every((v) => v === 1)).toBe(true);
    expect(readings[0].slice(5, 8)).toEqual([0, 0, 0]);
    expect(readings[4].every((v) => v === null)).toBe(true);
    const report = engine.ctx.ops.evaluator?.report(engine.ctx.sim.nowUs);
    expect(report?.rules[1].pendingResets).toBe(0);
  });

  it('the endpoint\'s request rate over the windows adds up to the endpoint\'s requests exactly', { timeout: RUN_TIMEOUT_MS }, () => {
    const { engine, readings } = runOnGrid(config);
    const result = engine.result();
    const put = result.endpoints.find((e) => e.endpoint === 'put');
    const counted = readings[5].reduce((a: number, v) => a + Math.round((v as number) * (INTERVAL / S)), 0);
    expect(counted).toBe(put?.started);
    // Poisson per window: 100 put requests per s on average.
    for (const v of readings[5]) expect(Math.abs((v as number) * 5 - 500)).toBeLessThanOrEqual(4 * Math.sqrt(500));
  });
});

describe('validation of alert scopes on request metrics', () => {
  const base = (rule: Partial<AlertRuleConfig>): ModelConfig => {
    const config = requestModel({ durationUs: 10 * S, users: [{ region: 'a', ratePerS: 10 }], rules: [alertRule('r', { metric: 'p99-ms', comparator: '>', threshold: 100, ...rule })] });
    config.services.push({ ...config.services[0], id: 'accounts', endpoints: [endpointGet({ name: 'lookup', calls: [] })] });
    return config;
  };
  const problems = (config: ModelConfig): string[] => validateModel(config).map((p) => `${p.path}: ${p.message}`);

  it.each(['p50-ms', 'p95-ms', 'p99-ms', 'availability'] as const)('a %s rule scoped to the entry service and one of its endpoints is valid', (metric) => {
    expect(problems(base({ metric, threshold: metric === 'availability' ? 0.9 : 100, scope: { region: 'a', service: 'api', endpoint: 'get' } }))).toEqual([]);
  });

  it('a request metric on an internal service is rejected: users\' requests enter through the entry service', () => {
    expect(problems(base({ scope: { service: 'accounts' } }))).toEqual([
      'alerting.rules[0].scope.service: "p99-ms" reads users\' requests, which enter through the entry service "api", not "accounts": drop scope.service (or set it to "api"); to watch "accounts" use instances, queue-depth or utilisation',
    ]);
  });

  it('an unknown entry endpoint is rejected with a suggestion, another service\'s endpoint with an explanation', () => {
    expect(problems(base({ scope: { endpoint: 'gte' } }))).toEqual(['alerting.rules[0].scope.endpoint: unknown endpoint "gte" of the entry service "api" (did you mean "get"?)']);
    expect(problems(base({ metric: 'error-ratio', threshold: 0.1, scope: { endpoint: 'lookup' } }))).toEqual([
      'alerting.rules[0].scope.endpoint: unknown endpoint "lookup" of the entry service "api" ("lookup" is an endpoint of "accounts", but "error-ratio" reads users\' requests, which call the entry service\'s endpoints: get)',
    ]);
  });

  it('an endpoint on a metric read per service group is rejected', () => {
    expect(problems(base({ metric: 'queue-depth', threshold: 10, scope: { service: 'api', endpoint: 'get' } }))).toEqual([
      'alerting.rules[0].scope.endpoint: "queue-depth" is read per service and region, not per endpoint (a service\'s endpoints share its instances): drop scope.endpoint, or watch the endpoint with a request metric (availability, error-ratio, request-rate-per-s, p50-ms, p95-ms, p99-ms)',
    ]);
    expect(() => new ModelEngine(base({ metric: 'instances', threshold: 1, scope: { endpoint: 'get' } }))).toThrow(ModelConfigError);
  });
});
