import type { CostedSite, FleetConfiguration } from '../../cost/costed-scenario.js';
import type { PoolSpec } from '../../model/types.js';
import type { SitePower } from '../../model/power/site-power.js';
import { InputError } from '../../support/input-error.js';
import { isRecord } from '../../support/is-record.js';
import type { ResolvedScenario } from '../scenario.js';
import type { YamlSource } from '../yaml-file.js';

/**
 * The fleet configurations of a refresh plan after the first: one per refresh date, each the scenario as
 * written with every pool refreshed by then replaced by its latest generation (its type and count, no
 * purchases, no refreshes) and every other on-prem pool holding the nodes online by that date. Each is resolved like a scenario of its own (`resolveVariant`), so the
 * workloads are checked against the new hardware; its problems are reported at the refresh that makes it.
 * With `purchases` (planning.fleet_windows: every_change) every owned purchase that comes online after the
 * simulated horizon and before the end of the planning horizon opens a configuration too: a new generation bought beside the old one is then simulated
 * with it, not only costed at the first window's rates. Without refreshes (or such purchases): undefined.
 */
export function fleetConfigurations(
  src: YamlSource,
  sites: readonly CostedSite<PoolSpec>[],
  resolveVariant: (variant: YamlSource) => ResolvedScenario,
  purchases?: { readonly after: number; readonly before: number },
): FleetConfiguration<PoolSpec>[] | undefined {
  const refreshDates = sites.flatMap((s) => (s.costs.kind === 'on-prem' ? Object.values(s.costs.refresh ?? {}).flatMap((steps) => steps.map((st) => st.at)) : []));
  const purchaseDates =
    purchases === undefined
      ? []
      : sites.flatMap((s) => (s.costs.kind === 'on-prem' ? s.pools.flatMap((p) => p.tranches.map((t) => t.onlineAt).filter((at) => at > purchases.after && at < purchases.before)) : []));
  const dates = [...new Set([...refreshDates, ...purchaseDates])].sort((a, b) => a - b);
  if (dates.length === 0) return undefined;
  return dates.map((from) => {
    const value = structuredClone(src.value);
    const refreshed: string[] = [];
    for (const site of sites) {
      if (site.costs.kind !== 'on-prem') continue;
      const refresh = site.costs.refresh ?? {};
      // a pool not refreshed holds, in this configuration's window, the nodes online by its date (later purchases
      // are costed with its rates, as purchases after any simulated window are)
      for (const pool of site.pools) {
        const online = pool.tranches.filter((t) => t.onlineAt <= from).reduce((n, t) => n + t.nodes, 0);
        const entry = refresh[pool.id] === undefined && online > 0 ? poolEntry(value, site.name, pool.name) : undefined;
        if (!entry) continue;
        entry.count = online;
        for (const key of ['purchases', 'lead_time']) delete entry[key];
      }
      for (const [poolId, steps] of Object.entries(refresh)) {
        const index = steps.filter((st) => st.at <= from).length - 1;
        if (index < 0) continue;
        const pool = site.pools.find((p) => p.id === poolId);
        const entry = pool && poolEntry(value, site.name, pool.name);
        if (!entry) continue;
        const step = (entry.refresh as unknown[])[index];
        if (!isRecord(step)) continue;
        // the resolved step knows its node (like for like: the previous generation's type)
        entry.type = steps[index]?.node.id ?? entry.type;
        entry.count = step.count;
        for (const key of ['purchases', 'lead_time', 'refresh', 'capex_per_node', 'capex_reason']) delete entry[key];
        if (step.capex_per_node !== undefined) entry.capex_per_node = step.capex_per_node;
        refreshed.push(`sites.${site.name}.${pool.name === 'main' && !isRecord(poolsOf(value, site.name)) ? 'nodes' : `pools.${pool.name}`}.refresh[${String(index)}]`);
      }
    }
    for (const site of sites) if (site.power) powerAt(value, site.name, site.power, from);
    try {
      const variant = resolveVariant({ ...src, value });
      return { from, sites: variant.sites, workloads: variant.workloads };
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      // the variant's fields sit where the scenario wrote them: say which refresh made the fleet that fails
      throw new InputError(err.problems.map((p) => ({ ...p, message: `${p.message} — with the fleet after ${refreshed.join(', ')}` })));
    }
  });
}

function poolsOf(value: unknown, site: string): unknown {
  const sites = isRecord(value) ? value.sites : undefined;
  const s = isRecord(sites) ? sites[site] : undefined;
  return isRecord(s) ? s.pools : undefined;
}

/** The mutable YAML entry of a pool: `sites.<site>.pools.<pool>` or `sites.<site>.nodes`. */
function poolEntry(value: unknown, site: string, pool: string): Record<string, unknown> | undefined {
  const pools = poolsOf(value, site);
  if (isRecord(pools)) {
    const p = pools[pool];
    return isRecord(p) ? p : undefined;
  }
  const sites = isRecord(value) ? value.sites : undefined;
  const s = isRecord(sites) ? sites[site] : undefined;
  const nodes = isRecord(s) ? s.nodes : undefined;
  return isRecord(nodes) ? nodes : undefined;
}

/**
 * A configuration's site power as of its date: the envelope then in force (the last step energised by `from`),
 * and only the upgrades still to come, each energised as long after the configuration's window opens as it is
 * after `from` (the window is simulated from time 0, as every configuration's is). The variant's fleet is then
 * checked, and its deliveries held back, against the envelope of its own date, not of the start. `steps` are the
 * resolved envelope (the start's, then one per upgrade in input order).
 */
function powerAt(value: unknown, site: string, power: SitePower, from: number): void {
  const sites = isRecord(value) ? value.sites : undefined;
  const s = isRecord(sites) ? sites[site] : undefined;
  const block = isRecord(s) ? s.power : undefined;
  if (!isRecord(block)) return;
  const inForce = power.steps.filter((st) => st.at <= from).at(-1);
  if (inForce) block.envelope = `${inForce.watts} W`;
  const upgrades = Array.isArray(block.upgrades) ? (block.upgrades as unknown[]) : [];
  block.upgrades = upgrades.flatMap((u, i) => {
    const energised = power.steps[i + 1]?.at;
    return energised !== undefined && energised > from && isRecord(u) ? [{ ...u, at: `${energised - from} s`, lead_time: '0 s' }] : [];
  });
}

/**
 * The sites with the cooling plant sized for the peak IT power of any fleet configuration: a site's installation
 * carries its first fleet's plant (resolve-power.ts); a later generation drawing more adds (peak − first) × the
 * cooling's capex per W. A site without a power block, or whose later fleets draw less, is unchanged.
 */
export function coolingForPeak(sites: readonly CostedSite<PoolSpec>[], configurations: readonly FleetConfiguration<PoolSpec>[]): CostedSite<PoolSpec>[] {
  return sites.map((site) => {
    const power = site.power;
    if (!power || site.costs.kind !== 'on-prem') return site;
    const peak = Math.max(power.peakIt, ...configurations.map((c) => c.sites.find((s) => s.name === site.name)?.power?.peakIt ?? 0));
    if (!(peak > power.peakIt)) return site;
    const extra = (peak - power.peakIt) * power.coolingCapexPerWatt;
    return { ...site, costs: { ...site.costs, installation: site.costs.installation + extra }, power: { ...power, peakIt: peak, coolingCapex: power.coolingCapex + extra } };
  });
}
