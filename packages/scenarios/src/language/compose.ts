import { describeFound } from './problems.js';
import { FORBIDDEN_KEYS, parentPath, parseSource } from './source.js';
import type { ParsedSource, ScenarioProblem, SourcePosition } from './source.js';

/**
 * `extends` and `--set`: a scenario's plain data is its parents' merged under its own (deep for
 * mappings, whole for lists and scalars; `null` removes a field), then each `--set path=value`
 * on top. Every value keeps its source, so a problem points at the file (or the `--set`) that
 * wrote it.
 */

/** How `extends: <ref>` finds its parent's text: a catalog name, or a file relative to `from`. */
export type SourceResolver = (ref: string, from: string) => { text: string; file: string } | { error: string; suggestion?: string };

/** An `extends` chain longer than this is a mistake (a design pair needs one level, a family two or three). */
export const EXTENDS_DEPTH_MAX = 8;

export interface ComposedDocument {
  /** The merged plain data; null when a source could not be read. */
  value: Record<string, unknown> | null;
  problems: ScenarioProblem[];
  /** Positions over every source: the child's first, then its parents', then the `--set`s. */
  source: ParsedSource;
}

const isMapping = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * `parent` with `child` on top: mappings merge key by key, anything else replaces; null removes,
 * at any depth of mappings (also inside one the parent does not have, and so in a file of its
 * own), not inside lists, whose items are values.
 */
export function mergeDocuments(parent: unknown, child: unknown): unknown {
  if (!isMapping(child)) return child;
  const out: Record<string, unknown> = {};
  if (isMapping(parent)) for (const [key, value] of Object.entries(parent)) out[key] = value;
  for (const [key, value] of Object.entries(child)) {
    if (value === null) delete out[key];
    else out[key] = mergeDocuments(Object.prototype.hasOwnProperty.call(out, key) ? out[key] : undefined, value);
  }
  return out;
}

/**
 * The sources as one. A `--set` owns the paths under the one it sets (the last --set first, as it
 * wrote last). Among the files, the child before its parents, a list or a scalar is written whole
 * by the first file that writes it (a child's list replaces its parent's, items and all), so a
 * path inside it is that file's even where a parent wrote the same path; a path inside mappings
 * is the first file's that writes it, else its nearest ancestor's.
 */
function layered(file: string, value: unknown, files: readonly ParsedSource[], sets: readonly ParsedSource[] = []): ParsedSource {
  const fileOwner = (path: string): ParsedSource | undefined => {
    const prefixes: string[] = [];
    for (let p: string | null = path; p !== null && p !== ''; p = parentPath(p)) prefixes.unshift(p);
    const values = new Map<ParsedSource, unknown>(files.map((source) => [source, source.value]));
    let previous = '';
    for (const prefix of prefixes) {
      const segment = prefix.slice(previous.length);
      previous = prefix;
      const key = segment.startsWith('[') ? Number(segment.slice(1, -1)) : segment.replace(/^\./, '');
      for (const [source, at] of values) values.set(source, at !== null && typeof at === 'object' ? (at as Record<string | number, unknown>)[key] : undefined);
      const writer = files.find((source) => source.has(prefix));
      if (writer === undefined) break;
      if (!isMapping(values.get(writer))) return writer;
    }
    for (let p: string | null = path; p !== null; p = parentPath(p)) {
      const found = files.find((source) => source.has(p as string));
      if (found !== undefined) return found;
    }
    return undefined;
  };
  const latestSets = [...sets].reverse();
  const setOwner = (path: string): ParsedSource | undefined => {
    // A --set owns everything under the path it writes (defaults inside its value included).
    for (let p: string | null = path; p !== null && p !== ''; p = parentPath(p)) {
      const found = latestSets.find((source) => source.has(p as string));
      if (found !== undefined) return found;
    }
    return undefined;
  };
  const owner = (path: string): ParsedSource | undefined => setOwner(path) ?? fileOwner(path) ?? files[0] ?? sets[0];
  return {
    file,
    value,
    problems: [],
    positionOf: (path: string): SourcePosition | null => owner(path)?.positionOf(path) ?? null,
    keyPositionOf: (path: string): SourcePosition | null => owner(path)?.keyPositionOf(path) ?? null,
    has: (path: string) => [...sets, ...files].some((source) => source.has(path)),
    fileOf: (path: string) => owner(path)?.file ?? file,
  };
}

export interface ComposeOptions {
  resolve?: SourceResolver;
  /** `path=value` overrides, applied in order after the merge. */
  sets?: readonly string[];
}

/** Reads `text` and its `extends` chain, merges them and applies the `--set`s. Never throws. */
export function composeDocument(text: string, file: string, options: ComposeOptions = {}): ComposedDocument {
  const problems: ScenarioProblem[] = [];
  const chain: ParsedSource[] = [];
  const seen: string[] = [];
  let current: { text: string; file: string } = { text, file };
  for (;;) {
    const parsed = parseSource(current.text, current.file);
    problems.push(...parsed.problems);
    if (parsed.problems.length > 0) return { value: null, problems, source: layered(file, null, chain.length > 0 ? chain : [parsed]) };
    if (!isMapping(parsed.value)) {
      const where = parsed.positionOf('');
      problems.push({ file: current.file, line: where?.line ?? null, column: where?.column ?? null, path: '', message: 'a scenario must be a mapping of sections', expected: 'a mapping (name, duration, regions, topology, traffic, ...)', found: parsed.value === null ? 'an empty document' : describeFound(parsed.value) });
      return { value: null, problems, source: layered(file, null, [...chain, parsed]) };
    }
    chain.push(parsed);
    seen.push(current.file);
    const ref: unknown = parsed.value.extends;
    if (ref === undefined) break;
    const at = parsed.positionOf('extends');
    const problem = (message: string, extra: Partial<ScenarioProblem> = {}): void => {
      problems.push({ file: parsed.file, line: at?.line ?? null, column: at?.column ?? null, path: 'extends', message, ...extra });
    };
    if (typeof ref !== 'string' || ref.length === 0) {
      problem('extends names one scenario', { expected: 'a catalog name or a relative file, like region-outage-async or ./base.yaml', found: Array.isArray(ref) ? 'a list' : JSON.stringify(ref) });
      break;
    }
    if (chain.length > EXTENDS_DEPTH_MAX) {
      problem(`the extends chain is longer than ${EXTENDS_DEPTH_MAX} scenarios`, { expected: `at most ${EXTENDS_DEPTH_MAX} levels`, found: seen.join(' → ') });
      break;
    }
    const resolved = options.resolve === undefined ? { error: 'no scenario with that name (no resolver was given)' } : options.resolve(ref, parsed.file);
    if ('error' in resolved) {
      problem(`cannot extend "${ref}": ${resolved.error}`, { found: JSON.stringify(ref), ...(resolved.suggestion === undefined ? {} : { suggestion: JSON.stringify(resolved.suggestion) }) });
      break;
    }
    if (seen.includes(resolved.file)) {
      problem('extends goes round in a circle', { expected: 'a chain that ends', found: [...seen, resolved.file].join(' → ') });
      break;
    }
    current = resolved;
  }
  if (problems.length > 0) return { value: null, problems, source: layered(file, null, chain) };
  let value: unknown = {};
  for (let i = chain.length - 1; i >= 0; i--) value = mergeDocuments(value, chain[i].value);
  const merged = value as Record<string, unknown>;
  delete merged.extends;
  const sets: ParsedSource[] = [];
  for (const set of options.sets ?? []) {
    const applied = applySet(merged, set);
    if ('problem' in applied) problems.push(applied.problem);
    else sets.push(applied.source);
  }
  return { value: problems.length > 0 ? null : merged, problems, source: layered(file, merged, chain, sets) };
}

/** `a.b[2].c` → ['a', 'b', 2, 'c']; null when it is not a path. */
export function parsePath(path: string): (string | number)[] | null {
  const parts: (string | number)[] = [];
  const pattern = /([A-Za-z_$][\w$-]*)|\[(\d+)\]|\./gy;
  let expectName = true;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = pattern.exec(path)) !== null) {
    consumed = pattern.lastIndex;
    if (match[1] !== undefined) {
      if (!expectName) return null;
      parts.push(match[1]);
      expectName = false;
    } else if (match[2] !== undefined) {
      if (parts.length === 0) return null;
      parts.push(Number(match[2]));
    } else {
      if (expectName) return null;
      expectName = true;
    }
  }
  return consumed === path.length && parts.length > 0 && !expectName ? parts : null;
}

function pathOf(parts: readonly (string | number)[]): string {
  return parts.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out === '' ? part : `${out}.${part}`), '');
}

function applySet(document: Record<string, unknown>, set: string): { source: ParsedSource } | { problem: ScenarioProblem } {
  const file = `--set ${set}`;
  const fail = (message: string, extra: Partial<ScenarioProblem> = {}): { problem: ScenarioProblem } => ({ problem: { file, line: null, column: null, path: '', message, ...extra } });
  const eq = set.indexOf('=');
  if (eq <= 0) return fail('a --set is path=value', { expected: 'path=value, like topology.routing.dnsTtl=300s', found: JSON.stringify(set) });
  const pathText = set.slice(0, eq).trim();
  const parts = parsePath(pathText);
  if (parts === null) return fail('not a path', { expected: 'a path like topology.services[0].autoscaling.max', found: JSON.stringify(pathText) });
  const forbidden = parts.find((part) => typeof part === 'string' && FORBIDDEN_KEYS.includes(part));
  if (forbidden !== undefined) return fail(`"${String(forbidden)}" cannot be a key: it would reach an object's prototype`, { expected: 'a field name', found: JSON.stringify(forbidden) });
  // An empty value would read as YAML null and quietly remove the field: say so instead.
  if (set.slice(eq + 1).trim() === '') return fail('no value after =', { path: pathText, expected: `a value, like ${pathText}=300s, or ${pathText}=null to remove it (its default applies)`, found: 'nothing' });
  const parsed = parseSource(set.slice(eq + 1), file);
  if (parsed.problems.length > 0) return { problem: { ...parsed.problems[0], path: pathText } };
  if (parts[0] === 'extends') return fail('extends cannot be set with --set: the extends chain is read before the --sets', { path: 'extends', expected: 'extends written in the file', found: describeFound(parsed.value) });
  let node: unknown = document;
  // The shallowest mapping this --set creates: it owns that path, so a problem there names it.
  let created: number | undefined;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i];
    const container = node as Record<string | number, unknown>;
    // Own fields only: `toString` is not in a scenario just because every object inherits it.
    const own = Object.prototype.hasOwnProperty.call(container, part);
    let next = !own ? undefined : typeof part === 'number' ? (Array.isArray(node) ? container[part] : undefined) : isMapping(node) ? container[part] : undefined;
    if (typeof part === 'number' && next === undefined) return fail(`${pathText}: there is no item ${part} here`, { found: Array.isArray(node) ? `a list of ${node.length}` : 'not a list' });
    if (next === undefined || next === null) {
      if (!isMapping(node)) return fail(`${pathText}: cannot set a field inside a value that is not a mapping`, { found: describeFound(node) });
      if (typeof parts[i + 1] === 'number') {
        const list = pathOf(parts.slice(0, i + 1));
        return fail(`${pathText}: ${list} is not in the scenario, so it has no item ${String(parts[i + 1])}`, { expected: `the whole list, like ${list}=[...]`, found: 'nothing' });
      }
      next = {};
      container[part] = next;
      created ??= i;
    }
    node = next;
  }
  const last = parts[parts.length - 1];
  if (typeof last === 'number') {
    if (!Array.isArray(node) || last > node.length) return fail(`${pathText}: there is no item ${last} here`, { found: Array.isArray(node) ? `a list of ${node.length}` : 'not a list' });
    node[last] = parsed.value;
  } else if (isMapping(node)) {
    // As under extends, null removes the field (its default applies again).
    if (parsed.value === null) delete node[last];
    else node[last] = parsed.value;
  } else {
    return fail(`${pathText}: cannot set a field inside a value that is not a mapping`, { found: describeFound(node) });
  }
  const whole = pathOf(parts);
  const prefix = pathOf(parts.slice(0, created === undefined ? parts.length : created + 1));
  const source: ParsedSource = {
    file,
    value: parsed.value,
    problems: [],
    // A --set is one line of a command: its problems name it instead of a line and column.
    positionOf: () => null,
    keyPositionOf: () => null,
    // What it writes: the mappings it creates down to its path, and the paths its value has
    // (a call written as a bare name has no .parallel[0].dependency, as in a file).
    has: (path) => {
      if (path === whole || ((path.startsWith(`${prefix}.`) || path === prefix) && `${whole}.`.startsWith(`${path}.`))) return true;
      const under = path.startsWith(`${whole}.`) ? path.slice(whole.length + 1) : path.startsWith(`${whole}[`) ? path.slice(whole.length) : undefined;
      return under !== undefined && parsed.has(under);
    },
    fileOf: () => file,
  };
  return { source };
}
