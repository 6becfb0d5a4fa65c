import { levenshtein } from '@stormglass/sim-core';
import type { z } from 'zod';
import type { ParsedSource, ScenarioProblem } from './source.js';

/** `['topology', 'services', 0, 'autoscaling']` → `topology.services[0].autoscaling`. */
export function pathString(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out === '' ? String(key) : `${out}.${String(key)}`), '');
}

/** The closest candidate to `word` (at most a third of its letters off, rounded up, 1 for short words and at most 3), or undefined. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = word.length <= 3 ? 1 : Math.min(3, Math.ceil(word.length / 3));
  for (const candidate of candidates) {
    const distance = levenshtein(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= bestDistance && (best === undefined || distance < bestDistance)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** What a value is, the way a problem says what was found: `"us-eats"`, `12`, `a list`, `nothing`. */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return JSON.stringify(value);
}

/**
 * Zod's issues as scenario problems, each at the position of its path in the source: expected
 * and found spelled for the user; an unknown key gets the nearest known one (`keysAt(path)`
 * lists a mapping's fields); a units issue carries the parser's suggestion.
 */
export function problemsFromIssues(issues: readonly z.core.$ZodIssue[], source: ParsedSource, keysAt: (path: readonly PropertyKey[]) => readonly string[]): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const push = (path: readonly PropertyKey[], message: string, extra: Partial<ScenarioProblem> = {}, atKey = false): void => {
    const at = pathString(path);
    const position = atKey ? source.keyPositionOf(at) : source.positionOf(at);
    problems.push({ file: source.file, line: position?.line ?? null, column: position?.column ?? null, path: at, message, ...extra });
  };
  for (const issue of issues) {
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = keysAt(issue.path);
        for (const key of issue.keys) {
          const near = closest(key, known);
          push([...issue.path, key], `"${key}" is not a field here`, { expected: known.length === 0 ? 'no fields' : `one of ${known.join(', ')}`, found: `"${key}"`, ...(near === undefined ? {} : { suggestion: `"${near}"` }) }, true);
        }
        break;
      }
      case 'invalid_type':
        push(issue.path, input === undefined ? 'a required field is missing' : 'wrong type', { expected: issue.expected, found: describeFound(input) });
        break;
      case 'invalid_value': {
        const values = issue.values.map((v) => JSON.stringify(v));
        const near = typeof input === 'string' ? closest(input, issue.values.map(String)) : undefined;
        push(issue.path, 'not one of the allowed values', { expected: `one of ${values.join(', ')}`, found: describeFound(input), ...(near === undefined ? {} : { suggestion: JSON.stringify(near) }) });
        break;
      }
      case 'too_small':
      case 'too_big': {
        const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
        const sign = issue.code === 'too_small' ? (issue.inclusive === false ? '>' : '>=') : issue.inclusive === false ? '<' : '<=';
        const what = issue.origin === 'array' ? 'items' : issue.origin === 'string' ? 'characters' : '';
        push(issue.path, issue.code === 'too_small' ? 'too small' : 'too large', { expected: `${sign} ${String(bound)}${what === '' ? '' : ` ${what}`}`, found: describeFound(input) });
        break;
      }
      case 'invalid_union': {
        // A discriminated union whose discriminator matched no option: say it like an enum.
        const union = issue as unknown as { discriminator?: string; options?: readonly unknown[] };
        if (union.discriminator !== undefined && Array.isArray(union.options)) {
          const options = union.options.map(String);
          const found = input !== null && typeof input === 'object' ? (input as Record<string, unknown>)[union.discriminator] : input;
          const near = typeof found === 'string' ? closest(found, options) : undefined;
          push(issue.path, 'not one of the allowed values', { expected: `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`, found: describeFound(found), ...(near === undefined ? {} : { suggestion: JSON.stringify(near) }) });
        } else {
          push(issue.path, 'matches none of the allowed forms', input === undefined ? {} : { found: describeFound(input) });
        }
        break;
      }
      case 'custom': {
        const params = (issue.params ?? {}) as { expected?: string; found?: string; suggestion?: string };
        push(issue.path, issue.message, {
          ...(params.expected === undefined ? {} : { expected: params.expected }),
          found: params.found ?? describeFound(input),
          ...(params.suggestion === undefined ? {} : { suggestion: JSON.stringify(params.suggestion) }),
        });
        break;
      }
      default:
        push(issue.path, issue.message, input === undefined ? {} : { found: describeFound(input) });
    }
  }
  return problems;
}

/**
 * The fields of the mapping a schema expects at `path` (through optional, default, pipe and
 * array; through a discriminated union by the option the document's value picks, when `value`,
 * the whole document, is given), [] when it is not a mapping.
 */
export function schemaKeysAt(schema: z.ZodType, path: readonly PropertyKey[], value?: unknown): string[] {
  let node: unknown = schema;
  let data: unknown = value;
  for (const key of path) {
    node = unwrap(node, data);
    data = data !== null && typeof data === 'object' ? (data as Record<PropertyKey, unknown>)[key as string] : undefined;
    const def = (node as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (def === undefined) return [];
    if (def.type === 'object') node = (def.shape as Record<string, unknown>)[String(key)];
    else if (def.type === 'array') node = def.element;
    else return [];
    if (node === undefined) return [];
  }
  const def = (unwrap(node, data) as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
  return def?.type === 'object' ? Object.keys(def.shape as Record<string, unknown>) : [];
}

function unwrap(node: unknown, data: unknown): unknown {
  for (let k = 0; k < 16; k++) {
    const def = (node as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (def === undefined) return node;
    if (def.type === 'union' && typeof def.discriminator === 'string' && Array.isArray(def.options)) {
      const wanted = data !== null && typeof data === 'object' ? (data as Record<string, unknown>)[def.discriminator] : undefined;
      const option = (def.options as unknown[]).find((candidate) => {
        const shape = (unwrap(candidate, undefined) as { _zod?: { def?: { shape?: Record<string, { _zod?: { def?: { values?: unknown[] } } }> } } })._zod?.def?.shape;
        return shape?.[def.discriminator as string]?._zod?.def?.values?.includes(wanted) === true;
      });
      if (option === undefined) return node;
      node = option;
    } else if (def.innerType !== undefined) node = def.innerType;
    else if (def.type === 'pipe') node = def.in;
    else if (def.type === 'lazy' && typeof def.getter === 'function') node = (def.getter as () => unknown)();
    else return node;
  }
  return node;
}
