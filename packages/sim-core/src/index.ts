export { assert, describeValue } from './assert.js';
export { EVENTS_MAX_DEFAULT, Simulation } from './kernel/simulation.js';
export type { EventHandler, RunBounds, RunResult, SimulationOptions, StoppedBy } from './kernel/simulation.js';
export { RandomStream } from './kernel/random-stream.js';
export { TraceDigest, hashName } from './kernel/trace-digest.js';
