import { catalogRegionLoss } from '@stormglass/scenarios';
import type { RegionLossReport, RegionLossRow } from '@stormglass/scenarios';
import { integer, latency, mmss, seconds, usd, wrap } from './summary-format.js';
import { textTable } from './text-table.js';

/** The side-by-side terminal summary of the region-loss comparison. */
export function formatRegionLossSummary(report: RegionLossReport, wallMs: number): string {
  const lines: string[] = [];
  const designs = report.designs;
  lines.push(`Stormglass · ${report.scenario} — ${catalogRegionLoss.title}`);
  const lost = report.fault.durationUs === null ? 'for good' : `for ${mmss(report.fault.durationUs)}`;
  lines.push(
    `  ${report.fault.region} dark at ${mmss(report.fault.startUs)} ${lost} · ${mmss(report.durationUs)} simulated · seed ${report.seed} · ` +
      `${integer(designs.reduce((a, d) => a + d.requests, 0))} requests in ${seconds(wallMs)}`,
  );
  lines.push('');
  const row = (label: string, cell: (d: RegionLossRow) => string): string[] => [label, ...designs.map(cell)];
  const part = (pick: (parts: NonNullable<RegionLossRow['rto']['parts']>) => number) => (d: RegionLossRow): string => (d.rto.parts === null ? '—' : duration(pick(d.rto.parts)));
  lines.push(
    textTable([
      ['', ...designs.map((d) => d.design)],
      row('RTO (measured, §5)', (d) => (d.rto.status === 'recovered' ? duration(d.rto.rtoUs ?? 0) : d.rto.status)),
      row('  detect (health checks)', (d) => (d.detectUs === null ? '—' : duration(d.detectUs))),
      row('  decide', part((p) => p.decideUs)),
      row('  promote', part((p) => p.promoteUs)),
      row('  redirect (DNS drain)', part((p) => p.redirectUs)),
      row('RPO', (d) => (d.rpoUs === null ? '—' : `${(d.rpoUs / 1000).toFixed(1)} ms`)),
      row('lost writes', (d) => (d.lostWrites === null ? '—' : integer(d.lostWrites))),
      row('availability in the impact window', (d) => percent(d.availabilityDuringImpact)),
      row('availability over the run', (d) => percent(d.availability)),
      row('p99 latency over the run', (d) => latency(d.p99Ms)),
      row('stale reads', (d) => integer(d.staleReads)),
      row('conflicts / lost updates', (d) => `${integer(d.conflicts)} / ${integer(d.lostUpdates)}`),
      row('cost', (d) => usd(d.costUsd)),
      row('  of which cross-region egress', (d) => usd(d.egressUsd)),
      row('cost per million requests', (d) => (d.perMillionRequestsUsd === null ? '—' : usd(d.perMillionRequestsUsd))),
    ]),
  );
  lines.push('');
  for (const d of designs) {
    const conservation = d.conservation.length === 0 ? 'every request and write accounted for' : `VIOLATED — ${d.conservation.join('; ')}`;
    lines.push(`  ${d.design}: ${integer(d.events)} events · digest ${d.digest} · ${conservation}`);
  }
  lines.push('');
  lines.push('  What to look for:');
  for (const paragraph of catalogRegionLoss.lesson) lines.push(...wrap(paragraph, '  · ', '    '));
  return lines.join('\n');
}

/** A duration in seconds (minutes past 120 s): `22.0 s`, `8 min 0 s`. */
function duration(us: number): string {
  const s = us / 1_000_000;
  return s < 120 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

function percent(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(2)}%`;
}
