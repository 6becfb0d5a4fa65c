import { el, escapeHtml, scriptJson, text } from './markup.js';

/**
 * The page shell: one HTML file with its styles inline, no script to run and nothing fetched,
 * so it opens offline from a CI artifact or an e-mail. The data the page was drawn from is
 * embedded as JSON (`<script type="application/json" id="stormglass-data">`) for tools and
 * for the visualizer to read back.
 */

const CSS = `
:root { color-scheme: light; --ink: #1d2430; --muted: #5b6575; --line: #d9dee6; --pass: #00785a; --fail: #b3411b; --bg: #f7f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--bg); }
main { max-width: 1080px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 32px 0 8px; padding-top: 8px; border-top: 1px solid var(--line); }
h3 { font-size: 14px; margin: 16px 0 4px; }
p { margin: 4px 0 8px; }
.lede { color: var(--muted); max-width: 80ch; }
.meta { color: var(--muted); font-size: 12px; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; vertical-align: middle; margin-left: 6px; }
.badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; margin: 16px 0; }
.tile { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.tile.pass { border-left-color: var(--pass); } .tile.fail { border-left-color: var(--fail); }
.tile .label { color: var(--muted); font-size: 12px; }
.tile .value { font-size: 20px; font-weight: 600; }
.tile .sub { font-size: 12px; color: var(--muted); }
table { border-collapse: collapse; background: #fff; border: 1px solid var(--line); margin: 6px 0 10px; font-variant-numeric: tabular-nums; }
.scroll { max-width: 100%; overflow-x: auto; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: right; vertical-align: middle; }
th { background: #eef1f5; font-weight: 600; font-size: 12px; }
td.l, th.l { text-align: left; }
td.pass { color: var(--pass); font-weight: 600; } td.fail { color: var(--fail); font-weight: 600; }
td.better, .small.better { color: var(--pass); } td.worse, .small.worse { color: var(--fail); }
.small { font-size: 12px; color: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: 14px; font-size: 12px; color: var(--muted); margin: 2px 0 0 72px; }
.legend span::before { content: ""; display: inline-block; width: 14px; height: 3px; margin-right: 5px; vertical-align: middle; background: var(--c); }
.legend .band::before { height: 10px; background: rgba(213, 94, 0, 0.2); }
figure { margin: 8px 0 14px; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 8px 4px; }
figcaption { font-weight: 600; font-size: 13px; margin: 0 0 2px 4px; }
svg.chart { width: 100%; height: auto; display: block; font-size: 11px; }
svg text { fill: var(--ink); }
svg .tick { fill: var(--muted); font-size: 10.5px; }
svg .axis-label { fill: var(--muted); font-size: 11px; }
svg .grid { stroke: #e8ebf0; } svg .axis { stroke: #9aa3b1; }
svg .band-label { fill: #a2410b; font-size: 10.5px; font-weight: 600; }
svg .marker-label { font-size: 10px; fill: #333; }
svg .hover { fill: transparent; } svg .hover:hover { fill: rgba(0, 0, 0, 0.05); }
svg .point-label { font-size: 10.5px; fill: var(--muted); }
svg.strip { width: 260px; height: auto; vertical-align: middle; font-size: 10px; }
svg.bar { width: 260px; height: 18px; vertical-align: middle; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(330px, 1fr)); gap: 10px; }
details { margin: 8px 0; } summary { cursor: pointer; font-weight: 600; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
@media print { body { background: #fff; } figure, .tile, table { break-inside: avoid; } }
`;

/** A whole page: title, body markup, and the data it was drawn from. */
export function page(title: string, body: string, data: unknown): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="stormglass">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${CSS.trim()}</style>`,
    '</head>',
    '<body>',
    `<main>${body}</main>`,
    `<script type="application/json" id="stormglass-data">${scriptJson(data)}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A table: the header row, then rows of cells; a cell is text, or {html, class} for markup. */
export type Cell = string | { html: string; class?: string };

export function table(header: readonly Cell[], rows: readonly (readonly Cell[])[], leftColumns = 1): string {
  const cell = (tag: 'th' | 'td', c: Cell, i: number): string => {
    const cls = [i < leftColumns ? 'l' : '', typeof c === 'string' ? '' : (c.class ?? '')].filter((x) => x !== '').join(' ');
    return el(tag, { class: cls === '' ? undefined : cls }, typeof c === 'string' ? text(c) : c.html);
  };
  return el('div', { class: 'scroll' }, el('table', {}, el('thead', {}, el('tr', {}, ...header.map((c, i) => cell('th', c, i)))), el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c, i) => cell('td', c, i)))))));
}

/** A legend row for a chart: colour swatches with names. */
export function legend(items: readonly { name: string; color: string; dash?: string }[], band?: string): string {
  const spans = items.map((item) => el('span', { style: `--c:${item.dash === undefined ? item.color : `repeating-linear-gradient(90deg, ${item.color} 0 4px, transparent 4px 6px)`}` }, text(item.name)));
  if (band !== undefined) spans.push(el('span', { class: 'band' }, text(band)));
  return el('div', { class: 'legend' }, ...spans);
}

export function figure(caption: string, ...content: string[]): string {
  return el('figure', {}, el('figcaption', {}, text(caption)), ...content);
}
