/// <reference lib="webworker" />
// The request-level engine in a worker: a ModelConfig in, a ModelResult out. Like the queue
// lesson's worker it reads no clock, so the result is byte-identical to Node's for the same
// config (the browser test checks it). The visualizer's model views will be built on it.
import { runModel } from '@stormglass/sim-core';
import type { ModelRunRequest, ModelRunResponse } from './protocol.js';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<ModelRunRequest>) => {
  const { id, config } = event.data;
  let response: ModelRunResponse;
  try {
    response = { id, ok: true, result: runModel(config) };
  } catch (error) {
    response = { id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(response);
};
