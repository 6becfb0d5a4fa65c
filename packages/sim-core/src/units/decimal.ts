/**
 * An exact non-negative decimal: `digits / 10^scale`. Scenario quantities are written in
 * decimal, and binary floating point cannot hold most of them (0.1 has no exact double), so the
 * parsers keep the written value exact until the final conversion. That is what lets
 * `parseDuration` decide exactly whether a value is a whole number of microseconds, and makes
 * `parsePercent("99.9%")` return the very double that the literal `0.999` denotes.
 */
export interface Decimal {
  readonly digits: bigint;
  readonly scale: number;
}

/** A unit's factor as an exact decimal: `multiplier / 10^shift` base units per written unit. */
export interface ExactFactor {
  readonly multiplier: bigint;
  readonly shift: number;
}

/** Reads a numeral the lexer has already checked against /^\d+(\.\d+)?$/. */
export function decimalFromNumeral(numeral: string): Decimal {
  const point = numeral.indexOf('.');
  if (point < 0) return { digits: BigInt(numeral), scale: 0 };
  const fraction = numeral.slice(point + 1);
  return { digits: BigInt(numeral.slice(0, point) + fraction), scale: fraction.length };
}

/** Multiplies by a unit's factor; the result is still exact. */
export function scaleDecimal(value: Decimal, factor: ExactFactor): Decimal {
  return { digits: value.digits * factor.multiplier, scale: value.scale + factor.shift };
}

/** Adds two decimals exactly (compound durations are sums of parts). */
export function addDecimals(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { digits: a.digits * 10n ** BigInt(scale - a.scale) + b.digits * 10n ** BigInt(scale - b.scale), scale };
}

/** The value as a bigint when it is a whole number, otherwise undefined. */
export function decimalToWhole(value: Decimal): bigint | undefined {
  const divisor = 10n ** BigInt(value.scale);
  return value.digits % divisor === 0n ? value.digits / divisor : undefined;
}

/** The nearest whole number, halves rounded up. */
export function decimalRounded(value: Decimal): bigint {
  const divisor = 10n ** BigInt(value.scale);
  return (value.digits * 2n + divisor) / (divisor * 2n);
}

/**
 * True when `rounded` is within `rounded / 2^bits` of the value, that is, when the two agree to
 * `bits` significant bits. Integer arithmetic throughout, so the answer is exact.
 */
export function decimalNear(value: Decimal, rounded: bigint, bits: number): boolean {
  const scaled = rounded * 10n ** BigInt(value.scale);
  const gap = value.digits > scaled ? value.digits - scaled : scaled - value.digits;
  return gap * 2n ** BigInt(bits) <= scaled;
}

/** True when the value is at most `limit`. */
export function decimalAtMost(value: Decimal, limit: bigint): boolean {
  return value.digits <= limit * 10n ** BigInt(value.scale);
}

/** The value as plain decimal text, such as "0.001" or "1500". */
export function decimalToText(value: Decimal): string {
  const text = value.digits.toString();
  if (value.scale === 0) return text;
  const padded = text.padStart(value.scale + 1, '0');
  const whole = padded.slice(0, padded.length - value.scale);
  const fraction = padded.slice(padded.length - value.scale).replace(/0+$/, '');
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

/**
 * The nearest double. Converting through decimal text leans on the language's string-to-number
 * conversion, which rounds correctly, so there is exactly one rounding step in the whole parse.
 */
export function decimalToNumber(value: Decimal): number {
  return Number(decimalToText(value));
}
