import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CliIo } from './cli-io.js';
import { InputError } from './exit-codes.js';

// What the commands write (reports, rows, pages) and the command lines that reproduce them.

/** Why a file cannot be written, by Node's error code: the user's to fix, so bad input (exit 2), not a bug. */
const WRITE_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'its directory does not exist',
  ENOTDIR: 'a part of its path is a file, not a directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
};

/** The user's error for a failed write (exit 2), or the error itself when it is not the user's. */
function writeError(path: string, error: unknown): unknown {
  const problem = WRITE_PROBLEMS[(error as NodeJS.ErrnoException).code ?? ''];
  return problem === undefined ? error : new InputError(`cannot write ${path}: ${problem}`);
}

/** Writes a file atomically: a temporary file next to it, then a rename; a failure leaves neither behind. */
export function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw writeError(path, error);
  }
}

/**
 * Checks up front that `path` can be written as writeAtomically writes it, so that a long
 * command (a sweep) fails before its work, not after: its directory takes a file, and the path
 * is not a directory.
 */
export function checkWritable(path: string): void {
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    if (existsSync(path) && statSync(path).isDirectory()) throw Object.assign(new Error(path), { code: 'EISDIR' });
    writeFileSync(temporary, '');
  } catch (error) {
    throw writeError(path, error);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** Writes an HTML page atomically (making its directory) and says where it is, as a path and a URL to open. */
export function writeHtml(io: CliIo, what: string, path: string, html: string): void {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  writeAtomically(path, html);
  io.stderr(`stormglass: wrote the ${what} to ${resolve(path)} — open ${pathToFileURL(resolve(path)).href} in a browser`);
}

/** The command line that reproduces a run: the arguments, every --set, and the seed. */
export function reproduceCommand(command: string, args: readonly string[], sets: readonly string[], seed?: number): string {
  const quote = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`);
  return ['stormglass', command, ...args, ...sets.flatMap((s) => ['--set', s]), ...(seed === undefined ? [] : ['--seed', String(seed)])].map(quote).join(' ');
}
