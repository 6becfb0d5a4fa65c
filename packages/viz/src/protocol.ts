import type { QueueParameters, QueueReport } from '@stormglass/scenarios';

/** Main thread → worker: run the lesson with these parameters. */
export interface RunRequest {
  id: number;
  parameters: QueueParameters;
}

/** Worker → main thread: the report, or a message for the status line (never a stack). */
export type RunResponse = { id: number; ok: true; report: QueueReport } | { id: number; ok: false; error: string };
