import type { DependencyConfig, ModelConfig } from '@stormglass/sim-core';
import type { SegmentationViolation } from './scenario-types.js';
import type { ResolvedTopology, Tier } from './sections/topology.js';
import type { ParsedSource } from './source.js';

/**
 * Network segmentation, checked statically over the resolved topology (no run needed): every
 * user population reaches the entry service from its network (`internet` unless the
 * population names another, like `corp-vpn`), and every dependency call goes from its
 * service's tier to the callee's. A flow must be allowed (`topology.segmentation.flows`,
 * `source -> tier`); a tier may always call itself. Callee tiers: an internal call's service's
 * tier, caches and data stores `data`, third parties `external`, unless the dependency names
 * its own. A cache's miss is called on the caller's behalf, so it is the caller's flow too.
 */
export function segmentationViolations(topology: ResolvedTopology, config: ModelConfig, document: Record<string, unknown>, source: ParsedSource): SegmentationViolation[] {
  if (topology.flows === undefined) return [];
  const allowed = new Set(topology.flows.map(([from, to]) => `${from}->${to}`));
  const violations: SegmentationViolation[] = [];
  const byId = new Map<string, DependencyConfig>(config.dependencies.map((dependency) => [dependency.id, dependency]));
  const tierOf = (dependency: DependencyConfig): Tier | undefined => {
    const own = topology.dependencyTiers[dependency.id];
    if (own !== undefined) return own;
    if (dependency.kind === 'internal') return topology.serviceTiers[dependency.service];
    return dependency.kind === 'third-party' ? 'external' : 'data';
  };
  const check = (path: string, from: string, fromName: string, to: Tier | undefined, toName: string): void => {
    if (to === undefined || from === to || allowed.has(`${from}->${to}`)) return;
    const at = source.positionOf(path);
    violations.push({
      path,
      file: source.fileOf(path),
      line: at?.line ?? null,
      column: at?.column ?? null,
      flow: `${fromName} (${from}) → ${toName} (${to})`,
      message: `${from} -> ${to} is not an allowed flow (allowed: ${topology.flows?.map(([a, b]) => `${a} -> ${b}`).join(', ') ?? 'none'})`,
    });
  };
  const entryTier = topology.serviceTiers[config.routing.entryService];
  const users = (document.traffic as { users?: { network?: unknown }[] } | undefined)?.users ?? [];
  config.traffic.populations.forEach((population, i) => {
    const network = typeof users[i]?.network === 'string' ? (users[i].network as string) : 'internet';
    check(`traffic.users[${i}]`, network, `users in ${population.region}`, entryTier, config.routing.entryService);
  });
  config.services.forEach((service, s) => {
    const from = topology.serviceTiers[service.id];
    if (from === undefined) return;
    service.endpoints.forEach((endpoint, e) => {
      endpoint.calls.forEach((step, k) => {
        for (const call of step.parallel) {
          const path = `topology.services[${s}].endpoints[${e}].calls[${k}]`;
          const seen = new Set<string>();
          // The call, then a cache's misses, on the caller's behalf.
          for (let dependency = byId.get(call.dependency); dependency !== undefined && !seen.has(dependency.id); dependency = dependency.kind === 'cache' ? byId.get(dependency.miss) : undefined) {
            seen.add(dependency.id);
            check(path, from, `${service.id}.${endpoint.name}`, tierOf(dependency), dependency.id);
          }
        }
      });
    });
  });
  return violations;
}
