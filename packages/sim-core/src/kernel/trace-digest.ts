import { describeValue } from '../assert.js';

const TWO_POW_32 = 4294967296;

/**
 * A running 64-bit digest of a trace. Each handled event folds `(timeUs, kind, target)`;
 * two runs with the same digest handled the same events at the same times, in the same
 * order, with overwhelming probability. Two independent 32-bit lanes (MurmurHash3's round
 * function with different seeds and constants), state in an Int32Array so folding
 * allocates nothing.
 *
 * `kind` and `target` are small integers chosen by the model (use `hashName` for a stable
 * integer from a name; it does not depend on the order in which names are first seen).
 */
export class TraceDigest {
  private readonly h: Int32Array = Int32Array.of(0x9747b28c, 0x5bd1e995 | 0, 0);

  /** Folds one event. Integers only: times in µs, kinds and targets as 32-bit ids. */
  fold(timeUs: number, kind: number, target: number): void {
    const h = this.h;
    const lo = timeUs | 0;
    const hi = (timeUs / TWO_POW_32) | 0;
    // Lane A mixes every word on its own; lane B mixes two pre-combined words, which is
    // cheaper and still makes the two lanes independent functions of the event.
    let a = h[0];
    a = mixA(a, lo);
    a = mixA(a, hi);
    a = mixA(a, kind);
    a = mixA(a, target);
    let b = h[1];
    b = mixB(b, lo ^ Math.imul(target, 0x9e3779b1));
    b = mixB(b, hi ^ Math.imul(kind, 0x85ebca77));
    h[0] = a;
    h[1] = b;
    h[2] = (h[2] + 1) | 0;
  }

  /** Number of events folded (modulo 2^32). */
  get count(): number {
    return this.h[2] >>> 0;
  }

  /** The digest as 16 lowercase hex digits. */
  hex(): string {
    const n = this.h[2];
    const a = finalize(this.h[0] ^ n);
    const b = finalize(this.h[1] ^ Math.imul(n, 0x27d4eb2f));
    return hex32(a ^ b) + hex32(finalize(b + a));
  }
}

function mixA(h: number, value: number): number {
  let k = Math.imul(value, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function mixB(h: number, value: number): number {
  let k = Math.imul(value, 0x85ebca6b);
  k = (k << 17) | (k >>> 15);
  k = Math.imul(k, 0xc2b2ae35);
  h ^= k;
  h = (h << 11) | (h >>> 21);
  return (Math.imul(h, 9) + 0x165667b1) | 0;
}

function finalize(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

/** A stable 32-bit id for a name (FNV-1a over UTF-16 code units). */
export function hashName(name: string): number {
  if (!(typeof name === 'string')) throw new TypeError(`hashName(name) needs a string, got ${describeValue(name)}`);
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
