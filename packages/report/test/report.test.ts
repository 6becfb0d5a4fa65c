import { buildRunReport, formatProblem, loadCatalogScenario } from '@stormglass/scenarios';
import type { RunReport, Scenario } from '@stormglass/scenarios';
import { ModelEngine } from '@stormglass/sim-core';
import type { ModelResult } from '@stormglass/sim-core';
import { describe, expect, it } from 'vitest';
import { BUCKETS_MAX, MARKERS_MAX, compareFigures, distributions, histogram, interval, paretoFront, quantile, renderCompareHtml, renderExploreHtml, renderRunHtml, renderSweepHtml, scatterChart, t95, targetMatrix, timeChart, timeTicks, timelineOf } from '../src/index.js';
import type { SweepRow, Timeline } from '../src/index.js';

function run(name: string, sets: readonly string[] = []): { scenario: Scenario; result: ModelResult; report: RunReport } {
  const { scenario, problems } = loadCatalogScenario(name, { sets });
  expect(problems.map(formatProblem)).toEqual([]);
  const result = new ModelEngine(scenario!.config).run();
  return { scenario: scenario!, result, report: buildRunReport(scenario!, result, 123) };
}

/** The JSON the page embeds, read back as a browser would. */
function embedded(html: string): unknown {
  const match = /<script type="application\/json" id="stormglass-data">([\s\S]*?)<\/script>/.exec(html);
  expect(match).not.toBeNull();
  return JSON.parse(match![1]);
}

const outage = run('region-outage-async');

describe('the timeline of a run', () => {
  const timeline = timelineOf(outage.result);

  it('adds up to the report: requests per region, and the availability of every bucket to the whole run', () => {
    for (const region of outage.report.regions) {
      const series = timeline.users.find((u) => u.region === region.region)!;
      const started = series.ratePerS.reduce((a, rate, i) => a + (rate * (Math.min(timeline.durationMs, timeline.timesMs[i] + timeline.stepMs) - timeline.timesMs[i])) / 1000, 0);
      expect(started).toBeCloseTo(region.started, 6);
    }
    // Availability per bucket is succeeded ÷ completed; weighting each by its completions must give the run's figure.
    const completed = outage.result.metrics.users.series.reduce((a, s) => a + s.successes.reduce((x, y) => x + y, 0) + Object.values(s.failures).reduce((x, f) => x + f.reduce((p, q) => p + q, 0), 0), 0);
    expect(completed).toBe(outage.report.requests.succeeded + outage.report.requests.failed);
    expect(timeline.timesMs).toHaveLength(outage.result.metrics.users.ticks);
  });

  it('shows the outage: the fault window from its start, recovery at start + RTO, users failing in between', () => {
    const fault = outage.report.faults[0];
    const tf = timeline.faults[0];
    expect(tf).toMatchObject({ kind: 'region-outage', target: 'us-east', startMs: fault.startMs, rtoMs: fault.rtoMs });
    expect(tf.recoveredMs).toBe(fault.startMs + (fault.rtoMs as number));
    const at = (ms: number): number => timeline.timesMs.findIndex((t) => t <= ms && ms < t + timeline.stepMs);
    const east = timeline.users.find((u) => u.region === 'us-east')!;
    expect(east.failureRatio[at(fault.startMs + 5000)]).toBeGreaterThan(0.9);
    expect(east.failureRatio[at(fault.startMs - 5000)]).toBe(0);
    expect(east.failureRatio[timeline.timesMs.length - 1]).toBe(0);
    expect(timeline.markers.map((m) => m.kind)).toEqual(expect.arrayContaining(['fault-started', 'failover-detected', 'primary-promoted']));
  });

  it('merges intervals of a long run to at most BUCKETS_MAX buckets, keeping counts and the worst p99', () => {
    const ticks = BUCKETS_MAX * 3 + 7;
    const zeros = (): number[] => new Array<number>(ticks).fill(0);
    const requests = zeros().map((_, i) => (i % 2 === 0 ? 10 : 20));
    const p99 = zeros().map((_, i) => (i === 5 ? 900 : 100));
    const cell = { region: 'r', service: 's', endpoint: 'e', requests, successes: requests, degraded: zeros(), failures: { timeout: zeros() }, p50Ms: p99, p95Ms: p99, p99Ms: p99, queueDepth: zeros(), instances: zeros().map(() => 2), utilisation: zeros(), latencyMs: { p50: 1, p95: 1, p99: 1 } };
    const metrics = { intervalUs: 1_000_000, durationUs: ticks * 1_000_000, ticks, regions: ['r'], endpoints: [{ service: 's', endpoint: 'e' }], series: [cell] };
    const fake = { durationUs: ticks * 1_000_000, metrics: { users: metrics, services: metrics }, eventLog: { eventLogMax: 0, dropped: 0, entries: [] }, operations: { faults: [] } } as unknown as ModelResult;
    const long = timelineOf(fake);
    expect(long.timesMs.length).toBeLessThanOrEqual(BUCKETS_MAX);
    expect(long.stepMs).toBe(4000);
    const total = long.users[0].ratePerS.reduce((a, rate, i) => a + (rate * (Math.min(long.durationMs, long.timesMs[i] + long.stepMs) - long.timesMs[i])) / 1000, 0);
    expect(total).toBeCloseTo(requests.reduce((a, b) => a + b, 0), 6);
    expect(long.users[0].p99Ms[1]).toBe(900);
    expect(long.serving[0].instances.every((v) => v === 2)).toBe(true);
  });

  it('keeps at most MARKERS_MAX markers, the most telling kinds first, in time order', () => {
    const entries = Array.from({ length: 100 }, (_, i) => ({ timeUs: i * 1000, kind: i === 99 ? 'fault-started' : 'alert', subject: 's', detail: '' }));
    const fake = { ...outage.result, eventLog: { eventLogMax: 100, dropped: 3, entries } } as ModelResult;
    const t = timelineOf(fake);
    expect(t.markers).toHaveLength(MARKERS_MAX);
    expect(t.markers.at(-1)!.kind).toBe('fault-started');
    expect(t.markers.map((m) => m.timeMs)).toEqual([...t.markers.map((m) => m.timeMs)].sort((a, b) => a - b));
    expect(t.markersDropped).toBe(100 - MARKERS_MAX);
    expect(t.eventsDropped).toBe(3);
  });
});

describe('the HTML report of a run', () => {
  const timeline = timelineOf(outage.result);
  const html = renderRunHtml({ report: outage.report, timeline, description: outage.scenario.description, command: 'stormglass run region-outage-async --seed 3' });

  it('is one self-contained file: no script to run, nothing fetched, the data embedded and readable back', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script(?![^>]*type="application\/json")/);
    expect(html).not.toMatch(/\b(src|href)=|<link|@import|url\(/);
    expect(embedded(html)).toEqual(JSON.parse(JSON.stringify({ kind: 'run', report: outage.report, timeline })));
  });

  it('shows the scorecard, the targets, the annotated timeline, the faults with their RTO parts, and the regions', () => {
    for (const expected of ['availability', 'RTO (worst fault)', 'RPO (worst fault)', 'Targets and invariants', 'region-outage us-east', 'failover: detect + decide + promote + redirect', 'us-east', 'eu-west', 'stormglass run region-outage-async --seed 3']) expect(html).toContain(expected);
    expect(html).toContain('2 targets missed'); // rpo and lostWrites
    expect(html.match(/<svg/g)!.length).toBeGreaterThanOrEqual(5);
    // The async design loses writes: the RPO target fails on the page as in the JSON.
    expect(outage.report.targets.find((t) => t.name === 'rpo')!.pass).toBe(false);
    expect(html).toMatch(/<td class="l fail">FAIL<\/td><td class="l">rpo<\/td>/);
  });

  it('is the same bytes for the same run except the wall-clock line', () => {
    const again = run('region-outage-async');
    const other = renderRunHtml({ report: { ...again.report, run: { ...again.report.run, wallMs: 98765 } }, timeline: timelineOf(again.result), description: again.scenario.description, command: 'stormglass run region-outage-async --seed 3' });
    const a = html.split('\n');
    const b = other.split('\n');
    expect(b).toHaveLength(a.length);
    const differing = a.map((line, i) => (line === b[i] ? -1 : i)).filter((i) => i >= 0);
    // The body line (footer wall clock) and the embedded JSON (run.wallMs) differ; nothing else.
    expect(differing).toHaveLength(2);
    const strip = (s: string): string => s.replace(/Wall clock: [\d,]+ ms/, '').replace(/"wallMs":\d+/, '');
    expect(strip(other)).toBe(strip(html));
  });

  it('escapes everything a scenario writes: a description cannot become markup or end the embedded JSON', () => {
    const hostile = '</script><script>alert(1)</script><img src=x onerror=alert(2)> & "quotes"';
    const page = renderRunHtml({ report: { ...outage.report, scenario: '<b>x</b>' }, timeline, description: hostile, command: 'stormglass run "<x>"' });
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<b>x</b>');
    expect(page).toContain('&lt;/script&gt;&lt;script&gt;alert(1)');
    expect(page.match(/<\/script>/g)).toHaveLength(1);
    expect((embedded(page) as { report: { scenario: string } }).report.scenario).toBe('<b>x</b>');
  });
});

describe('charts', () => {
  it('put time ticks on round clock values, and label the end of the run when no tick is near it', () => {
    expect(timeTicks(480_000)).toEqual([0, 60_000, 120_000, 180_000, 240_000, 300_000, 360_000, 420_000, 480_000]);
    expect(timeTicks(300_000)).toEqual([0, 60_000, 120_000, 180_000, 240_000, 300_000]);
    expect(timeTicks(3_600_000)).toEqual([0, 600_000, 1_200_000, 1_800_000, 2_400_000, 3_000_000, 3_600_000]);
    expect(timeTicks(250_000)).toEqual([0, 60_000, 120_000, 180_000, 240_000]); // 4:00 is near enough to the end
    expect(timeTicks(290_000)).toEqual([0, 60_000, 120_000, 180_000, 240_000, 290_000]);
  });

  it('draw each series as steps with a gap where there is no value', () => {
    const svg = timeChart({ title: 't', timesMs: [0, 1000, 2000, 3000], durationMs: 4000, series: [{ name: 'a', color: '#000', values: [1, null, 3, 4] }], yLabel: 'y', yFormat: String });
    const d = /<path d="([^"]+)"/.exec(svg)![1];
    expect(d.match(/M/g)).toHaveLength(2);
    // Hover readouts: one column per bucket, naming the value or a dash.
    expect(svg).toContain('<title>0:01–0:02\na: —</title>');
    expect(svg).toContain('<title>0:02–0:03\na: 3</title>');
  });

  it('stack marker labels in rows so that none overlaps another, and drop a label (not its marker) when every row is taken', () => {
    const markers = Array.from({ length: 12 }, (_, i) => ({ timeMs: 1000 + i, label: `event number ${i}`, title: `e${i}` }));
    const svg = timeChart({ title: 't', timesMs: [0], durationMs: 60_000, series: [], yLabel: 'y', yFormat: String, markers });
    expect(svg.match(/class="marker"/g)).toHaveLength(12);
    expect(svg.match(/class="marker-label"/g)).toHaveLength(6);
    const ys = [...svg.matchAll(/<text x="[\d.]+" y="([\d.]+)" class="marker-label"/g)].map((m) => m[1]);
    expect(new Set(ys).size).toBe(6);
  });

  it('join the two-axis Pareto front of a scatter, with a lane for points that never recovered', () => {
    const points = [
      { key: '#1', title: 'a', x: 1, y: 100, front: true, pass: true },
      { key: '#2', title: 'b', x: 2, y: 50, front: true, pass: true },
      { key: '#3', title: 'c', x: 3, y: 80, front: false, pass: false },
      { key: '#4', title: 'd', x: 0.5, y: null, front: false, pass: false },
    ];
    const svg = scatterChart({ title: 's', xLabel: 'cost', yLabel: 'RTO', xTicks: '$,f', yFormat: String, nullLabel: 'not recovered', points });
    expect(svg).toContain('not recovered');
    // #1 then #2 make the front (two steps); #3 is dearer and worse, so it is not on the line.
    const d = /<path d="([^"]+)"/.exec(svg)![1];
    expect(d.match(/[ML]/g)!.length).toBe(3);
    expect(svg.match(/<circle/g)).toHaveLength(4);
  });
});

describe('comparing designs', () => {
  it('gives each figure a mean with a t-interval, and paired deltas from the first design', () => {
    expect(interval([1, 2, 3])).toEqual({ mean: 2, halfWidth: t95(2) * (1 / Math.sqrt(3)), n: 3 });
    expect(interval([5])).toEqual({ mean: 5, halfWidth: null, n: 1 });
    expect(interval([])).toBeNull();
    const a = [1, 2, 3].map((seed) => ({ ...outage.report, seed, costUsd: seed, targets: [{ name: 'cost', target: '≤ $2', actual: '', pass: seed <= 2 }] }));
    const b = a.map((r) => ({ ...r, costUsd: r.costUsd + 10 + r.seed * 0.001, targets: [] }));
    const cost = compareFigures([a, b]).find((c) => c.key === 'cost')!;
    expect(cost.designs[0].interval!.mean).toBe(2);
    // The pairing removes the seed-to-seed spread: the delta's interval is far narrower than either design's.
    expect(cost.deltas[1]!.mean).toBeCloseTo(10.002, 9);
    expect(cost.deltas[1]!.halfWidth!).toBeLessThan(0.01);
    expect(cost.designs[1].interval!.halfWidth!).toBeGreaterThan(1);
    expect(targetMatrix([a, b]).find((t) => t.name === 'cost')!.met).toEqual([{ passed: 2, of: 3 }, { passed: 0, of: 0 }]);
  });

  it('renders the compare view with every design, its figures and its own detail', () => {
    const sync = run('region-outage-sync');
    const t = (x: { result: ModelResult }): Timeline => timelineOf(x.result);
    const html = renderCompareHtml({ designs: [{ name: 'async', description: 'A', reports: [outage.report], timeline: t(outage) }, { name: 'sync', description: 'S', reports: [sync.report], timeline: { ...t(sync), availability: t(sync).availability.map(() => 1) } }], seeds: [1], command: 'stormglass compare a b' });
    for (const expected of ['async vs sync', 'Figures', 'Targets', 'Timelines side by side', 'RPO (worst fault)', 'vs async']) expect(html).toContain(expected);
    expect(html.match(/<details/g)!.length).toBeGreaterThanOrEqual(2);
    // Each design's own availability chart starts at the same floor (the lowest over the designs).
    const floors = [...html.matchAll(/aria-label="availability over time"[\s\S]*?class="tick">([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(floors).toHaveLength(2);
    expect(new Set(floors).size).toBe(1);
    expect((embedded(html) as { designs: unknown[] }).designs).toHaveLength(2);
  });

  it('renders the explore view: the points, the front marked', () => {
    const points = paretoFront([
      { sets: ['a.b=1'], costUsd: 1, rtoMs: 1000, rpoMs: 0, p99Ms: 10, pass: true },
      { sets: ['a.b=2'], costUsd: 2, rtoMs: 2000, rpoMs: 0, p99Ms: 10, pass: true },
    ]);
    expect(points.map((p) => p.front)).toEqual([true, false]);
    const html = renderExploreHtml({ scenario: 'x', varies: [{ path: 'a.b', values: ['1', '2'] }], seeds: 1, points, command: 'stormglass explore x --vary a.b=1,2' });
    expect(html).toContain('1 of 2 points are on the Pareto front');
    expect(html.match(/class="chart scatter"/g)).toHaveLength(3);
  });
});

describe('the sweep view', () => {
  const row = (seed: number, rtoMs: number | null, pass = true): SweepRow => ({ scenario: 's', seed, digest: `d${seed}`, requests: 100, availability: 0.99, p99Ms: 10 + seed, rtoMs, rpoMs: seed, lostWrites: seed % 3, costUsd: 1, pass, failed: pass ? [] : ['rto'] });

  it('gives percentiles by nearest rank, each one seed\'s figure, and counts the seeds that did not recover', () => {
    const rows = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((s) => row(s, s === 4 ? null : s * 1000));
    const rto = distributions(rows).find((d) => d.figure.key === 'rto')!;
    expect(rto.missing).toBe(1);
    expect(rto.values).toHaveLength(9);
    // 1, 2, 3, 5, 6, …, 10 s: the 5th of 9 is the median.
    expect(rto.stats).toMatchObject({ min: 1000, p50: 6000, max: 10_000 });
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4], 0.95)).toBe(4);
    expect(quantile([7], 0.05)).toBe(7);
  });

  it('draws one histogram per figure whose bars add up to the seeds, and lists the seeds that missed with their command', () => {
    const rows = Array.from({ length: 37 }, (_, k) => row(k + 1, (k % 5) * 1000, k % 7 !== 0));
    const svg = histogram({ title: 'h', values: rows.map((r) => r.p99Ms!), format: String });
    const counts = [...svg.matchAll(/: (\d+) seeds?<\/title><\/rect>/g)].map((m) => Number(m[1]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(37);
    const same = histogram({ title: 'h', values: [5, 5, 5], format: String });
    expect([...same.matchAll(/: (\d+) seeds?<\/title><\/rect>/g)].map((m) => Number(m[1]))).toEqual([3]);
    const html = renderSweepHtml({ scenario: 's', rows, seedsAsked: 40, command: 'stormglass sweep s --seeds 1..40', seedCommand: (seed) => `stormglass run s --seed ${seed}` });
    expect(html).toContain('6 seeds missed a target');
    expect(html).toContain('of 40 asked (the others were interrupted or crashed)');
    expect(html).toContain('<code>stormglass run s --seed 8</code>');
    expect(html.match(/<figure>/g)).toHaveLength(6);
    expect((embedded(html) as { rows: SweepRow[] }).rows).toHaveLength(37);
  });
});
