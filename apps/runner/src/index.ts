export { main } from './cli.js';
export type { CliIo } from './cli-io.js';
export { EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_TARGET_FAILED, InputError } from './exit-codes.js';
export { buildQueueReport } from './queue-report.js';
export type { QueueFigures, QueueParameters, QueueReport, QueueSweepRow } from './queue-report.js';
export { formatQueueSummary } from './queue-summary.js';
