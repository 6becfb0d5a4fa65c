import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paretoFront } from '@stormglass/report';
import { grid, parseVary } from '../src/commands/explore.js';
import { main } from '../src/index.js';
import type { CliIo } from '../src/index.js';

describe('stormglass explore', () => {
  it('makes the grid of every combination, first --vary slowest', () => {
    expect(grid([parseVary('a=1,2'), parseVary('b.c=x,y,z')])).toEqual([
      ['a=1', 'b.c=x'], ['a=1', 'b.c=y'], ['a=1', 'b.c=z'],
      ['a=2', 'b.c=x'], ['a=2', 'b.c=y'], ['a=2', 'b.c=z'],
    ]);
    expect(() => parseVary('a=')).toThrow('--vary expects path=a,b,c');
  });

  it('keeps on the Pareto front exactly the points no other beats on every axis; not recovered is worst', () => {
    const point = (costUsd: number, rtoMs: number | null, rpoMs = 0, p99Ms: number | null = 100) => ({ sets: [], costUsd, rtoMs, rpoMs, p99Ms, pass: true });
    const front = paretoFront([point(1, 100), point(2, 50), point(2, 100), point(0.5, null), point(3, 50)]);
    expect(front.map((p) => p.front)).toEqual([true, true, false, true, false]);
  });

  it('runs the grid of a catalog scenario', async () => {
    let stdout = '';
    const io: CliIo = { stdout: (t) => { stdout += `${t}\n`; }, stderr: () => undefined, clockMs: () => 0 };
    const dir = mkdtempSync(join(tmpdir(), 'stormglass-explore-'));
    const html = join(dir, 'front.html');
    const code = await main(['explore', 'dns-ttl-60s', '--vary', 'topology.routing.dnsTtl=30s,300s', '--html', html], io);
    expect(code).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/[12] of 2 points are on the Pareto front/);
    expect(page.match(/class="chart scatter"/g)).toHaveLength(3);
    expect(page).toContain('stormglass explore dns-ttl-60s --vary topology.routing.dnsTtl=30s,300s --seeds 1');
    rmSync(dir, { recursive: true, force: true });
    const rows = stdout.split('\n').filter((line) => line.trimStart().startsWith('dnsTtl='));
    expect(rows).toHaveLength(2);
    // A 300 s TTL recovers later than a 30 s one at the same cost: the 30 s point dominates it.
    const rto = (row: string): number => Number(/ ([\d.]+) s /.exec(row)?.[1]);
    expect(rto(rows[1])).toBeGreaterThan(rto(rows[0]));
  });
});
