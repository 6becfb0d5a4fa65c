import { decimalFromNumeral, decimalToNumber, scaleDecimal } from './decimal.js';
import { checkFinite, checkText, lexSingle, requireUnit } from './lexer.js';
import { oneOf, resolveUnit } from './unit-table.js';
import type { UnitAlias, UnitTable } from './unit-table.js';

const BITS_PER_BYTE = 8n;

const UNITS: ReadonlyArray<readonly [string, bigint]> = [
  ['bps', 1n],
  ['kbps', 10n ** 3n],
  ['Kbps', 10n ** 3n],
  ['Mbps', 10n ** 6n],
  ['Gbps', 10n ** 9n],
  ['Tbps', 10n ** 12n],
  ['B/s', BITS_PER_BYTE],
  ['kB/s', BITS_PER_BYTE * 10n ** 3n],
  ['KB/s', BITS_PER_BYTE * 10n ** 3n],
  ['MB/s', BITS_PER_BYTE * 10n ** 6n],
  ['GB/s', BITS_PER_BYTE * 10n ** 9n],
  ['TB/s', BITS_PER_BYTE * 10n ** 12n],
  ['KiB/s', BITS_PER_BYTE * 1024n],
  ['MiB/s', BITS_PER_BYTE * 1024n ** 2n],
  ['GiB/s', BITS_PER_BYTE * 1024n ** 3n],
];

/** Every accepted bandwidth spelling, in the order messages list them. */
export const BANDWIDTH_SPELLINGS: readonly string[] = UNITS.map(([spelling]) => spelling);

/**
 * "GBps" is read as gigabits by some and gigabytes by others; a factor of eight is too much to
 * guess, so the message spells out both readings and the suggestion follows the capital B.
 */
function ambiguous(spelling: string, bytes: string, bits: string): UnitAlias {
  return {
    suggest: bytes,
    found: `ambiguous unit ${JSON.stringify(spelling)}`,
    advice: (withUnit) =>
      `write ${JSON.stringify(withUnit(bytes))} for bytes per second or ${JSON.stringify(withUnit(bits))} for bits per second`,
  };
}

const aliases = new Map<string, UnitAlias>();
for (const prefix of ['k', 'M', 'G', 'T']) {
  const bits = `${prefix}bps`;
  const bytes = `${prefix === 'k' ? 'kB' : `${prefix}B`}/s`;
  aliases.set(`${prefix}b/s`, { suggest: bits });
  aliases.set(`${prefix}bit/s`, { suggest: bits });
  aliases.set(`${prefix}b`, { suggest: bits });
  aliases.set(`${prefix}B`, { suggest: bytes, found: `${JSON.stringify(`${prefix}B`)} is a size, not a bandwidth` });
  aliases.set(`${prefix}Bps`, ambiguous(`${prefix}Bps`, bytes, bits));
}
aliases.set('KB', { suggest: 'KB/s', found: '"KB" is a size, not a bandwidth' });
aliases.set('KBps', ambiguous('KBps', 'KB/s', 'kbps'));
for (const binary of ['KiB', 'MiB', 'GiB']) {
  aliases.set(binary, { suggest: `${binary}/s`, found: `${JSON.stringify(binary)} is a size, not a bandwidth` });
}
aliases.set('Bps', ambiguous('Bps', 'B/s', 'bps'));

const TABLE: UnitTable<bigint> = { kind: 'bandwidth', units: new Map(UNITS), expected: oneOf(BANDWIDTH_SPELLINGS), aliases };

/**
 * Parses a bandwidth such as "10Gbps", "100Mbps" or "250MB/s" into bits per second. Bit units
 * end in "bps" (bps, kbps or Kbps, Mbps, Gbps, Tbps); byte units end in "/s" and are multiplied
 * by 8 (B/s, kB/s or KB/s, MB/s, GB/s, TB/s, KiB/s, MiB/s, GiB/s). "GBps"-style spellings are
 * rejected as ambiguous. The result is exact up to its single rounding to a double.
 */
export function parseBandwidth(text: string): number {
  const trimmed = checkText('bandwidth', text as unknown);
  const component = lexSingle('bandwidth', text, trimmed, 0);
  requireUnit('bandwidth', text, component, TABLE.expected, ['Gbps', 'MB/s']);
  const bitsPerUnit = resolveUnit(TABLE, { input: text, text: trimmed, components: [component] }, component);
  const bitsPerS = scaleDecimal(decimalFromNumeral(component.numeral), { multiplier: bitsPerUnit, shift: 0 });
  return checkFinite('bandwidth', text, decimalToNumber(bitsPerS));
}
