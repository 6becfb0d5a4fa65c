import type { FaultConfig } from '../fault.js';

/** How the event log names a fault's target and describes it. */
export function faultSubject(fault: FaultConfig): string {
  switch (fault.kind) {
    case 'region-outage':
      return fault.region;
    case 'zone-outage':
      return `${fault.region}/${fault.zone}`;
    case 'instance-crash':
    case 'capacity-quota':
      return `${fault.service}@${fault.region}`;
    case 'dependency-outage':
    case 'dependency-brownout':
    case 'cache-flush':
      return fault.region === undefined ? fault.dependency : `${fault.dependency}@${fault.region}`;
    case 'link-partition':
    case 'link-degradation':
      return `${fault.between[0]}<->${fault.between[1]}`;
    case 'traffic-spike':
      return fault.region ?? 'all regions';
    case 'primary-failure':
    case 'data-deletion':
      return fault.store;
    case 'replication-stall':
      return `${fault.store}@${fault.region}`;
    case 'bad-deploy':
      return fault.service;
    default: {
      const unreachable: never = fault;
      throw new Error(`unreachable fault kind ${String((unreachable as FaultConfig).kind)}`);
    }
  }
}

export function faultDetail(fault: FaultConfig): string {
  switch (fault.kind) {
    case 'instance-crash':
      return fault.count !== undefined ? `${fault.kind}: ${fault.count} instance(s)` : `${fault.kind}: ${fault.ratePerS} per s`;
    case 'dependency-brownout':
      return `${fault.kind}: error ratio ${fault.errorRatio}, +${fault.addedLatencyUs} µs`;
    case 'link-partition':
      return `${fault.kind} (${fault.direction})`;
    case 'link-degradation':
      return `${fault.kind} (${fault.direction}): +${fault.addedLatencyUs} µs, +${fault.addedLossRatio} loss`;
    case 'capacity-quota':
      return `${fault.kind}: at most ${fault.instances} instance(s)`;
    case 'traffic-spike':
      return `${fault.kind}: ×${fault.factor}`;
    case 'bad-deploy':
      return `${fault.kind}: error ratio ${fault.errorRatio}, +${fault.addedLatencyUs} µs on the new version`;
    default:
      return fault.kind;
  }
}
