import type { AlertScope } from '../ops/alerts/alert-config.js';
import type { CompiledModel } from './compiled.js';

/**
 * The user cells (users' region × entry endpoint, `cell = region · E + local endpoint`) a rule
 * on a request metric watches: `scope.region` is the users' region (where they are, not where
 * they are served), `scope.endpoint` an entry endpoint's name; an absent field means all.
 * `scope.service` is the entry service or absent (validateModel rejects any other service for
 * request metrics: users' requests enter through the entry service only). An endpoint name the
 * entry service does not have (validateModel reports it) watches no cell, so reads null.
 */
export function userCellsInScope(scope: AlertScope, compiled: CompiledModel): Int32Array {
  const regions = compiled.regionIds.length;
  const endpoints = compiled.entryEndpoints.length;
  const region = scope.region === undefined ? -1 : compiled.regionIds.indexOf(scope.region);
  let endpoint = -1;
  if (scope.endpoint !== undefined) {
    endpoint = Array.from(compiled.entryEndpoints).findIndex((e) => compiled.endpoints[e].name === scope.endpoint);
    if (endpoint < 0) return new Int32Array(0);
  }
  if (scope.region !== undefined && region < 0) return new Int32Array(0);
  const cells: number[] = [];
  for (let r = 0; r < regions; r++) {
    if (region >= 0 && r !== region) continue;
    for (let e = 0; e < endpoints; e++) if (endpoint < 0 || e === endpoint) cells.push(r * endpoints + e);
  }
  return Int32Array.from(cells);
}
