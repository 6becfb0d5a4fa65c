import { formatMs } from '@stormglass/scenarios';

const US_PER_S = 1_000_000;
const WRAP_WIDTH = 100;

// Formatting shared by the terminal summaries.

/** Simulated time as mm:ss (minutes keep counting past 59: 75:00). */
export function mmss(us: number): string {
  const totalS = Math.floor(us / US_PER_S);
  return `${String(Math.floor(totalS / 60)).padStart(2, '0')}:${String(totalS % 60).padStart(2, '0')}`;
}

/** Words filled into lines of WRAP_WIDTH, the first behind `first`, the rest behind `rest`. */
export function wrap(text: string, first: string, rest: string): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(' ')) {
    if (line.length + word.length > WRAP_WIDTH && line.trim().length > 0) {
      lines.push(line.trimEnd());
      line = rest;
    }
    line += `${word} `;
  }
  lines.push(line.trimEnd());
  return lines;
}

export function latency(ms: number | null): string {
  return ms === null ? '—' : formatMs(ms);
}

export function usd(value: number): string {
  return `$${value.toFixed(2)}`;
}

export function seconds(wallMs: number): string {
  return wallMs < 1000 ? `${Math.round(wallMs)} ms` : `${(wallMs / 1000).toFixed(1)} s`;
}

export function integer(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
