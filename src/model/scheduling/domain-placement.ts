import type { ClusterView, PoolLayout } from './cluster-view.js';

/**
 * Gang placement on a pool whose nodes are joined into scale-up domains larger than one node (the 18
 * trays of a GB200 NVL72 rack, the 4 instances of a Trainium2 UltraServer). Domain j of a pool is its
 * nodes j·d … j·d + d − 1 (pool-local indices, d = `domainNodes`; the last domain may be smaller).
 *
 * The training model costs a job on k nodes as spanning ⌈k/d⌉ domains (src/model/performance/
 * parallel-layout.ts); this choice honours that whenever the free nodes allow it:
 * 1. the n nodes fit in the completely free nodes of one domain: the best-fit domain — the one with
 *    the fewest completely free nodes that are still ≥ n (ties: lowest domain), which keeps whole
 *    domains for the jobs that need them;
 * 2. otherwise the fewest domains: the m − 1 domains with the most free nodes (ties: lowest domain),
 *    each used whole, and the remainder from the best-fit domain among the others. Taking the largest
 *    first gives the smallest m; when the pool is fragmented m can exceed ⌈n/d⌉, and the job then runs
 *    on more domains than its duration assumed (the duration is fixed when the job is drawn).
 * Inside a chosen domain the job takes its lowest-indexed completely free nodes.
 *
 * Only the choice of nodes differs from the node-level rule: the job still needs n completely free
 * nodes of the pool, so feasibility (canPlace, EASY reservations) is unchanged. Cost O(pool nodes),
 * paid only by multi-node jobs on pools with domainNodes > 1.
 */
export function fullNodesInDomains(cluster: Pick<ClusterView, 'freeOnNode'>, pool: PoolLayout, out: Int32Array): boolean {
  const n = out.length;
  const d = pool.domainNodes;
  const domainCount = Math.ceil(pool.nodes / d);
  const free = new Int32Array(domainCount);
  let total = 0;
  for (let local = 0; local < pool.nodes; local++) {
    if (cluster.freeOnNode(pool.firstNode + local) !== pool.devicesPerNode) continue;
    const domain = Math.floor(local / d);
    free[domain] = (free[domain] ?? 0) + 1;
    total++;
  }
  if (total < n) return false;

  const take = new Int32Array(domainCount);
  const single = bestFitDomain(free, n, take);
  if (single >= 0) take[single] = n;
  else spanFewestDomains(free, n, take);

  let k = 0;
  for (let local = 0; local < pool.nodes && k < n; local++) {
    const domain = Math.floor(local / d);
    const wanted = take[domain] ?? 0;
    if (wanted === 0 || cluster.freeOnNode(pool.firstNode + local) !== pool.devicesPerNode) continue;
    out[k++] = pool.firstNode + local;
    take[domain] = wanted - 1;
  }
  return true;
}

/** The domain, not yet taken from, with the fewest free nodes still ≥ n (ties: lowest); -1 if none. */
function bestFitDomain(free: Int32Array, n: number, take: Int32Array): number {
  let best = -1;
  let bestFree = Infinity;
  for (let j = 0; j < free.length; j++) {
    const f = free[j] ?? 0;
    if ((take[j] ?? 0) === 0 && f >= n && f < bestFree) {
      best = j;
      bestFree = f;
    }
  }
  return best;
}

/** Fills `take` for n nodes over the fewest domains; the caller has checked Σ free ≥ n. */
function spanFewestDomains(free: Int32Array, n: number, take: Int32Array): void {
  const order = Array.from(free.keys()).sort((a, b) => (free[b] ?? 0) - (free[a] ?? 0) || a - b);
  let left = n;
  for (const j of order) {
    const f = free[j] ?? 0;
    // The remainder fits one domain: take it from the tightest one left.
    const last = bestFitDomain(free, left, take);
    if (last >= 0) {
      take[last] = left;
      return;
    }
    take[j] = f;
    left -= f;
  }
  throw new RangeError(`internal: ${n} free nodes counted but ${left} could not be taken`);
}
