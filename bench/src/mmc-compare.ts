import { mmcAnalytic, runMmc } from '@stormglass/sim-core';
import type { MmcResult } from '@stormglass/sim-core';
import { runSimpyMmc } from './simpy-peer.js';
import type { SimpyMmcRun, SimpyProbe } from './simpy-peer.js';
import { median, timed } from './timing.js';

/**
 * M/M/c customers per second, Stormglass against SimPy on the same model and N. Runs
 * alternate (ours, SimPy, ours, SimPy, …) so a slow phase of the machine (thermal, a
 * neighbour on the host) hits both sides instead of one.
 */
export interface MmcCompareOptions {
  servers: number;
  arrivalRatePerS: number;
  serviceMeanS: number;
  customers: number;
  /** Customers in each of the untimed warm-up runs of ours, so round 1 is not measuring the JIT. */
  customersWarmup: number;
  rounds: number;
  seed: number;
}

export interface MmcRound {
  round: number;
  oursWallS: number;
  oursCustomersPerS: number;
  /** Kernel events per second inside runMmc (two per customer). */
  oursEventsPerS: number;
  simpyWallS: number | null;
  /** Wall time of the whole SimPy child process, start-up included (for the contention probe). */
  simpyProcessWallS: number | null;
  simpyCustomersPerS: number | null;
  /** ours / SimPy customers per second in this round. */
  ratio: number | null;
}

export interface MeanCheck {
  erlangCS: number;
  oursS: number;
  oursErrorRel: number;
  simpyS: number | null;
  simpyErrorRel: number | null;
}

export interface MmcComparison {
  servers: number;
  arrivalRatePerS: number;
  serviceMeanS: number;
  utilisation: number;
  customers: number;
  start: 'empty';
  seed: number;
  rounds: MmcRound[];
  oursCustomersPerSMedian: number;
  oursEventsPerSMedian: number;
  simpyCustomersPerSMedian: number | null;
  /** Median over rounds of the per-round ratio. */
  ratioMedian: number | null;
  /** Every round of ours gave the same trace digest (same seed, same trace). */
  oursDigest: string;
  oursDeterministic: boolean;
  meanWait: MeanCheck;
  meanResponse: MeanCheck;
  /** Why SimPy figures are missing, when they are. */
  simpySkipped: string | null;
}

export function compareMmc(options: MmcCompareOptions, simpy: SimpyProbe, log: (line: string) => void): MmcComparison {
  const { servers, arrivalRatePerS, serviceMeanS, customers, seed } = options;
  const serviceMeanUs = Math.round(serviceMeanS * 1e6);
  // Both start empty: SimPy has no stationary start, and at 10^6 customers the warm-up
  // bias of an empty start is far below the run's own noise.
  const runOurs = (n: number): MmcResult =>
    runMmc({ servers, arrivalRatePerS, serviceMeanUs, customers: n, seed, start: 'empty' });

  // V8 needs several full-size runs before every handler is optimised (measured: the first
  // three 10^6-customer runs are 20-40% slower than later ones), so warm up three times.
  for (let i = 0; i < 3; i++) runOurs(options.customersWarmup);

  let simpySkipped = simpy.available ? null : simpy.reason;
  const rounds: MmcRound[] = [];
  const digests = new Set<string>();
  let oursLast: MmcResult | undefined;
  let simpyLast: SimpyMmcRun | undefined;
  for (let round = 1; round <= options.rounds; round++) {
    // A 0.2 s run is at the mercy of this VM's scheduling noise; a 10 s SimPy run averages
    // it out. Three runs of ours per round, median wall time, make the ratio compare like
    // with like.
    const tries = [timed(() => runOurs(customers)), timed(() => runOurs(customers)), timed(() => runOurs(customers))];
    tries.sort((x, y) => x.wallS - y.wallS);
    const ours = tries[1]!;
    oursLast = ours.result;
    digests.add(ours.result.digest);
    const oursCustomersPerS = customers / ours.wallS;
    log(`  round ${round}: ours ${customers} customers in ${ours.wallS.toFixed(3)} s`);

    let simpyRun: SimpyMmcRun | null = null;
    let simpyProcessWallS: number | null = null;
    if (simpySkipped === null && simpy.available) {
      try {
        const child = timed(() => runSimpyMmc(simpy.pythonPath, { servers, arrivalRatePerS, serviceMeanS, customers, seed }));
        simpyRun = child.result;
        simpyProcessWallS = child.wallS;
        simpyLast = simpyRun;
        log(`  round ${round}: SimPy ${simpyRun.customers} customers in ${simpyRun.wallS.toFixed(3)} s`);
      } catch (error) {
        // A broken peer loses the comparison, not the kernel's figures.
        simpySkipped = error instanceof Error ? error.message : String(error);
        log(`  SimPy skipped from round ${round}: ${simpySkipped}`);
      }
    }
    const simpyCustomersPerS = simpyRun === null ? null : simpyRun.customers / simpyRun.wallS;
    rounds.push({
      round,
      oursWallS: ours.wallS,
      oursCustomersPerS,
      oursEventsPerS: ours.result.events / ours.wallS,
      simpyWallS: simpyRun?.wallS ?? null,
      simpyProcessWallS,
      simpyCustomersPerS,
      ratio: simpyCustomersPerS === null ? null : oursCustomersPerS / simpyCustomersPerS,
    });
  }
  if (oursLast === undefined) throw new RangeError('compareMmc: rounds must be >= 1');

  const simpyRates = rounds.flatMap((r) => (r.simpyCustomersPerS === null ? [] : [r.simpyCustomersPerS]));
  const ratios = rounds.flatMap((r) => (r.ratio === null ? [] : [r.ratio]));
  // A median over a partial set of rounds would compare unlike things: all or nothing.
  const simpyComplete = simpySkipped === null && simpyRates.length === rounds.length;
  const analytic = mmcAnalytic({ servers, arrivalRatePerS, serviceMeanS });
  const simpyFinal = simpyComplete ? simpyLast : undefined;
  return {
    servers,
    arrivalRatePerS,
    serviceMeanS,
    utilisation: analytic.utilisation,
    customers,
    start: 'empty',
    seed,
    rounds,
    oursCustomersPerSMedian: median(rounds.map((r) => r.oursCustomersPerS)),
    oursEventsPerSMedian: median(rounds.map((r) => r.oursEventsPerS)),
    simpyCustomersPerSMedian: simpyComplete ? median(simpyRates) : null,
    ratioMedian: simpyComplete ? median(ratios) : null,
    oursDigest: oursLast.digest,
    oursDeterministic: digests.size === 1,
    meanWait: meanCheck(analytic.meanWaitS, oursLast.meanWaitUs / 1e6, simpyFinal?.meanWaitS),
    meanResponse: meanCheck(analytic.meanResponseS, oursLast.meanResponseUs / 1e6, simpyFinal?.meanResponseS),
    simpySkipped,
  };
}

function meanCheck(erlangCS: number, oursS: number, simpyS: number | undefined): MeanCheck {
  return {
    erlangCS,
    oursS,
    oursErrorRel: oursS / erlangCS - 1,
    simpyS: simpyS ?? null,
    simpyErrorRel: simpyS === undefined ? null : simpyS / erlangCS - 1,
  };
}
