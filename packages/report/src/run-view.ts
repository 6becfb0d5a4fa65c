import { formatMs, worstRpoMs, worstRtoMs } from '@stormglass/scenarios';
import { formatDuration } from '@stormglass/sim-core';
import type { Evaluation, RunReport } from '@stormglass/scenarios';
import { clock, colorOf, stackedBar, timeChart } from './charts.js';
import type { TimeBand, TimeMarker, TimeSeries } from './charts.js';
import { el, text } from './markup.js';
import { figure, legend, page, table } from './page.js';
import type { Cell } from './page.js';
import type { Timeline, TimelineEvent } from './timeline.js';

/** One run, as the HTML report shows it. */
export interface RunDocument {
  report: RunReport;
  timeline: Timeline;
  /** The scenario's description, as written. */
  description: string;
  /** The command that reproduces the run, shown in the footer. */
  command: string;
}

export const integer = (v: number): string => Math.round(v).toLocaleString('en-US');
const percent = (v: number | null, digits = 3): string => (v === null ? '—' : `${(v * 100).toFixed(digits)}%`);
const latency = (v: number | null): string => (v === null ? '—' : formatMs(v));
const usd = (v: number): string => (Math.abs(v) < 10 ? `$${v.toFixed(3)}` : `$${v.toFixed(2)}`);
/** A duration as the terminal summary writes it: 35.475ms, 1m20s. */
const duration = (v: number | null): string => (v === null ? '—' : formatDuration(Math.round(v * 1000)));
/** The bottom of an availability axis: 90%, or the lowest value rounded down to a tenth. */
export const availabilityFloor = (values: readonly (number | null)[]): number => Math.min(0.9, Math.floor(Math.min(1, ...values.filter((v): v is number => v !== null)) * 10) / 10);

/** Axis ticks in ms: 0, 50.0 ms, 1.2 s. */
export const msTick = (v: number): string => (v === 0 ? '0' : formatMs(v));

/** The passed/failed class of the evaluations named, or '' when none are. */
function verdict(checks: readonly Evaluation[], match: (name: string) => boolean): { cls: string; sub: string } {
  const found = checks.filter((c) => match(c.name));
  if (found.length === 0) return { cls: '', sub: 'no target' };
  const failed = found.filter((c) => !c.pass);
  return { cls: failed.length === 0 ? 'pass' : 'fail', sub: `target ${found.map((c) => c.target).join(', ')}: ${failed.length === 0 ? 'met' : 'MISSED'}` };
}

function tile(label: string, value: string, checks: readonly Evaluation[], match: (name: string) => boolean): string {
  const v = verdict(checks, match);
  return el('div', { class: `tile ${v.cls}`.trim() }, el('div', { class: 'label' }, text(label)), el('div', { class: 'value' }, text(value)), el('div', { class: 'sub' }, text(v.sub)));
}

/** The scorecard: the figures that decide a design, each marked by its target. */
export function scorecard(report: RunReport): string {
  const checks = [...report.targets, ...report.invariants];
  const rto = worstRtoMs(report);
  const lost = report.stores.reduce((a, s) => a + s.lostWrites, 0);
  return el(
    'div',
    { class: 'tiles' },
    tile('availability', percent(report.availability), checks, (n) => n === 'availability'),
    tile('p99 latency (every request)', latency(report.latencyMs.p99), checks, (n) => n === 'latency.all.p99'),
    tile('RTO (worst fault)', report.faults.length === 0 ? 'no fault' : rto === null ? 'not recovered' : duration(rto), checks, (n) => n === 'rto'),
    tile('RPO (worst fault)', report.faults.length === 0 ? 'no fault' : duration(worstRpoMs(report)), checks, (n) => n === 'rpo'),
    tile('lost writes', integer(lost), checks, (n) => n === 'lostWrites'),
    tile('cost of the run', usd(report.costUsd), checks, (n) => n === 'cost'),
  );
}

export function checksTable(report: RunReport): string {
  const rows = [...report.targets.map((t) => ({ ...t, kind: 'target' })), ...report.invariants.map((i) => ({ ...i, kind: 'invariant' }))];
  if (rows.length === 0) return el('p', { class: 'small' }, 'This scenario sets no targets and checks no invariants.');
  return table(
    ['', 'check', 'kind', 'target', 'actual', 'evidence'],
    rows.map((c) => [{ html: c.pass ? 'pass' : 'FAIL', class: c.pass ? 'pass' : 'fail' }, c.name, c.kind, c.target, c.actual, c.evidence ?? '']),
    6,
  );
}

const faultLabel = (f: { kind: string; target: string }): string => `${f.kind} ${f.target}`;

/** Fault windows for every chart of a timeline: shaded from the fault's start to its repair. */
export function faultBands(timeline: Timeline): TimeBand[] {
  return timeline.faults.map((f) => {
    const end = f.repairedMs ?? timeline.durationMs;
    const recovery = f.rtoStatus === 'recovered' && f.rtoMs !== null ? `recovered after ${duration(f.rtoMs)}` : f.rtoStatus === 'no-impact' ? 'no impact on users' : 'not recovered within the run';
    return { fromMs: f.startMs, toMs: end, label: faultLabel(f), title: `${faultLabel(f)} from ${clock(f.startMs)} to ${f.repairedMs === null ? 'the end of the run' : clock(f.repairedMs)}; ${recovery}` };
  });
}

const MARKER_COLORS: Partial<Record<TimelineEvent['kind'], string>> = { 'fault-started': '#b3411b', 'fault-repaired': '#00785a', 'primary-promoted': '#0072B2', 'failover-detected': '#0072B2', page: '#CC79A7', alert: '#CC79A7' };

export function eventMarkers(timeline: Timeline): TimeMarker[] {
  const short = (e: TimelineEvent): string => {
    const subject = e.subject.length > 18 ? `${e.subject.slice(0, 17)}…` : e.subject;
    return `${e.kind.replace('failover-', 'failover ').replace('primary-lost', 'primary down').replace('primary-', '')} ${subject}`;
  };
  return timeline.markers.map((e) => ({ timeMs: e.timeMs, label: short(e), title: `${clock(e.timeMs)} ${e.kind} ${e.subject}${e.detail === '' ? '' : ` — ${e.detail}`}`, color: MARKER_COLORS[e.kind] }));
}

const recoveredMarkers = (timeline: Timeline): TimeMarker[] =>
  timeline.faults.filter((f) => f.recoveredMs !== null).map((f) => ({ timeMs: f.recoveredMs as number, label: `recovered (RTO ${duration(f.rtoMs)})`, title: `${faultLabel(f)}: users' requests succeed again at ${clock(f.recoveredMs as number)} (RTO ${duration(f.rtoMs)}, ARCHITECTURE §5)`, color: '#00785a' }));

/** The annotated timeline and the per-region charts of one run. */
/** `availabilityFloor`: the bottom of the availability axis, shared by designs shown one after another. */
export function timelineCharts(timeline: Timeline, availabilityFloorShared?: number): string {
  const bands = faultBands(timeline);
  const bandLegend = bands.length === 0 ? undefined : 'fault in force';
  const markers = [...eventMarkers(timeline), ...recoveredMarkers(timeline)].sort((a, b) => a.timeMs - b.timeMs);
  const base = { timesMs: timeline.timesMs, durationMs: timeline.durationMs, bands };
  const regionSeries = (pick: (u: Timeline['users'][number]) => readonly (number | null)[]): TimeSeries[] => timeline.users.map((u, i) => ({ name: u.region, color: colorOf(i), values: pick(u) }));
  const regionLegend = legend(timeline.users.map((u, i) => ({ name: u.region, color: colorOf(i) })), bandLegend);
  const parts = [
    figure(
      'Availability of user requests, every region (succeeded ÷ completed per interval)',
      timeChart({ ...base, title: 'availability over time', series: [{ name: 'availability', color: '#1d2430', values: timeline.availability }], yLabel: 'availability', yFormat: (v) => `${(v * 100).toFixed(v >= 0.999 && v < 1 ? 2 : 0)}%`, yDomain: [availabilityFloorShared ?? availabilityFloor(timeline.availability), 1], markers, height: 220 }),
      legend([{ name: 'availability', color: '#1d2430' }], bandLegend),
      timeline.markersDropped > 0 ? el('p', { class: 'small' }, text(`${timeline.markersDropped} more events are in the event table below.`)) : '',
    ),
    figure('Requests per second, by the users\' region', timeChart({ ...base, title: 'request rate by region', series: regionSeries((u) => u.ratePerS), yLabel: 'requests/s', yFormat: (v) => integer(v) })),
    regionLegend,
    figure('Failed requests, by the users\' region (failed ÷ completed)', timeChart({ ...base, title: 'failure ratio by region', series: regionSeries((u) => u.failureRatio), yLabel: 'failed', yFormat: (v) => `${(v * 100).toFixed(0)}%`, yDomain: [0, 1] })),
    regionLegend,
    figure('p99 latency of successful requests, by the users\' region (the worst endpoint)', timeChart({ ...base, title: 'p99 latency by region', series: regionSeries((u) => u.p99Ms), yLabel: 'p99', yFormat: msTick })),
    regionLegend,
  ];
  if (timeline.serving.length > 0) {
    parts.push(
      figure('Instances, by serving region (every service)', timeChart({ ...base, title: 'instances by serving region', series: timeline.serving.map((s, i) => ({ name: s.region, color: colorOf(i), values: s.instances })), yLabel: 'instances', yFormat: (v) => integer(v), yIntegers: true, height: 160 })),
      legend(timeline.serving.map((s, i) => ({ name: s.region, color: colorOf(i) })), bandLegend),
    );
  }
  return parts.join('');
}

const RTO_PART_COLORS = { detect: '#E69F00', decide: '#56B4E9', promote: '#009E73', redirect: '#CC79A7' };

export function faultsTable(report: RunReport): string {
  if (report.faults.length === 0) return el('p', { class: 'small' }, 'No fault was injected in this run.');
  const longest = Math.max(1, ...report.faults.map((f) => (f.rtoParts === null ? 0 : f.rtoParts.detectMs + f.rtoParts.decideMs + f.rtoParts.promoteMs + f.rtoParts.redirectMs)));
  const rows: Cell[][] = report.faults.map((f) => {
    const parts = f.rtoParts;
    const bar = parts === null
      ? '—'
      : {
          html: stackedBar(
            [
              { label: 'detect', value: parts.detectMs, color: RTO_PART_COLORS.detect },
              { label: 'decide', value: parts.decideMs, color: RTO_PART_COLORS.decide },
              { label: 'promote', value: parts.promoteMs, color: RTO_PART_COLORS.promote },
              { label: 'redirect', value: parts.redirectMs, color: RTO_PART_COLORS.redirect },
            ],
            longest,
            (v) => duration(v),
          ) + el('div', { class: 'small' }, text(`${duration(parts.detectMs)} + ${duration(parts.decideMs)} + ${duration(parts.promoteMs)} + ${duration(parts.redirectMs)}`)),
        };
    const rto = f.rtoStatus === 'not-recovered' ? { html: 'not recovered', class: 'fail' } : f.rtoStatus === 'no-impact' ? 'no impact' : duration(f.rtoMs);
    return [`${clock(f.startMs)} ${f.kind} ${f.target}`, rto, bar, duration(f.rpoMs), integer(f.lostWrites), duration(f.timeToDetectMs), percent(f.availabilityDuringImpact, 2), integer(f.pages)];
  });
  const failovers = report.faults.some((f) => f.rtoParts !== null);
  return (
    table(['fault (m:ss)', 'RTO', 'failover: detect + decide + promote + redirect', 'RPO', 'lost writes', 'alert after', 'availability in impact', 'pages'], rows) +
    (failovers ? legend(Object.entries(RTO_PART_COLORS).map(([name, color]) => ({ name, color }))) : '') +
    el('p', { class: 'small' }, text('The RTO is measured, not added up: from the fault to the start of the first metrics interval after which users\' requests succeed again for a whole evaluation window (ARCHITECTURE §5), so it can differ from its failover\'s parts by up to one interval. "alert after": the first alert naming the faulted part.'))
  );
}

export function regionsTable(report: RunReport): string {
  const row = (name: string, r: { started: number; succeeded: number; failed: number; availability: number | null; latencyMs: { p50: number | null; p95: number | null; p99: number | null } }): Cell[] => [
    name, integer(r.started), integer(r.succeeded), integer(r.failed), percent(r.availability), latency(r.latencyMs.p50), latency(r.latencyMs.p95), latency(r.latencyMs.p99),
  ];
  const all = { started: report.requests.started, succeeded: report.requests.succeeded, failed: report.requests.failed, availability: report.availability, latencyMs: report.latencyMs };
  return table(['users in', 'started', 'succeeded', 'failed', 'availability', 'p50', 'p95', 'p99'], [...report.regions.map((r) => row(r.region, r)), row('all regions', all), ...report.endpoints.map((e) => row(`endpoint ${e.endpoint}`, e))]);
}

export function storesAndCost(report: RunReport): string {
  const parts: string[] = [];
  if (report.stores.length > 0) {
    parts.push(el('h3', {}, 'Data stores'), table(['store', 'mode', 'primary at end', 'reads', 'writes', 'stale reads', 'lost writes'], report.stores.map((s) => [s.store, s.mode, s.primaryAtEnd, integer(s.reads), integer(s.writes), integer(s.staleReads), integer(s.lostWrites)]), 3));
  }
  const total = Math.max(1e-9, ...report.cost.byRegion.map((r) => r.usd));
  parts.push(
    el('h3', {}, 'Cost'),
    el('p', {}, text(`${usd(report.costUsd)} for the run${report.cost.perMillionRequestsUsd === null ? '' : ` · ${usd(report.cost.perMillionRequestsUsd)} per million requests`} · cross-region egress ${usd(report.cost.egressUsd)}`)),
    table(['region', 'cost', ''], report.cost.byRegion.map((r) => [r.region, usd(r.usd), { html: stackedBar([{ label: r.region, value: r.usd, color: '#0072B2' }], total, usd) }])),
  );
  return parts.join('');
}

const EVENTS_SHOWN = 300;

export function eventsTable(timeline: Timeline): string {
  if (timeline.events.length === 0) return el('p', { class: 'small' }, 'No infrastructure event was logged.');
  const shown = timeline.events.slice(0, EVENTS_SHOWN);
  const more = timeline.events.length - shown.length + timeline.eventsDropped;
  return el(
    'details',
    {},
    el('summary', {}, text(`Event log: ${integer(timeline.events.length + timeline.eventsDropped)} events`)),
    table(['time (m:ss)', 'event', 'subject', 'detail'], shown.map((e) => [clock(e.timeMs), e.kind, e.subject, e.detail]), 4),
    more > 0 ? el('p', { class: 'small' }, text(`${integer(more)} more not shown${timeline.eventsDropped > 0 ? ` (${integer(timeline.eventsDropped)} past the engine's event-log bound)` : ''}.`)) : '',
  );
}

export function headline(report: RunReport): string {
  return `${integer(report.durationMs / 1000)} s simulated · seed ${report.seed} · ${integer(report.requests.started)} requests · ${report.fidelity} fidelity · digest ${report.digest}`;
}

/** The body of one run's report (also each design's detail in the compare view). */
export function runBody(doc: RunDocument, level: 'h2' | 'h3' = 'h2', availabilityFloorShared?: number): string {
  const r = doc.report;
  return [
    scorecard(r),
    el(level, {}, 'Targets and invariants'),
    checksTable(r),
    el(level, {}, 'Timeline'),
    timelineCharts(doc.timeline, availabilityFloorShared),
    el(level, {}, 'Faults: RTO and RPO (ARCHITECTURE §5)'),
    faultsTable(r),
    el(level, {}, 'Users by region'),
    regionsTable(r),
    storesAndCost(r),
    eventsTable(doc.timeline),
  ].join('');
}

export function footer(command: string, wall: string): string {
  return el('footer', {}, el('p', {}, 'Reproduce: ', el('code', {}, text(command))), el('p', {}, text(`Made by stormglass. ${wall} Everything else on this page is identical between identical runs. The data it was drawn from is embedded as JSON (script#stormglass-data).`)));
}

const missedText = (r: RunReport): string => {
  const missed = [...r.targets, ...r.invariants].filter((c) => !c.pass).length;
  return `${missed} ${missed === 1 ? 'target' : 'targets'} missed`;
};

/** The self-contained HTML report of one run. */
export function renderRunHtml(doc: RunDocument): string {
  const r = doc.report;
  const body = [
    el('h1', {}, text(r.scenario), el('span', { class: `badge ${r.pass ? 'pass' : 'fail'}` }, r.pass ? 'every target met' : missedText(r))),
    doc.description === '' ? '' : el('p', { class: 'lede' }, text(doc.description)),
    el('p', { class: 'meta' }, text(headline(r))),
    runBody(doc),
    footer(doc.command, `Wall clock: ${integer(r.run.wallMs)} ms for ${integer(r.run.events)} events.`),
  ].join('');
  return page(`${r.scenario} · stormglass`, body, { kind: 'run', report: r, timeline: doc.timeline });
}
