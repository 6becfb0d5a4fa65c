import { MMC_BATCHES, mmcAnalytic, runMmc } from '@stormglass/sim-core';
import type { MmcResult } from '@stormglass/sim-core';

/** Parameters of the built-in queueing lesson, units resolved. */
export interface QueueParameters {
  servers: number;
  serviceMeanUs: number;
  arrivalRatePerS: number;
  customers: number;
  seed: number;
  start: 'steady' | 'empty';
  /** Utilisations for the hockey-stick table; empty for none. */
  sweepUtilisations: number[];
}

export interface QueueFigures {
  utilisation: number;
  probabilityWait: number;
  meanWaitMs: number;
  meanResponseMs: number;
  p50ResponseMs: number;
  p99ResponseMs: number;
  p99WaitMs: number;
  meanInSystem: number;
}

export interface QueueSweepRow {
  utilisation: number;
  meanWaitMs: number;
  /** Half-width of the run's own 95% interval for the mean wait (batch means). */
  meanWaitHalfWidth95Ms: number;
  meanWaitMsErlangC: number;
  p99ResponseMs: number;
}

/** The queueing report: plain data, the same in the terminal summary and in `--json`. */
export interface QueueReport {
  schemaVersion: 1;
  scenario: 'queue-basics';
  model: 'M/M/c';
  seed: number;
  digest: string;
  parameters: {
    servers: number;
    serviceMeanMs: number;
    arrivalRatePerS: number;
    utilisation: number;
    customers: number;
    start: 'steady' | 'empty';
  };
  simulated: QueueFigures;
  /** Erlang C; null when the queue is unstable (utilisation ≥ 1). */
  analytic: QueueFigures | null;
  /** How far the simulated mean wait may be from the truth: one run's 95% interval (batch means). */
  meanWaitInterval95Ms: { low: number; high: number; method: string };
  littlesLaw: { meanInSystem: number; arrivalRateTimesMeanResponse: number; relativeError: number };
  sweep: QueueSweepRow[];
  run: { wallMs: number; events: number };
}

const US_PER_MS = 1000;

/**
 * Runs the lesson and its sweep and returns the report: the same object in the CLI's JSON,
 * its terminal summary and the browser. `clockMs` is the caller's wall clock, used for
 * `run.wallMs` only (this package never reads a clock itself); without it `wallMs` is 0.
 */
export function buildQueueReport(parameters: QueueParameters, clockMs: () => number = () => 0): QueueReport {
  const startedMs = clockMs();
  const main = runMmc(parameters);
  let events = main.events;
  const sweep = parameters.sweepUtilisations.map((utilisation): QueueSweepRow => {
    const arrivalRatePerS = (utilisation * parameters.servers * 1e6) / parameters.serviceMeanUs;
    const result = runMmc({ ...parameters, arrivalRatePerS, start: 'steady' });
    events += result.events;
    const analytic = mmcAnalytic({ servers: parameters.servers, arrivalRatePerS, serviceMeanS: parameters.serviceMeanUs / 1e6 });
    return {
      utilisation,
      meanWaitMs: result.meanWaitUs / US_PER_MS,
      meanWaitHalfWidth95Ms: result.meanWaitHalfWidth95Us / US_PER_MS,
      meanWaitMsErlangC: analytic.meanWaitS * 1000,
      p99ResponseMs: result.response.quantile(0.99) / US_PER_MS,
    };
  });
  const utilisation = (parameters.arrivalRatePerS * parameters.serviceMeanUs) / 1e6 / parameters.servers;
  const lambdaW = main.arrivalRateMeasuredPerS * (main.meanResponseUs / 1e6);
  return {
    schemaVersion: 1,
    scenario: 'queue-basics',
    model: 'M/M/c',
    seed: parameters.seed,
    digest: main.digest,
    parameters: {
      servers: parameters.servers,
      serviceMeanMs: parameters.serviceMeanUs / US_PER_MS,
      arrivalRatePerS: parameters.arrivalRatePerS,
      utilisation,
      customers: parameters.customers,
      start: parameters.start,
    },
    simulated: simulatedFigures(main),
    analytic: utilisation < 1 ? analyticFigures(parameters) : null,
    meanWaitInterval95Ms: {
      low: (main.meanWaitUs - main.meanWaitHalfWidth95Us) / US_PER_MS,
      high: (main.meanWaitUs + main.meanWaitHalfWidth95Us) / US_PER_MS,
      method: `batch means, ${MMC_BATCHES} batches`,
    },
    littlesLaw: {
      meanInSystem: main.meanInSystem,
      arrivalRateTimesMeanResponse: lambdaW,
      relativeError: (main.meanInSystem - lambdaW) / lambdaW,
    },
    sweep,
    run: { wallMs: Math.round(clockMs() - startedMs), events },
  };
}

function simulatedFigures(result: MmcResult): QueueFigures {
  return {
    utilisation: result.utilisation,
    probabilityWait: result.probabilityWait,
    meanWaitMs: result.meanWaitUs / US_PER_MS,
    meanResponseMs: result.meanResponseUs / US_PER_MS,
    p50ResponseMs: result.response.quantile(0.5) / US_PER_MS,
    p99ResponseMs: result.response.quantile(0.99) / US_PER_MS,
    p99WaitMs: result.wait.quantile(0.99) / US_PER_MS,
    meanInSystem: result.meanInSystem,
  };
}

function analyticFigures(parameters: QueueParameters): QueueFigures {
  const analytic = mmcAnalytic({
    servers: parameters.servers,
    arrivalRatePerS: parameters.arrivalRatePerS,
    serviceMeanS: parameters.serviceMeanUs / 1e6,
  });
  return {
    utilisation: analytic.utilisation,
    probabilityWait: analytic.probabilityWait,
    meanWaitMs: analytic.meanWaitS * 1000,
    meanResponseMs: analytic.meanResponseS * 1000,
    p50ResponseMs: analytic.responseQuantileS(0.5) * 1000,
    p99ResponseMs: analytic.responseQuantileS(0.99) * 1000,
    p99WaitMs: analytic.waitQuantileS(0.99) * 1000,
    meanInSystem: analytic.meanInSystem,
  };
}
