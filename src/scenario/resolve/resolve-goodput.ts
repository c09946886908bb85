import type { CostedSite } from '../../cost/costed-scenario.js';
import type { FailureSpec, PoolSpec } from '../../model/types.js';
import type { Fail } from './resolve-context.js';

/**
 * The goodput model's references to pools: each spare pool names an on-prem pool ('site' for a site
 * written with `nodes`, or 'site/pool') and must leave it at least one node to schedule from the start.
 * Keys are rewritten to pool ids. @returns the failures block with resolved keys (unchanged without spares)
 */
export function resolveGoodput(failures: FailureSpec | undefined, sites: readonly CostedSite<PoolSpec>[], fail: Fail): FailureSpec | undefined {
  const goodput = failures?.goodput;
  if (!failures || !goodput) return failures;
  const pools = new Map(sites.flatMap((s) => s.pools.map((p) => [p.id, { pool: p, kind: s.kind }] as const)));
  const spares: Record<string, { nodes: number; swap: number }> = {};
  for (const [key, spare] of Object.entries(goodput.spares)) {
    const id = key.includes('/') ? key : `${key}/main`;
    const found = pools.get(id);
    const at = ['failures', 'spares', key];
    if (!found) {
      fail(at, `names no pool of the scenario`, `use one of: ${[...pools.keys()].join(', ')}`);
      continue;
    }
    if (found.kind === 'cloud') {
      fail(at, 'a cloud pool has no hot spares: the provider replaces its instances', 'keep spares on an on-prem pool');
      continue;
    }
    const atStart = found.pool.tranches.reduce((n, t) => n + (t.onlineAt <= 0 ? t.nodes : 0), 0);
    if (spare.nodes >= atStart) {
      fail(
        [...at, 'nodes'],
        `${spare.nodes} spare nodes is not smaller than the pool ${id} (${atStart} nodes online from the start): nothing would be left to schedule`,
        `hold fewer spares than ${atStart}, e.g. ${Math.max(1, Math.round(atStart / 64))}`,
      );
      continue;
    }
    spares[id] = spare;
  }
  return { ...failures, goodput: { ...goodput, spares } };
}
