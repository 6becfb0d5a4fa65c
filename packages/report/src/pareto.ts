/** One point of a design-space exploration: the values set, and its figures (means over its seeds). */
export interface DesignPoint {
  sets: string[];
  costUsd: number;
  /** null: some seed did not recover within the run. */
  rtoMs: number | null;
  rpoMs: number;
  p99Ms: number | null;
  pass: boolean;
  /** On the Pareto front: no other point is at least as good on cost, RTO, RPO and p99 and better on one. */
  front: boolean;
}

/** Lower is better on every axis; a missing RTO (not recovered) or p99 is worse than any value. */
function dominates(a: DesignPoint, b: DesignPoint): boolean {
  const axes = (p: DesignPoint): number[] => [p.costUsd, p.rtoMs ?? Number.POSITIVE_INFINITY, p.rpoMs, p.p99Ms ?? Number.POSITIVE_INFINITY];
  const x = axes(a);
  const y = axes(b);
  return x.every((v, i) => v <= y[i]) && x.some((v, i) => v < y[i]);
}

/** The points with `front` set: those no other point dominates. */
export function paretoFront(points: readonly Omit<DesignPoint, 'front'>[]): DesignPoint[] {
  const all = points.map((p) => ({ ...p, front: true }));
  for (const p of all) p.front = !all.some((q) => q !== p && dominates(q, p));
  return all;
}

/** `a.b.c=1` → `c=1`: the last segment of each set path, for labels. */
export function shortSets(sets: readonly string[]): string {
  return sets.map((s) => s.slice(s.lastIndexOf('.', s.indexOf('=')) + 1)).join(' ');
}
