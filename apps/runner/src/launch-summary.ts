import { catalogLaunchDay } from '@stormglass/scenarios';
import type { LaunchReport, LaunchUserRow } from '@stormglass/scenarios';
import { integer, latency, mmss, seconds, usd, wrap } from './summary-format.js';
import { textTable } from './text-table.js';


/** The readable terminal summary of the launch-day example. */
export function formatLaunchSummary(report: LaunchReport, wallMs: number): string {
  const lines: string[] = [];
  lines.push(`Stormglass · ${report.scenario} — ${catalogLaunchDay.title}`);
  lines.push(
    `  ${report.regions.length} regions · ${mmss(report.durationUs)} simulated · seed ${report.seed} · ${integer(report.totals.started)} requests · ` +
      `${integer(report.events)} events in ${seconds(wallMs)} · digest ${report.digest}`,
  );
  lines.push('');

  lines.push('  Users, by the region they are in (latency of successful requests, retries included):');
  const userRow = (label: string, r: LaunchUserRow): string[] => [
    label, integer(r.started), integer(r.succeeded), integer(r.degraded), integer(r.failed),
    r.availability === null ? '—' : `${(r.availability * 100).toFixed(3)}%`, latency(r.p50Ms), latency(r.p95Ms), latency(r.p99Ms),
  ];
  lines.push(textTable([
    ['region', 'started', 'succeeded', 'degraded', 'failed', 'availability', 'p50', 'p95', 'p99'],
    ...report.regions.map((r) => userRow(r.region, r)),
    userRow('all regions', report.totals),
    ...report.endpoints.map((e) => userRow(`  ${e.endpoint}`, e)),
  ]));
  const failures = Object.entries(report.totals.failures).filter(([, n]) => n > 0);
  lines.push(`  failures by reason: ${failures.length === 0 ? 'none' : failures.map(([reason, n]) => `${reason} ${integer(n)}`).join(' · ')}`);
  const a = report.attempts;
  const budget = a.budgetRefused === null ? 'no retry budget' : `retry budget refused ${integer(a.budgetRefused)}`;
  lines.push(`  attempts: ${integer(a.started)} · retries ${integer(a.retries)} · hedges ${integer(a.hedges)} · ${budget}`);
  lines.push('');

  lines.push('  Services, by the region serving them (instances over the run; scaling = autoscaler actions):');
  lines.push(textTable([
    ['service@region', 'start', 'min', 'max', 'end', 'scaling', 'rejected', 'utilisation', 'cost'],
    ...report.services.map((s) => [
      `${s.service}@${s.region}`, integer(s.instances.start), integer(s.instances.min), integer(s.instances.max), integer(s.instances.end),
      integer(s.scalingActions), integer(s.rejected), s.utilisation === null ? '—' : s.utilisation.toFixed(2), usd(s.costUsd),
    ]),
  ]));
  const perMillion = report.cost.perMillionRequestsUsd === null ? '' : ` · ${usd(report.cost.perMillionRequestsUsd)} per million requests`;
  const egress = report.cost.egressUsd > 0 ? ` · of which cross-region egress ${usd(report.cost.egressUsd)}` : '';
  lines.push(`  cost: ${usd(report.cost.totalUsd)} (${report.cost.byRegion.map((c) => `${c.region} ${usd(c.usd)}`).join(', ')})${egress}${perMillion}`);
  lines.push(`  conservation: ${report.conservation.length === 0 ? 'every request accounted for' : `VIOLATED — ${report.conservation.join('; ')}`}`);
  lines.push('');

  lines.push('  Timeline (mm:ss):');
  lines.push(report.timeline.length === 0
    ? '  nothing broke in this stretch of the day'
    : textTable(report.timeline.map((e) => [mmss(e.timeUs), e.kind, e.subject, e.detail]), { left: 4 }));
  if (report.eventLogDropped > 0) lines.push(`  (${integer(report.eventLogDropped)} later events did not fit in the event log)`);
  lines.push('');

  lines.push('  What to look for:');
  for (const paragraph of catalogLaunchDay.lesson) lines.push(...wrap(paragraph, '  · ', '    '));
  lines.push('');
  lines.push('  Try: stormglass launch-day --duration 25m   ·   stormglass launch-day --seed 2   ·   stormglass launch-day --json   ·   stormglass launch-day --help');
  return lines.join('\n');
}
