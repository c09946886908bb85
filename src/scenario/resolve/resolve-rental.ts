import type { CostedSite, RentalQuote } from '../../cost/costed-scenario.js';
import type { PoolSpec } from '../../model/types.js';
import type { ScenarioInput } from '../scenario-schema.js';
import { PRICING_KEYS, type ResolveContext } from './resolve-context.js';
import { calendarOf, resolvePricePath } from './resolve-dates.js';

/**
 * The instance build-vs-buy compares owned capacity with: `planning.rent_instead`, else the first
 * priced pool of a cloud site at that site's discount. A quote only: the cost layer prices it per
 * device-second when the run is built.
 */
export function resolveRental(input: ScenarioInput, sites: readonly CostedSite<PoolSpec>[], ctx: ResolveContext): RentalQuote | undefined {
  const r = input.planning.rent_instead;
  if (r) {
    const node = ctx.guard(() => ctx.resolver.get(r.instance, 'node', { src: ctx.src, path: ['planning', 'rent_instead', 'instance'] }));
    const unit = node && (node.accelerators ?? node.cpus);
    if (!node || !unit) return undefined;
    const pricing = PRICING_KEYS[r.pricing];
    const price = node.pricing?.[pricing];
    if (price === undefined) {
      ctx.fail(
        ['planning', 'rent_instead', 'pricing'],
        `instance '${node.id}' has no ${r.pricing} price`,
        `priced models: ${
          Object.keys(node.pricing ?? {})
            .map((k) => k.replace('_', '-'))
            .join(', ') || 'none'
        }`,
      );
      return undefined;
    }
    const start = calendarOf(input.start);
    const pricePath = r.price_path && resolvePricePath(r.price_path, ['planning', 'rent_instead', 'price_path'], { ...(start && { start }), zone: 'UTC' }, input.planning.horizon, ctx.fail);
    return {
      instance: node.id,
      pricing,
      instancePrice: price,
      discount: r.discount,
      devicesPerNode: unit.count,
      device: { id: unit.profile.id, kind: unit.profile.kind },
      ...(pricePath && { pricePath }),
    };
  }
  for (const site of sites) {
    if (site.costs.kind !== 'cloud') continue;
    for (const pool of site.pools) {
      const price = pool.cloud && pool.node.pricing?.[pool.cloud.pricing];
      if (price !== undefined && pool.cloud) {
        const pricePath = site.costs.pricePath;
        return {
          instance: pool.node.id,
          pricing: pool.cloud.pricing,
          instancePrice: price,
          discount: site.costs.computeDiscount,
          devicesPerNode: pool.devicesPerNode,
          device: { id: pool.device.id, kind: pool.device.kind },
          ...(pricePath && { pricePath }),
        };
      }
    }
  }
  return undefined;
}
