import type { EngineContext } from './context.js';
import type { StoreState } from './store-state.js';

/** Whether regions a and b can exchange messages both ways now: neither is dark and no direction of their link is partitioned. */
export function regionsConnected(ctx: EngineContext, a: number, b: number): boolean {
  if (ctx.regionDark[a] > 0 || ctx.regionDark[b] > 0) return false;
  if (a === b) return true;
  const network = ctx.network;
  const link = network.linkAt(a, b);
  return link.state(network.directionAt(a, b)) !== 'partitioned' && link.state(network.directionAt(b, a)) !== 'partitioned';
}

/**
 * Recomputes the sides of a partition for one store: the connected components of its members
 * that are up (two members are connected when their regions are, see regionsConnected; a member
 * reaches another through a third, as replication relays), and which members' side holds a
 * strict majority of all the store's members. A down member has side -1 and no majority.
 * O(members²); called when a link or a member changes, never per request.
 */
export function refreshSides(ctx: EngineContext, st: StoreState): void {
  const M = st.members;
  st.side.fill(-1);
  let sides = 0;
  for (let m = 0; m < M; m++) {
    if (st.down[m] > 0 || st.side[m] >= 0) continue;
    // Breadth-first over the members reachable from m.
    const queue = [m];
    st.side[m] = sides;
    while (queue.length > 0) {
      const a = queue.pop() as number;
      for (let b = 0; b < M; b++) {
        if (st.side[b] >= 0 || st.down[b] > 0 || !regionsConnected(ctx, st.regions[a], st.regions[b])) continue;
        st.side[b] = sides;
        queue.push(b);
      }
    }
    sides++;
  }
  st.split = sides > 1;
  const sizes = new Int32Array(sides);
  for (let m = 0; m < M; m++) if (st.side[m] >= 0) sizes[st.side[m]]++;
  for (let m = 0; m < M; m++) st.majority[m] = st.side[m] >= 0 && 2 * sizes[st.side[m]] > M ? 1 : 0;
}

/**
 * Whether the store's fencing policy refuses a write at member m now (see
 * DataStoreConfig.fencing): `quorum` refuses it off a majority's side; `fencing` refuses it at a
 * deposed primary (multi-writer: off the side of the first member, which holds the token).
 */
export function writeFenced(st: StoreState, m: number): boolean {
  switch (st.fencing) {
    case 'none':
      return false;
    case 'quorum':
      return st.majority[m] === 0;
    case 'fencing':
      if (st.multi !== null) return st.side[m] < 0 || st.side[m] !== st.side[0];
      return m === st.deposed;
    default: {
      const unknown: never = st.fencing;
      throw new Error(`unknown fencing policy ${String(unknown)}`);
    }
  }
}

/** The first active link-partition fault with `region` at one end, -1 when none. */
export function partitionFaultTouching(ctx: EngineContext, region: number): number {
  const id = ctx.compiled.regionIds[region];
  return ctx.config.faults.findIndex((fault, i) => ctx.faults.faultActive[i] === 1 && fault.kind === 'link-partition' && (fault.between[0] === id || fault.between[1] === id));
}
