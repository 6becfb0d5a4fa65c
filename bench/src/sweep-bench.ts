import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withChildrenCpu } from './contention.js';

/**
 * `stormglass sweep` throughput in seeds per minute with 1 and 2 worker threads: the built CLI
 * run as a user runs it (process start and pool start included), on one catalog scenario.
 * Checks that every sweep wrote the same bytes: the results must not depend on the workers.
 */
export interface SweepBenchOptions {
  /** A catalog scenario (region-outage-async: 5 simulated minutes, ~66 k requests per seed). */
  scenario: string;
  /** Seeds 1..seeds. */
  seeds: number;
  /** Worker counts, one sweep each, in this order; the first must be 1 (the speed-ups are against it). */
  workers: readonly number[];
}

export interface SweepRun {
  workers: number;
  wallS: number;
  seedsPerMin: number;
  /** The 1-worker sweep's wall time ÷ this one's. */
  speedupVs1Worker: number;
  /** CPU time of the CLI process, all its threads (an estimate of workers × wall off Linux). */
  cpuS: number;
}

export interface SweepFigure {
  skipped: null;
  scenario: string;
  seeds: number;
  runs: SweepRun[];
  /** Every sweep wrote the same NDJSON, byte for byte, as the 1-worker one. */
  identical: boolean;
}

/** The runner is not built: the section is reported as skipped, with why. */
export interface SweepSkipped {
  skipped: string;
  scenario: string;
  seeds: number;
}

export type SweepBenchmark = SweepFigure | SweepSkipped;

const RUNNER = fileURLToPath(new URL('../../apps/runner/', import.meta.url));
const BIN = join(RUNNER, 'bin', 'stormglass.js');
/** The CLI, and the worker file without which `sweep` silently runs every seed on one thread. */
const BUILT = [join(RUNNER, 'dist', 'cli.js'), join(RUNNER, 'dist', 'sweep-worker.js')];
/** A sweep of 60 seeds takes under a minute; ten is a hang, not a slow machine. */
const SWEEP_TIMEOUT_MS = 10 * 60 * 1000;

/** Why the sweep cannot run (the runner is not built), or null when it can. */
export function sweepUnavailable(): string | null {
  const missing = BUILT.filter((path) => !existsSync(path));
  if (missing.length === 0) return null;
  const names = missing.map((path) => relative(join(RUNNER, '..', '..'), path)).join(', ');
  return `the runner is not built (${names} missing): run \`npx nx run @stormglass/runner:build\`, or the bench through nx, which builds it`;
}

export function runSweepBench(options: SweepBenchOptions, log: (line: string) => void): SweepBenchmark {
  if (options.workers[0] !== 1) throw new RangeError(`sweep bench: the first worker count must be 1, found ${JSON.stringify(options.workers)}`);
  if (!Number.isSafeInteger(options.seeds) || options.seeds < 1) throw new RangeError(`sweep bench: seeds must be a whole number >= 1, found ${options.seeds}`);
  const skipped = sweepUnavailable();
  if (skipped !== null) return { skipped, scenario: options.scenario, seeds: options.seeds };
  const dir = mkdtempSync(join(tmpdir(), 'stormglass-bench-sweep-'));
  try {
    const runs: SweepRun[] = [];
    const outputs: string[] = [];
    for (const workers of options.workers) {
      log(`  ${workers} worker${workers === 1 ? '' : 's'} …`);
      const out = join(dir, `w${workers}.ndjson`);
      const { wallS, childrenCpuS } = withChildrenCpu(() => sweep(options, workers, out), (wall) => wall * workers);
      const text = readFileSync(out, 'utf8');
      const rows = text.split('\n').filter((line) => line !== '').length;
      if (rows !== options.seeds) throw new Error(`sweep bench: the ${workers}-worker sweep wrote ${rows} rows for ${options.seeds} seeds`);
      outputs.push(text);
      const speedupVs1Worker = runs.length === 0 ? 1 : runs[0].wallS / wallS;
      runs.push({ workers, wallS, seedsPerMin: (options.seeds / wallS) * 60, speedupVs1Worker, cpuS: childrenCpuS });
    }
    const identical = outputs.every((text) => text === outputs[0]);
    return { skipped: null, scenario: options.scenario, seeds: options.seeds, runs, identical };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function sweep(options: SweepBenchOptions, workers: number, out: string): void {
  const args = [BIN, 'sweep', options.scenario, '--seeds', `1..${options.seeds}`, '--workers', String(workers), '--out', out];
  try {
    execFileSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'], timeout: SWEEP_TIMEOUT_MS });
  } catch (error) {
    // Exit 1: some seed missed a target (region-outage-async misses rpo: 0s on purpose). Anything else is a failure.
    if ((error as { status?: number | null }).status !== 1) throw error;
  }
}
