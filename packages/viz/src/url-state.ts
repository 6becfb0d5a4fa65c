/** The page's whole state, kept in the URL fragment so a link reproduces what you saw. */
export interface PageState {
  servers: number;
  utilisation: number;
  serviceMeanMs: number;
  seed: number;
  customers: number;
}

const LIMITS: Record<keyof PageState, [number, number]> = {
  servers: [1, 64],
  utilisation: [0.05, 0.98],
  serviceMeanMs: [1, 500],
  seed: [0, 2 ** 31 - 1],
  customers: [1_000, 1_000_000],
};

/**
 * Reads `#servers=4&utilisation=0.8&...`. Anything missing, malformed or out of range falls
 * back to the default for that field: a hand-edited link can never break the page.
 */
export function readState(hash: string, defaults: PageState): PageState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const state: PageState = { ...defaults };
  for (const key of Object.keys(LIMITS) as (keyof PageState)[]) {
    const text = params.get(key);
    if (text === null) continue;
    const value = Number(text);
    const [min, max] = LIMITS[key];
    if (!Number.isFinite(value) || value < min || value > max) continue;
    state[key] = key === 'utilisation' ? value : Math.round(value);
  }
  return state;
}

export function writeState(state: PageState): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(LIMITS) as (keyof PageState)[]) params.set(key, String(state[key]));
  return `#${params.toString()}`;
}
