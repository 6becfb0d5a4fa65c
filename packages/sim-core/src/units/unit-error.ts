/** The kinds of quantity a scenario file may carry, one parser each. */
export type UnitKind = 'duration' | 'rate' | 'size' | 'bandwidth' | 'percent' | 'money';

/** The parts a UnitError is built from; see UnitError for what each one means. */
export interface UnitErrorDetails {
  kind: UnitKind;
  input: string;
  expected: string;
  found: string;
  suggestion?: string;
  /**
   * Replaces the default ` — did you mean "…"?` tail of the message. It is used where the fix
   * is advice rather than a single corrected spelling, such as "add a unit, e.g. "250ms"".
   */
  advice?: string;
  /** True when the input was not a string at all, which changes the message's shape. */
  notAString?: boolean;
}

/**
 * A quantity in a scenario file could not be parsed. The parsers throw nothing else for bad
 * input, so a scenario loader can catch this one class and point at the offending field.
 *
 * `input` is the text as written (or a description such as `5` when it was not a string),
 * `expected` and `found` are short phrases, and `suggestion` is a corrected input when exactly
 * one fix is plausible, so a tool can offer it as a quick fix.
 *
 * The message reads `invalid <kind> "<input>": <found>; expected <expected>`, followed by
 * ` — did you mean "<suggestion>"?` or by advice when there is one.
 */
export class UnitError extends Error {
  readonly kind: UnitKind;
  readonly input: string;
  readonly expected: string;
  readonly found: string;
  readonly suggestion?: string;

  constructor(details: UnitErrorDetails) {
    super(composeMessage(details));
    this.name = 'UnitError';
    this.kind = details.kind;
    this.input = details.input;
    this.expected = details.expected;
    this.found = details.found;
    if (details.suggestion !== undefined) this.suggestion = details.suggestion;
  }
}

function composeMessage(details: UnitErrorDetails): string {
  // A value that is not a string has no text to quote, so the message leads with what was expected.
  if (details.notAString === true) {
    return `invalid ${details.kind}: expected ${details.expected}, got ${details.found}`;
  }
  const head = `invalid ${details.kind} ${JSON.stringify(details.input)}: ${details.found}; expected ${details.expected}`;
  if (details.advice !== undefined) return `${head} — ${details.advice}`;
  if (details.suggestion !== undefined) return `${head} — did you mean ${JSON.stringify(details.suggestion)}?`;
  return head;
}
