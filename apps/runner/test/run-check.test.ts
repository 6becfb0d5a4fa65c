import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunReport } from '@stormglass/scenarios';
import { main } from '../src/index.js';
import type { CliIo } from '../src/index.js';

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  let clock = 0;
  const io: CliIo = { stdout: (t) => { stdout += `${t}\n`; }, stderr: (t) => { stderr += `${t}\n`; }, clockMs: () => (clock += 7) };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'stormglass-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const short = ['--set', 'duration=4m', '--set', 'targets.latency=null'];

describe('stormglass run', () => {
  it('--json prints the schemaVersion 1 report; identical runs differ only in `run`; a failed target exits 1', async () => {
    const first = await cli('run', 'region-outage-async', '--json', ...short);
    expect(first.code).toBe(1);
    expect(first.stderr).toBe('');
    const report = JSON.parse(first.stdout) as RunReport;
    expect(report).toMatchObject({ schemaVersion: 1, scenario: 'region-outage-async', seed: 3, pass: false });
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['digest', 'requests', 'latencyMs', 'availability', 'faults', 'costUsd', 'targets', 'pass', 'run']));
    expect(report.faults[0]).toMatchObject({ kind: 'region-outage', target: 'us-east', startMs: 90_000, rtoStatus: 'recovered' });
    expect(report.faults[0].rpoMs).toBeGreaterThan(0);
    expect(report.targets.find((t) => t.name === 'rpo')).toMatchObject({ pass: false, target: '≤ 0s' });
    const second = JSON.parse((await cli('run', 'region-outage-async', '--json', ...short)).stdout) as RunReport;
    const { run: _a, ...a } = report;
    const { run: _b, ...b } = second;
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('prints a summary, exits 0 when every target holds, and writes --out and --html atomically', async () => {
    const out = join(dir, 'sync.json');
    const html = join(dir, 'sync.html');
    const result = await cli('run', 'region-outage-sync', '--seed', '3', '--out', out, '--html', html, ...short);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Stormglass · region-outage-sync');
    expect(result.stdout).toContain('every target and invariant met');
    const report = JSON.parse(readFileSync(out, 'utf8')) as RunReport;
    expect(report.pass).toBe(true);
    // The HTML report embeds the same report the JSON file holds, and names the command that reproduces it.
    const page = readFileSync(html, 'utf8');
    const data = JSON.parse(/<script type="application\/json" id="stormglass-data">([\s\S]*?)<\/script>/.exec(page)![1]) as { report: RunReport };
    expect(data.report).toEqual(report);
    expect(page).toContain('stormglass run region-outage-sync --set duration=4m --set targets.latency=null --seed 3');
    expect(page).toContain('every target met');
    expect(result.stderr).toContain(`wrote the HTML report to ${html}`);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('exits 2 on a bad file or a bad --seed, with the problems', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: bad\nduration: 5mins\n');
    const bad = await cli('run', file);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${file}:2:11 duration: invalid duration`);
    expect((await cli('run', 'queue-basics', '--seed', '-1')).code).toBe(2);
  });
});

describe('stormglass check and replay', () => {
  it('shrinks a failure to a replay file that replay reproduces, digest for digest; JUnit on request', async () => {
    const replays = join(dir, 'replays');
    const junit = join(dir, 'check.xml');
    // The async design as written fails rpo; under generated schedules the sync one holds.
    const result = await cli('check', 'region-outage-async', '--runs', '12', '--kinds', 'region-outage,primary-failure,link-degradation,replication-stall', '--replays', replays, '--junit', junit, '--window', '0s..90s', ...short);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^FAIL {2}region-outage-async as written: rpo /m);
    expect(readFileSync(junit, 'utf8')).toContain('<testsuite name="region-outage-async" tests="2"');
    expect(result.stdout).toMatch(/^FAIL {2}region-outage-async under generated fault schedules: /m);
    const shrunk = /replay: stormglass replay (\S+)/.exec(result.stdout);
    expect(shrunk).not.toBeNull();
    const replay = await cli('replay', shrunk![1], '--json');
    expect(replay.code).toBe(1);
    const report = JSON.parse(replay.stdout) as RunReport;
    expect(report.pass).toBe(false);
    // The replay file holds the shrunk schedule: run it twice, the same digest.
    expect((JSON.parse((await cli('replay', shrunk![1], '--json')).stdout) as RunReport).digest).toBe(report.digest);
    const held = await cli('check', 'region-outage-sync', '--runs', '4', '--replays', replays, '--window', '0s..90s', ...short);
    expect(held.stdout).toContain('ok    region-outage-sync under');
    expect(held.code).toBe(0);
    expect((await cli('check', 'region-outage-sync', '--window', '3m..1m')).code).toBe(2);
    const kinds = await cli('check', 'region-outage-sync', '--kinds', 'region-outgae');
    expect(kinds.code).toBe(2);
    expect(kinds.stderr).toContain('did you mean "region-outage"?');
  });
});

describe('stormglass compare', () => {
  it('pairs the designs on the same seeds: deltas with intervals, and which design meets which target', async () => {
    const result = await cli('compare', 'region-outage-async', 'region-outage-sync', '--seeds', '2', ...short);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Stormglass · compare region-outage-async against region-outage-sync · 2 paired seeds (1..2)');
    expect(result.stdout).toMatch(/^ {2}rpo +≤ 0s +misses \(0\/2\) +meets \(2\/2\)$/m);
    // Sync pays the round trip on writes: its p99 is higher on every pair.
    const p99 = /^ {2}p99 .* \+([\d.]+) ms ± [\d.]+ ms$/m.exec(result.stdout);
    expect(p99).not.toBeNull();
    const json = JSON.parse((await cli('compare', 'region-outage-async', 'region-outage-sync', '--json', ...short)).stdout) as { designs: { scenario: string; reports: RunReport[] }[] };
    expect(json.designs.map((d) => d.scenario)).toEqual(['region-outage-async', 'region-outage-sync']);
    expect(json.designs[0].reports[0].seed).toBe(json.designs[1].reports[0].seed);
    expect((await cli('compare', 'region-outage-async', 'nope')).code).toBe(2);
  });

  it('compares three designs against the first, and writes the HTML compare view', async () => {
    const own = mkdtempSync(join(dir, 'compare-'));
    const html = join(own, 'compare.html');
    const result = await cli('compare', 'region-outage-async', 'region-outage-sync', 'region-outage-async', '--set', 'network.links[0].rtt=80ms', '--html', html, ...short);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Stormglass · compare region-outage-async against region-outage-sync, region-outage-async · 1 paired seed');
    // Three designs take letters, named above the table.
    expect(result.stdout).toContain('  A  region-outage-async (the baseline of the deltas)\n  B  region-outage-sync\n  C  region-outage-async\n');
    expect(result.stdout).toMatch(/^ {2}figure +A +B +C +B − A +C − A$/m);
    // A design against itself on the same seed: every delta is exactly zero.
    expect(result.stdout).toMatch(/^ {2}p99 .* \+0\.0 ms$/m);
    expect(result.stderr).toContain(`wrote the HTML compare view to ${html}`);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('region-outage-async vs region-outage-sync vs region-outage-async');
    // The reproducing command, shell-quoted where a word needs it (then HTML-escaped).
    expect(page).toContain('stormglass compare region-outage-async region-outage-sync region-outage-async --seeds 1 --set &#39;network.links[0].rtt=80ms&#39; --set duration=4m --set targets.latency=null');
    expect(readdirSync(own)).toEqual(['compare.html']);
  });
});

describe('stormglass check in GitHub Actions', () => {
  it('appends a Markdown summary to $GITHUB_STEP_SUMMARY', async () => {
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '');
    process.env.GITHUB_STEP_SUMMARY = summary;
    try {
      expect((await cli('check', 'region-outage-async', '--runs', '0', ...short)).code).toBe(1);
    } finally {
      delete process.env.GITHUB_STEP_SUMMARY;
    }
    const text = readFileSync(summary, 'utf8');
    expect(text).toContain('### stormglass check: 1 of 1 checks failed');
    expect(text).toMatch(/^\| region-outage-async \| as written \| ❌ failed \| rpo: [\d.]+ms \(≤ 0s\); lostWrites: \d+ \(≤ 0\) \| {2}\|$/m);
  });
});
