/**
 * The Levenshtein edit distance between two strings: the fewest single-character insertions,
 * deletions and substitutions that turn `a` into `b`. Unit spellings are a few characters
 * long, so the plain two-row dynamic programme is more than fast enough.
 */
export function levenshtein(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  let previous = Array.from({ length: right.length + 1 }, (_, j) => j);
  for (let i = 1; i <= left.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= right.length; j += 1) {
      const substitution = previous[j - 1] + (left[i - 1] === right[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length];
}

/**
 * The candidate closest to `word`, compared case-insensitively, or undefined when none is close
 * enough to be a plausible typo. Ties go to the earlier candidate, so the result is stable.
 *
 * A short word tolerates one edit and a longer one two; a candidate is never suggested when
 * reaching it would take as many edits as the word has characters, because then the word
 * carries no evidence for it.
 */
export function closestSpelling(word: string, candidates: readonly string[]): string | undefined {
  const typed = word.toLowerCase();
  const length = Array.from(typed).length;
  const distanceMax = length >= 4 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = levenshtein(typed, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= distanceMax && bestDistance < length ? best : undefined;
}
