import type { CloudPoolSpec, NodeProfile, PoolSpec, Tranche } from '../../model/types.js';
import type { CostedSite } from '../../cost/costed-scenario.js';
import type { PricingModel } from '../../model/usage-ledger.js';
import type { ScenarioInput } from '../scenario-schema.js';
import { PRICING_KEYS, type Fail, type FieldPath, type ResolveContext } from './resolve-context.js';
import { nodePower, resolveSiteCosts, type CostedPool } from './resolve-site-costs.js';
import { resolveFabric } from './resolve-fabric.js';
import type { RefreshStep, SiteCostInputs } from '../../cost/cost-inputs.js';
import { calendarOf, resolvePricePath, resolveResale, secondsOf, type DateReading } from './resolve-dates.js';
import { resolveRefresh } from './resolve-refresh.js';
import { resolvePower, type PoolWithInput } from './resolve-power.js';
import { carbonSeriesOf } from './resolve-carbon-series.js';

type PoolInput = NonNullable<ScenarioInput['sites'][string]['nodes']>;

/** The sites and their pools: node profiles resolved, capacity over time, power and cost inputs. Nothing is priced. */
export function resolveSites(input: ScenarioInput, ctx: ResolveContext): CostedSite<PoolSpec>[] {
  const { src, resolver, guard, fail } = ctx;
  return Object.entries(input.sites).map(([siteName, site]) => {
    const entries = site.nodes ? ([['main', site.nodes, ['sites', siteName, 'nodes']]] as const) : Object.entries(site.pools ?? {}).map(([n, p]) => [n, p, ['sites', siteName, 'pools', n]] as const);
    const built: PoolWithInput[] = [];
    const resolved: CostedPool[] = [];
    for (const [poolName, pool, path] of entries) {
      const node = guard(() => resolver.get(pool.type, 'node', { src, path: [...path, 'type'] }));
      if (node) resolved.push({ pool, node, path, poolName });
    }
    const start = calendarOf(input.start);
    const reading: DateReading = { ...(start && { start }), zone: site.time_zone ?? 'UTC' };
    const costs = datedCosts(resolveSiteCosts(site, siteName, resolved, input.costs, fail), site, siteName, reading, input.planning.horizon, fail);
    const refresh: Record<string, RefreshStep[]> = {};
    for (const { pool, node, path, poolName } of resolved) {
      const unit = node.accelerators ?? node.cpus;
      if (!unit) continue; // the profile schema requires one of them
      const shape = site.kind === 'cloud' ? cloudPool(pool, node, [...path], input.costs, fail) : onPremPool(pool, [...path], fail, reading);
      if (site.kind === 'cloud' && pool.refresh) fail([...path, 'refresh'], 'applies to on-prem pools only', 'a cloud pool changes instance type by a new scenario, not a refresh');
      const steps =
        site.kind === 'cloud'
          ? undefined
          : resolveRefresh(pool, [...path], shape.tranches, ctx, { reading, planningHorizon: input.planning.horizon, idlePowerFraction: site.costs.idle_power_fraction, costs: input.costs });
      if (steps && steps.length > 0) refresh[`${siteName}/${poolName}`] = steps;
      if (site.kind === 'edge' && pool.spot) fail([...path, 'spot'], 'an edge site is owned and finite: it has no spot capacity', 'remove spot, or make the site kind: cloud');
      const nodeCount = shape.nodeCount;
      const power = nodePower(node, site.costs.idle_power_fraction);
      const mtbf = input.failures ? (input.failures.mtbf ?? unit.profile.mtbf) : undefined;
      const fabric = pool.fabric && resolveFabric(pool.fabric, node, nodeCount, site.kind !== 'cloud', input.costs, [...path], ctx);
      built.push({
        input: pool,
        path: [...path],
        spec: {
          id: `${siteName}/${poolName}`,
          site: siteName,
          name: poolName,
          node,
          nodeCount,
          device: unit.profile,
          devicesPerNode: unit.count,
          deviceCount: unit.count * nodeCount,
          tranches: shape.tranches,
          ...(shape.cloud && { cloud: shape.cloud }),
          ...(power && { power }),
          ...(pool.spot && { spot: { interruptionRate: pool.spot.interruption_rate, warning: pool.spot.warning } }),
          ...(mtbf !== undefined && { mtbf }),
          ...(fabric && { fabric }),
        },
      });
      if (input.failures && mtbf === undefined) {
        fail([...path, 'type'], `device '${unit.profile.id}' has no mtbf in its profile, so failures need one`, "set failures.mtbf, e.g. '50000 h'");
      }
    }
    const { pools, power } = resolvePower(site, siteName, built, reading, fail);
    const powered = power && costs.kind === 'on-prem' ? { ...costs, pue: power.pue, installation: costs.installation + power.coolingCapex } : costs;
    const series = site.costs.carbon_intensity_hourly && carbonSeriesOf(site.costs.carbon_intensity_hourly, ['sites', siteName, 'costs', 'carbon_intensity_hourly'], ctx, reading);
    const withSeries = series ? { ...powered, carbonSeries: series } : powered;
    const withRefresh = withSeries.kind === 'on-prem' && Object.keys(refresh).length > 0 ? { ...withSeries, refresh } : withSeries;
    return {
      name: siteName,
      kind: site.kind === 'cloud' ? 'cloud' : 'on-prem',
      ...(site.kind === 'edge' && { edge: true as const }),
      pools,
      costs: withRefresh,
      ...(site.time_zone !== undefined && { timeZone: site.time_zone }),
      ...(power && { power }),
    };
  });
}

/** The site's cost inputs with its dated parts: the resale curve and the price paths, read against the start. */
function datedCosts(costs: SiteCostInputs, site: ScenarioInput['sites'][string], siteName: string, reading: DateReading, horizon: number, fail: Fail): SiteCostInputs {
  const at = ['sites', siteName, 'costs'];
  if (costs.kind === 'cloud') {
    const input = site.kind === 'cloud' ? site.costs.price_path : undefined;
    const pricePath = input && resolvePricePath(input, [...at, 'price_path'], reading, horizon, fail);
    return pricePath ? { ...costs, pricePath } : costs;
  }
  if (site.kind === 'cloud') return costs;
  const resale = site.costs.resale && resolveResale(site.costs.resale, [...at, 'resale'], fail);
  const powerPricePath = site.costs.power_price_path && resolvePricePath(site.costs.power_price_path, [...at, 'power_price_path'], reading, horizon, fail);
  return { ...costs, ...(resale && { resale }), ...(powerPricePath && { powerPricePath }) };
}

/** On-prem pool: `count` nodes usable from the start plus purchases, each usable lead_time after its order. */
function onPremPool(pool: PoolInput, path: FieldPath, fail: Fail, reading: DateReading): { nodeCount: number; tranches: Tranche[]; cloud?: undefined } {
  for (const key of ['pricing', 'max', 'autoscale'] as const) {
    if (pool[key] !== undefined) fail([...path, key], 'applies to cloud pools only', "set the site's kind: cloud, or remove it");
  }
  if (pool.provisioning_delay > 0) fail([...path, 'provisioning_delay'], 'applies to cloud pools only', 'on-prem nodes take lead_time after purchase');
  const tranches: Tranche[] = [];
  if (pool.count > 0) tranches.push({ nodes: pool.count, orderedAt: 0, onlineAt: 0 });
  pool.purchases.forEach((p, i) => {
    const ordered = secondsOf(p.ordered, [...path, 'purchases', i, 'ordered'], reading, fail);
    if (ordered !== undefined) tranches.push({ nodes: p.count, orderedAt: ordered, onlineAt: ordered + pool.lead_time });
  });
  if (tranches.length === 0) fail([...path, 'count'], 'the pool has no nodes', 'set count ≥ 1 or add purchases');
  return { nodeCount: tranches.reduce((n, t) => n + t.nodes, 0), tranches };
}

function cloudPool(pool: PoolInput, node: NodeProfile, path: FieldPath, costs: ScenarioInput['costs'], fail: Fail): { nodeCount: number; tranches: Tranche[]; cloud: CloudPoolSpec } {
  if (pool.purchases.length > 0) fail([...path, 'purchases'], 'applies to on-prem pools only', 'cloud capacity is set by count, max and autoscale');
  for (const key of ['capex_per_node', 'capex_reason'] as const) {
    if (pool[key] !== undefined) fail([...path, key], 'applies to on-prem pools only', 'cloud prices come from the instance profile');
  }
  if (pool.lead_time > 0) fail([...path, 'lead_time'], 'applies to on-prem pools only', 'use provisioning_delay for cloud instances');
  const pricing = PRICING_KEYS[pool.pricing ?? (pool.spot ? 'spot' : 'on-demand')];
  if (pricing === 'spot' && !pool.spot) fail([...path, 'pricing'], 'spot pricing needs a spot block', "add spot: {interruption_rate: '0.05 /h'}");
  const burstPricing = pool.spot ? 'spot' : 'on_demand';
  // A queue-only study (costs: none) prices nothing, so an unpriced instance is fine there.
  const models: PricingModel[] = pool.autoscale ? [pricing, burstPricing] : [pricing];
  const priced = costs === 'none' ? [] : [...new Set(models)];
  for (const model of priced) {
    if (node.pricing?.[model] === undefined) {
      fail(
        [...path, model === pricing && pool.pricing !== undefined ? 'pricing' : 'type'],
        `instance '${node.id}' has no ${model.replace('_', '-')} price in its profile`,
        `priced models: ${
          Object.keys(node.pricing ?? {})
            .map((k) => k.replace('_', '-'))
            .join(', ') || 'none'
        }`,
      );
    }
  }
  const max = pool.max ?? pool.count;
  if (max < pool.count) fail([...path, 'max'], `is ${max} but count (committed instances) is ${pool.count}`, 'max is the quota: at least count');
  if (pool.count === 0 && !pool.autoscale) fail([...path, 'count'], 'is 0 without autoscale: the pool would never have an instance', 'set count ≥ 1 or add autoscale');
  if (max === 0) fail([...path, 'max'], 'the pool can never have an instance', 'set max ≥ 1');
  const billing = node.billing ?? { increment: 1, minimum: 60 };
  const cloud: CloudPoolSpec = {
    pricing,
    burstPricing,
    committed: pool.count,
    max: Math.max(max, 1),
    provisioningDelay: pool.provisioning_delay,
    ...(pool.autoscale && { autoscale: { idleTimeout: pool.autoscale.idle_timeout, scaleUpWait: pool.autoscale.scale_up_wait } }),
    billing,
  };
  return { nodeCount: Math.max(max, 1), tranches: pool.count > 0 ? [{ nodes: pool.count, orderedAt: 0, onlineAt: 0 }] : [], cloud };
}
