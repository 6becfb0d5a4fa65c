import { decimalFromNumeral, decimalToNumber, scaleDecimal } from './decimal.js';
import { checkFinite, checkText, lexSingle, requireUnit } from './lexer.js';
import { oneOf, resolveUnit } from './unit-table.js';
import type { UnitAlias, UnitTable } from './unit-table.js';

/** Events per written unit, and the seconds the written unit spans. */
interface RateUnit {
  readonly multiplier: bigint;
  readonly seconds: number;
}

const UNITS: ReadonlyArray<readonly [string, RateUnit]> = [
  ['rps', { multiplier: 1n, seconds: 1 }],
  ['krps', { multiplier: 1_000n, seconds: 1 }],
  ['Mrps', { multiplier: 1_000_000n, seconds: 1 }],
  ['/s', { multiplier: 1n, seconds: 1 }],
  ['rpm', { multiplier: 1n, seconds: 60 }],
  ['/min', { multiplier: 1n, seconds: 60 }],
  ['/m', { multiplier: 1n, seconds: 60 }],
  ['rph', { multiplier: 1n, seconds: 3_600 }],
  ['/h', { multiplier: 1n, seconds: 3_600 }],
];

/** Every accepted rate spelling, in the order messages list them. */
export const RATE_SPELLINGS: readonly string[] = UNITS.map(([spelling]) => spelling);

const SUGGESTIONS: ReadonlyArray<readonly [string, string]> = [
  ['qps', 'rps'], ['kqps', 'krps'], ['req/s', '/s'], ['r/s', '/s'], ['/sec', '/s'], ['/second', '/s'],
  ['/mins', '/min'], ['/minute', '/min'], ['req/min', '/min'], ['/hr', '/h'], ['/hour', '/h'], ['req/h', '/h'],
];

const aliases = new Map<string, UnitAlias>(SUGGESTIONS.map(([spelling, suggest]) => [spelling, { suggest }]));
// These are one edit away from an accepted unit with a very different meaning ("/ms" from
// "/m", "/d" from "/s"), so they are named as unsupported instead of "corrected".
for (const spelling of ['/ms', '/d', '/day', 'rpd']) {
  aliases.set(spelling, { found: `unsupported unit ${JSON.stringify(spelling)} (rates are written per second, minute or hour)` });
}

const TABLE: UnitTable<RateUnit> = { kind: 'rate', units: new Map(UNITS), expected: oneOf(RATE_SPELLINGS), aliases };

/**
 * Parses a rate such as "1200rps", "50/s", "1.2krps", "3000rpm" or "3000/min" into events per
 * second. Accepted units: rps, krps (thousands), Mrps (millions), /s, rpm, /min, /m (all per
 * minute), rph and /h (per hour). The value is exact up to the single rounding of the result
 * to a double, then divided by 60 or 3600 for per-minute and per-hour units.
 */
export function parseRate(text: string): number {
  const trimmed = checkText('rate', text as unknown);
  const component = lexSingle('rate', text, trimmed, 0);
  requireUnit('rate', text, component, TABLE.expected, ['rps', '/min']);
  const unit = resolveUnit(TABLE, { input: text, text: trimmed, components: [component] }, component);
  const perUnit = decimalToNumber(scaleDecimal(decimalFromNumeral(component.numeral), { multiplier: unit.multiplier, shift: 0 }));
  return checkFinite('rate', text, unit.seconds === 1 ? perUnit : perUnit / unit.seconds);
}
