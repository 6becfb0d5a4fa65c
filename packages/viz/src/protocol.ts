import type { QueueParameters, QueueReport } from '@stormglass/scenarios';
import type { ModelConfig, ModelResult } from '@stormglass/sim-core';

/** Main thread → worker: run the lesson with these parameters. */
export interface RunRequest {
  id: number;
  parameters: QueueParameters;
}

/** Worker → main thread: the report, or a message for the status line (never a stack). */
export type RunResponse = { id: number; ok: true; report: QueueReport } | { id: number; ok: false; error: string };

/** Main thread → model worker: run this request-level model config. */
export interface ModelRunRequest {
  id: number;
  config: ModelConfig;
}

/** Model worker → main thread: the result, or the error's message. */
export type ModelRunResponse = { id: number; ok: true; result: ModelResult } | { id: number; ok: false; error: string };
