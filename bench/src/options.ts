import { PYTHON_DEFAULT } from './simpy-peer.js';

/** Command-line options: `node dist/main.js [--quick] [--python=/path/to/python3]`. */
export interface BenchOptions {
  /** Smaller N for a smoke run; results go to quick.json so real figures are never overwritten. */
  quick: boolean;
  pythonPath: string;
  help: boolean;
}

export const USAGE = `usage: node dist/main.js [--quick] [--python=PATH]
  --quick        smoke run with small N; writes bench/results/quick.json only
  --python=PATH  interpreter with SimPy 3 (default ${PYTHON_DEFAULT})`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { quick: false, pythonPath: PYTHON_DEFAULT, help: false };
  for (const arg of argv) {
    if (arg === '--quick') options.quick = true;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg.startsWith('--python=') && arg.length > '--python='.length) options.pythonPath = arg.slice('--python='.length);
    else throw new RangeError(`unknown option ${JSON.stringify(arg)}\n${USAGE}`);
  }
  return options;
}
