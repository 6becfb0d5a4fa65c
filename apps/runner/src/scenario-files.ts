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
  return { text: readFileSync(path, 'utf8'), file: isAbsolute(ref) ? path : normalize(join(dirname(from), ref)) };
};

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
  return loadScenario(readFileSync(file, 'utf8'), file, { resolve: catalogResolver(files), sets });
}
