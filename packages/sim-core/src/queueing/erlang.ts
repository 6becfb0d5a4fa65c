import { describeValue } from '../assert.js';

/**
 * Analytic results for the M/M/c queue (Poisson arrivals, exponential service, c identical
 * servers, FIFO, unbounded queue). These are the oracles the simulator is checked against.
 */

/** Erlang B: probability that an arrival finds all c servers busy in M/M/c/c (loss system). */
export function erlangB(servers: number, offeredLoad: number): number {
  checkServers('erlangB', servers);
  checkLoad('erlangB', offeredLoad);
  // The recursion B(k) = a B(k-1) / (k + a B(k-1)) is stable for any c (no factorials).
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (offeredLoad * b) / (k + offeredLoad * b);
  return b;
}

/** Erlang C: probability that an arrival has to wait in M/M/c. Requires load < servers. */
export function erlangC(servers: number, offeredLoad: number): number {
  checkServers('erlangC', servers);
  checkLoad('erlangC', offeredLoad);
  if (offeredLoad >= servers) {
    throw new RangeError(`erlangC: offered load ${offeredLoad} must be below the number of servers ${servers} (utilisation < 1) for a steady state`);
  }
  const b = erlangB(servers, offeredLoad);
  return (servers * b) / (servers - offeredLoad * (1 - b));
}

export interface MmcParameters {
  servers: number;
  /** λ, arrivals per second. */
  arrivalRatePerS: number;
  /** 1/μ, mean service time in seconds. */
  serviceMeanS: number;
}

export interface MmcAnalytic {
  /** ρ = λ / (c μ). */
  utilisation: number;
  /** Offered load a = λ / μ, in Erlangs. */
  offeredLoad: number;
  /** Erlang C: P(wait > 0). */
  probabilityWait: number;
  /** Wq = C / (c μ − λ). */
  meanWaitS: number;
  /** W = Wq + 1/μ: mean time in system. */
  meanResponseS: number;
  /** Lq = λ Wq. */
  meanInQueue: number;
  /** L = λ W. */
  meanInSystem: number;
  /** p-quantile of the wait in queue. */
  waitQuantileS(p: number): number;
  /** p-quantile of the time in system (wait + service). */
  responseQuantileS(p: number): number;
  /** P(N = n): stationary probability of n customers in the system. */
  stationaryProbability(n: number): number;
}

/** Steady-state figures of M/M/c; throws for an unstable queue (utilisation ≥ 1). */
export function mmcAnalytic(parameters: MmcParameters): MmcAnalytic {
  const { servers, arrivalRatePerS, serviceMeanS } = parameters;
  checkServers('mmcAnalytic', servers);
  checkPositive('mmcAnalytic', 'arrivalRatePerS', arrivalRatePerS);
  checkPositive('mmcAnalytic', 'serviceMeanS', serviceMeanS);
  const mu = 1 / serviceMeanS;
  const lambda = arrivalRatePerS;
  const a = lambda / mu;
  const rho = a / servers;
  if (rho >= 1) {
    throw new RangeError(`mmcAnalytic: utilisation ${rho.toFixed(4)} must be below 1 for a steady state (λ=${lambda}/s, c=${servers}, mean service ${serviceMeanS}s)`);
  }
  const c = erlangC(servers, a);
  const theta = servers * mu - lambda; // rate of the wait's exponential part
  const meanWaitS = c / theta;
  const meanResponseS = meanWaitS + serviceMeanS;
  // P(N = 0): 1 / (sum_{k<c} a^k/k! + a^c/c! / (1-ρ)), accumulated in terms of a^k/k!.
  let term = 1;
  let sum = 0;
  for (let k = 0; k < servers; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const p0 = 1 / (sum + term / (1 - rho));
  const responseSurvival = (t: number): number => {
    // T = Wq + S, Wq = 0 w.p. 1−C, else Exp(θ); S ~ Exp(μ) independent.
    const noWait = (1 - c) * Math.exp(-mu * t);
    const hypo = Math.abs(theta - mu) < 1e-12 * mu
      ? (1 + mu * t) * Math.exp(-mu * t)
      : (theta * Math.exp(-mu * t) - mu * Math.exp(-theta * t)) / (theta - mu);
    return noWait + c * hypo;
  };
  return {
    utilisation: rho,
    offeredLoad: a,
    probabilityWait: c,
    meanWaitS,
    meanResponseS,
    meanInQueue: lambda * meanWaitS,
    meanInSystem: lambda * meanResponseS,
    waitQuantileS(p: number): number {
      checkProbability(p);
      if (p <= 1 - c) return 0;
      if (p === 1) return Infinity;
      return -Math.log((1 - p) / c) / theta;
    },
    responseQuantileS(p: number): number {
      checkProbability(p);
      if (p === 0) return 0;
      if (p === 1) return Infinity;
      // Survival is continuous and decreasing: bisection on an expanding bracket.
      let lo = 0;
      let hi = serviceMeanS;
      while (responseSurvival(hi) > 1 - p) hi *= 2;
      for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
        const mid = (lo + hi) / 2;
        if (responseSurvival(mid) > 1 - p) lo = mid;
        else hi = mid;
      }
      return (lo + hi) / 2;
    },
    stationaryProbability(n: number): number {
      if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`stationaryProbability(n): n must be an integer >= 0, got ${describeValue(n)}`);
      let pn = p0;
      for (let k = 1; k <= n; k++) pn *= k <= servers ? a / k : rho;
      return pn;
    },
  };
}

function checkServers(where: string, servers: number): void {
  if (!Number.isSafeInteger(servers) || servers < 1) {
    throw new RangeError(`${where}: servers must be a whole number >= 1, got ${describeValue(servers)}`);
  }
}

function checkLoad(where: string, load: number): void {
  if (typeof load !== 'number' || !Number.isFinite(load) || load < 0) {
    throw new RangeError(`${where}: offered load must be a finite number >= 0, got ${describeValue(load)}`);
  }
}

function checkPositive(where: string, name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${where}: ${name} must be a finite number > 0, got ${describeValue(value)}`);
  }
}

function checkProbability(p: number): void {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new RangeError(`quantile(p): p must be in [0, 1], got ${describeValue(p)}`);
  }
}
