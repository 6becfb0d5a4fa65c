import type { HoldFigure } from './hold.js';
import type { MmcComparison } from './mmc-compare.js';

/**
 * The performance targets Stormglass set itself. Judged on medians, not bests: a target
 * should hold on a typical run, not on the luckiest one. A benchmark reports whether a
 * target is met; it never fails because one is not.
 */
export interface TargetResult {
  name: string;
  description: string;
  threshold: number;
  value: number | null;
  unit: string;
  /** null when the figure could not be measured (e.g. SimPy missing). */
  met: boolean | null;
}

const HOLD_TARGETS = [
  { pending: 1_000, eventsPerS: 5_000_000 },
  { pending: 100_000, eventsPerS: 2_000_000 },
] as const;

const SIMPY_RATIO_TARGET = 40;

export function evaluateTargets(hold: readonly HoldFigure[], mmc: MmcComparison): TargetResult[] {
  const results: TargetResult[] = HOLD_TARGETS.map(({ pending, eventsPerS }) => {
    const figure = hold.find((h) => h.pending === pending);
    const value = figure?.eventsPerSMedian ?? null;
    return {
      name: `hold-${pending}`,
      description: `hold model at ${pending.toLocaleString('en-US')} pending >= ${eventsPerS / 1e6} M events/s (median)`,
      threshold: eventsPerS,
      value,
      unit: 'events/s',
      met: value === null ? null : value >= eventsPerS,
    };
  });
  results.push({
    name: 'mmc-vs-simpy',
    description: `M/M/c customers/s >= ${SIMPY_RATIO_TARGET}x SimPy (median of per-round ratios)`,
    threshold: SIMPY_RATIO_TARGET,
    value: mmc.ratioMedian,
    unit: 'x',
    met: mmc.ratioMedian === null ? null : mmc.ratioMedian >= SIMPY_RATIO_TARGET,
  });
  return results;
}
