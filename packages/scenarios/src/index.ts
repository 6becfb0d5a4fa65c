// @stormglass/scenarios: the scenario language, the catalog and the property-testing harness.
// Pure: runs unchanged in Node and the browser.
export { catalogQueueBasics, queueBasicsParameters } from './catalog/queue-basics.js';
export type { QueueLesson } from './catalog/queue-basics.js';
export { buildQueueReport } from './catalog/queue-basics-report.js';
export type { QueueFigures, QueueParameters, QueueReport, QueueSweepRow } from './catalog/queue-basics-report.js';
export { formatDifference, formatMs, formatSignedPercent } from './report-format.js';
