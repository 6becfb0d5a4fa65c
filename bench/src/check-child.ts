/**
 * Child process of the main bench's property-testing section: runCheckBench in a process of its
 * own, progress on stderr, the CheckBenchFigure on stdout as one JSON line.
 * Usage: node dist/check-child.js '{"schedules":40,"seed":42}'
 */
import { runCheckBench } from './check-bench.js';
import type { CheckBenchOptions } from './check-bench.js';

const options = JSON.parse(process.argv[2] ?? '') as CheckBenchOptions;
const figure = runCheckBench(options, (line) => void process.stderr.write(`${line}\n`));
process.stdout.write(`${JSON.stringify(figure)}\n`);
