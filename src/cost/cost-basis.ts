import type { NodePower, Pool } from '../model/types.js';
import type { CostedScenario, CostedSite } from './costed-scenario.js';
import type { UsageLedger } from '../model/usage-ledger.js';
import { monthsIn, SECONDS_PER_YEAR } from './planning-calendar.js';
import { fabricBasis } from './fabric-basis.js';
import type { SiteCostInputs } from './cost-inputs.js';
import { dateOfFor, refreshBasis } from './refresh-basis.js';
import { powerBasis } from './power-basis.js';
import { dataStorageBasis } from './data-storage-basis.js';

/**
 * How the cost figures were obtained, in plain language, for the report to print next to them.
 * Kept apart from the numeric `CostResult` tree (which is summarised over replications).
 */
export interface CostBasis {
  /** how the simulated window is extrapolated to the planning horizon */
  readonly projection: string;
  /** per pool: the node price and power figure the TCO uses and where they come from (free hardware says why) */
  readonly hardware: string;
  readonly capex: string;
  readonly financing: string;
  readonly energy: string;
  readonly cloud: string;
  readonly npv: string;
  readonly unit_costs: string;
  readonly emissions: string;
  /** managed-API tokens (src/cost/api-spend.ts): which offerings at which list prices; absent when no workload uses one */
  readonly api_tokens?: string;
  /** leaf/spine fabrics (src/cost/fabric-capex.ts): switches and optics per pool, their prices, and how uplinks are shared; absent when no pool has a fabric */
  readonly fabric?: string;
  /** the goodput model (docs/failures.md): what a useful GPU-hour is and what spares cost; absent without it */
  readonly goodput?: string;
  /** the start date and time zones (absent without a start) */
  readonly calendar?: string;
  /** the refreshes and how each fleet configuration's usage is projected (absent without refreshes) */
  readonly refresh?: string;
  /** the resale curve and how residual value counts (absent without a resale curve or refresh) */
  readonly residual_value?: string;
  /** electricity, cloud and rental price paths (absent when every price is constant) */
  readonly price_paths?: string;
  /** power-capped sites: envelope, upgrades, deliveries that waited for power, cooling, power caps (absent without `power:`) */
  readonly power?: string;
  /** lakes and stream brokers (docs/pipelines.md): how their size and price are projected; absent without either */
  readonly data_storage?: string;
}

/** The basis of `computeCosts` for this scenario (and, when given, the ledger's window length). */
export function costBasis(scenario: CostedScenario, ledger?: Pick<UsageLedger, 'window'>): CostBasis {
  const H = scenario.planning.horizon;
  const years = H / SECONDS_PER_YEAR;
  const windowText = ledger ? `the ${num(ledger.window / 86_400)}-day statistics window` : 'the statistics window';
  const onPrem = scenario.sites.filter((s) => s.costs.kind === 'on-prem');
  const financed = onPrem.filter((s) => s.costs.kind === 'on-prem' && s.costs.financing);
  const apiTokens = apiTokensBasis(scenario);
  const fabric = fabricBasis(scenario);
  const dated = refreshBasis(scenario);
  const power = powerBasis(scenario);
  const dataStorage = dataStorageBasis(scenario);
  const from = scenario.start === undefined ? 'from simulation time 0' : `from ${dateOfFor(scenario)(0)}`;
  const assumedBeyond = [dated.refresh ? undefined : 'hardware refresh', dated.residual_value ? undefined : 'residual value', dated.price_paths ? undefined : 'price change'].filter(
    (x) => x !== undefined,
  );
  const beyond =
    dated.refresh || dated.residual_value || dated.price_paths
      ? `On-prem fleets grow as their tranches come online${dated.refresh ? ' and change generation at each refresh' : ''}; no growth${assumedBeyond.length > 0 ? `, ${assumedBeyond.join(', ')}` : ''} is assumed beyond that and what the refresh, residual value and price path lines below state.`
      : `On-prem fleets grow as their tranches come online; no growth, price change, hardware refresh or residual value is assumed beyond that.`;
  return {
    projection:
      (dated.refresh
        ? `Usage measured over ${windowText} of each fleet configuration's simulation is assumed to continue unchanged over that configuration's period of the `
        : `Usage measured over ${windowText} of the simulation is assumed to continue unchanged for the whole `) +
      `${num(years)}-year planning horizon (${monthsIn(H)} months of 1/12 year, ${from}): utilisation, energy per ` +
      `online node, cloud instance-hours billed per pricing model, bytes moved between sites, and jobs and tokens delivered ` +
      `per unit of time are held constant. ${beyond}`,
    hardware: scenario.sites.flatMap((site) => site.pools.map((pool) => poolBasis(site, pool))).join('; ') + '.',
    capex:
      `On-prem hardware (nodes per tranche; the site's network, storage and installation with its first tranche) is paid ` +
      `when ordered and depreciated straight-line from when it comes online over the depreciation life; only the ` +
      `depreciation falling inside the horizon counts in the total (what is left is reported as book value). ` +
      `Maintenance is a yearly share of hardware capex from when it is online.`,
    financing:
      financed.length === 0
        ? 'No capex is financed: it is paid in cash when ordered.'
        : `Capex of ${financed.map((s) => s.name).join(', ')} is financed by a loan repaid in equal monthly instalments ` +
          `(annuity); the interest is the financing cost, and instalments due after the horizon are not counted ` +
          `(the balance still owed is reported).`,
    energy:
      `On-prem energy = IT energy × PUE × electricity price; with time-of-day prices, each hour's price is weighted by ` +
      `the share of energy drawn in that hour during the window. Colocation is charged per watt of the nodes' maximum power.`,
    cloud: `Cloud compute = instance-hours billed per pricing model × price × (1 − negotiated discount); storage per GB-month; ` + `egress per GB sent out; support as a share of compute and storage.`,
    npv: `NPV discounts each month's cash at ${num(scenario.planning.discountRate * 100)} % a year from the end of that month: ` + `cash / (1 + r)^(t / 1 year).`,
    unit_costs:
      `Unit costs divide the undiscounted total over the horizon by the work delivered over the horizon at the window's ` +
      `rate: busy device-hours, completed jobs, and served output tokens (0 when there was none); and training tokens of ` +
      `completed training jobs (no such unit cost when there was none). Each divides the whole TCO: in a mix of training ` +
      `and serving, the cost per training token and per served token each carry all of it and do not add up.`,
    emissions: `Emissions = facility energy (IT × PUE; the provider's PUE for cloud sites) × the site's grid carbon intensity.${hourlyCarbonBasis(scenario.sites)}${embodiedCarbonBasis(scenario.sites)}`,
    ...(apiTokens && { api_tokens: apiTokens }),
    ...(fabric && { fabric }),
    ...(scenario.failures?.goodput && { goodput: goodputBasis(scenario.failures.goodput.spares) }),
    ...dated,
    ...(power && { power }),
    ...(dataStorage && { data_storage: dataStorage }),
  };
}

/** The goodput model's assumptions as the basis states them. */
function goodputBasis(spares: Readonly<Record<string, { readonly nodes: number; readonly swap: number }>>): string {
  const held = Object.entries(spares).map(([pool, s]) => `${s.nodes} nodes of ${pool}`);
  return (
    `Cost per useful GPU-hour divides the same total by the delivered device-hours less the badput measured in the window ` +
    `(work lost to failures and preemptions, checkpoint writes, restarts, waits for a hot spare or a repair), the window's ` +
    `useful share held over the horizon. ` +
    (held.length > 0 ? `Hot spares (${held.join(', ')}) are bought, maintained and powered like any node and never busy.` : 'No hot spares are held.')
  );
}

/** The managed-API offerings the workloads buy tokens from, in words; undefined when none does. */
function apiTokensBasis(scenario: CostedScenario): string | undefined {
  const used = scenario.workloads.flatMap((w) => {
    const o = w.kind === 'inference' ? (w.api ?? w.overflow?.offering) : undefined;
    if (!o) return [];
    const limits = o.rateLimits ? `rate limits of tier “${o.rateLimits.tier}”` : 'no published rate limit (none enforced)';
    return [`${w.name} → ${o.id} (${o.provider}): ${num(o.price.input)} / ${num(o.price.output)} USD per million prompt / output tokens, list price of ${o.pricedOn}; ${limits}`];
  });
  if (used.length === 0) return undefined;
  return (
    `Managed-API tokens = the window's billed prompt and output tokens × list price, held at the window's rate and paid as used: ${used.join('; ')}. ` +
    `Every prompt token is priced uncached (prompt-cache hits are not modelled); a request refused over a rate limit (HTTP 429) is not billed; ` +
    `workloads naming the same offering share its limits.`
  );
}

/** One pool's price and power in words: what is counted, and where it comes from. */
function poolBasis(site: CostedSite, pool: Pool): string {
  const power = pool.power
    ? `${num(pool.power.max / 1000)} kW max per node (${pool.node.power ? 'node profile' : 'sum of its parts'}; ${idleBasis(pool.power, pool.node.power !== undefined)})`
    : 'no power figure published: its energy and emissions count as 0';
  if (site.costs.kind === 'cloud') {
    const model = pool.cloud?.pricing ?? 'on_demand';
    const hourly = pool.node.pricing?.[model];
    return `${pool.id}: ${pool.node.id} at ${hourly === undefined ? 'no price' : `${num(hourly * 3600)} USD/h`} (${model.replace('_', '-')}), ${power}`;
  }
  const price = site.costs.capexPerNode[pool.id];
  const reason = site.costs.capexReasons?.[pool.id];
  const from = price === undefined ? '' : price === pool.node.price && reason === pool.node.price_reason ? 'node profile price' : 'capex_per_node';
  const priced =
    price === undefined
      ? 'no price'
      : price === 0
        ? `FREE HARDWARE, 0 USD per node (${from}: ${reason ?? 'no reason given'})`
        : `${String(Number(price.toFixed(2)))} USD per node (${from}${reason ? `: ${reason}` : ''})`;
  return `${pool.id}: ${pool.nodeCount} × ${pool.node.id} at ${priced}, ${power}`;
}

/**
 * The idle draw and where it comes from. An assumed idle figure is said to be one, with the fraction
 * of the maximum that stands in for it: nothing the energy cost rests on is silently assumed.
 */
function idleBasis(power: NodePower, ownFigure: boolean): string {
  const idle = `idle ${num(power.idle / 1000)} kW`;
  if (power.idleAssumedFraction === undefined) return `${idle} published`;
  const share = `${num(power.idleAssumedFraction * 100)} % of max`;
  return ownFigure
    ? `${idle} ASSUMED: ${share} (idle_power_fraction), the profile publishes no idle figure`
    : `${idle}, ASSUMED ${share} (idle_power_fraction) for the parts that publish no idle figure`;
}

/** A number with at most 3 significant digits, no exponent, no locale. */
function num(x: number): string {
  return String(Number(x.toPrecision(3)));
}

/**
 * What an hourly intensity series is matched with, said per site that has one; empty without any series
 * (so the basis of every existing scenario is unchanged).
 */
function hourlyCarbonBasis(sites: readonly { readonly name: string; readonly costs: SiteCostInputs }[]): string {
  return sites
    .map(({ name, costs }) => {
      const series = costs.carbonSeries;
      if (!series) return '';
      const aligned =
        series.alignedBy === 'calendar'
          ? `aligned to the scenario's start (series hour 0 is simulation hour ${String(series.firstHour)})`
          : "the scenario has no start, so hour 0 of the simulation is the file's first hour";
      return (
        ` Site ${name}: the intensity is the hourly series ${series.declared} (${String(series.kgPerJoule.length)} h, ${aligned}), each hour weighted by the site's IT energy ` +
        `in that hour of the day in the simulated window (the usage ledger's energy by hour of day, summed over the site's pools): operational emissions per joule = ` +
        `Σ energy(hour of day) × intensity(hour) / Σ energy(hour of day) over the series' hours, applied to all the site's facility energy over the horizon (the series' days stand for every day).`
      );
    })
    .join('');
}

/** What the embodied CO2e covers; empty when no pool gives embodied_carbon. */
function embodiedCarbonBasis(sites: readonly { readonly costs: SiteCostInputs }[]): string {
  const any = sites.some((s) => s.costs.kind === 'on-prem' && s.costs.embodiedCarbon !== undefined);
  return any
    ? ' Embodied CO2e (co2e.embodied_t, apart from the operational co2e.operational_t) = nodes × (per-system + per-device × devices per node) kg, spread evenly over the given life from when each tranche comes online, the part inside the planning horizon; pools without embodied_carbon add none (cloud pools are never counted).'
    : '';
}
