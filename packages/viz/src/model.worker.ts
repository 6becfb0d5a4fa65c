/// <reference lib="webworker" />
// The request-level engine in a worker: a ModelConfig in, a ModelResult out. Like the queue
// lesson's worker it reads no clock, so the result is byte-identical to Node's for the same
// config (the browser test checks it). The visualizer's model views will be built on it.
import { catalogResolver, formatProblem, loadScenario } from '@stormglass/scenarios';
import { runModel } from '@stormglass/sim-core';
import type { ModelConfig } from '@stormglass/sim-core';
import type { ModelRunRequest, ModelRunResponse } from './protocol.js';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<ModelRunRequest>) => {
  const request = event.data;
  const { id } = request;
  let response: ModelRunResponse;
  try {
    let config: ModelConfig;
    if ('config' in request) {
      config = request.config;
    } else {
      const loaded = loadScenario(request.scenario.text, request.scenario.file, { resolve: catalogResolver(), sets: request.scenario.sets });
      if (loaded.scenario === undefined) {
        self.postMessage({ id, ok: false, error: loaded.problems.map(formatProblem).join('\n') } satisfies ModelRunResponse);
        return;
      }
      config = loaded.scenario.config;
    }
    response = { id, ok: true, result: runModel(config), config };
  } catch (error) {
    response = { id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(response);
};
