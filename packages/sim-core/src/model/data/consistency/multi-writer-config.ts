import { describeValue } from '../../../assert.js';
import { checkCount, isRecord, prefixOf } from '../../resilience/validate.js';

/** The most regions a multi-writer store replicates between (a region is one bit of an Int32 mask). */
export const MULTI_WRITER_REGIONS_MAX = 31;

/**
 * The most per-(key, region) cells a store may hold, keyCount × regionCount: each costs 28 bytes
 * of typed arrays, so the cap keeps a store under about 120 MB. Model a larger key space by
 * sampling it (conflicts scale with 1 / keyCount, see the store's comment).
 */
export const MULTI_WRITER_CELLS_MAX = 4_194_304;

/**
 * A multi-writer (active-active) store, every unit resolved. Regions and keys are dense indices
 * the engine assigns: regions 0..regionCount-1 (the index also breaks timestamp ties, see
 * `MultiWriterStore`), keys 0..keyCount-1 (the engine draws one per write and per read).
 */
export interface MultiWriterConfig {
  /** The regions that accept writes and replicate to each other, 2..MULTI_WRITER_REGIONS_MAX. */
  readonly regionCount: number;
  /** The records, a whole number >= 1; keyCount × regionCount <= MULTI_WRITER_CELLS_MAX. */
  readonly keyCount: number;
}

/**
 * The problems in a multi-writer config, as sentences naming the field and the bad value; empty
 * when it is usable. Never throws; checks types too (the config may come from YAML through a
 * cast). `name`, when given, prefixes each sentence with the config's location.
 */
export function validateMultiWriter(config: MultiWriterConfig, name?: string): string[] {
  const prefix = prefixOf(name);
  const problems: string[] = [];
  if (!isRecord(config)) {
    problems.push(`${prefix}a multi-writer store config must be an object { regionCount, keyCount }, got ${describeValue(config)}`);
    return problems;
  }
  const regions: unknown = config.regionCount;
  const regionsOk = Number.isSafeInteger(regions) && (regions as number) >= 2 && (regions as number) <= MULTI_WRITER_REGIONS_MAX;
  if (!regionsOk) {
    problems.push(`${prefix}regionCount must be a whole number from 2 to ${MULTI_WRITER_REGIONS_MAX} (writers that replicate to each other), got ${describeValue(regions)}`);
  }
  const keysOk = checkCount(problems, prefix, 'keyCount', config.keyCount, 1);
  if (regionsOk && keysOk && (regions as number) * config.keyCount > MULTI_WRITER_CELLS_MAX) {
    problems.push(
      `${prefix}keyCount × regionCount must be at most ${MULTI_WRITER_CELLS_MAX} (the store keeps typed-array state per key and region), got ${config.keyCount} × ${regions as number}`,
    );
  }
  return problems;
}
