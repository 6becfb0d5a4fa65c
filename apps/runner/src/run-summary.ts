import type { RunReport } from '@stormglass/scenarios';
import { formatDuration } from '@stormglass/sim-core';
import { integer, latency, seconds, usd } from './summary-format.js';
import { textTable } from './text-table.js';

const percent = (ratio: number | null): string => (ratio === null ? '—' : `${(ratio * 100).toFixed(3)}%`);
const duration = (ms: number | null): string => (ms === null ? '—' : formatDuration(Math.round(ms * 1000)));

/** The terminal summary of one run: users per region, faults with RTO and its parts, RPO, targets, invariants. */
export function formatRunSummary(report: RunReport, title: string): string {
  const lines: string[] = [];
  lines.push(`Stormglass · ${report.scenario}${title === '' ? '' : ` — ${title}`}`);
  lines.push(`  ${formatDuration(report.durationMs * 1000)} simulated · seed ${report.seed} · ${integer(report.requests.started)} requests · ${integer(report.run.events)} events in ${seconds(report.run.wallMs)} · digest ${report.digest}`);
  lines.push('');
  lines.push('  Users, by the region they are in (latency of successful requests, retries included):');
  const header = ['region', 'started', 'succeeded', 'failed', 'availability', 'p50', 'p95', 'p99'];
  const row = (name: string, r: { started: number; succeeded: number; failed: number; availability: number | null; latencyMs: { p50: number | null; p95: number | null; p99: number | null } }): string[] => [
    name,
    integer(r.started),
    integer(r.succeeded),
    integer(r.failed),
    percent(r.availability),
    latency(r.latencyMs.p50),
    latency(r.latencyMs.p95),
    latency(r.latencyMs.p99),
  ];
  const all = { started: report.requests.started, succeeded: report.requests.succeeded, failed: report.requests.failed, availability: report.availability, latencyMs: report.latencyMs };
  lines.push(textTable([header, ...report.regions.map((r) => row(r.region, r)), row('all regions', all), ...report.endpoints.map((e) => row(`  ${e.endpoint}`, e))]));
  if (report.faults.length > 0) {
    lines.push('');
    lines.push('  Faults (RTO and RPO as ARCHITECTURE §5 defines them):');
    const faultRows = report.faults.map((f) => [
      `${formatDuration(Math.round(f.startMs * 1000))} ${f.kind} ${f.target}`,
      f.rtoStatus === 'not-recovered' ? 'not recovered' : f.rtoStatus === 'no-impact' ? 'no impact' : duration(f.rtoMs),
      f.rtoParts === null ? '—' : `${duration(f.rtoParts.detectMs)} + ${duration(f.rtoParts.decideMs)} + ${duration(f.rtoParts.promoteMs)} + ${duration(f.rtoParts.redirectMs)}`,
      duration(f.rpoMs),
      integer(f.lostWrites),
      duration(f.timeToDetectMs),
      percent(f.availabilityDuringImpact),
    ]);
    lines.push(textTable([['fault', 'RTO', 'failover: detect + decide + promote + redirect', 'RPO', 'lost writes', 'detected', 'availability in impact'], ...faultRows]));
  }
  if (report.stores.length > 0) {
    lines.push('');
    lines.push(textTable([['store', 'mode', 'primary at end', 'reads', 'writes', 'stale reads', 'lost writes'], ...report.stores.map((s) => [s.store, s.mode, s.primaryAtEnd, integer(s.reads), integer(s.writes), integer(s.staleReads), integer(s.lostWrites)])], { left: 3 }));
  }
  lines.push('');
  lines.push(`  cost ${usd(report.costUsd)}${report.cost.perMillionRequestsUsd === null ? '' : ` · ${usd(report.cost.perMillionRequestsUsd)} per million requests`} · egress ${usd(report.cost.egressUsd)} · ${report.cost.byRegion.map((r) => `${r.region} ${usd(r.usd)}`).join(', ')}`);
  const checks = [...report.targets.map((t) => ({ ...t, kind: 'target' })), ...report.invariants.map((i) => ({ ...i, kind: 'invariant' }))];
  if (checks.length > 0) {
    lines.push('');
    lines.push('  Targets and invariants:');
    lines.push(textTable(checks.map((c) => [c.pass ? 'pass' : 'FAIL', c.name, c.target, c.actual, c.evidence ?? '']), { left: 5 }));
  }
  lines.push('');
  const failed = checks.filter((c) => !c.pass).length;
  lines.push(failed === 0 ? `  every target and invariant met (${checks.length})` : `  ${failed} of ${checks.length} targets and invariants failed`);
  return lines.join('\n');
}
