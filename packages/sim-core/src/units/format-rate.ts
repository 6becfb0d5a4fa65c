import { describeValue } from '../assert.js';

/** Decimal prefixes formatRate may use, largest first; each is also accepted by parseRate. */
const PREFIXES: ReadonlyArray<readonly [number, string]> = [
  [1e6, 'M'],
  [1e3, 'k'],
];

/**
 * Formats events per second compactly, in a form `parseRate` accepts: 0 -> "0rps",
 * 0.5 -> "0.5rps", 50 -> "50rps", 1200 -> "1.2krps", 12345 -> "12.35krps", 3400000 -> "3.4Mrps".
 *
 * The number keeps about four significant digits (three decimals below 10, two below 100, one
 * below 1000, after scaling by k or M), so the text is for reading, not an exact round trip.
 * Rates below 1 per second keep three significant digits (0.0123 -> "0.0123rps") with at most
 * nine decimals, so anything below 0.0000000005 per second prints as "0rps". Rounding uses
 * Number.prototype.toFixed, which the language defines exactly, so every engine agrees.
 *
 * Throws a RangeError unless `perS` is a finite, non-negative number.
 */
export function formatRate(perS: number): string {
  if (!Number.isFinite(perS) || perS < 0) {
    throw new RangeError(`formatRate expects a finite, non-negative number of events per second, got ${describeValue(perS)}`);
  }
  for (const [size, prefix] of PREFIXES) {
    if (perS >= size) {
      const text = compact(perS / size);
      // Rounding can carry 999.96k up to "1000k"; the next prefix then reads better.
      if (Number(text) >= 1_000 && prefix === 'k') return `${compact(perS / 1e6)}Mrps`;
      return `${text}${prefix}rps`;
    }
  }
  const text = perS >= 1 ? compact(perS) : small(perS);
  if (Number(text) >= 1_000) return `${compact(perS / 1e3)}krps`;
  return `${text}rps`;
}

/** About four significant digits for a value of at least 1, trailing zeros dropped. */
function compact(value: number): string {
  const decimals = value >= 100 ? 1 : value >= 10 ? 2 : 3;
  return trimZeros(value.toFixed(decimals));
}

/** Three significant digits for a value below 1, with at most nine decimals. */
function small(value: number): string {
  if (value === 0) return '0';
  // Counting zeros by multiplying avoids Math.log10, whose last bit the language leaves to
  // each engine; multiplication is exactly rounded everywhere.
  let leadingZeros = 0;
  for (let scaled = value; scaled < 0.1 && leadingZeros < 6; scaled *= 10) leadingZeros += 1;
  return trimZeros(value.toFixed(leadingZeros + 3));
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
