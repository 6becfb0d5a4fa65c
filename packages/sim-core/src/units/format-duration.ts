import { describeValue } from '../assert.js';

const US_PER_MS = 1_000;
const US_PER_S = 1_000_000;
const US_PER_M = 60 * US_PER_S;
const US_PER_H = 60 * US_PER_M;
const US_PER_D = 24 * US_PER_H;

/**
 * Formats integer microseconds for people, in a form `parseDuration` reads back exactly:
 * 0 -> "0s", 500 -> "500us", 1500 -> "1.5ms", 250000 -> "250ms", 1500000 -> "1.5s",
 * 90000000 -> "1m30s", 5400000000 -> "1h30m", 90061500000 -> "1d1h1m1.5s".
 *
 * Below a second the largest fitting unit is used with a decimal fraction. From a second up, the
 * value is split into days, hours, minutes and seconds, zero parts left out, and any fraction
 * of a second is written as decimal seconds, or in ms or us when the whole seconds are zero
 * ("1h500ms" rather than "1h0.5s"). Microseconds are written "us", which is easier to type and
 * search for than "µs". All arithmetic is on integers, so the text is exact.
 *
 * Throws a RangeError unless `us` is a non-negative safe integer: simulated time is whole
 * microseconds, and a negative span is a bug upstream rather than something to display.
 */
export function formatDuration(us: number): string {
  if (!Number.isSafeInteger(us) || us < 0) {
    throw new RangeError(`formatDuration expects a non-negative safe integer number of microseconds, got ${describeValue(us)}`);
  }
  if (us === 0) return '0s';
  if (us < US_PER_S) return formatBelowSecond(us);
  const days = Math.floor(us / US_PER_D);
  const hours = Math.floor((us % US_PER_D) / US_PER_H);
  const minutes = Math.floor((us % US_PER_H) / US_PER_M);
  const seconds = Math.floor((us % US_PER_M) / US_PER_S);
  const belowSecondUs = us % US_PER_S;
  let text = '';
  if (days > 0) text += `${days}d`;
  if (hours > 0) text += `${hours}h`;
  if (minutes > 0) text += `${minutes}m`;
  if (seconds > 0) text += `${seconds}${fraction(belowSecondUs, 6)}s`;
  else if (belowSecondUs > 0) text += formatBelowSecond(belowSecondUs);
  return text;
}

/** Formats 1 to 999999 microseconds as "Nus" or "N.NNNms". */
function formatBelowSecond(us: number): string {
  if (us < US_PER_MS) return `${us}us`;
  return `${Math.floor(us / US_PER_MS)}${fraction(us % US_PER_MS, 3)}ms`;
}

/** ".5" for 500 of 3 digits, "" for 0: the decimal fraction without trailing zeros. */
function fraction(part: number, digits: number): string {
  if (part === 0) return '';
  return `.${String(part).padStart(digits, '0').replace(/0+$/, '')}`;
}
