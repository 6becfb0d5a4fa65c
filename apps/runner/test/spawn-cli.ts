import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The built CLI spawned as a user runs it (`npx nx run @stormglass/runner:build` first): what
// reaches the terminal, the exit code, and files on disk are all these tests look at.

const bin = fileURLToPath(new URL('../bin/stormglass.js', import.meta.url));

export interface Finished {
  /** null when a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Started {
  child: ChildProcess;
  /** What the process has written to stderr so far. */
  stderr(): string;
  finished: Promise<Finished>;
}

/** Starts `stormglass ...args` in `cwd`, with NO_COLOR and any extra environment variables. */
export function startCli(args: readonly string[], cwd: string, env: Record<string, string> = {}): Started {
  const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const finished = new Promise<Finished>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, stderr: () => stderr, finished };
}

/** Runs `stormglass ...args` to the end. */
export const runCli = (args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<Finished> => startCli(args, cwd, env).finished;

/**
 * Lines that belong to a stack trace, the thing a user must never see without --debug:
 * V8's `    at fn (file:line:column)` frames, and anything naming Node's internals.
 */
export function stackTraceLines(text: string): string[] {
  return text.split('\n').filter((line) => /^\s+at .+\(.*:\d+:\d+\)$/.test(line) || /^\s+at [^\s()]+:\d+:\d+$/.test(line) || line.includes('node:internal'));
}
