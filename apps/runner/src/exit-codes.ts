/** Exit codes of every stormglass command (ARCHITECTURE.md §9). */
export const EXIT_OK = 0;
/** A target or invariant failed. */
export const EXIT_TARGET_FAILED = 1;
/** Bad input or usage. */
export const EXIT_BAD_INPUT = 2;
/** A bug in Stormglass. */
export const EXIT_INTERNAL = 3;
/** Stopped by Ctrl-C (SIGINT) after writing what was finished: 128 + 2, as shells report it. */
export const EXIT_INTERRUPTED = 130;

/** Said after an internal error, where a user would otherwise see a stack trace. */
export const BUG_REPORT_HINT = 'This is a bug in Stormglass. Run again with --debug for the stack trace and report it with the command you ran.';

/** Bad input from the user: printed as a message, never with a stack trace; exit 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
