import { formatDuration } from '@stormglass/sim-core';
import type { FaultImpact, LatencySummaryMs, ModelResult } from '@stormglass/sim-core';
import type { InvariantName, LatencyTarget, Scenario, TargetsConfig } from '../language/scenario-types.js';

/**
 * One target or invariant checked against one run: what was asked and what was measured, both
 * as text with units (`≤ 5m`, `3m20s`), and why it failed when it did.
 */
export interface Evaluation {
  /** `rto`, `latency.checkout.p99`, `no-acknowledged-write-lost`, ... */
  name: string;
  target: string;
  actual: string;
  pass: boolean;
  /** What makes it fail (the fault, the store, the endpoint), or what the figure is of. */
  evidence?: string;
}

const PERCENTILES: readonly (readonly [keyof LatencyTarget, keyof LatencySummaryMs])[] = [
  ['p50Us', 'p50'],
  ['p95Us', 'p95'],
  ['p99Us', 'p99'],
  ['p999Us', 'p999'],
];

/** `99.9%`: a ratio as a percentage, to four decimals, trailing zeros dropped. */
export function formatPercent(ratio: number): string {
  return `${trimZeros((ratio * 100).toFixed(4))}%`;
}

function formatMs(ms: number): string {
  return `${trimZeros(ms.toFixed(1))}ms`;
}

function formatUsd(usd: number): string {
  return `$${usd.toFixed(2)}`;
}

/** `1 violation`, `3 violations`. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** `fault 0 (region-outage us-east at 1m)`. */
function faultLabel(impact: FaultImpact): string {
  return `fault ${impact.fault} (${impact.kind} ${impact.subject} at ${formatDuration(impact.startUs)})`;
}

/**
 * Every target of `targets` against one run (ARCHITECTURE §5's definitions), in the order of
 * TargetsConfig; an absent target is not evaluated. Decisions: a fault never recovered fails
 * an RTO target; a fault without impact on users (RTO status `no-impact`) needs no detection;
 * a percentile or an availability with no request to measure it fails (it cannot be shown met).
 */
export function evaluateTargets(targets: TargetsConfig, result: ModelResult): Evaluation[] {
  const out: Evaluation[] = [];
  const faults = result.operations.faults;
  if (targets.rtoUs !== undefined) out.push(evaluateRto(targets.rtoUs, faults));
  if (targets.rpoUs !== undefined) {
    const worst = worstOf(faults, (f) => f.rpoUs ?? 0);
    let rpoUs = worst === undefined ? 0 : (worst.rpoUs ?? 0);
    let evidence = worst === undefined || rpoUs === 0 ? undefined : `${faultLabel(worst)} lost ${count(worst.lostWrites ?? 0, 'acknowledged write')}`;
    // A promotion no fault caused directly (a failover after a health verdict that outlived its
    // fault, say) loses writes too: the store's loss records say so with fault -1.
    for (const store of result.data) {
      for (const loss of store.losses) {
        if (loss.fault >= 0 || loss.lostWrites === 0 || loss.rpoUs <= rpoUs) continue;
        rpoUs = loss.rpoUs;
        evidence = `${store.store}: a promotion of ${loss.newPrimary ?? '?'} at ${formatDuration(loss.promotedAtUs ?? loss.faultUs)} that no fault caused directly lost ${count(loss.lostWrites, 'acknowledged write')}`;
      }
    }
    out.push({ name: 'rpo', target: `≤ ${formatDuration(targets.rpoUs)}`, actual: formatDuration(rpoUs), pass: rpoUs <= targets.rpoUs, ...(evidence === undefined ? {} : { evidence }) });
  }
  if (targets.availability !== undefined) {
    const a = result.users.availability;
    out.push({
      name: 'availability',
      target: `≥ ${formatPercent(targets.availability)}`,
      actual: a === null ? 'no request completed' : formatPercent(a),
      pass: a !== null && a >= targets.availability,
      evidence: `${result.users.succeeded} of ${result.users.succeeded + result.users.failed} completed user requests succeeded`,
    });
  }
  for (const [key, target] of Object.entries(targets.latency ?? {})) out.push(...evaluateLatency(key, target, result));
  if (targets.costMaxUsd !== undefined) {
    out.push({ name: 'cost', target: `≤ ${formatUsd(targets.costMaxUsd)}`, actual: formatUsd(result.cost.totalUsd), pass: result.cost.totalUsd <= targets.costMaxUsd });
  }
  if (targets.timeToDetectUs !== undefined) out.push(evaluateTimeToDetect(targets.timeToDetectUs, faults));
  if (targets.lostWritesMax !== undefined) {
    const lost = result.data.reduce((a, store) => a + store.lostWrites, 0);
    const stores = result.data.filter((store) => store.lostWrites > 0).map((store) => `${store.store} lost ${store.lostWrites}`);
    out.push({ name: 'lostWrites', target: `≤ ${targets.lostWritesMax}`, actual: String(lost), pass: lost <= targets.lostWritesMax, ...(stores.length === 0 ? {} : { evidence: stores.join('; ') }) });
  }
  return out;
}

/** The fault with the largest figure (the first of equals), or undefined when there is none. */
function worstOf(faults: readonly FaultImpact[], figure: (f: FaultImpact) => number): FaultImpact | undefined {
  let worst: FaultImpact | undefined;
  for (const f of faults) if (worst === undefined || figure(f) > figure(worst)) worst = f;
  return worst;
}

function evaluateRto(rtoUs: number, faults: readonly FaultImpact[]): Evaluation {
  const target = `≤ ${formatDuration(rtoUs)}`;
  const lost = faults.find((f) => f.rto.status === 'not-recovered');
  if (lost !== undefined) return { name: 'rto', target, actual: 'not recovered', pass: false, evidence: `${faultLabel(lost)} not recovered within the run` };
  const worst = worstOf(faults, (f) => f.rto.rtoUs ?? 0);
  const actualUs = worst?.rto.rtoUs ?? 0;
  return { name: 'rto', target, actual: formatDuration(actualUs), pass: actualUs <= rtoUs, ...(worst === undefined || actualUs === 0 ? {} : { evidence: faultLabel(worst) }) };
}

function evaluateTimeToDetect(limitUs: number, faults: readonly FaultImpact[]): Evaluation {
  const target = `≤ ${formatDuration(limitUs)}`;
  const felt = faults.filter((f) => f.rto.status !== 'no-impact');
  const missed = felt.find((f) => f.timeToDetectUs === null);
  if (missed !== undefined) return { name: 'timeToDetect', target, actual: 'not detected', pass: false, evidence: `no alert named the part of ${faultLabel(missed)}` };
  const worst = worstOf(felt, (f) => f.timeToDetectUs ?? 0);
  const actualUs = worst?.timeToDetectUs ?? 0;
  return { name: 'timeToDetect', target, actual: formatDuration(actualUs), pass: actualUs <= limitUs, ...(worst === undefined ? {} : { evidence: faultLabel(worst) }) };
}

function evaluateLatency(key: string, target: LatencyTarget, result: ModelResult): Evaluation[] {
  const summary = key === 'all' ? result.users.latencyMs : result.endpoints.find((e) => e.endpoint === key)?.latencyMs;
  return PERCENTILES.flatMap(([field, percentile]): Evaluation[] => {
    const limitUs = target[field];
    if (limitUs === undefined) return [];
    const name = `latency.${key}.${percentile}`;
    const limit = `≤ ${formatDuration(limitUs)}`;
    if (summary === undefined) return [{ name, target: limit, actual: 'no such endpoint', pass: false, evidence: `no entry endpoint named "${key}" (${result.endpoints.map((e) => e.endpoint).join(', ')})` }];
    const ms = summary[percentile];
    if (ms === null) return [{ name, target: limit, actual: 'no successful request', pass: false }];
    return [{ name, target: limit, actual: formatMs(ms), pass: ms * 1000 <= limitUs }];
  });
}

/** Every named invariant against one run of `scenario`, in the order given. */
export function evaluateInvariants(names: readonly InvariantName[], scenario: Scenario, result: ModelResult): Evaluation[] {
  return names.map((name): Evaluation => {
    switch (name) {
      case 'conservation':
        return conservation(result);
      case 'no-acknowledged-write-lost':
        return noAcknowledgedWriteLost(result);
      case 'residency': {
        const residency = result.operations.residency;
        const violations = residency === null ? 0 : residency.storedViolations + residency.servedViolations;
        const first = residency?.byZoneRegion.find((cell) => cell.stored + cell.served > 0);
        return { name, target: 'no residency violation', actual: residency === null ? 'no residency rules' : count(violations, 'violation'), pass: violations === 0, ...(first === undefined ? {} : { evidence: `zone ${first.zone} in ${first.region}: ${first.stored} stored, ${first.served} served` }) };
      }
      case 'segmentation': {
        const found = scenario.segmentation;
        return { name, target: 'no forbidden flow', actual: count(found.length, 'forbidden flow'), pass: found.length === 0, ...(found.length === 0 ? {} : { evidence: found.map((v) => `${v.path}: ${v.flow}`).join('; ') }) };
      }
      case 'monotone-time':
        return monotoneTime(result);
      default: {
        const unknown: never = name;
        throw new Error(`evaluateInvariants: unknown invariant ${JSON.stringify(unknown)}`);
      }
    }
  });
}

function conservation(result: ModelResult): Evaluation {
  const broken = [...result.conservation];
  for (const u of [result.users, ...result.regions, ...result.endpoints]) {
    if (u.started !== u.succeeded + u.failed + u.inFlight) {
      const where = 'region' in u ? `region ${u.region}` : 'endpoint' in u ? `endpoint ${u.endpoint}` : 'all users';
      broken.push(`${where}: started ${u.started} ≠ succeeded ${u.succeeded} + failed ${u.failed} + in flight ${u.inFlight}`);
    }
  }
  const u = result.users;
  return {
    name: 'conservation',
    target: 'started = succeeded + failed + in flight',
    actual: `${u.started} = ${u.succeeded} + ${u.failed} + ${u.inFlight}${broken.length === 0 ? '' : ` (${count(broken.length, 'violation')})`}`,
    pass: broken.length === 0,
    ...(broken.length === 0 ? {} : { evidence: broken.slice(0, 5).join('; ') }),
  };
}

function noAcknowledgedWriteLost(result: ModelResult): Evaluation {
  const sync = result.data.filter((store) => store.mode === 'sync');
  const losing = sync.filter((store) => store.lostWrites > 0);
  const evidence = losing.map((store) => {
    const faults = [
      ...new Set([
        ...store.losses.filter((l) => l.lostWrites + l.splitBrainWrites > 0).map((l) => l.fault),
        ...store.regionLosses.filter((l) => l.lostWrites > 0).map((l) => l.fault),
        ...store.deletions.filter((d) => d.lostWrites > 0).map((d) => d.fault),
      ]),
    ];
    const labels = faults.map((i) => {
      const impact = result.operations.faults.find((f) => f.fault === i);
      return impact === undefined ? `fault ${i}` : faultLabel(impact);
    });
    return `store ${store.store} (sync) lost ${count(store.lostWrites, 'acknowledged write')}${labels.length === 0 ? '' : ` after ${labels.join(', ')}`}`;
  });
  const lost = losing.reduce((a, store) => a + store.lostWrites, 0);
  return {
    name: 'no-acknowledged-write-lost',
    target: 'sync stores lose no acknowledged write',
    actual: sync.length === 0 ? 'no sync store' : `${lost} lost`,
    pass: losing.length === 0,
    ...(evidence.length === 0 ? {} : { evidence: evidence.join('; ') }),
  };
}

/**
 * Simulated time never runs backwards in what the run recorded: the event log in order within
 * [0, duration], trace spans ending after they start, every series as long as the ticks closed,
 * and the run ending at its duration (all ticks closed) unless the event limit stopped it early.
 */
function monotoneTime(result: ModelResult): Evaluation {
  const problems: string[] = [];
  const duration = result.durationUs;
  let previous = 0;
  result.eventLog.entries.forEach((entry, i) => {
    if (entry.timeUs < previous) problems.push(`event log entry ${i} at ${entry.timeUs} µs comes after one at ${previous} µs`);
    if (entry.timeUs > duration) problems.push(`event log entry ${i} at ${entry.timeUs} µs is after the run's end`);
    previous = Math.max(previous, entry.timeUs);
  });
  for (const span of result.traces.spans) if (!(span.startUs >= 0 && span.endUs >= span.startUs && span.endUs <= duration)) problems.push(`trace span "${span.name}" runs from ${span.startUs} to ${span.endUs} µs`);
  const stoppedEarly = result.stoppedBy === 'eventsMax';
  for (const [which, metrics] of [['users', result.metrics.users], ['services', result.metrics.services]] as const) {
    const full = Math.ceil(metrics.durationUs / metrics.intervalUs);
    if (stoppedEarly ? metrics.ticks > full : metrics.ticks !== full) problems.push(`${which} metrics closed ${metrics.ticks} ticks of ${full}`);
    for (const series of metrics.series) if (series.requests.length !== metrics.ticks) problems.push(`${which} series ${series.region}/${series.endpoint} has ${series.requests.length} points for ${metrics.ticks} ticks`);
  }
  for (const f of result.operations.faults) if (f.rto.recoveredAtUs !== null && !(f.rto.recoveredAtUs >= f.startUs && f.rto.recoveredAtUs <= duration)) problems.push(`${faultLabel(f)} recovered at ${f.rto.recoveredAtUs} µs`);
  const end = stoppedEarly ? `stopped early by the event limit after ${result.metrics.users.ticks} ticks` : `ended at ${formatDuration(duration)}`;
  return { name: 'monotone-time', target: 'timestamps never decrease; the run ends at its duration', actual: problems.length === 0 ? end : count(problems.length, 'violation'), pass: problems.length === 0, ...(problems.length === 0 ? {} : { evidence: problems.slice(0, 5).join('; ') }) };
}
