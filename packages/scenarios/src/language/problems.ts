import { levenshtein } from '@stormglass/sim-core';
import type { z } from 'zod';
import type { ParsedSource, ScenarioProblem } from './source.js';

/** `['topology', 'services', 0, 'autoscaling']` → `topology.services[0].autoscaling`. */
export function pathString(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out === '' ? String(key) : `${out}.${String(key)}`), '');
}

/** The closest candidate to `word` (at most a third of its letters off, rounded up, 1 for short words and at most 3), or undefined. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  // A longer spelling of a name (`maximum` for `max`, `instanceCount` for `instances`) is a near miss too.
  const lower = word.toLowerCase();
  const prefixed = candidates.filter((c) => c.length >= 3 && (lower.startsWith(c.toLowerCase()) || c.toLowerCase().startsWith(lower)) && lower !== c.toLowerCase());
  let best: string | undefined;
  let bestDistance = word.length <= 3 ? 1 : Math.min(3, Math.ceil(word.length / 3));
  for (const candidate of candidates) {
    const distance = levenshtein(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= bestDistance && (best === undefined || distance < bestDistance)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined && prefixed.length > 0) best = [...prefixed].sort((a, b) => b.length - a.length)[0];
  return best;
}

/** zod's type names in a scenario author's words. */
const TYPE_WORDS: Record<string, string> = {
  string: 'a text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  map: 'a mapping',
  array: 'a list',
  tuple: 'a list',
  null: 'null',
};

/** What a type issue expected: the schema's own wording (`a duration with its unit, like 250ms`), else the type in words. */
function expectedOf(issue: z.core.$ZodIssue): string {
  if (issue.message.startsWith('expected ')) return issue.message.slice('expected '.length);
  const type = (issue as { expected?: string }).expected ?? '';
  return TYPE_WORDS[type] ?? type;
}

/** What a value is, the way a problem says what was found: `"us-eats"`, `12`, `a list`, `nothing`. */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  // As YAML writes them (JSON.stringify spells all three null).
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
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
    problems.push({ file: source.fileOf(at), line: position?.line ?? null, column: position?.column ?? null, path: at, message, ...extra });
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
      case 'invalid_type': {
        const expected = expectedOf(issue);
        push(issue.path, input === undefined ? 'a required field is missing' : 'wrong type', { expected, found: describeFound(input) });
        break;
      }
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
        const found = Array.isArray(input) ? (input.length === 0 ? 'an empty list' : `a list of ${input.length}`) : describeFound(input);
        push(issue.path, issue.code === 'too_small' ? 'too small' : 'too large', { expected: `${sign} ${String(bound)}${what === '' ? '' : ` ${what}`}`, found });
        break;
      }
      case 'invalid_union': {
        // A discriminated union whose discriminator matched no option: say it like an enum.
        const union = issue as unknown as { discriminator?: string; options?: readonly unknown[] };
        const branches = (issue as unknown as { errors?: readonly (readonly z.core.$ZodIssue[])[] }).errors ?? [];
        // A union of shapes (a duration or a mapping): the branch the value's shape picks speaks.
        const fitting = branches.filter((branch) => !(branch.length === 1 && branch[0].code === 'invalid_type' && branch[0].path.length === 0));
        if (union.discriminator === undefined && fitting.length === 1) {
          const nested = fitting[0].map((inner) => ({ ...inner, path: [...issue.path, ...inner.path], input: (inner as { input?: unknown }).input ?? valueAt(input, inner.path) }) as z.core.$ZodIssue);
          problems.push(...problemsFromIssues(nested, source, keysAt));
        } else if (union.discriminator !== undefined && Array.isArray(union.options)) {
          const options = union.options.map(String);
          const found = input !== null && typeof input === 'object' ? (input as Record<string, unknown>)[union.discriminator] : input;
          const near = typeof found === 'string' ? closest(found, options) : undefined;
          push(issue.path, 'not one of the allowed values', { expected: `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`, found: describeFound(found), ...(near === undefined ? {} : { suggestion: JSON.stringify(near) }) });
        } else {
          // No branch fits the value's shape: say what each would take.
          const forms = [...new Set(branches.map((branch) => (branch.length === 1 && branch[0].code === 'invalid_type' ? expectedOf(branch[0]) : null)).filter((form): form is string => form !== null))];
          push(issue.path, input === undefined ? 'a required field is missing' : 'wrong type', { ...(forms.length === 0 ? {} : { expected: forms.join(', or ') }), found: describeFound(input) });
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
  // A misspelt field is reported once, as the unknown key with its suggestion, not also as missing.
  const misspelt = new Set(problems.filter((p) => p.suggestion !== undefined && p.message.endsWith('is not a field here')).map((p) => `${parentPathOf(p.path)}.${p.suggestion?.slice(1, -1) ?? ''}`));
  return problems.filter((p) => !(p.message === 'a required field is missing' && misspelt.has(`${parentPathOf(p.path)}.${p.path.slice(p.path.lastIndexOf('.') + 1)}`)));
}

function parentPathOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? '' : path.slice(0, dot);
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

/** The value at a relative path inside `value` (undefined when it is not there). */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let data = value;
  for (const key of path) data = data !== null && typeof data === 'object' ? (data as Record<PropertyKey, unknown>)[key as string] : undefined;
  return data;
}

/** The zod type a node is once its wrappers are removed (`object`, `array`, `string`...). */
function baseType(node: unknown, data: unknown): unknown {
  return (unwrap(node, data) as { _zod?: { def?: { type?: unknown } } })._zod?.def?.type;
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
    } else if (def.type === 'union' && Array.isArray(def.options)) {
      // A union of shapes: the option of the value's shape (a mapping, a list, or a scalar).
      const shape = Array.isArray(data) ? 'array' : data !== null && typeof data === 'object' ? 'object' : 'scalar';
      const option = (def.options as unknown[]).find((candidate) => {
        const type = baseType(candidate, data);
        return shape === 'scalar' ? type !== 'object' && type !== 'array' && type !== 'union' : type === shape || (shape === 'object' && type === 'union');
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
