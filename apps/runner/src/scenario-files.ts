import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import { catalogNames, catalogResolver, closest, loadCatalogScenario, loadScenario } from '@stormglass/scenarios';
import type { LoadResult, SourceResolver } from '@stormglass/scenarios';

/** A scenario argument names a file when it looks like one; otherwise a catalog scenario. */
export function isFileArgument(arg: string): boolean {
  return /\.(ya?ml|json)$/i.test(arg) || arg.includes('/') || arg.includes('\\');
}

/** Why `path` cannot be read as a scenario file, or undefined when it can; `shown` names it (empty: the problem already does). */
function unreadable(path: string, shown: string): string | undefined {
  const it = shown === '' ? 'it' : shown;
  if (!existsSync(path)) return `no such file (looked for ${it})`;
  const stat = statSync(path);
  if (stat.isDirectory()) return `${shown === '' ? 'this' : shown} is a directory, not a scenario file`;
  if (!stat.isFile()) return `${shown === '' ? 'this' : shown} is not a regular file`;
  if (stat.size > MAX_FILE_BYTES) return `the file is larger than ${MAX_FILE_BYTES / 1e6} MB; a scenario never needs that much`;
  return undefined;
}

/**
 * `extends: ./base.yaml` relative to the file that says it; catalog names as the catalog has
 * them. A file's name is normalised (`sub/../a.yaml` is `a.yaml`), so the same file has one
 * name and the extends chain's cycle check sees it come round.
 */
const files: SourceResolver = (ref, from) => {
  const path = resolve(dirname(from), ref);
  const problem = unreadable(path, path);
  if (problem !== undefined) return { error: problem };
  const read = readText(path);
  if ('message' in read) return { error: `${path}:${read.line}:${read.column} ${read.message}` };
  return { text: read.text, file: isAbsolute(ref) ? path : normalize(join(dirname(from), ref)) };
};

/**
 * A file's text, or where it stops being text: the first byte that is not UTF-8, or a NUL
 * (UTF-8, but only binary files hold one). Node's lenient decoding would turn either into
 * characters the YAML parser then reports as something else (an image "is not a mapping").
 */
export function readText(path: string): { text: string } | { line: number; column: number; message: string } {
  const bytes = readFileSync(path);
  const text = bytes.toString('utf8');
  // Before the first bad byte every character is the bytes it came from, so counting the
  // bytes of the text before it finds it in the file; a U+FFFD written in the file is skipped.
  const suspect = /[\uFFFD\0]/g;
  let at = 0;
  let counted = 0;
  for (let match = suspect.exec(text); match !== null; match = suspect.exec(text)) {
    at += Buffer.byteLength(text.slice(counted, match.index));
    counted = match.index;
    if (match[0] === '\uFFFD' && bytes[at] === 0xef && bytes[at + 1] === 0xbf && bytes[at + 2] === 0xbd) continue;
    const lines = text.slice(0, match.index).split('\n');
    const why = match[0] === '\0' ? 'a NUL byte' : `byte 0x${bytes[at].toString(16).toUpperCase().padStart(2, '0')}, which is not UTF-8`;
    return { line: lines.length, column: lines[lines.length - 1].length + 1, message: `not a text file: ${why} (save scenario files as UTF-8 YAML or JSON)` };
  }
  return { text };
}

/** A scenario file is small; anything past this is a mistake (a log file passed by accident). */
export const MAX_FILE_BYTES = 4_000_000;

/** Loads a scenario argument (a file or a catalog name) with its --set overrides. Never throws on bad input. */
export function loadScenarioArgument(arg: string, sets: readonly string[] = []): LoadResult {
  if (!isFileArgument(arg)) return loadCatalogScenario(arg, { sets });
  if (!existsSync(arg)) {
    const near = closest(basename(arg).replace(/\.(ya?ml|json)$/i, ''), catalogNames());
    return { problems: [{ file: arg, line: null, column: null, path: '', message: 'no such file', ...(near === undefined ? {} : { suggestion: JSON.stringify(near), expected: 'a scenario file, or a catalog name' }) }] };
  }
  const problem = unreadable(arg, '');
  if (problem !== undefined) return { problems: [{ file: arg, line: null, column: null, path: '', message: problem, ...(statSync(arg).isDirectory() ? { expected: 'a scenario file, or a catalog name' } : {}) }] };
  // Normalised like the files it extends (./a.yaml is a.yaml), so a file extending itself is a cycle.
  const file = normalize(arg);
  const read = readText(file);
  if ('message' in read) return { problems: [{ file: arg, line: read.line, column: read.column, path: '', message: read.message }] };
  return loadScenario(read.text, file, { resolve: catalogResolver(files), sets });
}
