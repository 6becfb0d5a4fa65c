/** Exit codes of every stormglass command (ARCHITECTURE.md §9). */
export const EXIT_OK = 0;
/** A target or invariant failed. */
export const EXIT_TARGET_FAILED = 1;
/** Bad input or usage. */
export const EXIT_BAD_INPUT = 2;
/** A bug in Stormglass. */
export const EXIT_INTERNAL = 3;

/** Bad input from the user: printed as a message, never with a stack trace; exit 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
