import { addDecimals, decimalFromNumeral, decimalNear, decimalRounded, scaleDecimal } from './decimal.js';
import type { Decimal } from './decimal.js';
import { formatDuration } from './format-duration.js';
import { checkText, lexComponents, splice } from './lexer.js';
import type { Component, Lexed } from './lexer.js';
import { UnitError } from './unit-error.js';
import { resolveUnit } from './unit-table.js';
import type { UnitAlias, UnitTable } from './unit-table.js';

/** The canonical duration units, largest last; "µs" and "μs" are accepted for "us". */
export type DurationUnit = 'us' | 'ms' | 's' | 'm' | 'h' | 'd';

export interface DurationOptions {
  /**
   * The unit a bare number such as "250" is read in. Absent by default, so a bare number is an
   * error: a scenario that says `timeout: 250` is ambiguous to its reader, and guessing wrong
   * silently changes a run by a factor of a thousand.
   */
  bareNumberUnit?: DurationUnit;
}

interface DurationUnitInfo {
  readonly unit: DurationUnit;
  readonly micros: bigint;
}

const INFO: Record<DurationUnit, DurationUnitInfo> = {
  us: { unit: 'us', micros: 1n },
  ms: { unit: 'ms', micros: 1_000n },
  s: { unit: 's', micros: 1_000_000n },
  m: { unit: 'm', micros: 60_000_000n },
  h: { unit: 'h', micros: 3_600_000_000n },
  d: { unit: 'd', micros: 86_400_000_000n },
};

/** Smallest first, which is the order of the `expected` list and of the "next smaller unit". */
const ORDER: readonly DurationUnit[] = ['us', 'ms', 's', 'm', 'h', 'd'];

/** Every accepted spelling: the canonical ones, then the micro sign and the Greek mu. */
export const DURATION_SPELLINGS: readonly string[] = [...ORDER, 'µs', 'μs'];

const ALIAS_GROUPS: ReadonlyArray<readonly [DurationUnit, readonly string[]]> = [
  ['us', ['usec', 'usecs', 'micros', 'microsecond', 'microseconds']],
  ['ms', ['msec', 'msecs', 'millis', 'millisecond', 'milliseconds']],
  ['s', ['sec', 'secs', 'second', 'seconds']],
  ['m', ['min', 'mins', 'minute', 'minutes']],
  ['h', ['hr', 'hrs', 'hour', 'hours']],
  ['d', ['day', 'days']],
];

const aliases = new Map<string, UnitAlias>(
  ALIAS_GROUPS.flatMap(([unit, spellings]) => spellings.map((spelling) => [spelling, { suggest: unit }] as const)),
);
// Nanoseconds are one edit away from "us" and "ms", so without this entry the edit-distance
// search would offer a fix that is wrong by a factor of a thousand.
for (const spelling of ['ns', 'nsec', 'nanos']) {
  aliases.set(spelling, { found: `unsupported unit ${JSON.stringify(spelling)} (the simulated clock counts whole microseconds)` });
}

/**
 * A value within one part in 2^50 of a whole number of microseconds (four units in the last
 * place of a double) is taken to be that whole number. This forgives the noise of numbers
 * printed by programs, such as "0.30000000000000004s" for 0.1 + 0.2 seconds, and nothing a
 * person would write: "1.0000001ms" is off by one part in ten million and is still rejected.
 */
const FLOAT_NOISE_BITS = 50;

const TABLE: UnitTable<DurationUnitInfo> = {
  kind: 'duration',
  units: new Map<string, DurationUnitInfo>([...ORDER.map((unit) => [unit, INFO[unit]] as const), ['µs', INFO.us], ['μs', INFO.us]]),
  expected: `one of ${ORDER.join(', ')}`,
  aliases,
};

/**
 * Parses a duration such as "250ms", "1.5s", "500us", "1h30m" or "2m30s" into integer
 * microseconds, the simulated clock's unit.
 *
 * - Units: us (also µs, μs), ms, s, m (minutes), h, d. They are case-sensitive; "250MS" is
 *   rejected with the suggestion "250ms".
 * - A compound lists its parts from the largest unit to the smallest, each unit at most once;
 *   whitespace may separate a number from its unit and one part from the next.
 * - Arithmetic is exact decimal, not floating point, so "0.1s" is exactly 100000. A value that
 *   is not a whole number of microseconds ("0.0001us", "1.0000001ms") is rejected unless it is
 *   within floating-point noise of one (see FLOAT_NOISE_BITS), as are negative values and values
 *   above Number.MAX_SAFE_INTEGER microseconds (about 285 years).
 * - A bare number is an error unless `options.bareNumberUnit` says how to read it.
 */
export function parseDuration(text: string, options: DurationOptions = {}): number {
  const input = text as unknown;
  const trimmed = checkText('duration', input);
  const lexed = lexComponents('duration', text, trimmed, 0);
  let totalUs: Decimal = { digits: 0n, scale: 0 };
  let previous: DurationUnitInfo | undefined;
  for (const component of lexed.components) {
    const info = unitOf(lexed, component, previous, options);
    if (previous !== undefined && info.micros >= previous.micros) failOrder(lexed, info.micros === previous.micros);
    totalUs = addDecimals(totalUs, scaleDecimal(decimalFromNumeral(component.numeral), { multiplier: info.micros, shift: 0 }));
    previous = info;
  }
  const wholeUs = decimalRounded(totalUs);
  if (!decimalNear(totalUs, wholeUs, FLOAT_NOISE_BITS)) {
    const suggestable = wholeUs > 0n && wholeUs <= BigInt(Number.MAX_SAFE_INTEGER);
    throw new UnitError({
      kind: 'duration',
      input: text,
      expected: 'a whole number of microseconds (the simulated clock counts whole microseconds)',
      found: `a fraction of a microsecond`,
      ...(suggestable ? { suggestion: formatDuration(Number(wholeUs)) } : {}),
    });
  }
  if (wholeUs > BigInt(Number.MAX_SAFE_INTEGER)) {
    const daysMax = BigInt(Number.MAX_SAFE_INTEGER) / INFO.d.micros;
    throw new UnitError({
      kind: 'duration',
      input: text,
      expected: `at most ${daysMax}d (Number.MAX_SAFE_INTEGER microseconds)`,
      found: `${wholeUs}us, more than the clock can count exactly`,
    });
  }
  return Number(wholeUs);
}

/** The unit of one part, handling the bare number that may end a compound or stand alone. */
function unitOf(
  lexed: Lexed,
  component: Component,
  previous: DurationUnitInfo | undefined,
  options: DurationOptions,
): DurationUnitInfo {
  if (component.unit !== '') return resolveUnit(TABLE, lexed, component);
  const alone = lexed.components.length === 1;
  if (alone && options.bareNumberUnit !== undefined) return INFO[options.bareNumberUnit];
  const { input, text } = lexed;
  if (previous === undefined) {
    const n = component.numeral;
    const advice = `add a unit, e.g. "${n}ms" or "${n}s"`;
    throw new UnitError({ kind: 'duration', input, expected: TABLE.expected, found: 'a number without a unit', advice });
  }
  // "1h30" almost always means "1h30m": the next smaller unit after the previous part.
  const next = ORDER[ORDER.indexOf(previous.unit) - 1];
  const found = `a number without a unit after ${JSON.stringify(text.slice(0, component.numberStart).trimEnd())}`;
  const suggestion = next === undefined ? undefined : splice(text, component.unitEnd, component.unitEnd, next);
  const fix = suggestion === undefined ? {} : { suggestion };
  throw new UnitError({ kind: 'duration', input, expected: TABLE.expected, found, ...fix });
}

/** Rejects a compound whose parts are out of order, offering the sorted order when that fixes it. */
function failOrder(lexed: Lexed, repeated: boolean): never {
  // Sorting is only offered when every part has a known unit and no unit repeats; anything else
  // needs a human decision (which of two "m" parts was meant?).
  const parts = lexed.components.map((component) => ({ component, info: TABLE.units.get(component.unit) }));
  const infos = parts.map((part) => part.info).filter((info) => info !== undefined);
  const sortable = infos.length === parts.length && new Set(infos.map((info) => info.unit)).size === parts.length;
  const sorted = [...parts].sort((a, b) => Number((b.info?.micros ?? 0n) - (a.info?.micros ?? 0n)));
  const suggestion = sortable ? sorted.map(({ component }) => component.numeral + component.unit).join('') : undefined;
  throw new UnitError({
    kind: 'duration',
    input: lexed.input,
    expected: 'parts from the largest unit to the smallest, each unit at most once, e.g. "1h30m"',
    found: repeated ? 'a unit used twice' : 'parts out of order',
    ...(suggestion === undefined ? {} : { suggestion }),
  });
}
