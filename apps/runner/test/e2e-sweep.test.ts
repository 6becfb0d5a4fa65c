import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, stackTraceLines, startCli } from './spawn-cli.js';

// End to end through the built binary: a sweep stopped with Ctrl-C, and seeds whose worker
// throws or dies (the test-only hooks STORMGLASS_TEST_CRASH_SEEDS / STORMGLASS_TEST_EXIT_SEEDS
// of src/sweep-worker.ts). Every wait is on an event, never on a measured time.

const dir = mkdtempSync(join(tmpdir(), 'stormglass-e2e-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const lines = (file: string): string[] => readFileSync(join(dir, file), 'utf8').split('\n').filter((line) => line !== '');
const seedsOf = (rows: readonly string[]): number[] => rows.map((line) => (JSON.parse(line) as { seed: number }).seed);
const inDir = (prefix: string): string[] => readdirSync(dir).filter((name) => name.startsWith(prefix)).sort();

/**
 * Resolves once process `pid` catches SIGINT: the sweep installs its Ctrl-C handler after
 * loading the scenario and before the first seed, and a SIGINT sent earlier would simply kill
 * it. The CLI prints nothing on stderr when it is not a terminal (ARCHITECTURE.md §9), so the
 * test asks the kernel: bit 2 of SigCgt in /proc/<pid>/status. Without /proc (not Linux) it
 * falls back to a generous wait.
 */
async function untilCatchesSigint(pid: number): Promise<void> {
  for (;;) {
    let status: string;
    try {
      status = readFileSync(`/proc/${pid}/status`, 'utf8');
    } catch {
      await sleep(5_000);
      return;
    }
    const caught = /^SigCgt:\s*([0-9a-f]+)$/m.exec(status);
    if (caught !== null && (BigInt(`0x${caught[1]}`) & 2n) !== 0n) return;
    await sleep(25);
  }
}

/** Ctrl-C on `stormglass sweep queue-basics --seeds 1..200`, once its handler is in place and it has had a moment to finish a few seeds. */
async function interruptedSweep(workers: number, out: string): Promise<{ code: number | null; stdout: string; stderr: string; rows: string[] }> {
  const sweep = startCli(['sweep', 'queue-basics', '--seeds', '1..200', '--workers', String(workers), '--out', out], dir);
  await untilCatchesSigint(sweep.child.pid!);
  // Not needed for the assertions (a seed that started always finishes, so at least one is
  // written), only so that a quiet machine writes a few.
  await sleep(1_000);
  sweep.child.kill('SIGINT');
  const { code, signal, stdout, stderr } = await sweep.finished;
  expect(signal, stderr).toBeNull();
  return { code, stdout, stderr, rows: lines(out) };
}

function expectPrefixOfSeeds(rows: readonly string[]): number {
  const seeds = seedsOf(rows);
  expect(seeds.length).toBeGreaterThanOrEqual(1);
  expect(seeds.length).toBeLessThan(200);
  // Seeds are taken in order and each one taken finishes, so the rows are seeds 1..k, sorted, each once.
  expect(seeds).toEqual(Array.from({ length: seeds.length }, (_, i) => i + 1));
  return seeds.length;
}

describe('stormglass sweep, interrupted with Ctrl-C (SIGINT)', () => {
  let inline: string[] = [];

  it('with one worker: exits 130, writes seeds 1..k atomically to --out, and says how many', async () => {
    const { code, stdout, stderr, rows } = await interruptedSweep(1, 'inline.ndjson');
    expect(code, stderr).toBe(130);
    const k = expectPrefixOfSeeds(rows);
    expect(inDir('inline.ndjson')).toEqual(['inline.ndjson']);
    expect(stderr).toContain('stormglass: interrupted: finishing the seeds in progress, then writing the results to inline.ndjson (Ctrl-C again stops at once)');
    expect(stderr).toContain(`stormglass: interrupted: ${k} of 200 seeds finished, written to inline.ndjson`);
    expect(stdout).toContain(`sweep of queue-basics · ${k} of 200 seeds · 1 worker`);
    expect(stackTraceLines(stderr)).toEqual([]);
    // The last row is the row an uninterrupted sweep of that seed alone gives, byte for byte.
    const alone = await runCli(['sweep', 'queue-basics', '--seeds', `${k}..${k}`, '--workers', '1', '--out', 'alone.ndjson'], dir);
    expect(alone.code, alone.stderr).toBe(0);
    expect(lines('alone.ndjson')).toEqual([rows[k - 1]]);
    inline = rows;
  }, 120_000);

  it('with a pool of two workers: exits 130 after the seeds in progress finish, the same rows as one worker gives', async () => {
    const { code, stderr, rows } = await interruptedSweep(2, 'pool.ndjson');
    expect(code, stderr).toBe(130);
    const k = expectPrefixOfSeeds(rows);
    expect(inDir('pool.ndjson')).toEqual(['pool.ndjson']);
    expect(stderr).toContain(`stormglass: interrupted: ${k} of 200 seeds finished, written to pool.ndjson`);
    expect(stackTraceLines(stderr)).toEqual([]);
    const common = Math.min(k, inline.length);
    expect(common).toBeGreaterThanOrEqual(1);
    expect(rows.slice(0, common)).toEqual(inline.slice(0, common));
  }, 120_000);
});

describe('stormglass sweep, with a seed whose worker crashes', () => {
  const sweep = (range: string): string[] => ['sweep', 'queue-basics', '--seeds', range, '--set', 'duration=1m', '--workers', '2'];
  let clean: string[] = [];
  const cleanWithout = (...crashed: number[]): string[] => clean.filter((row) => !crashed.includes(seedsOf([row])[0]));

  beforeAll(async () => {
    const result = await runCli([...sweep('1..6'), '--out', 'clean.ndjson'], dir);
    expect(result.code, result.stderr).toBe(0);
    clean = lines('clean.ndjson');
    expect(seedsOf(clean)).toEqual([1, 2, 3, 4, 5, 6]);
  }, 120_000);

  it('a worker that throws: the seed is named, the other seeds are all written, exit 3, no stack trace', async () => {
    const { code, stdout, stderr } = await runCli([...sweep('1..6'), '--out', 'throws.ndjson'], dir, { STORMGLASS_TEST_CRASH_SEEDS: '3,5' });
    expect(code, stderr).toBe(3);
    expect(lines('throws.ndjson')).toEqual(cleanWithout(3, 5));
    expect(stderr).toContain('stormglass: seed 3: test crash on seed 3 (STORMGLASS_TEST_CRASH_SEEDS) (the sweep went on)');
    expect(stderr).toContain('stormglass: seed 5: test crash on seed 5 (STORMGLASS_TEST_CRASH_SEEDS) (the sweep went on)');
    expect(stderr).toContain('stormglass: 2 crashes in the sweep. This is a bug in Stormglass. Run again with --debug for the stack trace and report it with the command you ran.');
    expect(stdout).toContain('sweep of queue-basics · 4 of 6 seeds');
    expect(stackTraceLines(stderr)).toEqual([]);
    expect(stderr).not.toMatch(/^Error\b/m);
  }, 120_000);

  it('a worker thread that exits (process.exit in the worker): the seed is named, fresh workers run the rest, exit 3', async () => {
    // Seeds 1 and 2 are the first tasks of the pool's two threads (one task at a time each), so
    // both threads die at once and seeds 3..6 run on the threads that replace them.
    const { code, stderr } = await runCli([...sweep('1..6'), '--out', 'exits.ndjson'], dir, { STORMGLASS_TEST_EXIT_SEEDS: '1,2' });
    expect(code, stderr).toBe(3);
    expect(lines('exits.ndjson')).toEqual(cleanWithout(1, 2));
    expect(stderr).toContain('stormglass: seed 1: its worker thread exited (code 70) (the sweep went on)');
    expect(stderr).toContain('stormglass: seed 2: its worker thread exited (code 70) (the sweep went on)');
    expect(stderr).toContain('stormglass: 2 crashes in the sweep. This is a bug in Stormglass.');
    expect(stackTraceLines(stderr)).toEqual([]);
    expect(inDir('exits.ndjson')).toEqual(['exits.ndjson']);
  }, 120_000);

  it('--debug adds the stack trace of the worker\'s error, and only then', async () => {
    const { code, stderr } = await runCli([...sweep('1..3'), '--debug'], dir, { STORMGLASS_TEST_CRASH_SEEDS: '3' });
    expect(code, stderr).toBe(3);
    expect(stderr).toContain('stormglass: seed 3: test crash on seed 3 (STORMGLASS_TEST_CRASH_SEEDS) (the sweep went on)\nError: test crash on seed 3');
    expect(stackTraceLines(stderr).some((line) => line.includes('sweep-worker.js'))).toBe(true);
    expect(stderr).toContain('stormglass: 1 crash in the sweep. This is a bug in Stormglass: report it with the command you ran and the stack traces above.');
  }, 120_000);
});
