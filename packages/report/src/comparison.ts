import { worstRpoMs, worstRtoMs } from '@stormglass/scenarios';
import type { RunReport } from '@stormglass/scenarios';

/**
 * Designs compared on paired seeds (seed k of every design sees the same traffic and faults):
 * per figure, each design's mean with a 95% t-interval over the seeds, and the paired
 * difference from the first design (the baseline) with its own interval. Pairing removes the
 * seed-to-seed variation both designs share, so a paired interval is narrower than the two
 * designs' intervals side by side suggest.
 */

/** Student t quantile (two-sided 95%) for df degrees of freedom; the normal's beyond 30. */
export function t95(df: number): number {
  const table = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];
  return df <= 0 ? Number.NaN : df <= 30 ? table[df - 1] : 1.96;
}

export interface Interval {
  mean: number;
  /** Half the 95% interval's width; null with fewer than two values. */
  halfWidth: number | null;
  n: number;
}

/** Mean and 95% t-interval; null when there is no value. */
export function interval(values: readonly number[]): Interval | null {
  const n = values.length;
  if (n === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, halfWidth: null, n };
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  return { mean, halfWidth: t95(n - 1) * (sd / Math.sqrt(n)), n };
}

export interface Figure {
  key: string;
  name: string;
  read: (report: RunReport) => number | null;
  format: (value: number) => string;
  /** Which way is better, for colouring deltas. */
  better: 'lower' | 'higher';
}

/** The figures compared, each read from a report (null: not measured in that run, or not recovered). */
export const FIGURES: readonly Figure[] = [
  { key: 'availability', name: 'availability', read: (r) => r.availability, format: (v) => `${(v * 100).toFixed(3)}%`, better: 'higher' },
  { key: 'p50', name: 'p50', read: (r) => r.latencyMs.p50, format: (v) => `${v.toFixed(1)} ms`, better: 'lower' },
  { key: 'p99', name: 'p99', read: (r) => r.latencyMs.p99, format: (v) => `${v.toFixed(1)} ms`, better: 'lower' },
  { key: 'rto', name: 'RTO (worst fault)', read: (r) => worstRtoMs(r), format: (v) => `${(v / 1000).toFixed(1)} s`, better: 'lower' },
  { key: 'rpo', name: 'RPO (worst fault)', read: (r) => worstRpoMs(r), format: (v) => `${v.toFixed(3)} ms`, better: 'lower' },
  { key: 'lostWrites', name: 'lost writes', read: (r) => r.stores.reduce((a, s) => a + s.lostWrites, 0), format: (v) => v.toFixed(1), better: 'lower' },
  { key: 'cost', name: 'cost', read: (r) => r.costUsd, format: (v) => `$${v.toFixed(3)}`, better: 'lower' },
];

export interface FigureComparison {
  key: string;
  name: string;
  /** Per design: the values per seed, their interval, and how many seeds had none (not recovered). */
  designs: { values: (number | null)[]; interval: Interval | null; missing: number }[];
  /** Per design, the paired difference from the first (index 0 is null). */
  deltas: (Interval | null)[];
}

/** `reports[d][k]` is design d's report for its k-th seed; every design has the same seeds. */
export function compareFigures(reports: readonly (readonly RunReport[])[]): FigureComparison[] {
  return FIGURES.map((figure) => {
    const values = reports.map((list) => list.map(figure.read));
    const designs = values.map((v) => ({ values: v, interval: interval(v.filter((x): x is number => x !== null)), missing: v.filter((x) => x === null).length }));
    const deltas = values.map((v, d) => {
      if (d === 0) return null;
      const paired: number[] = [];
      v.forEach((x, k) => {
        const base = values[0][k];
        if (x !== null && base !== null) paired.push(x - base);
      });
      return interval(paired);
    });
    return { key: figure.key, name: figure.name, designs, deltas };
  });
}

export interface TargetRow {
  name: string;
  /** The target as written (of the first design that has it). */
  target: string;
  /** Per design: seeds that met it, out of the seeds that evaluated it (0 of 0: the design has no such target). */
  met: { passed: number; of: number }[];
}

/** Which design meets which target (and invariant), over the seeds. */
export function targetMatrix(reports: readonly (readonly RunReport[])[]): TargetRow[] {
  const checks = (r: RunReport) => [...r.targets, ...r.invariants];
  const names = [...new Set(reports.flat().flatMap((r) => checks(r).map((e) => e.name)))];
  return names.map((name) => ({
    name,
    target: reports.flat().flatMap(checks).find((e) => e.name === name)?.target ?? '',
    met: reports.map((list) => {
      const found = list.map((r) => checks(r).find((e) => e.name === name)).filter((e) => e !== undefined);
      return { passed: found.filter((e) => e.pass).length, of: found.length };
    }),
  }));
}

/** "mean ± half" in the figure's format; "—" without values. */
export function showInterval(i: Interval | null, format: (v: number) => string): string {
  return i === null ? '—' : `${format(i.mean)}${i.halfWidth === null ? '' : ` ± ${format(i.halfWidth)}`}`;
}

/** A signed difference: "+1.2 s ± 0.3 s", "−4.0 ms". */
export function showDelta(i: Interval | null, format: (v: number) => string): string {
  if (i === null) return '—';
  const sign = i.mean >= 0 ? `+${format(i.mean)}` : `−${format(-i.mean)}`;
  return i.halfWidth === null ? sign : `${sign} ± ${format(i.halfWidth)}`;
}
