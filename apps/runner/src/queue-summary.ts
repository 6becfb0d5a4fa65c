import { formatDifference as difference, formatMs as ms, formatSignedPercent as signedPercent } from '@stormglass/scenarios';
import type { QueueFigures, QueueReport } from '@stormglass/scenarios';
import { textTable } from './text-table.js';

/** The readable terminal summary of the queueing lesson. */
export function formatQueueSummary(report: QueueReport): string {
  const p = report.parameters;
  const s = report.simulated;
  const a = report.analytic;
  const lines: string[] = [];
  lines.push(`Stormglass · ${report.scenario} — ${report.model}: one queue, ${p.servers} server${p.servers === 1 ? '' : 's'}`);
  lines.push(
    `  ${p.servers} servers · mean service ${ms(p.serviceMeanMs)} · ${number(p.arrivalRatePerS, 1)} arrivals/s · utilisation ${p.utilisation.toFixed(2)}`,
  );
  lines.push(
    `  seed ${report.seed} · ${integer(p.customers)} customers measured (${p.start} start) · ${integer(report.run.events)} events in ${seconds(report.run.wallMs)} · digest ${report.digest}`,
  );
  lines.push('');
  const row = (label: string, pick: (f: QueueFigures) => number, show: (v: number) => string): string[] => {
    const simulated = pick(s);
    if (a === null) return [label, show(simulated), '—', '—'];
    const analytic = pick(a);
    return [label, show(simulated), show(analytic), difference(simulated, analytic)];
  };
  lines.push(
    textTable([
      ['', 'simulated', 'Erlang C', 'difference'],
      row('utilisation', (f) => f.utilisation, (v) => v.toFixed(3)),
      row('P(wait > 0)', (f) => f.probabilityWait, (v) => v.toFixed(3)),
      row('mean wait', (f) => f.meanWaitMs, ms),
      row('mean time in system', (f) => f.meanResponseMs, ms),
      row('p50 time in system', (f) => f.p50ResponseMs, ms),
      row('p99 time in system', (f) => f.p99ResponseMs, ms),
      row('p99 wait', (f) => f.p99WaitMs, ms),
      row('mean in system (L)', (f) => f.meanInSystem, (v) => v.toFixed(2)),
    ]),
  );
  const interval = report.meanWaitInterval95Ms;
  lines.push('');
  if (Number.isFinite(interval.low)) {
    const inside = a === null ? '' : a.meanWaitMs >= interval.low && a.meanWaitMs <= interval.high ? ' · Erlang C is inside' : ' · Erlang C is outside (it happens 1 run in 20, more at high utilisation)';
    lines.push(`  mean wait, 95% interval of this run (${interval.method}): ${ms(Math.max(0, interval.low))} to ${ms(interval.high)}${inside}`);
  }
  const little = report.littlesLaw;
  lines.push(
    `  Little's law: L = ${little.meanInSystem.toFixed(3)} customers (time average) vs λW = ${little.arrivalRateTimesMeanResponse.toFixed(3)} (${signedPercent(little.relativeError)})`,
  );
  if (report.sweep.length > 0) {
    lines.push('');
    lines.push(`  The hockey stick — the same ${p.servers} servers, more traffic:`);
    lines.push(
      textTable([
        ['utilisation', 'mean wait', '± 95%', 'Erlang C', 'wait ÷ service', 'p99 in system'],
        ...report.sweep.map((r) => [
          r.utilisation.toFixed(2),
          ms(r.meanWaitMs),
          `± ${ms(r.meanWaitHalfWidth95Ms)}`,
          ms(r.meanWaitMsErlangC),
          `${(r.meanWaitMs / p.serviceMeanMs).toFixed(2)}×`,
          ms(r.p99ResponseMs),
        ]),
      ]),
    );
    lines.push('  Waiting grows like 1/(1 − utilisation): past about 80% a little more traffic costs a lot more waiting.');
    lines.push('  Near saturation one run says less: waits are long and correlated, so the interval widens — try another --seed.');
  }
  lines.push('');
  lines.push('  Try: stormglass queue --servers 1 --utilisation 0.9   ·   stormglass queue --servers 64 --utilisation 0.9   ·   stormglass queue --help');
  return lines.join('\n');
}

function seconds(wallMs: number): string {
  return wallMs < 1000 ? `${wallMs} ms` : `${(wallMs / 1000).toFixed(1)} s`;
}

function integer(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function number(value: number, digits: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}
