import { scaleLinear, scaleLog } from 'd3-scale';
import { curveStepAfter, line } from 'd3-shape';
import { el, round2, text } from './markup.js';

/**
 * Charts as SVG strings: d3 computes the scales, ticks and paths; no DOM is needed, so the same
 * functions draw the offline HTML report in Node and the visualizer's panels in the browser.
 * Every chart is deterministic: the same data gives the same bytes.
 */

/** Okabe–Ito, colour-blind-safe, in the order series take them. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442', '#000000'];
export const FAULT_FILL = '#D55E00';

export const colorOf = (index: number): string => PALETTE[index % PALETTE.length];

/** Dash patterns for designs overlaid on one chart, so a line hidden under another still shows. */
const DASHES = [undefined, '7 4', '2 3', '10 3 2 3'];
export const dashOf = (index: number): string | undefined => DASHES[index % DASHES.length];

export interface TimeSeries {
  name: string;
  color: string;
  values: readonly (number | null)[];
  dash?: string;
}

export interface TimeBand {
  fromMs: number;
  toMs: number;
  label: string;
  /** Shown on hover. */
  title: string;
}

export interface TimeMarker {
  timeMs: number;
  label: string;
  title: string;
  color?: string;
}

export interface TimeChartSpec {
  /** Accessible name of the chart. */
  title: string;
  /** Bucket starts, ms; each value holds from its start to the next (a step). */
  timesMs: readonly number[];
  durationMs: number;
  series: readonly TimeSeries[];
  yLabel: string;
  yFormat: (value: number) => string;
  /** Fixed y domain; otherwise 0 to the largest value, made nice. */
  yDomain?: [number, number];
  /** Counts (instances): only whole-number ticks. */
  yIntegers?: boolean;
  bands?: readonly TimeBand[];
  markers?: readonly TimeMarker[];
  width?: number;
  height?: number;
}

/** Simulated time as m:ss, or h:mm:ss past an hour. */
export function clock(msValue: number): string {
  const total = Math.round(msValue / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Steps a time axis may take, ms: round clock values (10 s, 30 s, 1 min, 5 min, …). */
const TIME_STEPS_MS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400].map((s) => s * 1000);

/** Ticks for simulated time from 0 to durationMs on round clock values, about `count` of them, the end included. */
export function timeTicks(durationMs: number, count = 8): number[] {
  const step = TIME_STEPS_MS.find((s) => durationMs / s <= count) ?? TIME_STEPS_MS[TIME_STEPS_MS.length - 1];
  const ticks: number[] = [];
  for (let t = 0; t <= durationMs + 1e-9; t += step) ticks.push(t);
  // The end of the run, unless a tick is already close to it.
  if (durationMs - ticks[ticks.length - 1] > step / 3) ticks.push(durationMs);
  return ticks;
}

const MARGIN = { top: 10, right: 14, bottom: 30, left: 72 };
const LABEL_ROW = 13;
const LABEL_ROWS_MAX = 6;

/** A step chart over simulated time: one line per series, shaded fault windows, event markers, hover readouts. */
export function timeChart(spec: TimeChartSpec): string {
  const width = spec.width ?? 960;
  const markers = spec.markers ?? [];
  const bands = spec.bands ?? [];
  // Marker labels stack in rows so close events do not overprint each other.
  const x = scaleLinear().domain([0, Math.max(1, spec.durationMs)]).range([MARGIN.left, width - MARGIN.right]);
  // A label takes the first row free at its time; with every row taken it is left off (the
  // marker's line keeps its hover title).
  const rows: (number | null)[] = [];
  const rowEnds: number[] = [];
  for (const m of markers) {
    const px = x(m.timeMs);
    let row: number | null = rowEnds.findIndex((end) => end < px);
    if (row < 0) row = rowEnds.length < LABEL_ROWS_MAX ? rowEnds.length : null;
    if (row !== null) rowEnds[row] = px + 8 + m.label.length * 5.6;
    rows.push(row);
  }
  const labelRows = rowEnds.length;
  const top = MARGIN.top + (labelRows === 0 ? 0 : labelRows * LABEL_ROW + 4) + (bands.length === 0 ? 0 : LABEL_ROW);
  const height = (spec.height ?? 200) + top - MARGIN.top;
  const all = spec.series.flatMap((s) => s.values).filter((v): v is number => v !== null && Number.isFinite(v));
  const y = scaleLinear()
    .domain(spec.yDomain ?? [0, all.length === 0 ? 1 : Math.max(...all) || 1])
    .range([height - MARGIN.bottom, top]);
  if (spec.yDomain === undefined) y.nice(5);
  const parts: string[] = [];
  // Fault windows first, under everything.
  for (const band of bands) {
    const x0 = x(band.fromMs);
    const x1 = Math.max(x0 + 1, x(Math.min(band.toMs, spec.durationMs)));
    parts.push(el('g', { class: 'band' }, el('title', {}, text(band.title)), el('rect', { x: x0, y: top, width: x1 - x0, height: height - MARGIN.bottom - top, fill: FAULT_FILL, 'fill-opacity': 0.12 }), el('text', { x: x0 + 3, y: top - 3, class: 'band-label' }, text(band.label))));
  }
  // Grid and axes.
  for (const tick of y.ticks(5)) {
    if (spec.yIntegers === true && !Number.isInteger(tick)) continue;
    parts.push(el('line', { x1: MARGIN.left, x2: width - MARGIN.right, y1: y(tick), y2: y(tick), class: 'grid' }));
    parts.push(el('text', { x: MARGIN.left - 6, y: y(tick), dy: '0.32em', 'text-anchor': 'end', class: 'tick' }, text(spec.yFormat(tick))));
  }
  for (const tick of timeTicks(spec.durationMs)) {
    parts.push(el('line', { x1: x(tick), x2: x(tick), y1: height - MARGIN.bottom, y2: height - MARGIN.bottom + 4, class: 'axis' }));
    parts.push(el('text', { x: x(tick), y: height - MARGIN.bottom + 16, 'text-anchor': tick === spec.durationMs && tick > 0 ? 'end' : 'middle', class: 'tick' }, text(clock(tick))));
  }
  parts.push(el('line', { x1: MARGIN.left, x2: width - MARGIN.right, y1: height - MARGIN.bottom, y2: height - MARGIN.bottom, class: 'axis' }));
  parts.push(el('text', { transform: `translate(12,${round2((top + height - MARGIN.bottom) / 2)}) rotate(-90)`, 'text-anchor': 'middle', class: 'axis-label' }, text(spec.yLabel)));
  // The series, as steps: each value holds over its bucket.
  const ends = [...spec.timesMs.slice(1), spec.durationMs];
  for (const s of spec.series) {
    const points: [number, number | null][] = [];
    s.values.forEach((v, i) => points.push([spec.timesMs[i], v]));
    if (s.values.length > 0) points.push([ends[ends.length - 1], s.values[s.values.length - 1]]);
    const path = line<[number, number | null]>()
      .defined((p) => p[1] !== null && Number.isFinite(p[1]))
      .x((p) => x(p[0]))
      .y((p) => y(Math.min(y.domain()[1], p[1] as number)))
      .curve(curveStepAfter)
      .digits(1)(points);
    if (path !== null) parts.push(el('path', { d: path, fill: 'none', stroke: s.color, 'stroke-width': 1.8, 'stroke-dasharray': s.dash }, el('title', {}, text(s.name))));
  }
  // Markers on top, labels in their rows above the plot.
  markers.forEach((m, i) => {
    const px = x(m.timeMs);
    const row = rows[i];
    const ly = row === null ? top : MARGIN.top + row * LABEL_ROW + 9;
    const label = row === null ? '' : el('text', { x: px + 3, y: ly, class: 'marker-label' }, text(m.label));
    parts.push(el('g', { class: 'marker' }, el('title', {}, text(m.title)), el('line', { x1: px, x2: px, y1: row === null ? top : ly + 2, y2: height - MARGIN.bottom, stroke: m.color ?? '#444', 'stroke-dasharray': '3 3' }), label));
  });
  // Hover readouts: one transparent column per bucket, titled with every series' value.
  if (spec.timesMs.length <= 600) {
    const cols = spec.timesMs.map((t, i) => {
      const readout = [`${clock(t)}–${clock(ends[i])}`, ...spec.series.map((s) => `${s.name}: ${s.values[i] === null || s.values[i] === undefined ? '—' : spec.yFormat(s.values[i] as number)}`)].join('\n');
      return el('rect', { x: x(t), y: top, width: Math.max(0.5, x(ends[i]) - x(t)), height: height - MARGIN.bottom - top, class: 'hover' }, el('title', {}, text(readout)));
    });
    parts.push(el('g', { class: 'hovers' }, ...cols));
  }
  return el('svg', { viewBox: `0 0 ${width} ${round2(height)}`, role: 'img', 'aria-label': spec.title, class: 'chart' }, el('title', {}, text(spec.title)), ...parts);
}

export interface IntervalPoint {
  label: string;
  color: string;
  mean: number;
  /** Half the 95% interval; null: one seed, a dot without whiskers. */
  halfWidth: number | null;
}

/** A dot-and-whisker strip: each design's mean and 95% interval on one shared axis. */
export function intervalStrip(points: readonly IntervalPoint[], format: (v: number) => string, width = 260): string {
  const height = 14 + points.length * 14;
  if (points.length === 0) return '';
  const lo = Math.min(...points.map((p) => p.mean - (p.halfWidth ?? 0)));
  const hi = Math.max(...points.map((p) => p.mean + (p.halfWidth ?? 0)));
  const pad = hi === lo ? Math.max(1e-9, Math.abs(hi) * 0.05 || 1) : (hi - lo) * 0.08;
  // A quantity that cannot be negative (every mean ≥ 0) keeps its axis, and whiskers, at 0 or above.
  const floor = points.every((p) => p.mean >= 0) ? 0 : Number.NEGATIVE_INFINITY;
  const x = scaleLinear().domain([Math.max(floor, lo - pad), hi + pad]).range([6, width - 6]).clamp(true);
  const parts: string[] = [];
  points.forEach((p, i) => {
    const cy = 8 + i * 14;
    const title = `${p.label}: ${format(p.mean)}${p.halfWidth === null ? '' : ` ± ${format(p.halfWidth)}`}`;
    const whisker = p.halfWidth === null ? '' : el('line', { x1: x(p.mean - p.halfWidth), x2: x(p.mean + p.halfWidth), y1: cy, y2: cy, stroke: p.color, 'stroke-width': 2 });
    parts.push(el('g', {}, el('title', {}, text(title)), whisker, el('circle', { cx: x(p.mean), cy, r: 4, fill: p.color })));
  });
  const axisY = height - 4;
  parts.push(el('text', { x: 6, y: axisY, class: 'tick' }, text(format(x.domain()[0]))));
  parts.push(el('text', { x: width - 6, y: axisY, 'text-anchor': 'end', class: 'tick' }, text(format(hi + pad))));
  return el('svg', { viewBox: `0 0 ${width} ${height}`, class: 'strip', role: 'img', 'aria-label': 'means with 95% intervals' }, ...parts);
}

export interface StackPart {
  label: string;
  value: number;
  color: string;
}

/** One horizontal stacked bar (an RTO's detect, decide, promote and redirect), scaled to `total`. */
export function stackedBar(parts: readonly StackPart[], total: number, format: (v: number) => string, width = 260): string {
  const x = scaleLinear().domain([0, Math.max(total, 1e-9)]).range([0, width]);
  let at = 0;
  const rects = parts.map((p) => {
    const rect = el('rect', { x: x(at), y: 2, width: Math.max(0, x(p.value) - x(0)), height: 14, fill: p.color }, el('title', {}, text(`${p.label}: ${format(p.value)}`)));
    at += p.value;
    return rect;
  });
  return el('svg', { viewBox: `0 0 ${width} 18`, class: 'bar', role: 'img', 'aria-label': parts.map((p) => `${p.label} ${format(p.value)}`).join(', ') }, ...rects);
}

export interface ScatterPoint {
  /** Shown next to the dot (a short key into the table below the chart). */
  key: string;
  title: string;
  x: number;
  /** null: off the scale (an RTO never recovered): drawn in a lane above the plot. */
  y: number | null;
  front: boolean;
  pass: boolean;
}

export interface ScatterSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  /** A d3-format specifier for the x ticks; its precision follows the tick step (like "$,f"). */
  xTicks: string;
  yFormat: (v: number) => string;
  points: readonly ScatterPoint[];
  /** What a null y means, labelled on its lane. */
  nullLabel: string;
  width?: number;
  height?: number;
}

/** Cost against one figure: every design point, the Pareto front's points filled and joined. */
export function scatterChart(spec: ScatterSpec): string {
  const width = spec.width ?? 420;
  const height = spec.height ?? 280;
  const margin = { top: 26, right: 16, bottom: 38, left: 66 };
  const xs = spec.points.map((p) => p.x);
  const ys = spec.points.map((p) => p.y).filter((v): v is number => v !== null);
  const hasNull = spec.points.some((p) => p.y === null);
  const xPad = xs.length === 0 ? 1 : (Math.max(...xs) - Math.min(...xs)) * 0.06 || Math.abs(xs[0]) * 0.05 || 1;
  const x = scaleLinear()
    .domain(xs.length === 0 ? [0, 1] : [Math.min(...xs) - xPad, Math.max(...xs) + xPad])
    .range([margin.left, width - margin.right])
    .nice(5);
  const yMax = ys.length === 0 ? 1 : Math.max(...ys);
  const yTop = margin.top + (hasNull ? 18 : 0);
  const positive = ys.length > 0 && Math.min(...ys) > 0 && yMax / Math.min(...ys) > 100;
  const y = positive
    ? scaleLog().domain([Math.min(...ys) / 1.5, yMax * 1.5]).range([height - margin.bottom, yTop])
    : scaleLinear().domain([0, yMax === 0 ? 1 : yMax * 1.08]).range([height - margin.bottom, yTop]).nice(5);
  const nullY = margin.top + 6;
  const py = (p: ScatterPoint): number => (p.y === null ? nullY : y(p.y));
  const parts: string[] = [];
  for (const tick of y.ticks(5)) {
    parts.push(el('line', { x1: margin.left, x2: width - margin.right, y1: y(tick), y2: y(tick), class: 'grid' }));
    parts.push(el('text', { x: margin.left - 6, y: y(tick), dy: '0.32em', 'text-anchor': 'end', class: 'tick' }, text(spec.yFormat(tick))));
  }
  const xTick = x.tickFormat(5, spec.xTicks);
  for (const tick of x.ticks(5)) {
    const px = x(tick);
    const anchor = width - margin.right - px < 24 ? 'end' : 'middle';
    parts.push(el('text', { x: px, y: height - margin.bottom + 16, 'text-anchor': anchor, class: 'tick' }, text(xTick(tick))));
  }
  if (hasNull) parts.push(el('text', { x: margin.left - 6, y: nullY, dy: '0.32em', 'text-anchor': 'end', class: 'tick' }, text(spec.nullLabel)));
  parts.push(el('line', { x1: margin.left, x2: width - margin.right, y1: height - margin.bottom, y2: height - margin.bottom, class: 'axis' }));
  parts.push(el('text', { x: (margin.left + width - margin.right) / 2, y: height - 6, 'text-anchor': 'middle', class: 'axis-label' }, text(spec.xLabel)));
  parts.push(el('text', { transform: `translate(12,${round2((yTop + height - margin.bottom) / 2)}) rotate(-90)`, 'text-anchor': 'middle', class: 'axis-label' }, text(spec.yLabel)));
  // The front of this pair of axes: sorted by cost, each point better on the figure than every cheaper one.
  const front = spec.points.filter((p) => p.y !== null).sort((a, b) => a.x - b.x || (a.y as number) - (b.y as number));
  const steps: [number, number][] = [];
  let best = Number.POSITIVE_INFINITY;
  for (const p of front) {
    if ((p.y as number) < best) {
      best = p.y as number;
      steps.push([x(p.x), y(p.y as number)]);
    }
  }
  const path = line().curve(curveStepAfter).digits(1)(steps);
  if (steps.length > 1 && path !== null) parts.push(el('path', { d: path, fill: 'none', stroke: '#0072B2', 'stroke-width': 1.5, 'stroke-opacity': 0.6 }));
  // Points at (nearly) the same place share one label line: "#1 #2 #3", not overprinted keys.
  const placed: { cx: number; cy: number; keys: string[] }[] = [];
  for (const p of spec.points) {
    const cx = x(p.x);
    const cy = py(p);
    parts.push(el('g', { class: 'point' }, el('title', {}, text(p.title)), el('circle', { cx, cy, r: p.front ? 5.5 : 4, fill: p.front ? '#0072B2' : '#fff', stroke: p.pass ? '#0072B2' : '#D55E00', 'stroke-width': 2 })));
    const near = placed.find((q) => Math.abs(q.cx - cx) < 12 && Math.abs(q.cy - cy) < 10);
    if (near === undefined) placed.push({ cx, cy, keys: [p.key] });
    else near.keys.push(p.key);
  }
  for (const q of placed) {
    const label = q.keys.join(' ');
    const right = q.cx + 7 + label.length * 5.8 > width - margin.right;
    parts.push(el('text', { x: right ? q.cx - 7 : q.cx + 7, y: q.cy - 6, 'text-anchor': right ? 'end' : 'start', class: 'point-label' }, text(label)));
  }
  return el('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart scatter', role: 'img', 'aria-label': spec.title }, el('title', {}, text(spec.title)), ...parts);
}

export interface HistogramSpec {
  title: string;
  /** The values, in any order. */
  values: readonly number[];
  format: (v: number) => string;
  /** Vertical lines: percentiles, a target. */
  marks?: readonly { value: number; label: string; color?: string }[];
  width?: number;
  height?: number;
}

/** How many seeds fell in each bin of a figure, on nice bin edges; marks for percentiles. */
export function histogram(spec: HistogramSpec): string {
  const width = spec.width ?? 420;
  const height = spec.height ?? 170;
  const margin = { top: 22, right: 14, bottom: 30, left: 40 };
  const lo = Math.min(...spec.values);
  const hi = Math.max(...spec.values);
  // Equal values make one bar in a small window around them.
  const pad = hi === lo ? Math.max(Math.abs(lo) * 0.05, 1e-9) : 0;
  const x = scaleLinear().domain([lo - pad, hi + pad]).nice(12).range([margin.left, width - margin.right]);
  const edges = x.ticks(12);
  const [d0, d1] = x.domain();
  if (edges[0] > d0) edges.unshift(d0);
  if (edges[edges.length - 1] < d1) edges.push(d1);
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (const v of spec.values) {
    let i = edges.findIndex((edge, k) => k > 0 && v < edge) - 1;
    if (i < 0) i = counts.length - 1; // the top edge belongs to the last bin
    counts[i] += 1;
  }
  const y = scaleLinear().domain([0, Math.max(1, ...counts)]).nice(4).range([height - margin.bottom, margin.top]);
  const parts: string[] = [];
  for (const tick of y.ticks(4)) {
    if (!Number.isInteger(tick)) continue;
    parts.push(el('line', { x1: margin.left, x2: width - margin.right, y1: y(tick), y2: y(tick), class: 'grid' }));
    parts.push(el('text', { x: margin.left - 6, y: y(tick), dy: '0.32em', 'text-anchor': 'end', class: 'tick' }, text(String(tick))));
  }
  counts.forEach((count, i) => {
    if (count === 0) return;
    const x0 = x(edges[i]);
    const x1 = x(edges[i + 1]);
    parts.push(el('rect', { x: x0 + 0.5, y: y(count), width: Math.max(0.5, x1 - x0 - 1), height: y(0) - y(count), fill: '#56B4E9' }, el('title', {}, text(`${spec.format(edges[i])} to ${spec.format(edges[i + 1])}: ${count} seed${count === 1 ? '' : 's'}`))));
  });
  // Tick labels in the figure's own format; when that format cannot tell the ticks apart (a
  // spread finer than its precision), only the two ends are labelled.
  let ticks = x.ticks(5);
  const labels = ticks.map(spec.format);
  if (new Set(labels).size < labels.length) ticks = [d0, d1];
  for (const tick of ticks) {
    const px = x(tick);
    const anchor = px - margin.left < 20 ? 'start' : width - margin.right - px < 20 ? 'end' : 'middle';
    parts.push(el('text', { x: px, y: height - margin.bottom + 14, 'text-anchor': anchor, class: 'tick' }, text(spec.format(tick))));
  }
  parts.push(el('line', { x1: margin.left, x2: width - margin.right, y1: y(0), y2: y(0), class: 'axis' }));
  parts.push(el('text', { transform: `translate(11,${round2((margin.top + height - margin.bottom) / 2)}) rotate(-90)`, 'text-anchor': 'middle', class: 'axis-label' }, text('seeds')));
  (spec.marks ?? []).forEach((m, i) => {
    const px = x(m.value);
    parts.push(el('g', {}, el('title', {}, text(`${m.label}: ${spec.format(m.value)}`)), el('line', { x1: px, x2: px, y1: margin.top - 4, y2: y(0), stroke: m.color ?? '#1d2430', 'stroke-dasharray': '3 2' }), el('text', { x: px + 2, y: margin.top - 12 + (i % 2) * 9, class: 'marker-label' }, text(m.label))));
  });
  return el('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': spec.title }, el('title', {}, text(spec.title)), ...parts);
}
