import { describeValue } from '../assert.js';
import { Simulation } from '../kernel/simulation.js';
import type { RandomStream } from '../kernel/random-stream.js';
import { hashName } from '../kernel/trace-digest.js';
import { Histogram } from '../metrics/histogram.js';
import type { StoppedBy } from '../kernel/simulation.js';

/**
 * The M/M/c queue on the kernel: Poisson arrivals, exponential service, c servers, FIFO,
 * unbounded queue. It is the first lesson for students (utilisation against waiting) and
 * the accuracy oracle for the engine (Erlang C, Little's law).
 */
export interface MmcOptions {
  servers: number;
  /** λ: arrivals per second. */
  arrivalRatePerS: number;
  /** 1/μ: mean service time, µs. */
  serviceMeanUs: number;
  /** Customers to measure: arrivals stop after this many, then the queue drains. */
  customers: number;
  seed: number;
  /**
   * `steady` (default) starts the queue with a number of customers drawn from the
   * stationary distribution, so the measured customers see a steady state from the first
   * arrival and the estimates carry no warm-up bias. `empty` starts idle, as a real system
   * does; it is the only choice when utilisation ≥ 1.
   */
  start?: 'steady' | 'empty';
}

export interface MmcResult {
  servers: number;
  arrivalRatePerS: number;
  serviceMeanUs: number;
  seed: number;
  start: 'steady' | 'empty';
  /** Customers measured (arrived after time 0). */
  customers: number;
  /** Customers present at time 0 (steady start); they are served but not measured. */
  customersInitial: number;
  events: number;
  stoppedBy: StoppedBy;
  /** Time of the last measured arrival, µs: the measurement horizon for time averages. */
  horizonUs: number;
  /** Simulated time when the queue had drained, µs. */
  endUs: number;
  digest: string;
  /** Busy server-time / (servers × horizon). */
  utilisation: number;
  /** Fraction of measured customers who found every server busy. */
  probabilityWait: number;
  meanWaitUs: number;
  meanResponseUs: number;
  /**
   * Half-width of an approximate 95% confidence interval for the mean wait, by the method of
   * batch means: the measured customers, in arrival order, split into `MMC_BATCHES` batches
   * whose means are nearly independent when a batch is much longer than the queue's memory.
   */
  meanWaitHalfWidth95Us: number;
  /** Time-average number in system over the horizon (L). */
  meanInSystem: number;
  /** Measured arrival rate over the horizon, per second. */
  arrivalRateMeasuredPerS: number;
  /** Waiting time in queue of each measured customer, µs. */
  wait: Histogram;
  /** Time in system (wait + service) of each measured customer, µs. */
  response: Histogram;
}

/** Batches for the batch-means confidence interval. */
export const MMC_BATCHES = 20;
/** Student t, 97.5% quantile, MMC_BATCHES − 1 = 19 degrees of freedom. */
const T_975_DF19 = 2.093;

const KIND_ARRIVAL = hashName('mmc/arrival');
const KIND_DEPARTURE = hashName('mmc/departure');
/** Arrival time marking a customer present at time 0: served, not measured. */
const UNMEASURED = -1;
const QUEUE_CAPACITY_INITIAL = 1024;

/** Model state: one object, passed to every handler as `data`, so no event allocates. */
class MmcModel {
  readonly arrivals: RandomStream;
  readonly service: RandomStream;
  readonly interarrivalMeanUs: number;
  readonly serviceMeanUs: number;
  readonly servers: number;
  readonly customersMax: number;
  busy = 0;
  arrived = 0;
  /** Waiting customers' arrival times, a ring buffer whose length is a power of two. */
  queue: Float64Array = new Float64Array(QUEUE_CAPACITY_INITIAL);
  queueMask = QUEUE_CAPACITY_INITIAL - 1;
  queueHead = 0;
  queueSize = 0;
  /** Accumulators kept in a typed array: floating `let`s in hot loops allocate in V8. */
  readonly acc = new Float64Array(ACC_SIZE);
  /** Sum of waits per batch of measured customers, in arrival (= service) order. */
  readonly batchWaitSums = new Float64Array(MMC_BATCHES);
  readonly batchSize: number;
  readonly wait = new Histogram();
  readonly response = new Histogram();

  constructor(sim: Simulation, options: Required<MmcOptions>) {
    this.arrivals = sim.stream('mmc/arrivals');
    this.service = sim.stream('mmc/service');
    this.interarrivalMeanUs = 1e6 / options.arrivalRatePerS;
    this.serviceMeanUs = options.serviceMeanUs;
    this.servers = options.servers;
    this.customersMax = options.customers;
    this.batchSize = Math.max(1, Math.floor(options.customers / MMC_BATCHES));
  }

  /** Integrates the number in system and busy servers up to now (within the horizon). */
  advance(nowUs: number): void {
    const acc = this.acc;
    if (this.arrived > this.customersMax) return; // past the horizon
    const dt = nowUs - acc[ACC_LAST_US];
    acc[ACC_AREA_IN_SYSTEM] += (this.busy + this.queueSize) * dt;
    acc[ACC_AREA_BUSY] += this.busy * dt;
    acc[ACC_LAST_US] = nowUs;
  }

  enqueue(arrivalUs: number): void {
    if (this.queueSize === this.queue.length) {
      const grown = new Float64Array(this.queue.length * 2);
      for (let i = 0; i < this.queueSize; i++) grown[i] = this.queue[(this.queueHead + i) & this.queueMask];
      this.queue = grown;
      this.queueMask = grown.length - 1;
      this.queueHead = 0;
    }
    this.queue[(this.queueHead + this.queueSize) & this.queueMask] = arrivalUs;
    this.queueSize++;
  }

  dequeue(): number {
    const arrivalUs = this.queue[this.queueHead];
    this.queueHead = (this.queueHead + 1) & this.queueMask;
    this.queueSize--;
    return arrivalUs;
  }

  startService(sim: Simulation, arrivalUs: number): void {
    this.busy++;
    const serviceUs = Math.round(this.service.exponential(this.serviceMeanUs));
    if (arrivalUs !== UNMEASURED) {
      const waitUs = sim.nowUs - arrivalUs;
      const acc = this.acc;
      // FIFO: measured customers start service in arrival order, so the count is the index.
      const batch = Math.min(MMC_BATCHES - 1, Math.floor(acc[ACC_MEASURED_SERVED] / this.batchSize));
      this.batchWaitSums[batch] += waitUs;
      acc[ACC_MEASURED_SERVED]++;
      if (waitUs > 0) acc[ACC_WAITED]++;
      acc[ACC_WAIT_SUM] += waitUs;
      acc[ACC_RESPONSE_SUM] += waitUs + serviceUs;
      this.wait.record(waitUs);
      this.response.record(waitUs + serviceUs);
    }
    sim.schedule(serviceUs, onDeparture, this);
  }
}

const ACC_LAST_US = 0;
const ACC_AREA_IN_SYSTEM = 1;
const ACC_AREA_BUSY = 2;
const ACC_WAIT_SUM = 3;
const ACC_RESPONSE_SUM = 4;
const ACC_WAITED = 5;
const ACC_MEASURED_SERVED = 6;
const ACC_HORIZON_US = 7;
const ACC_SIZE = 8;

function onArrival(sim: Simulation, model: MmcModel): void {
  const nowUs = sim.nowUs;
  sim.trace(KIND_ARRIVAL, 0);
  model.advance(nowUs);
  model.arrived++;
  if (model.arrived === model.customersMax) model.acc[ACC_HORIZON_US] = nowUs;
  if (model.busy < model.servers) model.startService(sim, nowUs);
  else model.enqueue(nowUs);
  if (model.arrived < model.customersMax) {
    sim.schedule(Math.round(model.arrivals.exponential(model.interarrivalMeanUs)), onArrival, model);
  } else {
    // Close the time averages at the last measured arrival.
    model.advance(nowUs);
    model.arrived++;
  }
}

function onDeparture(sim: Simulation, model: MmcModel): void {
  sim.trace(KIND_DEPARTURE, model.busy);
  model.advance(sim.nowUs);
  model.busy--;
  if (model.queueSize > 0) model.startService(sim, model.dequeue());
}

/** Runs M/M/c until every measured customer has left; see `MmcOptions`. */
export function runMmc(options: MmcOptions): MmcResult {
  const resolved = resolveOptions(options);
  const sim = new Simulation({ seed: resolved.seed });
  const model = new MmcModel(sim, resolved);
  const customersInitial = resolved.start === 'steady' ? seedSteadyState(sim, model, resolved) : 0;
  sim.schedule(Math.round(model.arrivals.exponential(model.interarrivalMeanUs)), onArrival, model);
  // Each customer is two events; initial customers add at most two more each.
  const eventsMax = 2 * (resolved.customers + customersInitial) + 16;
  const run = sim.run({ eventsMax });
  const acc = model.acc;
  const horizonUs = acc[ACC_HORIZON_US];
  return {
    servers: resolved.servers,
    arrivalRatePerS: resolved.arrivalRatePerS,
    serviceMeanUs: resolved.serviceMeanUs,
    seed: resolved.seed,
    start: resolved.start,
    customers: resolved.customers,
    customersInitial,
    events: run.events,
    stoppedBy: run.stoppedBy,
    horizonUs,
    endUs: run.nowUs,
    digest: sim.digest.hex(),
    utilisation: acc[ACC_AREA_BUSY] / (resolved.servers * horizonUs),
    probabilityWait: acc[ACC_WAITED] / acc[ACC_MEASURED_SERVED],
    meanWaitUs: acc[ACC_WAIT_SUM] / acc[ACC_MEASURED_SERVED],
    meanResponseUs: acc[ACC_RESPONSE_SUM] / acc[ACC_MEASURED_SERVED],
    meanWaitHalfWidth95Us: batchHalfWidth(model),
    meanInSystem: acc[ACC_AREA_IN_SYSTEM] / horizonUs,
    arrivalRateMeasuredPerS: (resolved.customers / horizonUs) * 1e6,
    wait: model.wait,
    response: model.response,
  };
}

function batchHalfWidth(model: MmcModel): number {
  if (model.customersMax < MMC_BATCHES) return NaN;
  const means = new Float64Array(MMC_BATCHES);
  for (let b = 0; b < MMC_BATCHES; b++) {
    const size = b < MMC_BATCHES - 1 ? model.batchSize : model.customersMax - model.batchSize * (MMC_BATCHES - 1);
    means[b] = model.batchWaitSums[b] / size;
  }
  let mean = 0;
  for (const m of means) mean += m / MMC_BATCHES;
  let variance = 0;
  for (const m of means) variance += (m - mean) ** 2 / (MMC_BATCHES - 1);
  return T_975_DF19 * Math.sqrt(variance / MMC_BATCHES);
}

/** Draws the number in system from the stationary distribution and places those customers. */
function seedSteadyState(sim: Simulation, model: MmcModel, options: Required<MmcOptions>): number {
  const a = (options.arrivalRatePerS * options.serviceMeanUs) / 1e6;
  const rho = a / options.servers;
  // Unnormalised weights w_n = a^n/n! (n < c), a^c/c! ρ^(n−c) (n ≥ c); normalise, then invert.
  let term = 1;
  let below = 0;
  for (let k = 0; k < options.servers; k++) {
    below += term;
    term *= a / (k + 1);
  }
  const total = below + term / (1 - rho);
  const u = sim.stream('mmc/initial').float() * total;
  let n = 0;
  let weight = 1;
  let cumulative = weight;
  // The geometric tail makes this loop short; the bound only guards against a bug.
  while (cumulative <= u && n < 100_000_000) {
    n++;
    weight *= n <= options.servers ? a / n : rho;
    cumulative += weight;
  }
  for (let i = 0; i < n; i++) {
    // Exponential service is memoryless: a customer in service has a fresh Exp residual.
    if (model.busy < model.servers) model.startService(sim, UNMEASURED);
    else model.enqueue(UNMEASURED);
  }
  return n;
}

function resolveOptions(options: MmcOptions): Required<MmcOptions> {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`runMmc(options) needs an object, got ${describeValue(options)}`);
  }
  const { servers, arrivalRatePerS, serviceMeanUs, customers, seed } = options;
  const start = options.start ?? 'steady';
  if (!Number.isSafeInteger(servers) || servers < 1 || servers > 1_000_000) {
    throw new RangeError(`runMmc: servers must be a whole number from 1 to 1000000, got ${describeValue(servers)}`);
  }
  if (typeof arrivalRatePerS !== 'number' || !Number.isFinite(arrivalRatePerS) || arrivalRatePerS <= 0) {
    throw new RangeError(`runMmc: arrivalRatePerS must be a finite number > 0, got ${describeValue(arrivalRatePerS)}`);
  }
  if (typeof serviceMeanUs !== 'number' || !Number.isFinite(serviceMeanUs) || serviceMeanUs < 1) {
    throw new RangeError(`runMmc: serviceMeanUs must be a finite number >= 1 µs, got ${describeValue(serviceMeanUs)}`);
  }
  if (!Number.isSafeInteger(customers) || customers < 1 || customers > 1e10) {
    throw new RangeError(`runMmc: customers must be a whole number from 1 to 1e10, got ${describeValue(customers)}`);
  }
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`runMmc: seed must be a safe integer, got ${describeValue(seed)}`);
  }
  if (start !== 'steady' && start !== 'empty') {
    throw new RangeError(`runMmc: start must be "steady" or "empty", got ${describeValue(start)}`);
  }
  const rho = (arrivalRatePerS * serviceMeanUs) / 1e6 / servers;
  if (start === 'steady' && rho >= 1) {
    throw new RangeError(`runMmc: utilisation ${rho.toFixed(3)} ≥ 1 has no steady state; lower the arrival rate, add servers, or use start: "empty" to watch the queue grow`);
  }
  return { servers, arrivalRatePerS, serviceMeanUs, customers, seed, start };
}
