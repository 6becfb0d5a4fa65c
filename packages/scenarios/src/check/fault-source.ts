import { assert, formatDuration, parsePercent, parseRate } from '@stormglass/sim-core';
import type { FaultConfig } from '@stormglass/sim-core';

/**
 * A fault written back in the faults-section language (`sections/faults.ts`), with exact
 * units: `{ kind: 'region-outage', region: 'us-east', at: '15m', duration: '10m' }`.
 * `faultsSchema.parse(faults.map(faultToSource))` gives the same FaultConfig[] back (a
 * property test checks it), so a replay document reproduces its schedule exactly.
 * Durations use sim-core's formatDuration (exact by contract); ratios and rates the shortest
 * decimal that reads back as the same double, its point moved by text, never by arithmetic.
 */
export type FaultSource = Record<string, string | number | [string, string]>;

export function faultToSource(fault: FaultConfig): FaultSource {
  const timing: FaultSource = { at: formatDuration(fault.startUs), ...(fault.durationUs === undefined ? {} : { duration: formatDuration(fault.durationUs) }) };
  const region = (value: string | undefined): FaultSource => (value === undefined ? {} : { region: value });
  switch (fault.kind) {
    case 'region-outage':
      return { kind: fault.kind, region: fault.region, ...timing };
    case 'zone-outage':
      return { kind: fault.kind, region: fault.region, zone: fault.zone, ...timing };
    case 'instance-crash':
      return {
        kind: fault.kind,
        service: fault.service,
        region: fault.region,
        ...(fault.count === undefined ? {} : { count: fault.count }),
        ...(fault.ratePerS === undefined ? {} : { rate: rateText(fault.ratePerS) }),
        ...timing,
      };
    case 'dependency-outage':
    case 'cache-flush':
      return { kind: fault.kind, dependency: fault.dependency, ...region(fault.region), ...timing };
    case 'dependency-brownout':
      return { kind: fault.kind, dependency: fault.dependency, ...region(fault.region), errors: percentText(fault.errorRatio), latency: formatDuration(fault.addedLatencyUs), ...timing };
    case 'link-partition':
      return { kind: fault.kind, between: [fault.between[0], fault.between[1]], direction: fault.direction, ...timing };
    case 'link-degradation':
      return { kind: fault.kind, between: [fault.between[0], fault.between[1]], direction: fault.direction, latency: formatDuration(fault.addedLatencyUs), loss: percentText(fault.addedLossRatio), ...timing };
    case 'capacity-quota':
      return { kind: fault.kind, service: fault.service, region: fault.region, instances: fault.instances, ...timing };
    case 'traffic-spike':
      return { kind: fault.kind, ...region(fault.region), factor: fault.factor, ...timing };
    case 'primary-failure':
      return { kind: fault.kind, store: fault.store, ...timing };
    case 'replication-stall':
      return { kind: fault.kind, store: fault.store, region: fault.region, ...timing };
    case 'data-deletion':
      return { kind: fault.kind, store: fault.store, at: formatDuration(fault.startUs) };
    case 'bad-deploy':
      return { kind: fault.kind, service: fault.service, errors: percentText(fault.errorRatio), latency: formatDuration(fault.addedLatencyUs), ...timing };
    default: {
      const unknown: never = fault;
      throw new Error(`faultToSource: unknown fault kind ${JSON.stringify((unknown as FaultConfig).kind)}`);
    }
  }
}

/** `0.3` → `30%`, `0.013` → `1.3%`; asserts the text reads back as the same number. */
export function percentText(ratio: number): string {
  const text = `${shiftPoint(plainDecimal(ratio), 2)}%`;
  assert(parsePercent(text) === ratio, `percentText(${ratio}) wrote ${text}, which does not read back exactly`);
  return text;
}

/** `0.5` → `0.5/s`; asserts the text reads back as the same number. */
export function rateText(perS: number): string {
  const text = `${plainDecimal(perS)}/s`;
  assert(parseRate(text) === perS, `rateText(${perS}) wrote ${text}, which does not read back exactly`);
  return text;
}

/** The shortest round-trip decimal of a finite number >= 0, without an exponent (`1e-7` → `0.0000001`). */
function plainDecimal(value: number): string {
  assert(Number.isFinite(value) && value >= 0, `expected a finite number >= 0, got ${value}`);
  const text = String(value);
  const e = text.indexOf('e');
  if (e < 0) return text;
  return shiftPoint(text.slice(0, e), Number(text.slice(e + 1)));
}

/** Moves the decimal point of a plain decimal `places` to the right (left when negative), by text. */
function shiftPoint(text: string, places: number): string {
  const point = text.indexOf('.');
  const digits = point < 0 ? text : text.slice(0, point) + text.slice(point + 1);
  let at = (point < 0 ? text.length : point) + places;
  let padded = digits;
  if (at <= 0) {
    padded = '0'.repeat(1 - at) + padded;
    at = 1;
  }
  if (at > padded.length) padded += '0'.repeat(at - padded.length);
  const whole = padded.slice(0, at).replace(/^0+(?=\d)/, '');
  const fraction = padded.slice(at).replace(/0+$/, '');
  return fraction === '' ? whole : `${whole}.${fraction}`;
}
