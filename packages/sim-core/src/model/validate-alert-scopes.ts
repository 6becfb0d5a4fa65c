import { ALERT_REQUEST_METRICS } from './ops/alerts/alert-config.js';
import type { AlertMetric } from './ops/alerts/alert-config.js';
import { isRecord } from './resilience/validate.js';
import { suggest } from './validate-references.js';

type Json = Record<string, unknown>;

/**
 * What an alert rule's scope can mean in the engine, checked so that a rule never reads
 * something other than what it says (a clear message beats a silent wrong reading):
 *
 * - A request metric (ALERT_REQUEST_METRICS: availability, error-ratio, request-rate-per-s and
 *   the latency quantiles) reads users' requests. They enter through the entry service, so
 *   `scope.service` must be the entry service (or absent), and `scope.endpoint` one of its
 *   endpoints. A rule on an internal service's requests is rejected rather than answered with
 *   the users' figures: the engine keeps no per-service request windows for alerts yet.
 * - Every other metric reads service groups (instances, queue-depth, utilisation: per service
 *   and region, the endpoints share the instances), region health or replication lag, none of
 *   which has an endpoint: `scope.endpoint` is rejected there.
 *
 * Unknown regions and services are reported by the caller; this adds only the checks above.
 * Reads a model that passed the shape checks of `alerting`, defensively. Never throws.
 */
export function checkAlertScopes(report: (path: string, message: string) => void, model: Json): void {
  if (!isRecord(model.alerting) || !Array.isArray(model.alerting.rules)) return;
  const services = (Array.isArray(model.services) ? (model.services as unknown[]) : []).filter(isRecord);
  const routing = isRecord(model.routing) ? model.routing : {};
  const entryId = typeof routing.entryService === 'string' ? routing.entryService : undefined;
  const entry = services.find((service) => service.id === entryId);
  const endpointsOf = (service: Json): string[] =>
    (Array.isArray(service.endpoints) ? (service.endpoints as unknown[]) : []).flatMap((endpoint) => (isRecord(endpoint) && typeof endpoint.name === 'string' ? [endpoint.name] : []));
  const serviceIds = new Set(services.flatMap((service) => (typeof service.id === 'string' ? [service.id] : [])));
  (model.alerting.rules as unknown[]).forEach((rule, i) => {
    if (!isRecord(rule) || !isRecord(rule.scope) || typeof rule.metric !== 'string') return;
    const path = `alerting.rules[${i}].scope`;
    const metric = rule.metric as AlertMetric;
    const { service, endpoint } = rule.scope;
    if (!ALERT_REQUEST_METRICS.includes(metric)) {
      if (endpoint !== undefined) {
        report(`${path}.endpoint`, `"${metric}" is read per service and region, not per endpoint (a service's endpoints share its instances): drop scope.endpoint, or watch the endpoint with a request metric (${ALERT_REQUEST_METRICS.join(', ')})`);
      }
      return;
    }
    if (entry === undefined || entryId === undefined) return;
    if (typeof service === 'string' && service !== entryId && serviceIds.has(service)) {
      report(
        `${path}.service`,
        `"${metric}" reads users' requests, which enter through the entry service "${entryId}", not "${service}": drop scope.service (or set it to "${entryId}"); to watch "${service}" use instances, queue-depth or utilisation`,
      );
      return;
    }
    if (typeof endpoint === 'string') {
      const names = endpointsOf(entry);
      if (names.includes(endpoint)) return;
      const owner = services.find((s) => s !== entry && endpointsOf(s).includes(endpoint));
      const hint = owner === undefined ? suggest(endpoint, names) : ` ("${endpoint}" is an endpoint of "${String(owner.id)}", but "${metric}" reads users' requests, which call the entry service's endpoints: ${names.join(', ')})`;
      report(`${path}.endpoint`, `unknown endpoint "${endpoint}" of the entry service "${entryId}"${hint}`);
    }
  });
}
