import type { NodePower, NodeProfile } from '../../model/types.js';
import type { SiteCostInputs } from '../../cost/cost-inputs.js';
import type { ScenarioInput } from '../scenario-schema.js';
import type { Fail } from './resolve-context.js';

type SiteInput = ScenarioInput['sites'][string];
type PoolInput = NonNullable<SiteInput['nodes']>;

/** A pool of a site as the cost inputs see it: its scenario entry, its node profile and where it is written. */
export interface CostedPool {
  readonly pool: PoolInput;
  readonly node: NodeProfile;
  readonly poolName: string;
  readonly path: readonly (string | number)[];
}

const YEAR = 365.25 * 86_400;
const TURN_COSTS_OFF = 'or set costs: none at the top of the scenario for a queue-only study';

/**
 * The cost inputs of one site. With `costs: tco` nothing may be silently free: every owned pool needs
 * a price (the pool's capex_per_node, else its node profile's price; 0 only with a reason) and a power
 * figure (the node's, else its parts'), and a missing one is reported at the pool's `type`. With
 * `costs: none` prices may be absent: no cost figure is computed from them.
 */
export function resolveSiteCosts(site: SiteInput, siteName: string, pools: readonly CostedPool[], costs: ScenarioInput['costs'], fail: Fail): SiteCostInputs {
  if (site.kind === 'cloud') {
    const c = site.costs;
    for (const { pool, path } of pools) {
      if (pool.embodied_carbon) fail([...path, 'embodied_carbon'], 'applies to on-prem pools only', "a cloud provider's hardware is not in this plan's embodied carbon");
    }
    return {
      kind: 'cloud',
      instancePrices: Object.fromEntries(pools.map(({ node, poolName }) => [`${siteName}/${poolName}`, { ...(node.pricing ?? {}) }])),
      computeDiscount: c.discount,
      storageBytes: c.storage,
      storagePrice: c.storage_price,
      egressPrice: c.egress_price,
      supportRate: c.support,
      pue: c.pue,
      carbonIntensity: c.carbon_intensity,
    };
  }
  const c = site.costs;
  const capexPerNode: Record<string, number> = {};
  const capexReasons: Record<string, string> = {};
  for (const { pool, node, poolName, path } of pools) {
    const id = `${siteName}/${poolName}`;
    const price = pool.capex_per_node ?? node.price;
    const reason = pool.capex_per_node !== undefined ? pool.capex_reason : node.price_reason;
    if (reason !== undefined) capexReasons[id] = reason;
    if (price !== undefined) capexPerNode[id] = price;
    else if (costs === 'tco') {
      fail(
        [...path, 'type'],
        `node profile '${node.id}' has no price and the pool sets no capex_per_node: the TCO cannot cost these nodes`,
        `give price in the profile, set capex_per_node on this pool (with capex_reason when it is 0 USD), ${TURN_COSTS_OFF}`,
      );
    }
    if (costs === 'tco' && nodePower(node, c.idle_power_fraction) === undefined) {
      fail(
        [...path, 'type'],
        `node profile '${node.id}' has no power figure (no power.max, and neither its accelerators nor its CPUs publish power): the TCO cannot cost its energy`,
        `give power: {max: …} in the profile, ${TURN_COSTS_OFF}`,
      );
    }
    if (pool.capex_reason !== undefined && pool.capex_per_node === undefined) {
      fail([...path, 'capex_reason'], 'explains capex_per_node, which the pool does not set', 'set capex_per_node, or give price_reason in the node profile');
    }
  }
  const embodiedCarbon: Record<string, { kgPerNode: number; life: number }> = {};
  for (const { pool, node, poolName } of pools) {
    const e = pool.embodied_carbon;
    if (!e) continue;
    embodiedCarbon[`${siteName}/${poolName}`] = { kgPerNode: e.per_system_kg + e.per_device_kg * (node.accelerators?.count ?? 0), life: e.life };
  }
  for (const [i, t] of (c.time_of_day ?? []).entries()) {
    if (t.to <= t.from) fail(['sites', siteName, 'costs', 'time_of_day', i, 'to'], `ends at hour ${t.to}, not after its start ${t.from}`);
  }
  return {
    kind: 'on-prem',
    capexPerNode,
    ...(Object.keys(capexReasons).length > 0 && { capexReasons }),
    networkCapex: c.network,
    storageCapex: c.storage,
    installation: c.installation,
    depreciationLife: c.depreciation,
    ...(c.financing && { financing: { annualRate: c.financing.rate, term: c.financing.term } }),
    powerPrice: c.power_price,
    ...(c.time_of_day && { timeOfDayPrices: c.time_of_day.map((t) => ({ fromHour: t.from, toHour: t.to, price: t.price })) }),
    pue: c.pue,
    colocationPerWatt: c.colocation,
    maintenanceRate: c.maintenance / YEAR,
    staffFte: c.staff,
    staffCostPerFte: c.staff_cost,
    licences: c.licences,
    licencesPerNode: c.licences_per_node,
    carbonIntensity: c.carbon_intensity,
    egressPrice: c.egress_price,
    ...(Object.keys(embodiedCarbon).length > 0 && { embodiedCarbon }),
  };
}

/**
 * Node power, W: the node profile's own figure, else the sum of its parts' (accelerators, CPUs,
 * drives, NICs) — each part's idle figure where published, else `idleFraction` of its maximum.
 * Whenever `idleFraction` stands in for a missing idle figure the result says so
 * (`idleAssumedFraction`), so the cost basis can print the assumption. Absent when neither the node
 * nor its accelerators or CPUs publish any power.
 */
export function nodePower(node: NodeProfile, idleFraction: number): NodePower | undefined {
  const assumed = { idleAssumedFraction: idleFraction };
  if (node.power) {
    const { idle, max } = node.power;
    return idle !== undefined ? { idle, max } : { idle: max * idleFraction, max, ...assumed };
  }
  if (!node.accelerators?.profile.power && !node.cpus?.profile.power) return undefined;
  const parts = [node.accelerators, node.cpus, ...node.storage, ...node.network].filter((c) => c !== undefined);
  let idle = 0;
  let max = 0;
  let anyAssumed = false;
  for (const { profile, count } of parts) {
    if (!profile.power) continue;
    max += count * profile.power.max;
    if (profile.power.idle === undefined) anyAssumed = true;
    idle += count * (profile.power.idle ?? profile.power.max * idleFraction);
  }
  return anyAssumed ? { idle, max, ...assumed } : { idle, max };
}
