import { InputError } from './exit-codes.js';

/** A whole-number flag in [min, max], or an InputError naming the flag. */
export function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = Number(text.replaceAll('_', ''));
  if (!/^\s*\d[\d_]*\s*$/.test(text) || !Number.isSafeInteger(value)) {
    throw new InputError(`${flag} expects a whole number, found "${text}"`);
  }
  if (value < min || value > max) {
    throw new InputError(`${flag} expects a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}, found ${text}`);
  }
  return value;
}

/** A seed: any whole number a run can be replayed from. */
export function seedFlag(text: string): number {
  return wholeNumber('--seed', text, 0, Number.MAX_SAFE_INTEGER);
}

/** Runs a parser and rewrites its error as an InputError that names the flag. */
export function flagValue<T>(flag: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new InputError(`${flag}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
