import { BANDWIDTH_SPELLINGS, parseBandwidth } from './bandwidth.js';
import { DURATION_SPELLINGS, parseDuration } from './duration.js';
import { MONEY_SPELLINGS, parseMoney } from './money.js';
import type { Money } from './money.js';
import { parsePercent } from './percent.js';
import { RATE_SPELLINGS, parseRate } from './rate.js';
import { SIZE_SPELLINGS, parseSize } from './size.js';
import type { UnitKind } from './unit-error.js';

/** The accepted unit spellings of each kind, for schema hints and editor completion. */
export const UNIT_SPELLINGS: Readonly<Record<UnitKind, readonly string[]>> = {
  duration: DURATION_SPELLINGS,
  rate: RATE_SPELLINGS,
  size: SIZE_SPELLINGS,
  bandwidth: BANDWIDTH_SPELLINGS,
  percent: ['%'],
  money: MONEY_SPELLINGS,
};

/**
 * Parses `text` as a quantity of the given kind with that kind's default options, for callers
 * that take the kind from a schema. Money yields a Money; every other kind a number in its base
 * unit (microseconds, per second, bytes, bits per second, fraction).
 */
export function parseQuantity(kind: 'money', text: string): Money;
export function parseQuantity(kind: Exclude<UnitKind, 'money'>, text: string): number;
export function parseQuantity(kind: UnitKind, text: string): number | Money;
export function parseQuantity(kind: UnitKind, text: string): number | Money {
  switch (kind) {
    case 'duration':
      return parseDuration(text);
    case 'rate':
      return parseRate(text);
    case 'size':
      return parseSize(text);
    case 'bandwidth':
      return parseBandwidth(text);
    case 'percent':
      return parsePercent(text);
    case 'money':
      return parseMoney(text);
  }
  // A kind outside the union is a bug in the caller, not a bad scenario, so it is no UnitError.
  throw new RangeError(`parseQuantity: unknown kind ${JSON.stringify(kind)}`);
}
