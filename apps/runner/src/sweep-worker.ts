// The sweep's worker thread (tinypool): one seed per task.
import { runSweepSeed } from './sweep-row.js';
import type { SweepRow, SweepTask } from './sweep-row.js';

/**
 * Test-only hooks, so the end-to-end tests can crash a worker on purpose (nothing else reads
 * these variables, and unset they cost one lookup per worker):
 *
 * - `STORMGLASS_TEST_CRASH_SEEDS=3,5`: the worker throws on seeds 3 and 5, as a bug would.
 * - `STORMGLASS_TEST_EXIT_SEEDS=4`: the worker thread ends itself (`process.exit` inside a
 *   worker ends only that thread) on seed 4, as a thread that dies rather than throws.
 *
 * Only the worker pool reads them: `--workers 1` runs seeds inline, without this file.
 */
const seedsOf = (name: string): ReadonlySet<number> => new Set((process.env[name] ?? '').split(',').filter((s) => s.trim() !== '').map(Number));
const throwSeeds = seedsOf('STORMGLASS_TEST_CRASH_SEEDS');
const exitSeeds = seedsOf('STORMGLASS_TEST_EXIT_SEEDS');

export default function run(task: SweepTask): SweepRow {
  if (throwSeeds.has(task.seed)) throw new Error(`test crash on seed ${task.seed} (STORMGLASS_TEST_CRASH_SEEDS)`);
  if (exitSeeds.has(task.seed)) process.exit(70);
  return runSweepSeed(task);
}
