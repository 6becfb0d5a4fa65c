import { beforeAll, describe, expect, it } from 'vitest';
import { detectionDelayBoundsUs, drainCompleteAtUs } from '../src/index.js';
import type { ClientConfig, DependencyConfig, ModelConfig, ModelResult } from '../src/index.js';
import {
  HEALTH_CHECK,
  MS,
  S,
  availability,
  constantPopulation,
  endpoint,
  events,
  expectPoisson,
  failuresPerTick,
  group,
  link,
  maxTicks,
  model,
  noRetryClient,
  regionsAbc,
  run,
  service,
  serviceSeries,
  sumTicks,
  userSeries,
  RUN_TIMEOUT_MS,
  TICK,
  tickOf,
} from './fixtures/engine-scenario-builders.js';

/**
 * Scenario oracles for the request-level engine (docs/request-model.md, "The engine"): each
 * test builds a small config for one failure story and checks the engine's series and events
 * against arithmetic that follows from the model's documented semantics — detection bounds,
 * DNS drain, queueing capacity — with stated tolerances, never against a snapshot.
 *
 * Metrics ticks are 1 s unless a test says otherwise; tick k covers [k s, k+1 s). A user
 * request's failure is recorded when it completes, so a request sent at t that times out
 * counts in the tick of t + attemptTimeout.
 */

const RATE = 200;

// -------------------------------------------------------------------------------------------
// 1. Region outage, nearest-healthy routing.

describe('region outage with nearest-healthy routing', () => {
  // Three regions in a row: b is a's nearest neighbour. Every region serves its own users
  // (200/s each, far below capacity) until a goes dark at T, between two probe rounds.
  const T = 62.5 * S;
  const TTL = 20 * S;
  const TIMEOUT = 1 * S;
  const config = model({
    durationUs: 130 * S,
    regions: regionsAbc(),
    links: [link('a', 'b', 20 * MS), link('a', 'c', 80 * MS), link('b', 'c', 60 * MS)],
    services: [service({ id: 'web', endpoints: [endpoint('get', { kind: 'exponential', mean: 10 * MS })], instances: { a: 4, b: 4, c: 4 } })],
    populations: ['a', 'b', 'c'].map((r) => constantPopulation(r, RATE)),
    routing: { dnsTtlUs: TTL, cohortsPerPopulation: 64 },
    client: noRetryClient(TIMEOUT),
    faults: [{ kind: 'region-outage', region: 'a', startUs: T }],
  });
  const check = config.routing.healthCheck;
  let result: ModelResult;
  let health: ReturnType<typeof events>;
  let detectedUs: number;
  let usersA: ReturnType<typeof userSeries>;
  let failedA: number[];
  beforeAll(() => {
    result = run(config);
    health = events(result, 'health-changed');
    detectedUs = health[0]?.timeUs ?? Number.NaN;
    usersA = userSeries(result, 'a');
    failedA = failuresPerTick(usersA);
  }, RUN_TIMEOUT_MS);

  it('marks a unhealthy within the detection bounds of the outage (one check interval of slack)', () => {
    // detectionDelayBoundsUs: the k-th failing check lands within [(k−1)·I, k·I + timeout].
    const bounds = detectionDelayBoundsUs(check);
    expect(health.map((e) => [e.subject, e.detail])).toEqual([['a', 'unhealthy']]);
    expect(detectedUs - T).toBeGreaterThanOrEqual(bounds.minUs);
    expect(detectedUs - T).toBeLessThanOrEqual(bounds.maxUs + check.intervalUs);
    const routing = events(result, 'routing-changed');
    expect(routing).toHaveLength(1);
    expect(routing[0].timeUs).toBe(detectedUs);
    expect(routing[0].detail).toContain('a->b');
  });

  it("fails every request of a's users between the outage and detection", () => {
    // Sent to a dark region, each attempt waits out its timeout: no success, all fail.
    const from = tickOf(T + TIMEOUT) + 1;
    const to = tickOf(detectedUs);
    expect(sumTicks(usersA.successes, from, to)).toBe(0);
    expectPoisson(sumTicks(failedA, from, to), RATE * (to - from));
  });

  it('drains the DNS cohorts linearly over one TTL after detection', () => {
    // The cohorts re-resolve on evenly staggered grids, so a request sent at D + x (0 ≤ x ≤ TTL)
    // still goes to a with probability 1 − x/TTL. Failures show one attempt timeout later, so
    // at the middle of the drain (sent at D + TTL/2) the failure rate is half the initial one;
    // 25%–75% leaves room for Poisson noise over 3 ticks (±10%) and the 1/64 cohort grain.
    const initial = sumTicks(failedA, tickOf(T + TIMEOUT) + 1, tickOf(detectedUs)) / (tickOf(detectedUs) - tickOf(T + TIMEOUT) - 1);
    const rateAt = (sentUs: number): number => sumTicks(failedA, tickOf(sentUs + TIMEOUT) - 1, tickOf(sentUs + TIMEOUT) + 2) / 3;
    const quarter = rateAt(detectedUs + TTL / 4) / initial;
    const middle = rateAt(detectedUs + TTL / 2) / initial;
    const threeQuarters = rateAt(detectedUs + (3 * TTL) / 4) / initial;
    expect(middle).toBeGreaterThanOrEqual(0.25);
    expect(middle).toBeLessThanOrEqual(0.75);
    expect(quarter).toBeGreaterThan(middle);
    expect(middle).toBeGreaterThan(threeQuarters);
    // Over the whole drain: the requests a's users sent in tick D + k, times the share
    // 1 − (k + ½)·1 s / TTL still going to a, fail one tick later. ±15% (Poisson over ~2000
    // failures is ±9% at 4σ; the rest is the 1/64 cohort grain).
    const d = tickOf(detectedUs);
    let expected = 0;
    let drained = 0;
    for (let k = 0; k < TTL / S; k++) {
      expected += usersA.requests[d + k] * Math.max(0, Math.min(1, 1 - ((d + k + 0.5) * TICK - detectedUs) / TTL));
      drained += failedA[d + k + TIMEOUT / TICK];
    }
    expect(drained / expected).toBeGreaterThan(0.85);
    expect(drained / expected).toBeLessThan(1.15);
  });

  it("stops a's users' failures once detection + TTL (+ one timeout) has passed", () => {
    const after = tickOf(drainCompleteAtUs(detectedUs, TTL) + TIMEOUT) + 1;
    expect(sumTicks(failedA, after, usersA.requests.length)).toBe(0);
    expect(availability(usersA, after, usersA.requests.length)).toBe(1);
  });

  it("moves a's whole population to b: b serves ≈ both populations' rate after the drain", () => {
    const servedB = serviceSeries(result, 'b', 'web').requests;
    const servedA = serviceSeries(result, 'a', 'web').requests;
    const after = tickOf(drainCompleteAtUs(detectedUs, TTL)) + 1;
    const ticks = servedB.length - after;
    expectPoisson(sumTicks(servedB, after, servedB.length), 2 * RATE * ticks);
    expect(sumTicks(servedA, tickOf(T) + 1, servedA.length)).toBe(0);
    // c's users never notice.
    expect(availability(userSeries(result, 'c'), 0, servedB.length)).toBe(1);
    expect(availability(userSeries(result, 'b'), 0, servedB.length)).toBe(1);
  });
});

// -------------------------------------------------------------------------------------------
// 2. A dependency outage in one region: shallow vs deep health checks.

describe('dependency outage in one region, shallow vs deep checks', () => {
  // web/get calls the third-party "ext" (required, fallback fail) in both regions; ext is
  // down only for callers in a from T for 60 s. A call to a dependency in an outage waits out
  // its 300 ms timeout, so every request a serves fails as `error` (a's 4 × 32 workers hold the
  // 200/s × 0.3 s = 60 hanging calls without queueing).
  const T = 32.5 * S;
  const OUTAGE = 60 * S;
  const TTL = 20 * S;
  const CALL_TIMEOUT = 300 * MS;
  function config(depth: 'shallow' | 'deep'): ModelConfig {
    const ext: DependencyConfig = {
      id: 'ext',
      kind: 'third-party',
      latency: { kind: 'lognormal', median: 5 * MS, p99: 20 * MS },
      errorRatio: 0,
      timeoutUs: CALL_TIMEOUT,
      fallback: { kind: 'fail' },
    };
    return model({
      durationUs: 130 * S,
      regions: regionsAbc(['a', 'b']),
      links: [link('a', 'b', 20 * MS)],
      services: [service({ id: 'web', endpoints: [endpoint('get', { kind: 'exponential', mean: 5 * MS }, [['ext']])], instances: { a: 4, b: 4 }, concurrency: 32 })],
      dependencies: [ext],
      populations: ['a', 'b'].map((r) => constantPopulation(r, RATE)),
      routing: { dnsTtlUs: TTL, healthCheck: { ...HEALTH_CHECK, depth } },
      client: noRetryClient(1 * S),
      faults: [{ kind: 'dependency-outage', dependency: 'ext', region: 'a', startUs: T, durationUs: OUTAGE }],
    });
  }
  let shallow: ModelResult;
  let deep: ModelResult;
  beforeAll(() => {
    shallow = run(config('shallow'));
    deep = run(config('deep'));
  }, RUN_TIMEOUT_MS);
  const repairUs = T + OUTAGE;

  it('shallow: a stays healthy, and its users fail until the repair', () => {
    expect(events(shallow, 'health-changed')).toEqual([]);
    const users = userSeries(shallow, 'a');
    const from = tickOf(T + CALL_TIMEOUT) + 1;
    const to = tickOf(repairUs);
    expect(availability(users, from, to)).toBeLessThan(0.01);
    expectPoisson(sumTicks(users.failures.error, from, to), RATE * (to - from));
    // Nothing moved to b.
    expectPoisson(sumTicks(serviceSeries(shallow, 'b', 'web').requests, from, to), RATE * (to - from));
    // After the repair (and one call timeout) a serves again.
    const after = tickOf(repairUs + CALL_TIMEOUT) + 1;
    expect(sumTicks(failuresPerTick(users), after, users.requests.length)).toBe(0);
  });

  it('deep: a is marked unhealthy within the detection bounds, and traffic leaves it for b', () => {
    const check = deep.eventLog.entries.filter((e) => e.kind === 'health-changed');
    expect(check[0]).toMatchObject({ subject: 'a', detail: 'unhealthy' });
    const detectedUs = check[0].timeUs;
    const bounds = detectionDelayBoundsUs(config('deep').routing.healthCheck);
    expect(detectedUs - T).toBeGreaterThanOrEqual(bounds.minUs);
    expect(detectedUs - T).toBeLessThanOrEqual(bounds.maxUs + HEALTH_CHECK.intervalUs);

    const users = userSeries(deep, 'a');
    // Failures stop once the drain is over: the last request sent to a fails one call timeout later.
    const drained = tickOf(drainCompleteAtUs(detectedUs, TTL) + CALL_TIMEOUT) + 1;
    const to = tickOf(repairUs);
    expect(drained).toBeLessThan(to);
    expect(sumTicks(failuresPerTick(users), drained, to)).toBe(0);
    // b (healthy dependency) serves both populations in the meantime.
    expectPoisson(sumTicks(serviceSeries(deep, 'b', 'web').requests, drained, to), 2 * RATE * (to - drained));
    // And before detection a's users failed as in the shallow run.
    expect(availability(users, tickOf(T + CALL_TIMEOUT) + 1, tickOf(detectedUs))).toBeLessThan(0.01);
  });

  it('deep: after the repair a passes its checks again within the healthy-threshold arithmetic', () => {
    const check = deep.eventLog.entries.filter((e) => e.kind === 'health-changed');
    expect(check.map((e) => e.detail)).toEqual(['unhealthy', 'healthy']);
    // h passing checks in a row: the first starts within one interval of the repair.
    const { healthyThreshold: h, intervalUs: I, timeoutUs } = HEALTH_CHECK;
    expect(check[1].timeUs - repairUs).toBeGreaterThanOrEqual((h - 1) * I);
    expect(check[1].timeUs - repairUs).toBeLessThanOrEqual(h * I + timeoutUs);
    expect(deep.users.availability).toBeGreaterThan(shallow.users.availability ?? 1);
  });
});

// -------------------------------------------------------------------------------------------
// 3. A third-party outage: breaker + degrade vs no breaker + fail.

describe('third-party outage: circuit breaker with a degrade fallback vs none', () => {
  // One region, 5 instances × 32 workers, 8 queue slots each; web/get calls the payment API
  // (median 50 ms, timeout 2 s). 100 requests/s use ~6 workers normally. The API hangs for
  // 60 s from T: each call then holds a worker for the 2 s timeout, so the 160 workers can
  // finish only 80 requests/s < 100/s and the 40 queue slots fill (without a breaker).
  const T = 30 * S;
  const OUTAGE = 60 * S;
  const CALL_TIMEOUT = 2 * S;
  const INSTANCES = 5;
  const CONCURRENCY = 32;
  const QUEUE = 8;
  const ARRIVALS = 100;
  // A queued job waits for at most QUEUE ≤ CONCURRENCY workers to free, and every busy worker
  // frees within one call timeout (plus its few ms of work and fallback): so at most one call
  // timeout. (Not QUEUE / CONCURRENCY of one: the workers' 2 s cycles keep the phases they
  // had when the outage began, so their frees bunch up with gaps in between.)
  const QUEUE_WAIT_MAX_US = CALL_TIMEOUT;
  function config(withBreaker: boolean): ModelConfig {
    const pay: DependencyConfig = {
      id: 'pay',
      kind: 'third-party',
      latency: { kind: 'lognormal', median: 50 * MS, p99: 200 * MS },
      errorRatio: 0.001,
      timeoutUs: CALL_TIMEOUT,
      fallback: withBreaker ? { kind: 'degrade', latency: { kind: 'constant', value: 2 * MS } } : { kind: 'fail' },
    };
    // Like the example's breaker, with a 10 s window so that it opens within seconds.
    if (withBreaker) pay.breaker = { failureRateThreshold: 0.5, minimumCalls: 20, windowUs: 10 * S, openDurationUs: 10 * S, halfOpenProbes: 5 };
    return model({
      durationUs: 120 * S,
      regions: regionsAbc(['a']),
      links: [],
      services: [
        service({ id: 'web', endpoints: [endpoint('get', { kind: 'lognormal', median: 5 * MS, p99: 20 * MS }, [['pay']])], instances: { a: INSTANCES }, concurrency: CONCURRENCY, queueCapacity: QUEUE }),
      ],
      dependencies: [pay],
      populations: [constantPopulation('a', ARRIVALS)],
      client: noRetryClient(5 * S),
      faults: [{ kind: 'dependency-outage', dependency: 'pay', startUs: T, durationUs: OUTAGE }],
    });
  }
  let guarded: ModelResult;
  let bare: ModelResult;
  beforeAll(() => {
    guarded = run(config(true));
    bare = run(config(false));
  }, RUN_TIMEOUT_MS);
  const outageTicks = [tickOf(T), tickOf(T + OUTAGE)] as const;

  it('with a breaker: it opens, probes in half-open, reopens during the outage and closes after it', () => {
    const transitions = events(guarded, 'breaker-transition', 'pay@a');
    expect(transitions.length).toBeGreaterThanOrEqual(4);
    expect(transitions[0].detail).toBe('closed -> open');
    expect(transitions[0].timeUs).toBeGreaterThan(T + CALL_TIMEOUT);
    expect(transitions[0].timeUs).toBeLessThan(T + 10 * S);
    expect(transitions[1].detail).toBe('open -> half-open');
    expect(transitions[1].timeUs - transitions[0].timeUs).toBe(10 * S);
    // Half-open probes during the outage hang and fail: back to open.
    expect(transitions.some((e) => e.detail === 'half-open -> open' && e.timeUs < T + OUTAGE)).toBe(true);
    const last = transitions[transitions.length - 1];
    expect(last.detail).toBe('half-open -> closed');
    expect(last.timeUs).toBeGreaterThan(T + OUTAGE);
    const pay = guarded.dependencies.find((d) => d.dependency === 'pay');
    expect(pay?.breakerOpen).toBeGreaterThan(0);
    expect(pay?.breaker?.state).toBe('closed');
  });

  it('with a breaker: requests succeed degraded once it is open, with bounded latency', () => {
    const users = userSeries(guarded, 'a');
    const openedUs = events(guarded, 'breaker-transition', 'pay@a')[0].timeUs;
    // Calls that were hanging when it opened end within one call timeout (degraded); after that
    // every request is answered by the fallback or a 2 s half-open probe.
    const from = tickOf(openedUs + CALL_TIMEOUT + QUEUE_WAIT_MAX_US) + 1;
    const to = outageTicks[1];
    expect(availability(users, from, to)).toBeGreaterThanOrEqual(0.99);
    const degraded = sumTicks(users.degraded, from, to);
    expect(degraded / sumTicks(users.successes, from, to)).toBeGreaterThan(0.95);
    expect(guarded.users.degraded).toBeGreaterThan(0);
    // Latency: before the breaker opens a success waited for a worker, then one call timeout;
    // once it is open nothing queues and the slowest answers are the half-open probes (one
    // call timeout). 100 ms covers the work, the fallback and the histogram's resolution.
    expect(maxTicks(users.p99Ms, outageTicks[0], outageTicks[1] + 1)).toBeLessThanOrEqual((QUEUE_WAIT_MAX_US + CALL_TIMEOUT) / MS + 100);
    expect(maxTicks(users.p99Ms, from, to)).toBeLessThanOrEqual(CALL_TIMEOUT / MS + 100);
    // Most degraded answers are fast: the breaker answers at once and the fallback takes 2 ms.
    expect(maxTicks(users.p50Ms, from, to)).toBeLessThan(50);
  });

  it('without a breaker: workers hang, the queues fill to capacity, and availability collapses', () => {
    const users = userSeries(bare, 'a');
    const web = serviceSeries(bare, 'a', 'web');
    const [from, to] = [outageTicks[0] + 5, outageTicks[1]];
    // The queue-depth gauge reaches the 40 slots (it can only be below while a slot is being refilled).
    expect(maxTicks(web.queueDepth, from, to)).toBeGreaterThanOrEqual(0.9 * INSTANCES * QUEUE);
    expect(maxTicks(web.queueDepth, 0, outageTicks[0])).toBeLessThan(INSTANCES * QUEUE * 0.25);
    expect(availability(users, from, to)).toBeLessThan(0.01);
    expect(sumTicks(users.failures.rejected, from, to)).toBeGreaterThan(0);
    expect(sumTicks(users.failures.error, from, to)).toBeGreaterThan(0);
    // Throughput of the hung workers: 160 workers / 2 s = 80 errors per second; the rest rejected.
    const errorsPerS = sumTicks(users.failures.error, from, to) / (to - from);
    expect(errorsPerS).toBeGreaterThan(0.9 * ((INSTANCES * CONCURRENCY) / (CALL_TIMEOUT / S)));
    expect(errorsPerS).toBeLessThan(1.1 * ((INSTANCES * CONCURRENCY) / (CALL_TIMEOUT / S)));
    const pay = bare.dependencies.find((d) => d.dependency === 'pay');
    expect(pay?.timeouts).toBeGreaterThan(0.9 * ((INSTANCES * CONCURRENCY) / (CALL_TIMEOUT / S)) * (OUTAGE / S));
    expect(group(bare, 'web', 'a').rejected).toBeGreaterThan(0);
    // The breaker run is far better over the same window.
    expect(availability(userSeries(guarded, 'a'), from, to)).toBeGreaterThan(0.9);
  });
});


// -------------------------------------------------------------------------------------------
// 4. A retry storm: a metastable failure.

describe('retry storm after a capacity drop (metastable failure)', () => {
  // One region, 4 instances × 4 workers, 64 queue slots each. A request holds a worker for
  // 5 ms of work + a 15 ms call to "db": capacity μ = 16 / 20 ms = 800/s, offered λ = 560/s
  // (ρ = 0.7). Clients time an attempt out after 200 ms and retry up to 3 times, 10–40 ms apart
  // (no jitter). A brownout adds 60 ms to every db call for 30 s: μ drops to 16 / 80 ms = 200/s.
  //
  // Why the storm outlives the brownout: once the queues are full, a job admitted at the tail
  // waits 64 × 20 ms / 4 = 320 ms > 200 ms, so its client has given up before it starts; the
  // server still does the work (nothing tells it), so every admitted job is wasted and every
  // attempt fails. Each request then makes 1 + 3 attempts: the offered load (1 + retries)·λ =
  // 2240/s exceeds μ = 800/s even at full capacity, so any freed queue slot is refilled at once
  // and the queues stay full — the failure sustains itself after its trigger is gone. Without
  // retries (λ < μ) or with a budget capping retries at 10% (1.1·λ = 616/s < μ) the queues
  // drain in about a second after the brownout and the system recovers. Exponential backoff
  // with full jitter spreads the retries in time but sends just as many of them, so the
  // offered load stays (1 + retries)·λ > μ: in this model it does not recover either.
  const DROP_START = 20 * S;
  const DROP_END = 50 * S;
  const END = 120 * S;
  const ARRIVALS = 560;
  const CAPACITY = (4 * 4) / ((5 + 15) / 1000);
  const QUEUE_SLOTS = 4 * 64;
  function config(client: ClientConfig): ModelConfig {
    return model({
      durationUs: END,
      regions: regionsAbc(['a']),
      links: [],
      services: [service({ id: 'web', endpoints: [endpoint('get', { kind: 'constant', value: 5 * MS }, [['db']])], instances: { a: 4 }, concurrency: 4, queueCapacity: 64 })],
      dependencies: [{ id: 'db', kind: 'third-party', latency: { kind: 'constant', value: 15 * MS }, errorRatio: 0, timeoutUs: 1 * S, fallback: { kind: 'fail' } }],
      populations: [constantPopulation('a', ARRIVALS)],
      client,
      faults: [{ kind: 'dependency-brownout', dependency: 'db', startUs: DROP_START, durationUs: DROP_END - DROP_START, errorRatio: 0, addedLatencyUs: 60 * MS }],
    });
  }
  function client(jitter: 'none' | 'full', baseUs: number, retriesMax = 3): ClientConfig {
    return {
      retry: { attemptTimeoutUs: 200 * MS, deadlineUs: 5 * S, retriesMax, backoff: { baseUs, multiplier: 2, capUs: 1 * S, jitter }, retryOn: ['timeout', 'error', 'rejected'] },
    };
  }
  let runs: { storm: ModelResult; budget: ModelResult; jitter: ModelResult; noRetries: ModelResult };
  beforeAll(() => {
    runs = {
      storm: run(config(client('none', 10 * MS))),
      budget: run(config({ ...client('none', 10 * MS), budget: { ratio: 0.1, minRetriesPerS: 1, windowUs: 10 * S } })),
      jitter: run(config(client('full', 100 * MS))),
      noRetries: run(config(client('none', 10 * MS, 0))),
    };
  }, RUN_TIMEOUT_MS);
  const late = [tickOf(DROP_END) + 20, tickOf(END)] as const;

  it('every variant is healthy before the drop and fails during it (200/s capacity for 560/s)', () => {
    for (const result of Object.values(runs)) {
      const users = userSeries(result, 'a');
      expect(availability(users, 0, tickOf(DROP_START))).toBe(1);
      expect(availability(users, tickOf(DROP_START) + 2, tickOf(DROP_END))).toBeLessThan(0.05);
    }
  });

  it('without a budget the storm outlives the drop: the queues stay full and nothing succeeds', () => {
    const users = userSeries(runs.storm, 'a');
    const web = serviceSeries(runs.storm, 'a', 'web');
    expect(availability(users, late[0], late[1])).toBeLessThan(0.01);
    // Full to the last tick (at the gauge's instant a few slots may be between a departure and
    // the next admission).
    for (let t = late[0]; t < late[1]; t++) expect(web.queueDepth[t]).toBeGreaterThanOrEqual(0.95 * QUEUE_SLOTS);
    // The servers see ≈ (1 + retriesMax)·λ attempts per second, far above μ.
    const attemptsPerS = sumTicks(web.requests, late[0], late[1]) / (late[1] - late[0]);
    expect(attemptsPerS).toBeGreaterThan(0.9 * 4 * ARRIVALS);
    expect(attemptsPerS).toBeGreaterThan(2 * CAPACITY);
  });

  it('with a 10% retry budget it recovers as soon as the drop ends', () => {
    const users = userSeries(runs.budget, 'a');
    expect(availability(users, tickOf(DROP_END) + 3, tickOf(END))).toBeGreaterThanOrEqual(0.99);
    // The budget held retries to about 10% of the requests (plus its 1/s reserve).
    const budget = runs.budget.attempts.retryBudget;
    expect(budget?.refused).toBeGreaterThan(0);
    expect(runs.budget.attempts.retries).toBeLessThanOrEqual(0.1 * runs.budget.users.started + 1 * (END / S));
  });

  it('without retries it recovers too: the retries are what sustain the storm', () => {
    expect(availability(userSeries(runs.noRetries, 'a'), tickOf(DROP_END) + 3, tickOf(END))).toBeGreaterThanOrEqual(0.99);
  });

  it('full-jitter exponential backoff alone does not recover: it sends as many retries', () => {
    const users = userSeries(runs.jitter, 'a');
    expect(availability(users, late[0], late[1])).toBeLessThan(0.01);
    expect(runs.jitter.attempts.retries).toBeGreaterThan(0.9 * runs.storm.attempts.retries);
  });
});
