import { decimalFromNumeral, decimalRounded, decimalToWhole, scaleDecimal } from './decimal.js';
import { checkFinite, checkText, lexSingle, requireUnit } from './lexer.js';
import { UnitError } from './unit-error.js';
import { oneOf, resolveUnit } from './unit-table.js';
import type { UnitAlias, UnitTable } from './unit-table.js';

const KIBI = 1024n;

const UNITS: ReadonlyArray<readonly [string, bigint]> = [
  ['B', 1n],
  ['kB', 10n ** 3n],
  ['KB', 10n ** 3n],
  ['MB', 10n ** 6n],
  ['GB', 10n ** 9n],
  ['TB', 10n ** 12n],
  ['PB', 10n ** 15n],
  ['KiB', KIBI],
  ['MiB', KIBI ** 2n],
  ['GiB', KIBI ** 3n],
  ['TiB', KIBI ** 4n],
  ['PiB', KIBI ** 5n],
];

/** Every accepted size spelling, in the order messages list them. */
export const SIZE_SPELLINGS: readonly string[] = UNITS.map(([spelling]) => spelling);

const SUGGESTIONS: ReadonlyArray<readonly [string, string]> = [
  ['byte', 'B'], ['bytes', 'B'], ['M', 'MB'], ['G', 'GB'], ['T', 'TB'], ['P', 'PB'],
  ['Ki', 'KiB'], ['Mi', 'MiB'], ['Gi', 'GiB'], ['Ti', 'TiB'], ['Pi', 'PiB'],
];

const TABLE: UnitTable<bigint> = {
  kind: 'size',
  units: new Map(UNITS),
  expected: oneOf(SIZE_SPELLINGS),
  aliases: new Map<string, UnitAlias>(SUGGESTIONS.map(([spelling, suggest]) => [spelling, { suggest }])),
};

/**
 * Parses a size such as "500GB", "4KiB" or "1.5MB" into bytes. Decimal units are powers of
 * 1000 (kB and KB both mean 1000 bytes), binary units powers of 1024 (KiB to PiB), and "B" is
 * one byte. Units are case-sensitive, because "b" means bits elsewhere.
 *
 * The result must be a whole number of bytes ("1.1KiB" is 1126.4 bytes and is rejected). Above
 * Number.MAX_SAFE_INTEGER (about 9 PB) the result is the nearest double, as exact as a number
 * of that size can be.
 */
export function parseSize(text: string): number {
  const trimmed = checkText('size', text as unknown);
  const component = lexSingle('size', text, trimmed, 0);
  requireUnit('size', text, component, TABLE.expected, ['B', 'GB']);
  const bytesPerUnit = resolveUnit(TABLE, { input: text, text: trimmed, components: [component] }, component);
  const bytes = scaleDecimal(decimalFromNumeral(component.numeral), { multiplier: bytesPerUnit, shift: 0 });
  const wholeBytes = decimalToWhole(bytes);
  if (wholeBytes === undefined) {
    throw new UnitError({
      kind: 'size',
      input: text,
      expected: 'a whole number of bytes',
      found: 'a fraction of a byte',
      suggestion: `${decimalRounded(bytes)}B`,
    });
  }
  return checkFinite('size', text, Number(wholeBytes));
}
