/**
 * Number formatting shared by every presentation of a report (terminal, HTML, browser), so
 * the same figure reads the same everywhere.
 */

/** Milliseconds with sensible precision: `0.42 ms`, `74.6 ms`, `689 ms`, `12.3 s`. */
export function formatMs(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value >= 10_000) return `${(value / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })} s`;
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

/** A signed percentage with a true minus sign: `+1.27%`, `−2.25%`. */
export function formatSignedPercent(fraction: number): string {
  const percent = fraction * 100;
  return `${percent >= 0 ? '+' : '−'}${Math.abs(percent).toFixed(2)}%`;
}

/** Relative difference of a measured figure from a reference; `—` when the reference is 0. */
export function formatDifference(measured: number, reference: number): string {
  if (reference === 0) return measured === 0 ? '0' : '—';
  return formatSignedPercent((measured - reference) / reference);
}
