import { describe, expect, it } from 'vitest';
import { validateModel } from '../src/index.js';
import type { ClientConfig, ModelConfig, ModelResult } from '../src/index.js';
import { MS, RUN_TIMEOUT_MS, S, run, serviceSeries } from './fixtures/engine-scenario-builders.js';
import { endpointGet, requestModel } from './fixtures/request-model-builders.js';

const REQUEST_BYTES = 1_500;
const RESPONSE_BYTES = 20_000;

/** Retries up to twice: more attempts than requests, so requests and attempts bill differently. */
const retryingClient: ClientConfig = {
  retry: { attemptTimeoutUs: 1 * S, deadlineUs: 5 * S, retriesMax: 2, backoff: { baseUs: 10 * MS, multiplier: 2, capUs: 1 * S, jitter: 'full' }, retryOn: ['timeout', 'error', 'rejected'] },
};

/** Users in a, the api in b only (every attempt crosses), pay failing a fifth of the calls. */
function crossing(sizes: boolean, seed = 1): ModelConfig {
  return requestModel({
    seed,
    durationUs: 30 * S,
    users: [{ region: 'a', ratePerS: 300 }],
    endpoints: [endpointGet(sizes ? { requestBytes: REQUEST_BYTES, responseBytes: RESPONSE_BYTES } : {})],
    payErrorRatio: 0.2,
    client: retryingClient,
  });
}

function regionCost(result: ModelResult, region: string): ModelResult['cost']['byRegion'][number] {
  const found = result.cost.byRegion.find((c) => c.region === region);
  if (found === undefined) throw new Error(`no cost for ${region}`);
  return found;
}

describe('cross-region request egress', () => {
  const result = run(crossing(true));
  const prices = { a: 0.02, b: 0.09 };

  it('bills every attempt from the users\' region and every successful answer from the serving region, exactly', { timeout: RUN_TIMEOUT_MS }, () => {
    const attempts = result.attempts.started;
    // Answers the servers sent OK (the services recorder counts them when the job answers).
    const answersOk = serviceSeries(result, 'b', 'api').successes.reduce((a, b) => a + b, 0);
    const failedAnswers = result.services[0].requests - answersOk;
    expect(result.attempts.retries).toBeGreaterThan(0);
    expect(failedAnswers).toBeGreaterThan(0);
    const egress = result.cost.requestEgress;
    const fromA = egress.byRegion.find((e) => e.region === 'a');
    const fromB = egress.byRegion.find((e) => e.region === 'b');
    console.log(`egress: ${attempts} attempts × ${REQUEST_BYTES} B from a = ${fromA?.bytes} B; ${answersOk} OK answers × ${RESPONSE_BYTES} B from b = ${fromB?.bytes} B (${failedAnswers} failed answers bill nothing); $${egress.usd.toFixed(6)}`);
    expect(fromA?.bytes).toBe(attempts * REQUEST_BYTES);
    expect(fromB?.bytes).toBe(answersOk * RESPONSE_BYTES);
    expect(fromA?.usd).toBe(((attempts * REQUEST_BYTES) / 1e9) * prices.a);
    expect(fromB?.usd).toBe(((answersOk * RESPONSE_BYTES) / 1e9) * prices.b);
    expect(egress.bytes).toBe(attempts * REQUEST_BYTES + answersOk * RESPONSE_BYTES);
  });

  it('puts the egress in the regions\' cost, the total and the cost per million requests', { timeout: RUN_TIMEOUT_MS }, () => {
    const egress = result.cost.requestEgress;
    const instances = (region: string): number => result.services.filter((s) => s.region === region).reduce((a, s) => a + s.costUsd, 0);
    expect(regionCost(result, 'a').egressUsd).toBe(egress.byRegion[0].usd);
    expect(regionCost(result, 'b').egressUsd).toBe(egress.byRegion[1].usd);
    expect(regionCost(result, 'a').usd).toBeCloseTo(instances('a') + egress.byRegion[0].usd, 12);
    expect(regionCost(result, 'b').usd).toBeCloseTo(instances('b') + egress.byRegion[1].usd, 12);
    expect(result.cost.egressUsd).toBeCloseTo(egress.usd, 12);
    expect(result.cost.totalUsd).toBeCloseTo(instances('a') + instances('b') + egress.usd, 12);
    expect(result.cost.perMillionRequestsUsd).toBeCloseTo((result.cost.totalUsd / result.users.started) * 1e6, 9);
    // The same run without sizes costs exactly the egress less.
    const plain = run(crossing(false));
    expect(plain.cost.egressUsd).toBe(0);
    expect(result.cost.totalUsd - plain.cost.totalUsd).toBeCloseTo(egress.usd, 12);
  });

  it('sizes change only the cost: same digest and counts with and without them; the same seed gives the same bill', { timeout: RUN_TIMEOUT_MS }, () => {
    const plain = run(crossing(false));
    expect(plain.digest).toBe(result.digest);
    expect(plain.users).toEqual(result.users);
    const again = run(crossing(true));
    expect(again.digest).toBe(result.digest);
    expect(again.cost).toEqual(result.cost);
    const other = run(crossing(true, 2));
    expect(other.digest).not.toBe(result.digest);
  });

  it('same-region hops bill nothing', { timeout: RUN_TIMEOUT_MS }, () => {
    // The api runs in both regions and users are served where they are (nearest-healthy).
    const config = requestModel({
      durationUs: 10 * S,
      instances: { a: 10, b: 10 },
      users: [
        { region: 'a', ratePerS: 200 },
        { region: 'b', ratePerS: 200 },
      ],
      endpoints: [endpointGet({ requestBytes: REQUEST_BYTES, responseBytes: RESPONSE_BYTES })],
    });
    const local = run(config);
    expect(local.users.succeeded).toBeGreaterThan(1000);
    expect(local.cost.requestEgress.bytes).toBe(0);
    expect(local.cost.egressUsd).toBe(0);
    expect(local.cost.byRegion.map((c) => c.egressUsd)).toEqual([0, 0]);
  });

  it('a region outage moves users across and starts the bill: the failed-over users\' attempts and answers', { timeout: RUN_TIMEOUT_MS }, () => {
    const config = requestModel({
      durationUs: 60 * S,
      instances: { a: 10, b: 10 },
      users: [{ region: 'a', ratePerS: 200 }],
      endpoints: [endpointGet({ requestBytes: REQUEST_BYTES, responseBytes: RESPONSE_BYTES })],
      faults: [{ kind: 'region-outage', region: 'a', startUs: 20 * S }],
    });
    const moved = run(config);
    const answersFromB = serviceSeries(moved, 'b', 'api').successes.reduce((a, b) => a + b, 0);
    const egress = moved.cost.requestEgress.byRegion;
    expect(answersFromB).toBeGreaterThan(0);
    expect(egress[1].bytes).toBe(answersFromB * RESPONSE_BYTES);
    // Attempts sent to b: those b's balancer saw, plus at most one per request still in flight
    // at the end (no hedges, so a request has one attempt out at a time) on its way there.
    const seenByB = moved.services.find((s) => s.region === 'b')?.requests ?? 0;
    const sentToB = egress[0].bytes / REQUEST_BYTES;
    expect(Number.isInteger(sentToB)).toBe(true);
    expect(sentToB - seenByB).toBeGreaterThanOrEqual(0);
    expect(sentToB - seenByB).toBeLessThanOrEqual(moved.users.inFlight);
    // Before the outage users were served at home: nothing crossed.
    expect(seenByB).toBeLessThan(moved.users.started - 20 * 200 * 0.9);
  });
});

describe('validation of endpoint sizes', () => {
  const withSizes = (sizes: Record<string, unknown>): ModelConfig => {
    const config = requestModel({ durationUs: 10 * S, users: [{ region: 'a', ratePerS: 10 }] });
    Object.assign(config.services[0].endpoints[0], sizes);
    return config;
  };

  it('absent or 0 is fine, as are fractional byte averages', () => {
    expect(validateModel(withSizes({}))).toEqual([]);
    expect(validateModel(withSizes({ requestBytes: 0, responseBytes: 0 }))).toEqual([]);
    expect(validateModel(withSizes({ requestBytes: 512.5, responseBytes: 1e6 }))).toEqual([]);
  });

  it.each([
    ['requestBytes', -1, 'requestBytes must be a finite number >= 0, got -1'],
    ['requestBytes', Number.NaN, 'requestBytes must be a finite number >= 0, got NaN'],
    ['responseBytes', Number.POSITIVE_INFINITY, 'responseBytes must be a finite number >= 0, got Infinity'],
    ['responseBytes', '2kB', 'responseBytes must be a finite number >= 0, got "2kB"'],
  ])('%s = %s is reported with its path', (field, value, message) => {
    expect(validateModel(withSizes({ [field]: value }))).toEqual([{ path: `services[0].endpoints[0].${field}`, message }]);
  });
});
