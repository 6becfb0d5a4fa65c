import { histogram } from './charts.js';
import { distributions } from './distribution.js';
import type { SweepRow } from './distribution.js';
import { el, text } from './markup.js';
import { figure, page, table } from './page.js';
import { footer } from './run-view.js';

/** A sweep (or merged shards), as the sweep view shows it. */
export interface SweepDocument {
  scenario: string;
  rows: SweepRow[];
  /** Seeds asked for (this shard's), when known: fewer rows means interrupted or crashed seeds. */
  seedsAsked?: number;
  command: string;
  /** Reproduces one seed: `run <scenario> --seed N`, prefixed as the sweep was called. */
  seedCommand: (seed: number) => string;
}

const SEEDS_LISTED = 50;

/** The self-contained HTML sweep view: per figure its distribution across seeds, and the seeds that missed a target. */
export function renderSweepHtml(doc: SweepDocument): string {
  const rows = [...doc.rows].sort((a, b) => a.seed - b.seed);
  const dists = distributions(rows);
  const passed = rows.filter((r) => r.pass).length;
  const failing = rows.filter((r) => !r.pass);
  const seedsText = rows.length === 0 ? 'no seed' : `${rows.length} seed${rows.length === 1 ? '' : 's'} (${rows[0].seed}..${rows[rows.length - 1].seed})`;
  const percentiles = table(
    ['figure', 'seeds', 'min', 'p5', 'p50', 'p95', 'max', 'mean', 'missing'],
    dists.map((d) => {
      const f = d.figure.format;
      const s = d.stats;
      return [d.figure.name, String(d.values.length), ...(s === null ? ['—', '—', '—', '—', '—', '—'] : [f(s.min), f(s.p5), f(s.p50), f(s.p95), f(s.max), f(s.mean)]), d.missing === 0 ? '' : `${d.missing} (${d.figure.missing})`];
    }),
  );
  const charts = dists
    .filter((d) => d.stats !== null)
    .map((d) => {
      const s = d.stats!;
      const note = d.missing === 0 ? '' : el('p', { class: 'small' }, text(`${d.missing} seed${d.missing === 1 ? '' : 's'} left out: ${d.figure.missing}.`));
      return figure(d.figure.name, histogram({ title: `${d.figure.name} across seeds`, values: d.values, format: d.figure.format, marks: [{ value: s.p5, label: 'p5' }, { value: s.p50, label: 'p50', color: '#D55E00' }, { value: s.p95, label: 'p95' }] }), note);
    });
  const listed = failing.slice(0, SEEDS_LISTED);
  const body = [
    el('h1', {}, text(`sweep ${doc.scenario}`), el('span', { class: `badge ${failing.length === 0 ? 'pass' : 'fail'}` }, failing.length === 0 ? 'every seed met every target' : `${failing.length} seed${failing.length === 1 ? '' : 's'} missed a target`)),
    el('p', { class: 'meta' }, text(`${seedsText}${doc.seedsAsked !== undefined && doc.seedsAsked !== rows.length ? ` of ${doc.seedsAsked} asked (the others were interrupted or crashed)` : ''} · targets and invariants met on ${passed} of ${rows.length} · percentiles by nearest rank, so each is one seed's figure`)),
    el('h2', {}, 'Each figure across the seeds'),
    percentiles,
    el('div', { class: 'grid2' }, ...charts),
    el('h2', {}, 'Seeds that missed a target'),
    failing.length === 0
      ? el('p', { class: 'small' }, 'None.')
      : table(['seed', 'missed', 'digest', 'reproduce'], listed.map((r) => [String(r.seed), r.failed.join(', '), r.digest, { html: el('code', {}, text(doc.seedCommand(r.seed))) }]), 4) +
        (failing.length > listed.length ? el('p', { class: 'small' }, text(`${failing.length - listed.length} more in the NDJSON rows.`)) : ''),
    footer(doc.command, ''),
  ].join('');
  return page(`sweep ${doc.scenario} · stormglass`, body, { kind: 'sweep', scenario: doc.scenario, rows });
}
