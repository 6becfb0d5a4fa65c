import { Simulation } from '@stormglass/sim-core';
import type { RandomStream } from '@stormglass/sim-core';
import { best, median, monotonicNs, elapsedS } from './timing.js';

/**
 * The classic "hold" model of future-event-set benchmarks (Vaucher & Duval 1975; Jones
 * 1986): keep N events pending; each handled event schedules one replacement at
 * now + Exp(mean). The queue size stays N, so events/s measures the kernel's dispatch and
 * its heap at that depth, with the model doing almost nothing.
 */
export const HOLD_MEAN_US = 1_000_000;

export interface HoldOptions {
  /** Events kept pending (the heap depth). */
  pending: number;
  /** Events handled before timing: JIT warm-up and mixing the initial heap shape. */
  eventsWarmup: number;
  /** Events handled per timed repetition. */
  eventsTimed: number;
  repetitions: number;
  seed: number;
}

export interface HoldFigure {
  pending: number;
  eventsWarmup: number;
  eventsTimed: number;
  /** events/s of each timed repetition, in order. */
  eventsPerSRuns: number[];
  eventsPerSBest: number;
  eventsPerSMedian: number;
  /** Wall time to schedule the N initial events (not part of events/s). */
  setupWallS: number;
}

/** The whole model: the stream travels as `data`, so no closure and no allocation per event. */
function hold(sim: Simulation, rng: RandomStream): void {
  sim.schedule(Math.round(rng.exponential(HOLD_MEAN_US)), hold, rng);
}

export function runHold(options: HoldOptions): HoldFigure {
  const { pending, eventsWarmup, eventsTimed, repetitions, seed } = options;
  const setupStartNs = monotonicNs();
  const sim = new Simulation({ seed });
  // One stream for every draw, as the model description says.
  const rng = sim.stream('bench/hold');
  for (let i = 0; i < pending; i++) sim.schedule(Math.round(rng.exponential(HOLD_MEAN_US)), hold, rng);
  const setupWallS = elapsedS(setupStartNs);

  runExactly(sim, eventsWarmup);
  const eventsPerSRuns: number[] = [];
  for (let r = 0; r < repetitions; r++) {
    const startNs = monotonicNs();
    runExactly(sim, eventsTimed);
    eventsPerSRuns.push(eventsTimed / elapsedS(startNs));
  }
  return {
    pending,
    eventsWarmup,
    eventsTimed,
    eventsPerSRuns,
    eventsPerSBest: best(eventsPerSRuns),
    eventsPerSMedian: median(eventsPerSRuns),
    setupWallS,
  };
}

/** The hold model never drains, so a run must stop on eventsMax; anything else is a bug. */
function runExactly(sim: Simulation, events: number): void {
  const pendingBefore = sim.pending;
  const result = sim.run({ eventsMax: events });
  if (result.events !== events || sim.pending !== pendingBefore) {
    throw new Error(`hold model: expected ${events} events at a constant ${pendingBefore} pending, got ${result.events} events (${result.stoppedBy}) and ${sim.pending} pending`);
  }
}
