import { formatMs } from '@stormglass/scenarios';
import type { RunReport } from '@stormglass/scenarios';
import { colorOf, dashOf, intervalStrip, scatterChart, timeChart } from './charts.js';
import { FIGURES, compareFigures, showDelta, showInterval, targetMatrix } from './comparison.js';
import { el, text } from './markup.js';
import { figure, legend, page, table } from './page.js';
import type { Cell } from './page.js';
import { shortSets } from './pareto.js';
import type { DesignPoint } from './pareto.js';
import { availabilityFloor, faultBands, footer, headline, integer, msTick, runBody } from './run-view.js';
import type { Timeline } from './timeline.js';

/** Designs run on the same seeds, as the compare view shows them. */
export interface CompareDocument {
  /** The first design is the baseline the deltas are taken from. */
  designs: CompareDesign[];
  seeds: number[];
  /** The command that reproduces the comparison. */
  command: string;
  /** A heading; by default "a vs b vs c". */
  title?: string;
  /** A paragraph under the heading. */
  lede?: string;
}

export interface CompareDesign {
  name: string;
  description: string;
  /** One report per seed, in the order of `seeds`. */
  reports: RunReport[];
  /** The timeline of the first seed's run. */
  timeline: Timeline;
}

function figuresTable(doc: CompareDocument): string {
  const reports = doc.designs.map((d) => d.reports);
  const comparisons = compareFigures(reports);
  const rows: Cell[][] = comparisons.map((c, f) => {
    const spec = FIGURES[f];
    const cells: Cell[] = [spec.name];
    c.designs.forEach((d, k) => {
      const missing = d.missing > 0 ? ` (${d.missing} not recovered)` : '';
      const delta = c.deltas[k];
      const worse = delta !== null && delta.halfWidth !== null && Math.abs(delta.mean) > delta.halfWidth ? ((spec.better === 'lower') === delta.mean > 0 ? 'worse' : 'better') : '';
      const deltaLine = k === 0 || delta === null ? '' : el('div', { class: `small ${worse}`.trim() }, text(`${showDelta(delta, spec.format)}${doc.designs.length === 2 ? ` vs ${doc.designs[0].name}` : ''}`));
      cells.push({ html: text(showInterval(d.interval, spec.format) + missing) + deltaLine });
    });
    const points = c.designs.flatMap((d, k) => (d.interval === null ? [] : [{ label: doc.designs[k].name, color: colorOf(k), mean: d.interval.mean, halfWidth: d.interval.halfWidth }]));
    cells.push({ html: intervalStrip(points, spec.format) });
    return cells;
  });
  return table(['figure', ...doc.designs.map((d) => d.name), doc.seeds.length > 1 ? 'mean and 95% interval' : 'value'], rows) + legend(doc.designs.map((d, k) => ({ name: d.name, color: colorOf(k) })));
}

function targetsTable(doc: CompareDocument): string {
  const matrix = targetMatrix(doc.designs.map((d) => d.reports));
  if (matrix.length === 0) return el('p', { class: 'small' }, 'No design sets a target.');
  return table(
    ['target', '', ...doc.designs.map((d) => d.name)],
    matrix.map((row) => [
      row.name,
      row.target,
      ...row.met.map((m): Cell => (m.of === 0 ? '—' : { html: text(`${m.passed === m.of ? 'meets' : m.passed === 0 ? 'misses' : 'mixed'} (${m.passed}/${m.of})`), class: m.passed === m.of ? 'pass' : 'fail' })),
    ]),
    2,
  );
}

const worstOf = (timeline: Timeline, i: number): number | null => {
  let worst: number | null = null;
  for (const u of timeline.users) {
    const v = u.p99Ms[i];
    if (v !== null && v !== undefined && (worst === null || v > worst)) worst = v;
  }
  return worst;
};

const totalInstances = (timeline: Timeline, i: number): number | null => {
  let total: number | null = null;
  for (const s of timeline.serving) {
    const v = s.instances[i];
    if (v !== null && v !== undefined) total = (total ?? 0) + v;
  }
  return total;
};

/** The designs' timelines overlaid (first seed): availability, the worst region's p99, instances. */
function overlays(doc: CompareDocument): string {
  const first = doc.designs[0].timeline;
  const sameClock = doc.designs.every((d) => d.timeline.durationMs === first.durationMs && d.timeline.stepMs === first.stepMs);
  if (!sameClock) return el('p', { class: 'small' }, 'The designs run for different lengths or metrics intervals, so their timelines are not overlaid; each design\'s own timeline is below.');
  const base = { timesMs: first.timesMs, durationMs: first.durationMs, bands: faultBands(first) };
  const names = legend(doc.designs.map((d, k) => ({ name: d.name, color: colorOf(k), dash: dashOf(k) })), base.bands.length === 0 ? undefined : `fault in force (${doc.designs[0].name})`);
  const availability = doc.designs.map((d, k) => ({ name: d.name, color: colorOf(k), dash: dashOf(k), values: d.timeline.availability }));
  const lows = availability.flatMap((s) => s.values);
  return [
    figure(`Availability of user requests (seed ${doc.seeds[0]})`, timeChart({ ...base, title: 'availability by design', series: availability, yLabel: 'availability', yFormat: (v) => `${(v * 100).toFixed(0)}%`, yDomain: [availabilityFloor(lows), 1] }), names),
    figure(`p99 latency, the worst users' region (seed ${doc.seeds[0]})`, timeChart({ ...base, title: 'p99 by design', series: doc.designs.map((d, k) => ({ name: d.name, color: colorOf(k), dash: dashOf(k), values: d.timeline.timesMs.map((_, i) => worstOf(d.timeline, i)) })), yLabel: 'p99', yFormat: msTick }), names),
    figure(`Instances, every region (seed ${doc.seeds[0]})`, timeChart({ ...base, title: 'instances by design', series: doc.designs.map((d, k) => ({ name: d.name, color: colorOf(k), dash: dashOf(k), values: d.timeline.timesMs.map((_, i) => totalInstances(d.timeline, i)) })), yLabel: 'instances', yFormat: integer, yIntegers: true, height: 160 }), names),
  ].join('');
}

/** The self-contained HTML compare view: figures with intervals and paired deltas, targets, overlaid timelines, each design's detail. */
export function renderCompareHtml(doc: CompareDocument): string {
  const title = doc.title ?? doc.designs.map((d) => d.name).join(' vs ');
  const n = doc.seeds.length;
  const seedText = n === 1 ? `seed ${doc.seeds[0]}` : `${n} paired seeds (${doc.seeds[0]}..${doc.seeds[n - 1]})`;
  const allPass = doc.designs.every((d) => d.reports.every((r) => r.pass));
  const wallMs = doc.designs.reduce((a, d) => a + d.reports.reduce((b, r) => b + r.run.wallMs, 0), 0);
  // Every design's own availability chart on one scale, so a dip reads the same in each.
  const floor = availabilityFloor(doc.designs.flatMap((d) => d.timeline.availability));
  const body = [
    el('h1', {}, text(title), el('span', { class: `badge ${allPass ? 'pass' : 'fail'}` }, allPass ? 'every design met every target' : 'some design missed a target')),
    doc.lede === undefined ? '' : el('p', { class: 'lede' }, text(doc.lede)),
    el('p', { class: 'meta' }, text(`${doc.designs.length} designs × ${seedText}: seed k of every design sees the same traffic and the same faults. Deltas are paired differences from ${doc.designs[0].name}, with their 95% interval; coloured when the interval excludes 0.`)),
    el('h2', {}, 'Figures'),
    figuresTable(doc),
    el('p', { class: 'small' }, 'Latency is of successful requests only: a design that fails more requests during an outage can look faster on p50 and p99 than it was for its users. Read them beside availability.'),
    el('h2', {}, 'Targets'),
    targetsTable(doc),
    el('h2', {}, 'Timelines side by side'),
    overlays(doc),
    el('h2', {}, 'Each design'),
    ...doc.designs.map((d, k) =>
      el('details', { open: k === 0 ? 'open' : undefined }, el('summary', {}, text(`${d.name} — seed ${d.reports[0].seed}`)), d.description === '' ? '' : el('p', { class: 'lede' }, text(d.description)), el('p', { class: 'meta' }, text(headline(d.reports[0]))), runBody({ report: d.reports[0], timeline: d.timeline, description: d.description, command: doc.command }, 'h3', floor)),
    ),
    footer(doc.command, `Wall clock: ${integer(wallMs)} ms over ${doc.designs.length * n} runs.`),
  ].join('');
  return page(`${title} · stormglass`, body, { kind: 'compare', seeds: doc.seeds, designs: doc.designs.map((d) => ({ name: d.name, reports: d.reports, timeline: d.timeline })) });
}

/** A design-space exploration, as the explore view shows it. */
export interface ExploreDocument {
  scenario: string;
  varies: { path: string; values: string[] }[];
  seeds: number;
  points: DesignPoint[];
  command: string;
}

/** The self-contained HTML explore view: cost against RTO, RPO and p99, the Pareto front marked. */
export function renderExploreHtml(doc: ExploreDocument): string {
  const key = (i: number): string => `#${i + 1}`;
  const title = (p: DesignPoint, i: number): string => `${key(i)} ${shortSets(p.sets)} — cost $${p.costUsd.toFixed(3)}, RTO ${p.rtoMs === null ? 'not recovered' : `${(p.rtoMs / 1000).toFixed(1)} s`}, RPO ${p.rpoMs.toFixed(3)} ms, p99 ${p.p99Ms === null ? '—' : formatMs(p.p99Ms)}${p.front ? ', on the Pareto front' : ''}`;
  const scatter = (label: string, read: (p: DesignPoint) => number | null, format: (v: number) => string): string =>
    scatterChart({
      title: `cost against ${label}`,
      xLabel: 'cost of the run',
      yLabel: label,
      xTicks: '$,f',
      yFormat: format,
      nullLabel: 'not recovered',
      points: doc.points.map((p, i) => ({ key: key(i), title: title(p, i), x: p.costUsd, y: read(p), front: p.front, pass: p.pass })),
    });
  const front = doc.points.filter((p) => p.front).length;
  const body = [
    el('h1', {}, text(`explore ${doc.scenario}`)),
    el('p', { class: 'meta' }, text(`${doc.points.length} design points × ${doc.seeds} seed${doc.seeds === 1 ? '' : 's'} (figures are means over the seeds) · varied: ${doc.varies.map((v) => `${v.path} = ${v.values.join(', ')}`).join(' · ')}`)),
    el('p', {}, text(`${front} of ${doc.points.length} points are on the Pareto front (filled): none of the others is cheaper without being slower to recover, losing more data or answering slower. Where there is one, the line joins each chart's own two-axis front. A red ring marks a point that missed a target. Lower is better on every axis.${doc.seeds === 1 ? ' With one seed per point, differences of a few ms or cents are noise that can put a point on the front: run with --seeds 5 or more.' : ''}`)),
    el('div', { class: 'grid2' }, figure('Cost against RTO (worst fault)', scatter('RTO', (p) => p.rtoMs, (v) => `${(v / 1000).toFixed(0)} s`)), figure('Cost against RPO (worst fault)', scatter('RPO', (p) => p.rpoMs, (v) => formatMs(v))), figure('Cost against p99 latency', scatter('p99', (p) => p.p99Ms, (v) => formatMs(v)))),
    el('h2', {}, 'Design points'),
    table(
      ['', 'design', 'cost', 'RTO', 'RPO', 'p99', 'targets', 'Pareto front'],
      doc.points.map((p, i) => [key(i), shortSets(p.sets), `$${p.costUsd.toFixed(3)}`, p.rtoMs === null ? { html: 'not recovered', class: 'fail' } : `${(p.rtoMs / 1000).toFixed(1)} s`, `${p.rpoMs.toFixed(3)} ms`, p.p99Ms === null ? '—' : formatMs(p.p99Ms), { html: p.pass ? 'met' : 'missed', class: p.pass ? 'pass' : 'fail' }, p.front ? '●' : '']),
      2,
    ),
    footer(doc.command, ''),
  ].join('');
  return page(`explore ${doc.scenario} · stormglass`, body, { kind: 'explore', scenario: doc.scenario, varies: doc.varies, seeds: doc.seeds, points: doc.points });
}
