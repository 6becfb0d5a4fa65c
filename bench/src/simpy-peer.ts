import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The SimPy peer: bench/simpy/mmc.py run as a child process. SimPy is optional — when the
 * interpreter or the module is missing the bench says why and skips the comparison, it
 * never fails for it.
 */

/** Debian's python3-simpy3 imports only under the system interpreter, not a pyenv shim. */
export const PYTHON_DEFAULT = '/usr/bin/python3';

/** Resolved from this file, so it works from src/ (tsx) and from dist/ alike. */
const SCRIPT_PATH = fileURLToPath(new URL('../simpy/mmc.py', import.meta.url));
/**
 * Children run in the script's own folder: from bench/ the folder `simpy/` would itself
 * import as a (namespace) package named simpy and hide a missing SimPy behind a confusing
 * error.
 */
const CHILD_CWD = dirname(SCRIPT_PATH);

/** SimPy at 10^6 customers takes ~10 s; a run ten times longer than that is stuck. */
const RUN_TIMEOUT_MS = 10 * 60 * 1000;
const PROBE_TIMEOUT_MS = 30 * 1000;

export type SimpyProbe =
  | { available: true; pythonPath: string; python: string; simpyVersion: string }
  | { available: false; pythonPath: string; reason: string };

export interface SimpyMmcOptions {
  servers: number;
  arrivalRatePerS: number;
  serviceMeanS: number;
  customers: number;
  seed: number;
}

/** What mmc.py prints (one JSON line). */
export interface SimpyMmcRun {
  customers: number;
  wallS: number;
  meanWaitS: number;
  meanResponseS: number;
  simpyVersion: string;
  python: string;
}

/** Checks that the interpreter exists, imports simpy, and that mmc.py is in place. */
export function probeSimpy(pythonPath: string): SimpyProbe {
  if (!existsSync(pythonPath)) {
    return { available: false, pythonPath, reason: `${pythonPath} not found (SimPy peer needs Debian's python3 with python3-simpy3)` };
  }
  if (!existsSync(SCRIPT_PATH)) {
    return { available: false, pythonPath, reason: `${SCRIPT_PATH} not found` };
  }
  const probe = spawnSync(pythonPath, ['-c', 'import platform, simpy; print(platform.python_version(), simpy.__version__)'], {
    encoding: 'utf8',
    timeout: PROBE_TIMEOUT_MS,
    cwd: CHILD_CWD,
  });
  if (probe.error !== undefined) {
    return { available: false, pythonPath, reason: `could not start ${pythonPath}: ${probe.error.message}` };
  }
  if (probe.status !== 0) {
    return { available: false, pythonPath, reason: `${pythonPath} cannot import simpy (${lastLine(probe.stderr) || `exit ${String(probe.status)}`}); install python3-simpy3` };
  }
  const [python, simpyVersion] = probe.stdout.trim().split(/\s+/);
  if (python === undefined || simpyVersion === undefined) {
    return { available: false, pythonPath, reason: `unexpected probe output from ${pythonPath}: ${JSON.stringify(probe.stdout)}` };
  }
  if (!simpyVersion.startsWith('3.')) {
    // mmc.py is written against SimPy 3's API; 4 renamed little but we have not checked it.
    return { available: false, pythonPath, reason: `SimPy ${simpyVersion} found; the peer model is written for SimPy 3` };
  }
  return { available: true, pythonPath, python, simpyVersion };
}

/** Runs mmc.py once. Throws with the child's own message when it fails. */
export function runSimpyMmc(pythonPath: string, options: SimpyMmcOptions): SimpyMmcRun {
  const args = [
    SCRIPT_PATH,
    '--servers', String(options.servers),
    '--arrival-rate', String(options.arrivalRatePerS),
    '--service-mean', String(options.serviceMeanS),
    '--customers', String(options.customers),
    '--seed', String(options.seed),
  ];
  const child = spawnSync(pythonPath, args, { encoding: 'utf8', timeout: RUN_TIMEOUT_MS, maxBuffer: 1 << 20, cwd: CHILD_CWD });
  if (child.error !== undefined) throw new Error(`SimPy run failed to start or timed out: ${child.error.message}`);
  if (child.status !== 0) throw new Error(`SimPy run exited ${String(child.status)}: ${lastLine(child.stderr)}`);
  const line = lastLine(child.stdout);
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new Error(`SimPy run printed no JSON line: ${JSON.stringify(line)}`);
  }
  return checkRun(parsed);
}

function checkRun(value: unknown): SimpyMmcRun {
  const run = value as Partial<Record<keyof SimpyMmcRun, unknown>>;
  const numbers = ['customers', 'wallS', 'meanWaitS', 'meanResponseS'] as const;
  for (const key of numbers) {
    if (typeof run[key] !== 'number' || !Number.isFinite(run[key])) {
      throw new Error(`SimPy run: field ${key} should be a finite number, got ${JSON.stringify(run[key])}`);
    }
  }
  if (typeof run.simpyVersion !== 'string' || typeof run.python !== 'string') {
    throw new Error('SimPy run: fields simpyVersion and python should be strings');
  }
  return run as SimpyMmcRun;
}

function lastLine(text: string | null): string {
  const lines = (text ?? '').trim().split('\n');
  return lines[lines.length - 1]?.trim() ?? '';
}
