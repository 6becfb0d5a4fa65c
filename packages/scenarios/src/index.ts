// @stormglass/scenarios: the scenario language, the catalog and the property-testing harness.
// Pure: runs unchanged in Node and the browser.
export { catalogQueueBasics, queueBasicsParameters } from './catalog/queue-basics.js';
export type { QueueLesson } from './catalog/queue-basics.js';
