import { decimalFromNumeral, decimalToNumber, decimalToText } from './decimal.js';
import { checkFinite, checkText, lexSingle } from './lexer.js';
import type { Component } from './lexer.js';
import { UnitError } from './unit-error.js';
import { resolveUnit } from './unit-table.js';
import type { UnitAlias, UnitTable } from './unit-table.js';

/**
 * What a price is charged per: a one-off amount, a span of time (instance-hours, monthly
 * fees), a gigabyte moved (egress), a gigabyte stored for a month, or a request.
 */
export type MoneyPer = 'once' | 'hour' | 'month' | 'GB' | 'GB-month' | 'request';

/** A price in US dollars. */
export interface Money {
  usd: number;
  per: MoneyPer;
}

/** The closed set of `per` values, for validators and documentation. */
export const MONEY_PERS: readonly MoneyPer[] = ['once', 'hour', 'month', 'GB', 'GB-month', 'request'];

const UNITS: ReadonlyArray<readonly [string, MoneyPer]> = [
  ['', 'once'],
  ['/h', 'hour'],
  ['/hr', 'hour'],
  ['/hour', 'hour'],
  ['/mo', 'month'],
  ['/month', 'month'],
  ['/GB', 'GB'],
  ['/GB-month', 'GB-month'],
  ['/req', 'request'],
  ['/request', 'request'],
];

/** Every accepted suffix after the amount; the empty suffix is a one-off amount. */
export const MONEY_SPELLINGS: readonly string[] = UNITS.map(([spelling]) => spelling);

const SUGGESTIONS: ReadonlyArray<readonly [string, string]> = [
  ['/hours', '/h'], ['/hrs', '/h'], ['/months', '/month'], ['/mon', '/month'],
  ['/GB-mo', '/GB-month'], ['/GB/month', '/GB-month'], ['/GB/mo', '/GB-month'], ['/GBmonth', '/GB-month'],
  ['/GB-months', '/GB-month'], ['/requests', '/request'],
];

const aliases = new Map<string, UnitAlias>(SUGGESTIONS.map(([spelling, suggest]) => [spelling, { suggest }]));
// Other periods and sizes are one or two edits from an accepted suffix with a different price
// ("/d" from "/h", "/GiB" from "/GB"), so they are named as unsupported instead of "corrected".
for (const spelling of ['/s', '/sec', '/min', '/d', '/day', '/yr', '/year', '/MB', '/GiB', '/TiB']) {
  aliases.set(spelling, { found: `unsupported unit ${JSON.stringify(spelling)}` });
}

const TABLE: UnitTable<MoneyPer> = {
  kind: 'money',
  units: new Map(UNITS),
  expected: `a dollar amount with nothing after it (a one-off) or one of ${MONEY_SPELLINGS.slice(1).join(', ')}`,
  aliases,
};

/**
 * Parses a price such as "$0.12/h", "$0.02/GB", "$0.10/GB-month", "$1.2/month" or "$300" into
 * US dollars and what they are charged per (see MoneyPer). "/h", "/hr" and "/hour" all give
 * 'hour'; "/mo" and "/month" give 'month'; "/req" and "/request" give 'request'; no suffix gives
 * 'once'. The "$" is required, so a price cannot be mistaken for another quantity. Whitespace
 * may follow "$" and precede the suffix. The amount is exact up to its single rounding to a double.
 */
export function parseMoney(text: string): Money {
  const trimmed = checkText('money', text as unknown);
  const expectedAmount = 'an amount in US dollars like "$0.12/h"';
  if (!trimmed.startsWith('$')) failMissingDollar(text, trimmed, expectedAmount);
  if (/^\$\s*-/.test(trimmed)) {
    throw new UnitError({ kind: 'money', input: text, expected: 'an amount of zero or more', found: 'a negative value' });
  }
  if (trimmed === '$') {
    throw new UnitError({ kind: 'money', input: text, expected: expectedAmount, found: 'no number after "$"' });
  }
  const component = lexSingle('money', text, trimmed, 1);
  failPerTerabyte(text, trimmed, component);
  const per = resolveUnit(TABLE, { input: text, text: trimmed, components: [component] }, component);
  return { usd: checkFinite('money', text, decimalToNumber(decimalFromNumeral(component.numeral))), per };
}

/** Rejects a price without "$", suggesting where it goes ("0.12/h", "0.12$/h", "0.12 USD/h"). */
function failMissingDollar(input: string, trimmed: string, expected: string): never {
  const component = lexSingle('money', input, trimmed, 0);
  const rest = component.unit.replace(/^(\$|USD)\s*/i, '');
  const suggestion = rest === '' || rest.startsWith('/') ? `$${component.numeral}${rest}` : undefined;
  const found = 'no "$" before the amount';
  throw new UnitError({ kind: 'money', input, expected, found, ...(suggestion === undefined ? {} : { suggestion }) });
}

/** "$20/TB" is a real way to quote egress; the fix rescales the amount to the per-GB price. */
function failPerTerabyte(input: string, trimmed: string, component: Component): void {
  const perGb = { '/TB': '/GB', '/TB-month': '/GB-month' }[component.unit];
  if (perGb === undefined) return;
  const amount = decimalFromNumeral(component.numeral);
  const amountPerGb = decimalToText({ digits: amount.digits, scale: amount.scale + 3 });
  throw new UnitError({
    kind: 'money',
    input,
    expected: TABLE.expected,
    found: `unsupported unit ${JSON.stringify(component.unit)}`,
    suggestion: `$${amountPerGb}${perGb}`,
  });
}
