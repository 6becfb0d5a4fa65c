import { levenshtein } from '../units/levenshtein.js';
import type { ModelConfig } from './model-config.js';
import type { DependencyConfig } from './dependency.js';
import type { ServiceConfig } from './service.js';

/** One problem with a model config: where (a path like `services[0].placements[1].region`) and what. */
export interface ModelProblem {
  path: string;
  message: string;
}

/**
 * Checks that every name refers to something that exists, and that the topology makes sense
 * as a whole: regions, services, endpoints, dependencies and fault targets resolve, internal
 * calls form no cycle, faults start inside the run. Returns every problem at once (never
 * throws), so a scenario author fixes them in one pass; each part's own numeric checks live
 * beside it (validateRegions, validateBalancer, ...).
 */
export function validateModelReferences(config: ModelConfig): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const report = (path: string, message: string): void => {
    problems.push({ path, message });
  };
  const regions = new Map<string, ModelConfig['regions'][number]>();
  config.regions.forEach((region, i) => {
    if (regions.has(region.id)) report(`regions[${i}].id`, `duplicate region "${region.id}"`);
    regions.set(region.id, region);
  });
  const regionRef = (path: string, id: string): void => {
    if (!regions.has(id)) report(path, `unknown region "${id}"${suggest(id, regions.keys())}`);
  };

  config.links.forEach((link, i) => {
    regionRef(`links[${i}].between[0]`, link.between[0]);
    regionRef(`links[${i}].between[1]`, link.between[1]);
  });

  const services = new Map<string, ServiceConfig>();
  config.services.forEach((service, i) => {
    if (services.has(service.id)) report(`services[${i}].id`, `duplicate service "${service.id}"`);
    services.set(service.id, service);
  });
  const dependencies = new Map<string, DependencyConfig>();
  config.dependencies.forEach((dependency, i) => {
    if (dependencies.has(dependency.id)) report(`dependencies[${i}].id`, `duplicate dependency "${dependency.id}"`);
    dependencies.set(dependency.id, dependency);
  });

  config.services.forEach((service, i) => {
    const endpoints = new Set<string>();
    service.endpoints.forEach((endpoint, j) => {
      if (endpoints.has(endpoint.name)) report(`services[${i}].endpoints[${j}].name`, `duplicate endpoint "${endpoint.name}" in service "${service.id}"`);
      endpoints.add(endpoint.name);
      endpoint.calls.forEach((step, k) =>
        step.parallel.forEach((call, m) => {
          if (!dependencies.has(call.dependency)) {
            report(`services[${i}].endpoints[${j}].calls[${k}].parallel[${m}].dependency`, `unknown dependency "${call.dependency}"${suggest(call.dependency, dependencies.keys())}`);
          }
        }),
      );
    });
    const placed = new Set<string>();
    service.placements.forEach((placement, j) => {
      const path = `services[${i}].placements[${j}]`;
      regionRef(`${path}.region`, placement.region);
      if (placed.has(placement.region)) report(`${path}.region`, `service "${service.id}" is placed in region "${placement.region}" twice`);
      placed.add(placement.region);
      const region = regions.get(placement.region);
      placement.zones.forEach((zone, k) => {
        if (region !== undefined && !region.zones.includes(zone)) {
          report(`${path}.zones[${k}]`, `region "${region.id}" has no zone "${zone}"${suggest(zone, region.zones)}`);
        }
      });
    });
  });

  config.dependencies.forEach((dependency, i) => {
    const path = `dependencies[${i}]`;
    if (dependency.kind === 'internal') {
      const target = services.get(dependency.service);
      if (target === undefined) report(`${path}.service`, `unknown service "${dependency.service}"${suggest(dependency.service, services.keys())}`);
      else if (!target.endpoints.some((e) => e.name === dependency.endpoint)) {
        report(`${path}.endpoint`, `service "${target.id}" has no endpoint "${dependency.endpoint}"${suggest(dependency.endpoint, target.endpoints.map((e) => e.name))}`);
      }
    } else if (dependency.kind === 'cache') {
      if (!dependencies.has(dependency.miss)) report(`${path}.miss`, `unknown dependency "${dependency.miss}"${suggest(dependency.miss, dependencies.keys())}`);
      else if (dependency.miss === dependency.id) report(`${path}.miss`, `cache "${dependency.id}" cannot be its own backing dependency`);
    }
  });
  const cycle = findCallCycle(config, services, dependencies);
  if (cycle !== null) report('dependencies', `calls form a cycle: ${cycle.join(' → ')}; a request would never finish`);

  const routing = config.routing;
  const entry = services.get(routing.entryService);
  if (entry === undefined) report('routing.entryService', `unknown service "${routing.entryService}"${suggest(routing.entryService, services.keys())}`);
  else if (!entry.endpoints.some((e) => e.name === routing.healthCheck.endpoint)) {
    report('routing.healthCheck.endpoint', `service "${entry.id}" has no endpoint "${routing.healthCheck.endpoint}"`);
  }
  routing.weights.forEach((w, i) => regionRef(`routing.weights[${i}].region`, w.region));
  routing.failoverOrder.forEach((id, i) => {
    regionRef(`routing.failoverOrder[${i}]`, id);
    if (entry !== undefined && regions.has(id) && !entry.placements.some((p) => p.region === id)) {
      report(`routing.failoverOrder[${i}]`, `service "${entry.id}" has no placement in region "${id}" to fail over to`);
    }
  });
  if (routing.policy === 'failover-only' && routing.failoverOrder.length === 0) report('routing.failoverOrder', 'failover-only routing needs at least one region');
  if (routing.policy === 'weighted' && routing.weights.length === 0) report('routing.weights', 'weighted routing needs at least one weight');

  config.traffic.populations.forEach((population, i) => {
    regionRef(`traffic.populations[${i}].region`, population.region);
    population.mix.forEach((entryMix, j) => {
      if (entry !== undefined && !entry.endpoints.some((e) => e.name === entryMix.endpoint)) {
        report(`traffic.populations[${i}].mix[${j}].endpoint`, `service "${entry.id}" has no endpoint "${entryMix.endpoint}"${suggest(entryMix.endpoint, entry.endpoints.map((e) => e.name))}`);
      }
    });
  });

  config.faults.forEach((fault, i) => {
    const path = `faults[${i}]`;
    if (fault.startUs < 0 || fault.startUs >= config.durationUs) report(`${path}.startUs`, `the fault starts at ${fault.startUs} µs, outside the run (0 to ${config.durationUs} µs)`);
    switch (fault.kind) {
      case 'region-outage':
        regionRef(`${path}.region`, fault.region);
        break;
      case 'zone-outage': {
        regionRef(`${path}.region`, fault.region);
        const region = regions.get(fault.region);
        if (region !== undefined && !region.zones.includes(fault.zone)) report(`${path}.zone`, `region "${region.id}" has no zone "${fault.zone}"`);
        break;
      }
      case 'instance-crash':
      case 'capacity-quota': {
        regionRef(`${path}.region`, fault.region);
        const service = services.get(fault.service);
        if (service === undefined) report(`${path}.service`, `unknown service "${fault.service}"${suggest(fault.service, services.keys())}`);
        else if (!service.placements.some((p) => p.region === fault.region)) report(`${path}.region`, `service "${service.id}" does not run in region "${fault.region}"`);
        break;
      }
      case 'dependency-outage':
      case 'dependency-brownout':
      case 'cache-flush':
        if (!dependencies.has(fault.dependency)) report(`${path}.dependency`, `unknown dependency "${fault.dependency}"${suggest(fault.dependency, dependencies.keys())}`);
        else if (fault.kind === 'cache-flush' && dependencies.get(fault.dependency)?.kind !== 'cache') report(`${path}.dependency`, `"${fault.dependency}" is not a cache`);
        if (fault.region !== undefined) regionRef(`${path}.region`, fault.region);
        break;
      case 'link-partition':
      case 'link-degradation':
        regionRef(`${path}.between[0]`, fault.between[0]);
        regionRef(`${path}.between[1]`, fault.between[1]);
        break;
      case 'traffic-spike':
        if (fault.region !== undefined) regionRef(`${path}.region`, fault.region);
        break;
      case 'primary-failure':
      case 'replication-stall':
      case 'data-deletion':
        // Store faults: validateDataAndOps checks their targets with the stores.
        break;
      case 'bad-deploy':
        // That a deployment of the service exists is checked with the deployments (validate-deploy.ts).
        if (!services.has(fault.service)) report(`${path}.service`, `unknown service "${fault.service}"${suggest(fault.service, services.keys())}`);
        break;
      default: {
        const unknownFault: never = fault;
        report(`${path}.kind`, `unknown fault kind ${JSON.stringify((unknownFault as { kind?: unknown }).kind)}`);
      }
    }
  });
  return problems;
}

/** A cycle of internal calls (service → dependency → service ...), or null. */
function findCallCycle(config: ModelConfig, services: Map<string, ServiceConfig>, dependencies: Map<string, DependencyConfig>): string[] | null {
  const calledServices = (serviceId: string): string[] => {
    const service = services.get(serviceId);
    if (service === undefined) return [];
    const out: string[] = [];
    for (const endpoint of service.endpoints) {
      for (const step of endpoint.calls) {
        for (const call of step.parallel) {
          let dependency = dependencies.get(call.dependency);
          // A cache's misses go to its backing dependency; follow the chain (bounded by the count).
          for (let hops = 0; dependency?.kind === 'cache' && hops < dependencies.size; hops++) dependency = dependencies.get(dependency.miss);
          if (dependency?.kind === 'internal') out.push(dependency.service);
        }
      }
    }
    return out;
  };
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    if (state.get(id) === 'done') return null;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const next of calledServices(id)) {
      const found = visit(next);
      if (found !== null) return found;
    }
    stack.pop();
    state.set(id, 'done');
    return null;
  };
  for (const service of config.services) {
    const found = visit(service.id);
    if (found !== null) return found;
  }
  return null;
}

/** ` (did you mean "x"?)` for the closest known name within two edits, else ''. */
export function suggest(name: string, known: Iterable<string>): string {
  let best = '';
  let bestDistance = 3;
  for (const candidate of known) {
    const distance = levenshtein(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best === '' ? '' : ` (did you mean "${best}"?)`;
}
