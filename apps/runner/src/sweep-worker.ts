// The sweep's worker thread (tinypool): one seed per task.
import { runSweepSeed } from './sweep-row.js';
import type { SweepRow, SweepTask } from './sweep-row.js';

export default function run(task: SweepTask): SweepRow {
  return runSweepSeed(task);
}
