import type { CostedScenario } from './costed-scenario.js';
import { describePricePath } from './price-path.js';
import { describeResaleCurve } from './residual-value.js';
import { formatDay } from '../support/calendar.js';
import { SECONDS_PER_YEAR } from './planning-calendar.js';

/**
 * The cost basis sentences of the calendar, refreshes, residual value and price paths (docs/cost-model.md,
 * Refresh, residual value and price paths). Each is absent when the scenario does not use it, so the basis of
 * every other scenario is unchanged.
 */
export interface RefreshBasis {
  readonly calendar?: string;
  readonly refresh?: string;
  readonly residual_value?: string;
  readonly price_paths?: string;
}

/** `2027-01-01` from s after the start, or `t = 1.5 years` without a start. */
export function dateOfFor(scenario: Pick<CostedScenario, 'start'>): (t: number) => string {
  const start = scenario.start === undefined ? undefined : Date.parse(scenario.start);
  return (t) => (start === undefined ? `t = ${num(t / SECONDS_PER_YEAR)} years` : formatDay(start + t * 1000));
}

export function refreshBasis(scenario: CostedScenario): RefreshBasis {
  const dateOf = dateOfFor(scenario);
  const zones = scenario.sites.filter((s) => s.timeZone !== undefined).map((s) => `${s.name} in ${s.timeZone ?? ''}`);
  const calendar =
    scenario.start === undefined
      ? undefined
      : `Simulation time 0 is ${scenario.start.replace('.000Z', 'Z')}; the planning horizon runs from ${dateOf(0)} to ${dateOf(scenario.planning.horizon)} (months of 1/12 year, 30.4375 days, not calendar months). ` +
        `Dates without a zone are read ${zones.length > 0 ? `in their site's time zone (${zones.join(', ')}; UTC elsewhere)` : 'in UTC'}; dates printed are UTC.`;

  const onPrem = scenario.sites.flatMap((s) => (s.costs.kind === 'on-prem' ? [{ site: s, costs: s.costs }] : []));
  const steps = onPrem.flatMap(({ site, costs }) =>
    Object.entries(costs.refresh ?? {}).flatMap(([pool, list]) => {
      const before = site.pools.find((p) => p.id === pool);
      return list.map((st, i) => {
        const from = i === 0 ? `${String(before?.nodeCount ?? 0)} × ${before?.node.id ?? '?'}` : `${String(list[i - 1]?.nodes ?? 0)} × ${list[i - 1]?.node.id ?? '?'}`;
        return `${pool} on ${dateOf(st.at)}: ${from} retired and sold, ${String(st.nodes)} × ${st.node.id} bought at ${String(Number(st.capexPerNode.toFixed(2)))} USD per node and online that day`;
      });
    }),
  );
  const configurations = scenario.configurations ?? [];
  const refresh =
    steps.length === 0
      ? undefined
      : `Fleet refresh: ${steps.join('; ')}. Years are not simulated: each fleet configuration (${String(configurations.length + 1)}: from ${[0, ...configurations.map((c) => c.from)].map(dateOf).join(', from ')}) ` +
        `is simulated for the same window with the same seed and workloads, and its measured usage (utilisation, energy per node, cloud instance-hours, jobs and tokens per unit of time) ` +
        `is projected over its own period, month by month, with the dated prices, generations and residual values. Managed-API tokens stay at the first configuration's rate.`;

  const resale = onPrem.filter(({ costs }) => costs.resale !== undefined);
  const noCurve = onPrem.filter(({ costs }) => costs.resale === undefined && costs.refresh !== undefined);
  const residual =
    resale.length === 0 && noCurve.length === 0
      ? undefined
      : [
          ...resale.map(
            ({ site, costs }) =>
              `${site.name}: second-hand value of its nodes by age from a ${costs.resale ? describeResaleCurve(costs.resale) : ''} (the site's network, storage and installation are ASSUMED to fetch nothing); nodes held at the horizon are credited at that value in the last month's cash (so in cash and NPV, not in the accounting total, ` +
              `beside the straight-line book value), and a generation retired by a refresh is sold at it (cash in; the book value left, less the sale, is charged to hardware depreciation then)`,
          ),
          ...noCurve.map(
            ({ site }) => `${site.name}: no resale curve given, so retired hardware is ASSUMED to fetch nothing (its book value left is written off) and no residual value is credited at the horizon`,
          ),
        ].join('; ') + '.';

  const paths = [
    ...onPrem.flatMap(({ site, costs }) => (costs.powerPricePath ? [`electricity at ${site.name}: ${describePricePath(costs.powerPricePath, dateOf)}`] : [])),
    ...scenario.sites.flatMap((s) => (s.costs.kind === 'cloud' && s.costs.pricePath ? [`instance prices at ${s.name}: ${describePricePath(s.costs.pricePath, dateOf)}`] : [])),
    ...(scenario.planning.rental?.pricePath ? [`the rental build-vs-buy compares with (${scenario.planning.rental.instance}): ${describePricePath(scenario.planning.rental.pricePath, dateOf)}`] : []),
  ];
  const pricePaths =
    paths.length === 0
      ? undefined
      : `Price paths, multiples of the stated price applied to each month at its middle: ${paths.join('; ')}. Prices without a path stay constant; capex is paid at the prices stated for each purchase and refresh.`;
  return {
    ...(calendar && { calendar }),
    ...(refresh && { refresh }),
    ...(residual && { residual_value: residual }),
    ...(pricePaths && { price_paths: pricePaths }),
  };
}

function num(x: number): string {
  return String(Number(x.toPrecision(3)));
}
