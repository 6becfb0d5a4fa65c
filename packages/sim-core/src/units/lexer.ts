import { describeValue } from '../assert.js';
import { decimalFromNumeral, decimalToText } from './decimal.js';
import { UnitError } from './unit-error.js';
import type { UnitKind } from './unit-error.js';

/** One `<number><unit>` part of a quantity; offsets index the trimmed text. */
export interface Component {
  /** The number as written, checked against /^\d+(\.\d+)?$/. */
  readonly numeral: string;
  /** The unit as written; empty when the number stands alone. */
  readonly unit: string;
  readonly numberStart: number;
  readonly unitStart: number;
  readonly unitEnd: number;
}

/** A quantity split into parts, with the text the offsets refer to. */
export interface Lexed {
  /** The original input, quoted back in error messages. */
  readonly input: string;
  /** The input without surrounding whitespace; suggestions are edits of this text. */
  readonly text: string;
  readonly components: readonly Component[];
}

/** What an error message calls a value of each kind (with its article), and an example of one. */
const KIND_WORDING: Record<UnitKind, { noun: string; example: string }> = {
  duration: { noun: 'a duration', example: '250ms' },
  rate: { noun: 'a rate', example: '1200rps' },
  size: { noun: 'a size', example: '500GB' },
  bandwidth: { noun: 'a bandwidth', example: '10Gbps' },
  percent: { noun: 'a percentage', example: '99.9%' },
  money: { noun: 'an amount', example: '$0.12/h' },
};

/** A well-formed example of the kind, used in messages. */
export function exampleOf(kind: UnitKind): string {
  return KIND_WORDING[kind].example;
}

const NUMERAL = /^\d+(\.\d+)?$/;
const NUMBER_CHAR = /[0-9.,_]/;
const SPACE = /\s/;

/** The text with `[start, end)` replaced, which is how suggestions stay minimal edits. */
export function splice(text: string, start: number, end: number, replacement: string): string {
  return text.slice(0, start) + replacement + text.slice(end);
}

/** Checks that the input is a non-empty string without a minus sign and returns it trimmed. */
export function checkText(kind: UnitKind, input: unknown): string {
  const { noun, example } = KIND_WORDING[kind];
  if (typeof input !== 'string') {
    throw new UnitError({
      kind,
      input: describeValue(input),
      expected: `a string with a unit like ${JSON.stringify(example)}`,
      found: describeNonString(input),
      notAString: true,
    });
  }
  const text = input.trim();
  if (text === '') {
    throw new UnitError({ kind, input, expected: `a number with a unit, e.g. ${JSON.stringify(example)}`, found: 'an empty string' });
  }
  if (text.startsWith('-')) {
    throw new UnitError({ kind, input, expected: `${noun} of zero or more`, found: 'a negative value' });
  }
  return text;
}

function describeNonString(value: unknown): string {
  if (typeof value === 'number') return `the number ${describeValue(value)}`;
  if (typeof value === 'boolean') return `the boolean ${String(value)}`;
  if (typeof value === 'bigint') return `the bigint ${describeValue(value)}`;
  return describeValue(value);
}

/**
 * Splits `text` from `start` on into `<number><unit>` parts. Whitespace may separate a number
 * from its unit and one part from the next. A unit is the run of characters up to the next
 * digit or whitespace, so "1h30m" is two parts and "5mins" is one part with the unit "mins".
 */
export function lexComponents(kind: UnitKind, input: string, text: string, start: number): Lexed {
  const components: Component[] = [];
  let position = start;
  while (position < text.length) {
    while (position < text.length && SPACE.test(text[position])) position += 1;
    if (position >= text.length) break;
    const numberStart = position;
    while (position < text.length && NUMBER_CHAR.test(text[position])) position += 1;
    const written = text.slice(numberStart, position);
    if (written === '') failNoNumber(kind, input, text, numberStart, components);
    let unitStart = position;
    while (unitStart < text.length && SPACE.test(text[unitStart])) unitStart += 1;
    let unitEnd = unitStart;
    while (unitEnd < text.length && !/[0-9\s]/.test(text[unitEnd])) unitEnd += 1;
    const unit = text.slice(unitStart, unitEnd);
    checkNumeral(kind, input, text, written, numberStart, unit, unitEnd);
    components.push({ numeral: written, unit, numberStart, unitStart, unitEnd });
    position = unitEnd;
  }
  return { input, text, components };
}

/** Throws when the text holds more than one `<number><unit>` part. */
export function lexSingle(kind: UnitKind, input: string, text: string, start: number): Component {
  const lexed = lexComponents(kind, input, text, start);
  const [first, second] = lexed.components;
  if (first === undefined) failNoNumber(kind, input, text, start, []);
  if (second !== undefined) {
    throw new UnitError({
      kind,
      input,
      expected: `a single number and unit, e.g. ${JSON.stringify(exampleOf(kind))}`,
      found: `unexpected ${JSON.stringify(text.slice(second.numberStart))} after ${JSON.stringify(text.slice(start, first.unitEnd))}`,
    });
  }
  return first;
}

function failNoNumber(kind: UnitKind, input: string, text: string, at: number, before: readonly Component[]): never {
  const rest = text.slice(at);
  const expected = `a number followed by a unit, e.g. ${JSON.stringify(exampleOf(kind))}`;
  if (before.length > 0) {
    const found = `unexpected ${JSON.stringify(rest)} after ${JSON.stringify(text.slice(0, at).trimEnd())}`;
    throw new UnitError({ kind, input, expected, found });
  }
  const word = /^[+-]?(nan|infinity)/i.exec(rest);
  if (word !== null) {
    throw new UnitError({ kind, input, expected, found: `${JSON.stringify(word[0])}, which is not a finite number` });
  }
  if (rest.startsWith('+') && /^\+\d/.test(rest)) {
    throw new UnitError({ kind, input, expected, found: 'a plus sign', suggestion: splice(text, at, at + 1, '') });
  }
  throw new UnitError({ kind, input, expected, found: 'no number' });
}

/**
 * Rejects numerals the grammar does not allow, suggesting the plain form when the intent is
 * clear: "1,200" and "1_200" (digit grouping), "1,5" (a decimal comma), ".5", "5." and "1e3".
 */
function checkNumeral(kind: UnitKind, input: string, text: string, written: string, at: number, unit: string, unitEnd: number): void {
  const fail = (found: string, replacement?: string): never => {
    const expected = `a plain decimal number such as "1200" or "0.5"`;
    const suggestion = replacement === undefined ? undefined : splice(text, at, at + written.length, replacement);
    throw new UnitError({ kind, input, expected, found, ...(suggestion === undefined ? {} : { suggestion }) });
  };
  // "1e3ms" lexes as the number "1" with the unit "e" followed by "3ms", so exponent notation
  // shows up as a unit of "e", "e+" or "e-" directly followed by a digit.
  if (NUMERAL.test(written) && /^[eE][+-]?$/.test(unit) && /\d/.test(text[unitEnd] ?? '')) {
    failExponent(kind, input, text, at, written);
  }
  if (NUMERAL.test(written)) return;
  const grouped = /^\d{1,3}([,_]\d{3})+(\.\d+)?$/.test(written);
  if (grouped) fail(`digit separators in ${JSON.stringify(written)}`, written.replace(/[,_]/g, ''));
  if (/^\d+,\d+$/.test(written)) fail(`a decimal comma in ${JSON.stringify(written)}`, written.replace(',', '.'));
  if (/^\.\d+$/.test(written)) fail(`${JSON.stringify(written)} without a digit before the point`, `0${written}`);
  if (/^\d+\.$/.test(written)) fail(`${JSON.stringify(written)} with nothing after the point`, written.slice(0, -1));
  fail(`malformed number ${JSON.stringify(written)}`);
}

/** The largest exponent written out in a suggestion; beyond it the digits would be unreadable. */
const EXPONENT_SPELLED_MAX = 30;

function failExponent(kind: UnitKind, input: string, text: string, at: number, written: string): never {
  const match = /^\s*[eE][+-]?\d+/.exec(text.slice(at + written.length));
  const end = at + written.length + (match?.[0].length ?? 0);
  const power = Number(match?.[0].trim().slice(1));
  const found = `exponent notation ${JSON.stringify(text.slice(at, end))}`;
  const expected = 'a plain decimal number such as "1000"';
  if (!(Math.abs(power) <= EXPONENT_SPELLED_MAX)) throw new UnitError({ kind, input, expected, found });
  const mantissa = decimalFromNumeral(written);
  const plain = power >= 0
    ? { digits: mantissa.digits * 10n ** BigInt(power), scale: mantissa.scale }
    : { digits: mantissa.digits, scale: mantissa.scale - power };
  throw new UnitError({ kind, input, expected, found, suggestion: splice(text, at, end, decimalToText(plain)) });
}

/** Throws when a parsed value overflowed to Infinity, which only absurdly long numerals can do. */
export function checkFinite(kind: UnitKind, input: string, value: number): number {
  if (Number.isFinite(value)) return value;
  const expected = `${KIND_WORDING[kind].noun} that fits in a double`;
  throw new UnitError({ kind, input, expected, found: 'a value too large to represent' });
}

/** Throws the "number without a unit" error, suggesting the two most common units. */
export function requireUnit(kind: UnitKind, input: string, component: Component, expected: string, units: readonly [string, string]): void {
  if (component.unit !== '') return;
  throw new UnitError({
    kind,
    input,
    expected,
    found: 'a number without a unit',
    advice: `add a unit, e.g. "${component.numeral}${units[0]}" or "${component.numeral}${units[1]}"`,
  });
}
