import { describe, expect, it } from 'vitest';
import { Histogram, Simulation } from '../src/index.js';
import type { RandomStream } from '../src/index.js';
import { InstancePool, createBalancerCursor, pick } from '../src/model/balancing/index.js';
import type { BalancerCursor, BalancerPolicy } from '../src/model/balancing/index.js';

/**
 * A server farm behind one balancer, for these tests only: N instances, each a single-server
 * FIFO queue with exponential service; Poisson arrivals, each dispatched by the policy at
 * its arrival on the number each instance holds (`pool.active`).
 *
 * A FIFO single server needs no queue to know a request's time in system: it departs at
 * max(arrival, the instance's previous departure) + service (Lindley's recursion), so the
 * arrival handler records the response and schedules the departure, which releases the
 * connection. Arrivals, service times and balancer draws come from three streams, so every
 * policy sees the same arrivals and the same service demand per request (common random
 * numbers), which sharpens the comparison.
 */
interface FarmOptions {
  policy: BalancerPolicy;
  instances: number;
  utilisation: number;
  serviceMeanUs: number;
  /** Requests before measuring starts, so the empty start does not bias the estimates. */
  warmup: number;
  /** Requests measured after the warm-up. */
  requests: number;
  batches: number;
  seed: number;
}

interface FarmResult {
  response: Histogram;
  /** Mean time in system of each batch of consecutive measured arrivals, µs. */
  batchMeansUs: number[];
}

interface Farm {
  options: FarmOptions;
  pool: InstancePool;
  cursor: BalancerCursor;
  arrivals: RandomStream;
  service: RandomStream;
  balancer: RandomStream;
  interarrivalMeanUs: number;
  /** When each instance finishes its last accepted request, µs. */
  freeAtUs: Float64Array;
  arrived: number;
  response: Histogram;
  batchSums: Float64Array;
}

function onArrival(sim: Simulation, farm: Farm): void {
  const { options, pool } = farm;
  const nowUs = sim.nowUs;
  const serviceUs = Math.round(farm.service.exponential(options.serviceMeanUs));
  const instance = pick(pool, options.policy, farm.balancer, farm.cursor);
  const departUs = Math.max(nowUs, farm.freeAtUs[instance]) + serviceUs;
  farm.freeAtUs[instance] = departUs;
  pool.active[instance]++;
  sim.schedule(departUs - nowUs, onDeparture, { farm, instance });
  const measured = farm.arrived - options.warmup;
  if (measured >= 0) {
    farm.response.record(departUs - nowUs);
    farm.batchSums[Math.floor((measured * options.batches) / options.requests)] += departUs - nowUs;
  }
  farm.arrived++;
  if (farm.arrived < options.warmup + options.requests) sim.schedule(Math.round(farm.arrivals.exponential(farm.interarrivalMeanUs)), onArrival, farm);
}

function onDeparture(_sim: Simulation, departure: { farm: Farm; instance: number }): void {
  departure.farm.pool.active[departure.instance]--;
}

function runFarm(options: FarmOptions): FarmResult {
  const sim = new Simulation({ seed: options.seed });
  const pool = new InstancePool();
  for (let i = 0; i < options.instances; i++) pool.setInService(pool.add(), true);
  const farm: Farm = {
    options,
    pool,
    cursor: createBalancerCursor(),
    arrivals: sim.stream('farm/arrivals'),
    service: sim.stream('farm/service'),
    balancer: sim.stream('farm/balancer'),
    interarrivalMeanUs: options.serviceMeanUs / (options.utilisation * options.instances),
    freeAtUs: new Float64Array(options.instances),
    arrived: 0,
    response: new Histogram(),
    batchSums: new Float64Array(options.batches),
  };
  sim.schedule(0, onArrival, farm);
  sim.run({});
  for (let i = 0; i < options.instances; i++) expect(pool.active[i]).toBe(0);
  const perBatch = options.requests / options.batches;
  return { response: farm.response, batchMeansUs: Array.from(farm.batchSums, (sum) => sum / perBatch) };
}

const INSTANCES = 10;
const UTILISATION = 0.9;
const SERVICE_MEAN_US = 10_000;
const BATCHES = 20;
/** Student t, 99.95% quantile, BATCHES − 1 = 19 degrees of freedom: a two-sided 99.9% interval. */
const T_9995_DF19 = 3.883;

const farmOptions = (policy: BalancerPolicy): FarmOptions => ({
  policy,
  instances: INSTANCES,
  utilisation: UTILISATION,
  serviceMeanUs: SERVICE_MEAN_US,
  warmup: 20_000,
  requests: 200_000,
  batches: BATCHES,
  seed: 20_240_601,
});

describe('pick() in a farm of 10 single-server instances at 90% utilisation (200k requests per policy)', () => {
  const results = new Map<BalancerPolicy, FarmResult>();
  const p99 = (policy: BalancerPolicy): number => {
    let result = results.get(policy);
    if (result === undefined) {
      result = runFarm(farmOptions(policy));
      results.set(policy, result);
    }
    return result.response.quantile(0.99);
  };

  it('random dispatch splits Poisson arrivals, so its mean time in system is M/M/1 at λ/N: W = 1/(μ − λ/N), inside the 99.9% batch-means interval', () => {
    p99('random');
    const { batchMeansUs, response } = results.get('random')!;
    const mean = batchMeansUs.reduce((a, b) => a + b, 0) / BATCHES;
    const variance = batchMeansUs.reduce((a, b) => a + (b - mean) ** 2, 0) / (BATCHES - 1);
    const halfWidth = T_9995_DF19 * Math.sqrt(variance / BATCHES);
    const expectedUs = SERVICE_MEAN_US / (1 - UTILISATION); // 1/(μ − λ/N) with λ/N = ρμ
    expect(mean).toBeCloseTo(response.mean, 6);
    expect(Math.abs(mean - expectedUs)).toBeLessThan(halfWidth);
    // The interval must be tight enough to mean something: within 15% of W.
    expect(halfWidth).toBeLessThan(0.15 * expectedUs);
  });

  it('power-of-two-choices gives a far lower p99 than random: at most 0.6× random', () => {
    expect(p99('power-of-two-choices')).toBeLessThanOrEqual(0.6 * p99('random'));
  });

  it('least-connections (join the shortest queue) gives a p99 no higher than power-of-two-choices, nor than random', () => {
    expect(p99('least-connections')).toBeLessThanOrEqual(p99('power-of-two-choices'));
    expect(p99('least-connections')).toBeLessThanOrEqual(p99('random'));
  });

  it('round-robin lies between: p99 above least-connections and below random', () => {
    expect(p99('round-robin')).toBeGreaterThanOrEqual(p99('least-connections'));
    expect(p99('round-robin')).toBeLessThanOrEqual(p99('random'));
  });
});
