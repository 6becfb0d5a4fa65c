import { describeValue } from '../../assert.js';
import { closestSpelling } from '../../units/levenshtein.js';

/**
 * The checks the resilience validators share. Each appends a sentence that names the field,
 * what it must be and what it was; `prefix` is either '' or a location such as
 * "traffic.client.retry: ", so the same validator serves a standalone config and a model.
 */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function prefixOf(name: string | undefined): string {
  return name === undefined || name === '' ? '' : `${name}: `;
}

/** A duration: a whole number of µs, > 0 when `min` is 1, >= 0 when it is 0. */
export function checkWholeUs(problems: string[], prefix: string, field: string, value: unknown, min: 0 | 1): boolean {
  if (Number.isSafeInteger(value) && (value as number) >= min) return true;
  problems.push(`${prefix}${field} must be a whole number of µs ${min === 1 ? '> 0' : '>= 0'}, got ${describeValue(value)}`);
  return false;
}

/** A count: a whole number, > 0 when `min` is 1, >= 0 when it is 0. */
export function checkCount(problems: string[], prefix: string, field: string, value: unknown, min: 0 | 1): boolean {
  if (Number.isSafeInteger(value) && (value as number) >= min) return true;
  problems.push(`${prefix}${field} must be a whole number ${min === 1 ? '> 0' : '>= 0'}, got ${describeValue(value)}`);
  return false;
}

/** A finite number >= `min`. */
export function checkAtLeast(problems: string[], prefix: string, field: string, value: unknown, min: number): boolean {
  if (typeof value === 'number' && Number.isFinite(value) && value >= min) return true;
  problems.push(`${prefix}${field} must be a finite number >= ${min}, got ${describeValue(value)}`);
  return false;
}

/** One of a fixed set of strings, with a spelling suggestion for a near miss. */
export function checkOneOf(problems: string[], prefix: string, field: string, value: unknown, allowed: readonly string[]): boolean {
  if (typeof value === 'string' && allowed.includes(value)) return true;
  const suggestion = typeof value === 'string' ? closestSpelling(value, allowed) : undefined;
  const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
  problems.push(`${prefix}${field} must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${describeValue(value)}${hint}`);
  return false;
}

/** Throws the problems as one RangeError, for constructors that take a config. */
export function throwIfProblems(owner: string, problems: readonly string[]): void {
  if (problems.length > 0) throw new RangeError(`${owner}: invalid config: ${problems.join('; ')}`);
}
