import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The built CLI (its worker threads load the compiled worker), spawned as a user runs it.
const bin = fileURLToPath(new URL('../bin/stormglass.js', import.meta.url));
const run = (args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });

const dir = mkdtempSync(join(tmpdir(), 'stormglass-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const common = ['queue-basics', '--seeds', '1..6', '--set', 'duration=1m'];

describe('stormglass sweep and merge', () => {
  it('give the same rows with 1 and 2 workers, and 3 shards merged give the unsharded sweep, byte for byte', async () => {
    const one = await run(['sweep', ...common, '--workers', '1', '--out', 'w1.ndjson'], dir);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('targets and invariants met on 6 of 6 seeds');
    expect((await run(['sweep', ...common, '--workers', '2', '--out', 'w2.ndjson'], dir)).code).toBe(0);
    const unsharded = readFileSync(join(dir, 'w1.ndjson'), 'utf8');
    expect(unsharded.trim().split('\n')).toHaveLength(6);
    expect(readFileSync(join(dir, 'w2.ndjson'), 'utf8')).toBe(unsharded);
    for (const shard of ['1/3', '2/3', '3/3']) expect((await run(['sweep', ...common, '--workers', '2', '--shard', shard, '--out', `s${shard[0]}.ndjson`], dir)).code).toBe(0);
    expect(readFileSync(join(dir, 's2.ndjson'), 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { seed: number }).seed)).toEqual([2, 5]);
    const merged = await run(['merge', 's1.ndjson', 's2.ndjson', 's3.ndjson', '--out', 'merged.ndjson', '--html', 'merged.html'], dir);
    expect(merged.code).toBe(0);
    expect(readFileSync(join(dir, 'merged.ndjson'), 'utf8')).toBe(unsharded);
    // The HTML sweep view of the merged shards embeds exactly the unsharded rows.
    const page = readFileSync(join(dir, 'merged.html'), 'utf8');
    const data = JSON.parse(/<script type="application\/json" id="stormglass-data">([\s\S]*?)<\/script>/.exec(page)![1]) as { rows: unknown[] };
    expect(data.rows).toEqual(unsharded.trim().split('\n').map((line) => JSON.parse(line) as unknown));
    expect(page).toContain('every seed met every target');
  }, 120_000);

  it('exits 1 when some seed misses a target, and 2 on bad arguments', async () => {
    const failing = await run(['sweep', 'region-outage-async', '--seeds', '1..2', '--set', 'duration=4m', '--workers', '1', '--html', 'failing.html'], dir);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/targets and invariants met on 0 of 2 seeds/);
    // The sweep view lists each seed that missed, with the command that reproduces it.
    const page = readFileSync(join(dir, 'failing.html'), 'utf8');
    expect(page).toContain('2 seeds missed a target');
    expect(page).toContain('<code>stormglass run region-outage-async --set duration=4m --seed 2</code>');
    // A row a merge cannot use is bad input, named by file and line, not a crash.
    writeFileSync(join(dir, 'bad.ndjson'), `${readFileSync(join(dir, 'w1.ndjson'), 'utf8').split('\n')[0].replace(/"costUsd":[^,]+/, '"costUsd":"free"')}\n`);
    const bad = await run(['merge', 'bad.ndjson', '--html', 'bad.html'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('stormglass: bad.ndjson:1: not a sweep row (costUsd is missing or of the wrong type; expected a line that stormglass sweep --out wrote)\n');
    expect((await run(['sweep', 'queue-basics', '--seeds', '5..1'], dir)).code).toBe(2);
    expect((await run(['sweep', 'queue-basics', '--seeds', '1..2', '--shard', '4/3'], dir)).code).toBe(2);
    expect((await run(['merge', 'nowhere.ndjson'], dir)).code).toBe(2);
  }, 120_000);
});
