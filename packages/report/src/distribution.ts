/**
 * A sweep's distributions: one row of figures per seed (`stormglass sweep`, NDJSON), and per
 * figure its percentiles across the seeds. Shared by the terminal summary and the HTML view, so
 * both show the same numbers.
 */

/** One seed of a sweep: the figures a distribution is drawn of. Deterministic: no wall clock in it. */
export interface SweepRow {
  scenario: string;
  seed: number;
  digest: string;
  requests: number;
  availability: number | null;
  p99Ms: number | null;
  /** The worst fault's RTO; null when a fault did not recover; 0 without faults. */
  rtoMs: number | null;
  rpoMs: number;
  lostWrites: number;
  costUsd: number;
  pass: boolean;
  /** The targets and invariants this seed missed. */
  failed: string[];
}

export interface SweepFigure {
  key: string;
  name: string;
  read: (row: SweepRow) => number | null;
  format: (value: number) => string;
  /** What a missing value means for this figure. */
  missing: string;
}

export const SWEEP_FIGURES: readonly SweepFigure[] = [
  { key: 'availability', name: 'availability', read: (r) => r.availability, format: (v) => `${(v * 100).toFixed(3)}%`, missing: 'no request completed' },
  { key: 'p99', name: 'p99', read: (r) => r.p99Ms, format: (v) => `${v.toFixed(1)} ms`, missing: 'no request succeeded' },
  { key: 'rto', name: 'RTO (worst fault)', read: (r) => r.rtoMs, format: (v) => `${(v / 1000).toFixed(1)} s`, missing: 'not recovered' },
  { key: 'rpo', name: 'RPO (worst fault)', read: (r) => r.rpoMs, format: (v) => `${v.toFixed(3)} ms`, missing: '' },
  { key: 'lostWrites', name: 'lost writes', read: (r) => r.lostWrites, format: (v) => (Number.isInteger(v) ? String(v) : v.toFixed(1)), missing: '' },
  { key: 'cost', name: 'cost', read: (r) => r.costUsd, format: (v) => `$${v.toFixed(3)}`, missing: '' },
];

/** The p-quantile of sorted values by the nearest-rank rule (p50 of 1..4 is 2): always one of the values. */
export function quantile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export interface FigureDistribution {
  figure: SweepFigure;
  /** The seeds' values, sorted; missing ones left out. */
  values: number[];
  /** Seeds without a value (an RTO that did not recover). */
  missing: number;
  stats: { min: number; p5: number; p50: number; p95: number; max: number; mean: number } | null;
}

export function distributions(rows: readonly SweepRow[]): FigureDistribution[] {
  return SWEEP_FIGURES.map((figure) => {
    const values = rows.map(figure.read).filter((v): v is number => v !== null).sort((a, b) => a - b);
    const stats = values.length === 0
      ? null
      : { min: values[0], p5: quantile(values, 0.05), p50: quantile(values, 0.5), p95: quantile(values, 0.95), max: values[values.length - 1], mean: values.reduce((a, b) => a + b, 0) / values.length };
    return { figure, values, missing: rows.length - values.length, stats };
  });
}
