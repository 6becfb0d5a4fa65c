/// <reference lib="webworker" />
// The simulation runs here, off the main thread. The worker reads no clock: the report it
// returns is the same, byte for byte, as the one the CLI computes in Node for the same input.
import { buildQueueReport } from '@stormglass/scenarios';
import type { RunRequest, RunResponse } from './protocol.js';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<RunRequest>) => {
  const { id, parameters } = event.data;
  let response: RunResponse;
  try {
    response = { id, ok: true, report: buildQueueReport(parameters) };
  } catch (error) {
    response = { id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(response);
};
