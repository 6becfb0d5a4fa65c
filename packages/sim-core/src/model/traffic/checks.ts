import { describeValue } from '../../assert.js';

/**
 * Field checks shared by the traffic validators. Each appends one message naming where the
 * field is, what it must be and what it was, in the wording of the distribution factories,
 * and returns whether the field passed so a caller can skip checks that build on it.
 * Messages, and the field's path, are built only when a check fails.
 *
 * Without an index the path reads `spike: peakPerS`; with one it reads
 * `piecewise: points[2].atUs` (where = "piecewise: points") or `overlays[0].factor`.
 */

/** The path of a field for a message: see the module comment. */
export function fieldPath(where: string, field: string, index: number): string {
  return index < 0 ? `${where}: ${field}` : `${where}[${index}].${field}`;
}

export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function checkFinite(problems: string[], where: string, field: string, value: unknown, index = -1): value is number {
  if (isFiniteNumber(value)) return true;
  problems.push(`${fieldPath(where, field, index)} must be a finite number, got ${describeValue(value)}`);
  return false;
}

export function checkNonNegative(problems: string[], where: string, field: string, value: unknown, index = -1): value is number {
  if (isFiniteNumber(value) && value >= 0) return true;
  problems.push(`${fieldPath(where, field, index)} must be a finite number >= 0, got ${describeValue(value)}`);
  return false;
}

export function checkPositive(problems: string[], where: string, field: string, value: unknown, index = -1): value is number {
  if (isFiniteNumber(value) && value > 0) return true;
  problems.push(`${fieldPath(where, field, index)} must be a finite number > 0, got ${describeValue(value)}`);
  return false;
}

export function checkRatio(problems: string[], where: string, field: string, value: unknown, index = -1): value is number {
  if (isFiniteNumber(value) && value >= 0 && value <= 1) return true;
  problems.push(`${fieldPath(where, field, index)} must be a number between 0 and 1, got ${describeValue(value)}`);
  return false;
}

/** A plain object (not null, not an array), so its fields can be read. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
