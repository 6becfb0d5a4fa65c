export { main } from './cli.js';
export type { CliIo } from './cli-io.js';
export { EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_TARGET_FAILED, InputError } from './exit-codes.js';
export { formatLaunchSummary } from './launch-summary.js';
export { formatQueueSummary } from './queue-summary.js';
