import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { catalogNames, catalogResolver, closest, loadCatalogScenario, loadScenario } from '@stormglass/scenarios';
import type { LoadResult, SourceResolver } from '@stormglass/scenarios';

/** A scenario argument names a file when it looks like one; otherwise a catalog scenario. */
export function isFileArgument(arg: string): boolean {
  return /\.(ya?ml|json)$/i.test(arg) || arg.includes('/') || arg.includes('\\');
}

/** `extends: ./base.yaml` relative to the file that says it; catalog names as the catalog has them. */
const files: SourceResolver = (ref, from) => {
  const path = resolve(dirname(from), ref);
  if (!existsSync(path) || !statSync(path).isFile()) return { error: `no such file (looked for ${path})` };
  if (statSync(path).size > MAX_FILE_BYTES) return { error: `the file is larger than ${MAX_FILE_BYTES / 1e6} MB; a scenario never needs that much` };
  return { text: readFileSync(path, 'utf8'), file: ref.startsWith('/') ? path : relativeTo(from, ref) };
};

/** A scenario file is small; anything past this is a mistake (a log file passed by accident). */
export const MAX_FILE_BYTES = 4_000_000;

function relativeTo(from: string, ref: string): string {
  const dir = dirname(from);
  return dir === '.' ? ref.replace(/^\.\//, '') : `${dir}/${ref.replace(/^\.\//, '')}`;
}

/** Loads a scenario argument (a file or a catalog name) with its --set overrides. Never throws on bad input. */
export function loadScenarioArgument(arg: string, sets: readonly string[] = []): LoadResult {
  if (!isFileArgument(arg)) return loadCatalogScenario(arg, { sets });
  if (!existsSync(arg) || !statSync(arg).isFile()) {
    const near = closest(basename(arg).replace(/\.(ya?ml|json)$/i, ''), catalogNames());
    return { problems: [{ file: arg, line: null, column: null, path: '', message: 'no such file', ...(near === undefined ? {} : { suggestion: JSON.stringify(near), expected: 'a scenario file, or a catalog name' }) }] };
  }
  if (statSync(arg).size > MAX_FILE_BYTES) return { problems: [{ file: arg, line: null, column: null, path: '', message: `the file is larger than ${MAX_FILE_BYTES / 1e6} MB; a scenario never needs that much` }] };
  return loadScenario(readFileSync(arg, 'utf8'), arg, { resolve: catalogResolver(files), sets });
}
