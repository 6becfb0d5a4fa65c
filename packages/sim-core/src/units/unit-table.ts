import { closestSpelling } from './levenshtein.js';
import { splice } from './lexer.js';
import type { Component, Lexed } from './lexer.js';
import { UnitError } from './unit-error.js';
import type { UnitKind } from './unit-error.js';

/**
 * A spelling that is not accepted but is common enough to answer specifically: "mins" for
 * minutes, "GBps" (gigabytes or gigabits?), "ns" below the simulator's resolution.
 */
export interface UnitAlias {
  /** The accepted spelling to offer instead; absent when no single spelling is right. */
  readonly suggest?: string;
  /** Replaces the default `unknown unit "…"` description of what was found. */
  readonly found?: string;
  /** Advice that replaces "did you mean"; `withUnit` rewrites the input with another unit. */
  readonly advice?: (withUnit: (unit: string) => string) => string;
}

/** The accepted spellings of one kind, what each one means, and the near misses. */
export interface UnitTable<T> {
  readonly kind: UnitKind;
  /** Accepted spellings in the order error messages list them. Matching is case-sensitive. */
  readonly units: ReadonlyMap<string, T>;
  /** The `expected` phrase for an unknown unit, such as "one of us, ms, s, m, h, d". */
  readonly expected: string;
  readonly aliases: ReadonlyMap<string, UnitAlias>;
}

/**
 * Finds the meaning of a component's unit or throws a UnitError that explains the miss.
 *
 * Units are matched exactly, case included, because case carries meaning across the kinds
 * ("Mb" is megabits, "MB" megabytes, "m" minutes). A miss is explained in this order: a known
 * near miss from the alias table, an accepted spelling that differs only in case, and finally
 * the closest spelling by edit distance, if any is close enough to be a typo.
 */
export function resolveUnit<T>(table: UnitTable<T>, lexed: Lexed, component: Component): T {
  const { unit } = component;
  const meaning = table.units.get(unit);
  if (meaning !== undefined) return meaning;
  const withUnit = (replacement: string): string => splice(lexed.text, component.unitStart, component.unitEnd, replacement);
  const fail = (found: string, alias?: UnitAlias): never => {
    const suggestion = alias?.suggest === undefined ? undefined : withUnit(alias.suggest);
    const advice = alias?.advice?.(withUnit);
    throw new UnitError({
      kind: table.kind,
      input: lexed.input,
      expected: table.expected,
      found: alias?.found ?? found,
      ...(suggestion === undefined ? {} : { suggestion }),
      ...(advice === undefined ? {} : { advice }),
    });
  };
  const unknown = `unknown unit ${JSON.stringify(unit)}`;
  const exactAlias = table.aliases.get(unit);
  if (exactAlias !== undefined) return fail(unknown, exactAlias);
  const lower = unit.toLowerCase();
  const spellings = [...table.units.keys()];
  const caseOnly = spellings.find((spelling) => spelling.toLowerCase() === lower);
  if (caseOnly !== undefined) return fail(`unknown unit ${JSON.stringify(unit)} (units are case-sensitive)`, { suggest: caseOnly });
  for (const [spelling, alias] of table.aliases) {
    if (spelling.toLowerCase() === lower) return fail(unknown, alias);
  }
  // Aliases take part in the edit-distance search only when they point at a single spelling, so
  // a typo of "mins" still lands on "m", while ambiguous entries such as "GBps" are never guessed.
  const suggestable = [...table.aliases].filter(([, alias]) => alias.suggest !== undefined && alias.advice === undefined);
  const closest = closestSpelling(unit, [...spellings, ...suggestable.map(([spelling]) => spelling)]);
  if (closest === undefined) return fail(unknown);
  const target = table.units.has(closest) ? closest : table.aliases.get(closest)?.suggest;
  return fail(unknown, target === undefined ? undefined : { suggest: target });
}

/** Builds the `expected` phrase from the accepted spellings. */
export function oneOf(spellings: readonly string[]): string {
  return `one of ${spellings.join(', ')}`;
}
