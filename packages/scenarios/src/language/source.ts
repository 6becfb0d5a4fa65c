import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';

/** A 1-based position in a source file. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/**
 * One problem in a scenario file, as ARCHITECTURE §7 asks: where (file, line, column and the
 * value's path such as `topology.services[0].autoscaling.max`), what was expected, what was
 * found, and a suggestion where one exists. `line` and `column` are null when the problem is
 * about something absent (a missing field is reported at its parent's position when known).
 */
export interface ScenarioProblem {
  readonly file: string;
  readonly line: number | null;
  readonly column: number | null;
  /** The value's path in the document, '' for the whole document. */
  readonly path: string;
  readonly message: string;
  readonly expected?: string;
  readonly found?: string;
  readonly suggestion?: string;
}

export interface SourceOptions {
  /** The most values alias expansion may produce in all (a "billion laughs" guard); default 100,000. */
  readonly expandedValuesMax?: number;
}

/** A parsed file: its plain value (null when it could not be read), its problems, and where each path is. */
export interface ParsedSource {
  readonly file: string;
  readonly value: unknown;
  readonly problems: ScenarioProblem[];
  /** The position of the value at `path` (or of its nearest ancestor that exists), null for an empty document. */
  positionOf(path: string): SourcePosition | null;
  /** The position of the key whose value is at `path` (a field's name), else positionOf(path). */
  keyPositionOf(path: string): SourcePosition | null;
  /** Whether the value at exactly `path` is written in this source. */
  has(path: string): boolean;
  /** The file a path's position is in (a merged scenario's values come from several files). */
  fileOf(path: string): string;
}

const EXPANDED_VALUES_MAX_DEFAULT = 100_000;

/** Keys that could reach an object's prototype when a parsed document is assigned or merged. */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/**
 * Parses a YAML (or JSON: YAML 1.2 reads it) scenario file into plain data, never throwing:
 * syntax errors, duplicate keys, keys that could reach a prototype (`__proto__`, `constructor`,
 * `prototype`), non-string keys and alias expansion beyond `expandedValuesMax` values are
 * problems with their positions. Objects are built with ordinary prototypes but never receive a
 * forbidden key, so nothing a user writes can pollute one. Each value's position is kept by its
 * path, for the schema's and the references' problems.
 */
export function parseSource(text: string, file: string, options: SourceOptions = {}): ParsedSource {
  const lineCounter = new LineCounter();
  const problems: ScenarioProblem[] = [];
  const positions = new Map<string, SourcePosition>();
  const at = (offset: number | undefined): SourcePosition | null => {
    if (offset === undefined) return null;
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const report = (path: string, offset: number | undefined, message: string, extra: Partial<ScenarioProblem> = {}): void => {
    const pos = at(offset);
    problems.push({ file, line: pos?.line ?? null, column: pos?.column ?? null, path, message, ...extra });
  };
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  } catch (error) {
    // The parser reports problems as data; this is a guard against an internal failure of it.
    report('', 0, `the file could not be read as YAML or JSON: ${error instanceof Error ? error.message : String(error)}`);
    return { file, value: null, problems, positionOf: () => null, keyPositionOf: () => null, has: () => false, fileOf: () => file };
  }
  // By line, one per line: a syntax error's cascade says nothing more, and on a line with
  // several the specific one ("Missing , between flow map items") beats "Unexpected ... token".
  const seenLines = new Set<number>();
  const rank = (code: string): number => (code === 'UNEXPECTED_TOKEN' ? 1 : 0);
  const lineOf = (offset: number): number => lineCounter.linePos(offset).line;
  for (const error of [...doc.errors].sort((a, b) => lineOf(a.pos[0]) - lineOf(b.pos[0]) || rank(a.code) - rank(b.code) || a.pos[0] - b.pos[0])) {
    const line = lineCounter.linePos(error.pos[0]).line;
    if (seenLines.has(line)) continue;
    seenLines.add(line);
    const { message, expected } = syntaxMessage(error.code, error.message, text, error.pos[0]);
    report('', error.pos[0], message, { expected });
  }
  // A tag the schema cannot resolve (!foo, !ENV) is only a warning to the yaml package, which
  // then reads the text as written: refused, so a scenario never means other than it says.
  for (const warning of doc.warnings) {
    if (warning.code !== 'TAG_RESOLVE_FAILED') continue;
    const tag = /^\S+/.exec(text.slice(warning.pos[0]))?.[0] ?? 'this tag';
    if (tag.startsWith('!!')) report('', warning.pos[0], `the tag ${tag} does not fit this value`, { expected: 'the value without the tag', found: tag });
    else report('', warning.pos[0], `the tag ${tag} is not supported in a scenario`, { expected: 'a value without a tag', found: tag });
  }
  if (problems.length > 0) return { file, value: null, problems, positionOf: () => null, keyPositionOf: () => null, has: () => false, fileOf: () => file };
  const max = options.expandedValuesMax ?? EXPANDED_VALUES_MAX_DEFAULT;
  const budget = { max, left: max, exceeded: false };
  const keyPositions = new Map<string, SourcePosition>();
  const value = toPlain(doc.contents, '', doc, { report, positions, keyPositions, at, budget, inAlias: false, anchors: new Anchors(doc) });
  const positionOf = (path: string): SourcePosition | null => {
    for (let p: string | null = path; p !== null; p = parentPath(p)) {
      const found = positions.get(p);
      if (found !== undefined) return found;
    }
    return null;
  };
  const keyPositionOf = (path: string): SourcePosition | null => keyPositions.get(path) ?? positionOf(path);
  return { file, value, problems, positionOf, keyPositionOf, has: (path) => positions.has(path), fileOf: () => file };
}

interface Walk {
  readonly report: (path: string, offset: number | undefined, message: string, extra?: Partial<ScenarioProblem>) => void;
  readonly positions: Map<string, SourcePosition>;
  readonly keyPositions: Map<string, SourcePosition>;
  readonly at: (offset: number | undefined) => SourcePosition | null;
  readonly budget: { readonly max: number; left: number; exceeded: boolean };
  /** Inside an alias's expansion, positions are the alias's (the values are written elsewhere). */
  readonly inAlias: boolean;
  readonly anchors: Anchors;
}

/**
 * The document's anchors, collected once: the yaml package's `Alias.resolve` walks the document
 * up to the alias on every call, which makes many aliases quadratic (20,000 took over a minute).
 * An alias names the latest anchor of its name before it (YAML lets a name be anchored again).
 */
class Anchors {
  private readonly byName = new Map<string, { offset: number; node: unknown }[]>();

  constructor(doc: Document.Parsed) {
    visit(doc, {
      Node: (_key, node) => {
        const anchor = (node as { anchor?: unknown }).anchor;
        if (typeof anchor !== 'string' || isAlias(node)) return;
        const list = this.byName.get(anchor) ?? [];
        list.push({ offset: rangeStart(node) ?? 0, node });
        this.byName.set(anchor, list);
      },
    });
  }

  resolve(alias: { source: string; range?: [number, number, number] | null }): unknown {
    const list = this.byName.get(alias.source);
    if (list === undefined) return null;
    const at = alias.range?.[0] ?? Number.POSITIVE_INFINITY;
    for (let i = list.length - 1; i >= 0; i--) if (list[i].offset < at) return list[i].node;
    return null;
  }
}

function toPlain(node: unknown, path: string, doc: Document.Parsed, walk: Walk): unknown {
  if (walk.budget.exceeded) return null;
  if (--walk.budget.left < 0) {
    walk.budget.exceeded = true;
    walk.report(path, rangeStart(node), `aliases expand to more than ${walk.budget.max} values; a scenario never needs that many (is an alias referring to itself many times over?)`, { expected: 'a bounded document' });
    return null;
  }
  if (!walk.inAlias) {
    const pos = walk.at(rangeStart(node));
    if (pos !== null) walk.positions.set(path, pos);
  }
  if (node === null || node === undefined) return null;
  if (isAlias(node)) {
    const target = walk.anchors.resolve(node);
    if (target === null) {
      // The yaml package leaves this to toJS; read silently as null, it removed the field.
      walk.report(path, rangeStart(node), `no anchor &${node.source} is written before this alias`, { expected: 'an alias to an anchor above it, like &name ... *name', found: `*${node.source}` });
      return null;
    }
    return toPlain(target, path, doc, { ...walk, inAlias: true });
  }
  // Only the JSON kinds of value: a tag such as !!binary, !!timestamp, !!set or !!omap makes
  // something else (bytes, a date, a set's mapping of nulls, a list of pairs).
  const tag = (node as { tag?: unknown }).tag;
  if (typeof tag === 'string' && UNSUPPORTED_TAGS.has(tag)) return unsupported(node, path, walk, `!!${tag.slice(YAML_TAG_PREFIX.length)}`);
  if (isScalar(node)) {
    const value: unknown = node.value;
    if (value !== null && typeof value === 'object') return unsupported(node, path, walk, value instanceof Uint8Array ? '!!binary' : Object.prototype.toString.call(value) === '[object Date]' ? '!!timestamp' : 'an object');
    if (typeof value === 'bigint') return unsupported(node, path, walk, 'a big integer');
    return value;
  }
  if (isSeq(node)) return node.items.map((item, i) => toPlain(item, `${path}[${i}]`, doc, walk));
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      const key = isScalar(keyNode) ? keyNode.value : keyNode;
      if (typeof key !== 'string' && typeof key !== 'number') {
        walk.report(path, rangeStart(keyNode), `keys must be plain names, got ${describeKey(key)}`, { expected: 'a name', found: describeKey(key) });
        continue;
      }
      const name = String(key);
      const child = path === '' ? name : `${path}.${name}`;
      if (FORBIDDEN_KEYS.includes(name)) {
        walk.report(child, rangeStart(keyNode), `"${name}" cannot be a key: it would reach an object's prototype`, { expected: 'a field name', found: JSON.stringify(name) });
        continue;
      }
      if (name === '<<') {
        walk.report(child, rangeStart(keyNode), 'YAML merge keys (<<) are not supported in a scenario', { expected: 'the fields written out, or shared through extends', found: '"<<"' });
        continue;
      }
      // "1" and 1 are two keys to YAML and one name here: the second would overwrite the first.
      if (Object.prototype.hasOwnProperty.call(out, name)) {
        walk.report(child, rangeStart(keyNode), `"${name}" is written twice in this mapping`, { expected: 'each key once', found: String(key) });
        continue;
      }
      if (!walk.inAlias) {
        const keyAt = walk.at(rangeStart(keyNode));
        if (keyAt !== null) walk.keyPositions.set(child, keyAt);
      }
      out[name] = toPlain(pair.value, child, doc, walk);
    }
    return out;
  }
  walk.report(path, rangeStart(node), 'this kind of YAML value is not supported in a scenario', { found: typeof node });
  return null;
}

const YAML_TAG_PREFIX = 'tag:yaml.org,2002:';
const UNSUPPORTED_TAGS = new Set(['binary', 'timestamp', 'set', 'omap', 'pairs'].map((tag) => `${YAML_TAG_PREFIX}${tag}`));

function unsupported(node: unknown, path: string, walk: Walk, found: string): null {
  walk.report(path, rangeStart(node), `${found} values are not supported in a scenario`, { expected: 'a text, a number, true or false, a list or a mapping', found });
  return null;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range?.[0];
}

function describeKey(key: unknown): string {
  if (key === null || key === undefined) return 'an empty key';
  if (typeof key === 'object') return Array.isArray(key) || isSeq(key) ? 'a list' : 'a mapping';
  return JSON.stringify(key);
}

/** A YAML error in the words of a scenario author; the parser's own message when it already is. */
function syntaxMessage(code: string, message: string, text: string, offset: number): { message: string; expected: string } {
  switch (code) {
    case 'DUPLICATE_KEY': {
      const key = /^\s*["']?([^"':\n]+?)["']?\s*:/.exec(text.slice(offset))?.[1];
      return { message: `${key === undefined ? 'a key' : `"${key}"`} is written twice in this mapping`, expected: 'each key once' };
    }
    case 'MULTIPLE_DOCS':
      return { message: 'a scenario is one YAML document; this starts a second one', expected: 'one document (no second ---)' };
    case 'TAB_AS_INDENT':
      return { message: 'tabs cannot indent YAML', expected: 'spaces' };
    default:
      // The parser recurses once per level; past a few thousand it runs out of stack.
      if (/Maximum call stack size exceeded/.test(message)) return { message: 'the file nests too deeply to be read', expected: 'a few levels of nesting, as a scenario has' };
      return { message: yamlMessage(message), expected: 'valid YAML or JSON' };
  }
}

/** The parser's message without its own position suffix (the problem carries the position). */
function yamlMessage(message: string): string {
  return message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
}

/** `a.b[2].c` → `a.b[2]` → `a.b` → `a` → '' → null. */
export function parentPath(path: string): string | null {
  if (path === '') return null;
  const index = path.endsWith(']') ? path.lastIndexOf('[') : path.lastIndexOf('.');
  return index < 0 ? '' : path.slice(0, index);
}

/**
 * One problem as one line a terminal shows: `file:line:column path: message (expected …,
 * found …) — did you mean …?`.
 */
export function formatProblem(problem: ScenarioProblem): string {
  const where = problem.line === null ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  const path = problem.path === '' ? '' : ` ${problem.path}:`;
  const detail = [problem.expected === undefined ? null : `expected ${problem.expected}`, problem.found === undefined ? null : `found ${problem.found}`].filter((part) => part !== null).join(', ');
  const suggestion = problem.suggestion === undefined ? '' : ` — did you mean ${problem.suggestion}?`;
  return `${where}${path} ${problem.message}${detail === '' ? '' : ` (${detail})`}${suggestion}`;
}
