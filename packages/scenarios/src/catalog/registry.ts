import { closest } from '../language/problems.js';
import type { SourceResolver } from '../language/compose.js';
import { loadScenario } from '../language/load.js';
import type { LoadOptions, LoadResult } from '../language/load.js';
import { CATALOG_SOURCES } from './sources.generated.js';

/**
 * The catalog: the scenarios Stormglass ships, as YAML (packages/scenarios/catalog/*.yaml, held
 * as text by a generated module so the browser has them too). A scenario `extends:` another by
 * name, so design pairs share one story.
 */

/** Every catalog scenario's name, sorted. */
export function catalogNames(): string[] {
  return Object.keys(CATALOG_SOURCES).sort();
}

/** A catalog scenario's file text, or undefined. */
export function catalogSource(name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(CATALOG_SOURCES, name) ? CATALOG_SOURCES[name] : undefined;
}

/** The file name a catalog scenario's problems name. */
export function catalogFile(name: string): string {
  return `catalog/${name}.yaml`;
}

/** Whether `file` is a shipped catalog file (a user's own `catalog/my-design.yaml` is not). */
const isCatalogFile = (file: string): boolean => catalogNames().some((name) => catalogFile(name) === file);

const looksLikeFile = (ref: string): boolean => ref.startsWith('.') || ref.startsWith('/') || /\.(ya?ml|json)$/i.test(ref);

/**
 * Resolves `extends:` refs: a catalog name, or (through `files`, which the runner gives) a file.
 * Catalog files extend only catalog names.
 */
export function catalogResolver(files?: SourceResolver): SourceResolver {
  return (ref, from) => {
    if (looksLikeFile(ref)) {
      if (files === undefined || isCatalogFile(from)) {
        // `./region-outage-async.yaml` for the catalog's own: its name is what works here.
        const name = ref.replace(/^.*\//, '').replace(/\.(ya?ml|json)$/i, '');
        const near = catalogSource(name) === undefined ? closest(name, catalogNames()) : name;
        return { error: 'only catalog names can be extended here', ...(near === undefined ? {} : { suggestion: near }) };
      }
      return files(ref, from);
    }
    const text = catalogSource(ref);
    if (text !== undefined) return { text, file: catalogFile(ref) };
    const near = closest(ref, catalogNames());
    return { error: 'no catalog scenario has that name', ...(near === undefined ? {} : { suggestion: near }) };
  };
}

/** Loads a catalog scenario by name (with `--set`s), or reports the unknown name. */
export function loadCatalogScenario(name: string, options: Omit<LoadOptions, 'resolve'> = {}): LoadResult {
  const text = catalogSource(name);
  if (text === undefined) {
    const near = closest(name, catalogNames());
    return { problems: [{ file: name, line: null, column: null, path: '', message: 'no catalog scenario has that name', expected: `one of ${catalogNames().join(', ')}`, found: JSON.stringify(name), ...(near === undefined ? {} : { suggestion: JSON.stringify(near) }) }] };
  }
  return loadScenario(text, catalogFile(name), { ...options, resolve: catalogResolver() });
}
