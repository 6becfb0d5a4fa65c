import { decimalAtMost, decimalFromNumeral, decimalToNumber, decimalToText, scaleDecimal } from './decimal.js';
import { checkFinite, checkText, lexSingle } from './lexer.js';
import { UnitError } from './unit-error.js';
import { resolveUnit } from './unit-table.js';
import type { UnitAlias, UnitTable } from './unit-table.js';

export interface PercentOptions {
  /**
   * Accept values above 100%, for quantities such as headroom ("150%") that may exceed the
   * whole. Off by default, because a probability or a share above 100% is a typo.
   */
  allowOver100?: boolean;
}

const TABLE: UnitTable<true> = {
  kind: 'percent',
  units: new Map([['%', true]]),
  expected: 'a percentage like "99.9%"',
  aliases: new Map<string, UnitAlias>(['pct', 'percent', 'percentage'].map((spelling) => [spelling, { suggest: '%' }])),
};

/**
 * Parses a percentage such as "99.9%" or "0.1%" into a fraction (0.999, 0.001). The only unit is
 * "%", optionally after whitespace. The value is shifted by two decimal places exactly before
 * its single rounding, so "99.9%" gives the very double that the literal 0.999 denotes.
 *
 * Values from 0% to 100% are accepted, and above 100% only with `options.allowOver100`. A bare
 * number is an error: "0.5" might mean half a percent or a half.
 */
export function parsePercent(text: string, options: PercentOptions = {}): number {
  const trimmed = checkText('percent', text as unknown);
  const component = lexSingle('percent', text, trimmed, 0);
  const percent = decimalFromNumeral(component.numeral);
  if (component.unit === '') {
    const n = component.numeral;
    // A bare number up to 1 is as likely a fraction as a percentage, so both readings are offered.
    const asPercent = decimalToText(scaleDecimal(percent, { multiplier: 100n, shift: 0 }));
    throw new UnitError({
      kind: 'percent',
      input: text,
      expected: TABLE.expected,
      found: 'a number without "%"',
      ...(decimalAtMost(percent, 1n)
        ? { advice: `write "${n}%" for ${n} percent, or "${asPercent}%" if ${n} is a fraction` }
        : { suggestion: `${trimmed}%` }),
    });
  }
  resolveUnit(TABLE, { input: text, text: trimmed, components: [component] }, component);
  if (options.allowOver100 !== true && !decimalAtMost(percent, 100n)) {
    throw new UnitError({
      kind: 'percent',
      input: text,
      expected: 'a percentage from 0% to 100%',
      found: `${component.numeral}%, which is more than 100%`,
    });
  }
  return checkFinite('percent', text, decimalToNumber(scaleDecimal(percent, { multiplier: 1n, shift: 2 })));
}
