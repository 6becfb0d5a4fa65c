import type { QueueParameters, QueueReport } from '@stormglass/scenarios';
import type { ModelConfig, ModelResult } from '@stormglass/sim-core';

/** Main thread → worker: run the lesson with these parameters. */
export interface RunRequest {
  id: number;
  parameters: QueueParameters;
}

/** Worker → main thread: the report, or a message for the status line (never a stack). */
export type RunResponse = { id: number; ok: true; report: QueueReport } | { id: number; ok: false; error: string };

/**
 * Main thread → model worker: run this request-level model config, or a scenario file's text
 * (loaded in the worker by the scenario language, `extends` resolved from the catalog, with
 * `--set`-style overrides, the same code as the CLI's).
 */
export type ModelRunRequest = { id: number; config: ModelConfig } | { id: number; scenario: { text: string; file: string; sets: string[] } };

/** Model worker → main thread: the result (with the loaded config for a scenario), or the problems or error as text. */
export type ModelRunResponse = { id: number; ok: true; result: ModelResult; config: ModelConfig } | { id: number; ok: false; error: string };
