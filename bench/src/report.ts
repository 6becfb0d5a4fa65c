import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CheckBenchFigure } from './check-bench.js';
import type { Contention } from './contention.js';
import type { HoldFigure } from './hold.js';
import { HOLD_MEAN_US } from './hold.js';
import type { Machine } from './machine.js';
import type { MeanCheck, MmcComparison } from './mmc-compare.js';
import type { DataBenchmark } from './data-bench.js';
import type { ModelBenchmark, ModelFigure } from './model-bench.js';
import type { SweepBenchmark } from './sweep-bench.js';
import type { TargetResult } from './targets.js';

export interface BenchReport {
  /** Bumped when a field changes meaning, so old results files can still be read. */
  schema: 1;
  date: string;
  quick: boolean;
  machine: Machine;
  hold: { meanUs: number; repetitions: number; figures: HoldFigure[] };
  mmc: MmcComparison;
  model: ModelBenchmark;
  data: DataBenchmark;
  /** Property testing, measured in a child process of its own. */
  check: CheckBenchFigure;
  /** `stormglass sweep` with 1 and 2 workers, or why it was skipped (the runner not built). */
  sweep: SweepBenchmark;
  contention: Contention;
  targets: TargetResult[];
  wallS: number;
}

const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

/**
 * Writes the report. A full run goes to `<date>-<host>.json` and `latest.json`; a quick run
 * only to `quick.json`, so a smoke test never replaces real figures. Returns the paths.
 */
export function writeReport(report: BenchReport): string[] {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const names = report.quick ? ['quick.json'] : [`${report.date.slice(0, 10)}-${report.machine.hostname}.json`, 'latest.json'];
  const text = `${JSON.stringify(report, null, 2)}\n`;
  return names.map((name) => {
    const path = `${RESULTS_DIR}${name}`;
    writeFileSync(path, text);
    return path;
  });
}

/** The human-readable table printed to stdout. */
export function formatReport(report: BenchReport): string {
  const { machine, hold, mmc, model, data, targets } = report;
  const lines: string[] = [];
  const gib = (machine.memoryTotalBytes / 2 ** 30).toFixed(1);
  lines.push(`Stormglass bench${report.quick ? ' (QUICK: smoke sizes, not comparable)' : ''} — ${report.date}`);
  lines.push(`machine: ${machine.cpuModel}, ${machine.cores} cores, ${gib} GiB, ${machine.platform}`);
  lines.push(`runtime: Node ${machine.node}; peer: ${machine.simpy === null ? 'SimPy not available' : `Python ${machine.python} + SimPy ${machine.simpy}`}`);
  lines.push(fmtContention(report.contention));
  lines.push('');

  const first = hold.figures[0];
  lines.push(`Kernel hold model — events/s (mean hold ${HOLD_MEAN_US / 1e6} s; ${first === undefined ? 0 : fmtCount(first.eventsTimed)} events × ${hold.repetitions} timed repetitions after warm-up)`);
  lines.push(table(
    ['pending', 'best', 'median', 'runs'],
    hold.figures.map((h) => [fmtCount(h.pending), fmtRate(h.eventsPerSBest), fmtRate(h.eventsPerSMedian), h.eventsPerSRuns.map(fmtRate).join('  ')]),
  ));
  lines.push('');

  lines.push(`M/M/c — customers/s (c=${mmc.servers}, λ=${mmc.arrivalRatePerS}/s, mean service ${mmc.serviceMeanS * 1e3} ms, ρ=${mmc.utilisation.toFixed(2)}, ${fmtCount(mmc.customers)} customers, start ${mmc.start}, seed ${mmc.seed})`);
  const rows = mmc.rounds.map((r) => [
    String(r.round),
    `${fmtRate(r.oursCustomersPerS)} (${r.oursWallS.toFixed(3)} s)`,
    r.simpyCustomersPerS === null || r.simpyWallS === null ? '—' : `${fmtRate(r.simpyCustomersPerS)} (${r.simpyWallS.toFixed(3)} s)`,
    r.ratio === null ? '—' : `${r.ratio.toFixed(1)}×`,
  ]);
  rows.push([
    'median',
    fmtRate(mmc.oursCustomersPerSMedian),
    mmc.simpyCustomersPerSMedian === null ? '—' : fmtRate(mmc.simpyCustomersPerSMedian),
    mmc.ratioMedian === null ? '—' : `${mmc.ratioMedian.toFixed(1)}×`,
  ]);
  lines.push(table(['round', 'Stormglass', 'SimPy', 'ours/SimPy'], rows));
  lines.push(`  Stormglass kernel events/s inside runMmc (median): ${fmtRate(mmc.oursEventsPerSMedian)}; trace digest ${mmc.oursDigest} ${mmc.oursDeterministic ? 'identical in every round' : 'DIFFERS between rounds (determinism bug!)'}`);
  if (mmc.simpySkipped !== null) lines.push(`  SimPy skipped: ${mmc.simpySkipped}`);
  lines.push(`  sanity, mean wait:     ${fmtMean(mmc.meanWait)}`);
  lines.push(`  sanity, mean response: ${fmtMean(mmc.meanResponse)}`);
  lines.push('');

  lines.push(`Request-level model — user requests/s (3-region topology; time of new ModelEngine(config).run(); seed ${model.seed})`);
  const figures = model.launchDay === null ? [model.steady] : [model.steady, model.launchDay];
  lines.push(table(
    ['run', 'simulated', 'requests/run', 'best', 'median', 'events/request', 'events/s (median)'],
    figures.map((f) => [f.name, `${fmtCount(f.simulatedS)} s`, fmtCount(f.runs[0]?.requests ?? 0), fmtRate(f.requestsPerSBest), fmtRate(f.requestsPerSMedian), f.eventsPerRequest.toFixed(2), fmtRate(f.eventsPerSMedian)]),
  ));
  for (const f of figures) lines.push(`  ${f.name}: ${f.description}; ${fmtModelOutcome(f)}`);
  if (model.launchDay === null) lines.push('  launch-day: not run (--quick)');
  const rss = model.rss;
  lines.push(`  user requests/s on one core, steady (median): ${fmtRate(model.steady.requestsPerSMedian)} — ${fmtVerdict(targets, 'model-requests-per-s')}`);
  lines.push(`  peak RSS of a ${fmtCount(rss.requests)}-request run in a child process: ${rss.peakMB.toFixed(0)} MB (Node at start ${rss.baselineMB.toFixed(0)} MB; ${fmtCount(Math.round(rss.simulatedS))} s simulated, cold run ${rss.wallS.toFixed(1)} s) — ${fmtVerdict(targets, 'model-rss-1e7')}`);
  lines.push('');

  lines.push(`Data layer — user requests/s, steady 3-region model, ${fmtCount(data.ratePerRegionPerS)}/s per region, ${fmtCount(data.simulatedS)} s simulated; checkouts read or write an orders store (half each), primary us-east, replicas eu-west and ap-southeast (sync: quorum 1); rounds alternate the variants`);
  lines.push(table(
    ['variant', 'requests/run', 'median', 'per round', 'availability', 'p50', 'writes', 'stale reads'],
    data.variants.map((v) => [v.variant, fmtCount(v.requests), fmtRate(v.requestsPerSMedian), v.requestsPerS.map(fmtRate).join(' · '), v.availability === null ? '—' : v.availability.toFixed(4), v.p50Ms === null ? '—' : `${v.p50Ms.toFixed(1)} ms`, fmtCount(v.writes), fmtCount(v.staleReads)]),
  ));
  lines.push(`  time per request, with a store ÷ without (median of per-round ratios): async ${data.slowdownAsyncMedian.toFixed(2)}× — ${fmtVerdict(targets, 'data-async-slowdown')}; sync ${data.slowdownSyncMedian.toFixed(2)}× — ${fmtVerdict(targets, 'data-sync-slowdown')}`);
  lines.push('');

  lines.push(...formatCheckSection(report.check, targets), '');
  lines.push(...formatSweepSection(report.sweep), '');

  lines.push('Targets (a benchmark reports; a missed target is not a failure)');
  lines.push(table(
    ['target', 'measured', 'result'],
    targets.map((t) => [
      t.description,
      t.value === null ? '—' : t.unit === 'x' ? `${t.value.toFixed(1)}×` : `${fmtRate(t.value)} ${t.unit}`,
      fmtResult(t),
    ]),
  ));
  return lines.join('\n');
}

/** The property-testing section; `bench-check` prints it alone. */
export function formatCheckSection(check: CheckBenchFigure, targets: readonly TargetResult[]): string[] {
  const perTarget = (perMin: number): string => `${(perMin / check.targetPerMinPerCore).toFixed(2)}×`;
  return [
    `Property testing — generated fault schedules checked per minute on one core (standard incident: region-loss active-active, 3 regions, 10 min simulated around the fault, 100 rps, every target and invariant evaluated; ${fmtCount(Math.round(check.requestsPerSchedule))} user requests per schedule; a process of its own)`,
    table(
      ['run', 'schedules', 'wall', 'per minute', 'vs target'],
      [
        ['every schedule replayed (replaySchedule)', String(check.schedules), `${check.replayWallS.toFixed(1)} s`, fmtRate(check.replaySchedulesPerMin), perTarget(check.replaySchedulesPerMin)],
        ['checkScenario (a repeated schedule runs once)', String(check.checkRuns), `${check.checkWallS.toFixed(1)} s`, fmtRate(check.checkRunsPerMin), perTarget(check.checkRunsPerMin)],
      ],
    ),
    `  schedules/min on one core, each replayed: ${fmtRate(check.replaySchedulesPerMin)} — ${fmtVerdict(targets, 'check-schedules-per-min')}`,
  ];
}

/** The sweep section; `bench-sweep` prints it alone. */
export function formatSweepSection(sweep: SweepBenchmark): string[] {
  const title = `Sweep — seeds/min of \`stormglass sweep ${sweep.scenario} --seeds 1..${sweep.seeds}\` through the built CLI (process and worker-pool start included)`;
  if (sweep.skipped !== null) return [title, `  skipped: ${sweep.skipped}`];
  const workers = sweep.runs.map((r) => r.workers).join(' and ');
  return [
    title,
    table(
      ['workers', 'wall', 'seeds/min', 'vs 1 worker', 'CPU'],
      sweep.runs.map((r) => [String(r.workers), `${r.wallS.toFixed(1)} s`, fmtRate(r.seedsPerMin), `${r.speedupVs1Worker.toFixed(2)}×`, `${r.cpuS.toFixed(1)} s`]),
    ),
    sweep.identical
      ? `  results with ${workers} workers: identical (${fmtCount(sweep.seeds)} rows, byte for byte)`
      : `  results with ${workers} workers: DIFFERENT (the workers changed the results: determinism bug!)`,
  ];
}

function fmtModelOutcome(f: ModelFigure): string {
  const utilisation = f.entryUtilisation.map((u) => (u.utilisation === null ? '—' : u.utilisation.toFixed(2))).join('/');
  const availability = f.availability === null ? '—' : `${(f.availability * 100).toFixed(2)}%`;
  const digest = f.deterministic ? 'identical in every run' : 'DIFFERS between runs (determinism bug!)';
  return `entry utilisation ${utilisation}, availability ${availability}, digest ${f.digest} ${digest}`;
}

/** "PASS", "SHORT (0.42× of target)" or "not measured". */
function fmtResult(t: TargetResult): string {
  if (t.met === null || t.ratio === null) return 'not measured';
  return t.met ? 'PASS' : `SHORT (${t.ratio.toFixed(2)}× of target)`;
}

function fmtVerdict(targets: readonly TargetResult[], name: string): string {
  const t = targets.find((x) => x.name === name);
  if (t === undefined) return 'no target';
  // "1.00 M" -> "1 M", "500.0" -> "500": a target is a round number.
  const round = fmtRate(t.threshold).replace(/\.0+\b/, '');
  const threshold = t.bound === 'at-least' ? `≥ ${round}` : `< ${round} ${t.unit}`;
  return `target ${threshold}: ${fmtResult(t)}`;
}

function fmtContention(c: Contention): string {
  const others = `other processes kept ${c.otherProcessesCores.toFixed(2)} cores busy on average`;
  const load = `load average ${c.loadAverage1mStart.toFixed(2)} → ${c.loadAverage1mEnd.toFixed(2)}`;
  const verdict = c.busy ? ' — BUSY MACHINE: figures are pessimistic, rerun when quiet' : ' (quiet)';
  return `load:    ${others}; ${load}${verdict}`;
}

function fmtMean(check: MeanCheck): string {
  const simpy = check.simpyS === null || check.simpyErrorRel === null
    ? 'SimPy —'
    : `SimPy ${check.simpyS.toFixed(4)} s (${fmtPercent(check.simpyErrorRel)})`;
  return `Erlang C ${check.erlangCS.toFixed(4)} s | Stormglass ${check.oursS.toFixed(4)} s (${fmtPercent(check.oursErrorRel)}) | ${simpy}`;
}

function fmtPercent(rel: number): string {
  return `${rel >= 0 ? '+' : ''}${(rel * 100).toFixed(2)}%`;
}

/** 1 234 567 -> "1.23 M"; rates are read at a glance, three significant digits suffice. */
export function fmtRate(perS: number): string {
  if (perS >= 1e6) return `${(perS / 1e6).toFixed(2)} M`;
  if (perS >= 1e3) return `${(perS / 1e3).toFixed(1)} k`;
  return perS.toFixed(1);
}

function fmtCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A plain-text table: left-aligned columns, a rule under the header. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => `  ${cells.map((c, i) => c.padEnd(widths[i])).join('   ').trimEnd()}`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
