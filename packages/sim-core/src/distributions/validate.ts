import { describeValue } from '../assert.js';

/**
 * Parameter checks shared by the distribution factories. Each failure is a RangeError whose
 * message names the factory, the parameter, what it must be and what it was, so that a typo
 * in a scenario file points straight at itself.
 */

/** A finite number (not NaN, not +-Infinity, not a string that looks like one). */
export function validateFinite(factory: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${factory}: ${name} must be a finite number, got ${describeValue(value)}`);
  }
  return value;
}

/** A finite number > 0. */
export function validatePositive(factory: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${factory}: ${name} must be a finite number > 0, got ${describeValue(value)}`);
  }
  return value;
}

/** A finite number >= 0. */
export function validateNonNegative(factory: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${factory}: ${name} must be a finite number >= 0, got ${describeValue(value)}`);
  }
  return value;
}

/** A non-null, non-array object, for factories that take named parameters. */
export function validateObject(factory: string, name: string, value: unknown, expected: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RangeError(`${factory}: ${name} must be an object ${expected}, got ${describeValue(value)}`);
  }
}
