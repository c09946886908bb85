import { costCategories } from '../cost/cost-result.js';
import { SECONDS_PER_YEAR } from '../cost/planning-calendar.js';
import { pathKpi, scaled, scaleEstimate, unionKeys, type Kpi, type KpiFamily } from './kpi-definition.js';
import { horizonsDiffer, planningHorizon } from './planning-horizons.js';
import { summaryKeys } from './result-document.js';

/**
 * KPIs of the `cost` section (src/cost/cost-result.ts, one CostResult per replication, summarised in
 * `summary.cost`): TCO over the planning horizon, unit costs, energy and emissions. A result without
 * `cost` yields undefined for each, and rows absent from every result are dropped.
 */

const tco = pathKpi({ id: 'cost.total', label: 'TCO over the planning horizon', group: 'Cost', unit: 'usd', better: 'lower', headline: true, horizonTotal: true }, ['cost', 'total']);
const cash = pathKpi({ id: 'cost.cash', label: 'cash out over the horizon', group: 'Cost', unit: 'usd', better: 'lower', horizonTotal: true }, ['cost', 'cash']);
const energy = scaled(
  pathKpi({ id: 'energy.facility_mwh', label: 'facility energy over the horizon', group: 'Energy and emissions', unit: 'number', suffix: 'MWh', better: 'lower', horizonTotal: true }, [
    'cost',
    'energy',
    'facility_kwh',
  ]),
  1e-3,
);
const emissions = scaled(
  pathKpi({ id: 'energy.co2e_t', label: 'emissions over the horizon', group: 'Energy and emissions', unit: 'number', suffix: 't CO2e', better: 'lower', headline: true, horizonTotal: true }, [
    'cost',
    'energy',
    'co2e_kg',
  ]),
  1e-3,
);

const totals: KpiFamily = {
  id: 'cost',
  expand: () => [
    tco,
    pathKpi({ id: 'cost.npv', label: 'net present value of cash out', group: 'Cost', unit: 'usd', better: 'lower', horizonTotal: true }, ['cost', 'npv']),
    cash,
    pathKpi({ id: 'cost.per_gpu_hour', label: 'cost per delivered GPU-hour', group: 'Unit costs', unit: 'usd', suffix: '/GPU-h', better: 'lower', headline: true }, [
      'cost',
      'unit_costs',
      'per_gpu_hour',
    ]),
    // the goodput model only (absent elsewhere, so no row): the same TCO over the useful device-hours
    pathKpi({ id: 'cost.per_useful_gpu_hour', label: 'cost per useful GPU-hour', group: 'Unit costs', unit: 'usd', suffix: '/GPU-h', better: 'lower', headline: true }, [
      'cost',
      'unit_costs',
      'per_useful_gpu_hour',
    ]),
    pathKpi({ id: 'cost.per_job', label: 'cost per completed job', group: 'Unit costs', unit: 'usd', suffix: '/job', better: 'lower' }, ['cost', 'unit_costs', 'per_job']),
    pathKpi({ id: 'cost.per_million_tokens', label: 'cost per million served tokens', group: 'Unit costs', unit: 'usd', suffix: '/Mtok', better: 'lower', headline: true }, [
      'cost',
      'unit_costs',
      'per_million_tokens',
    ]),
    // Absent (a "—" cell) where no training job completed: there is no cost per training token there.
    pathKpi({ id: 'cost.per_million_training_tokens', label: 'cost per million training tokens', group: 'Unit costs', unit: 'usd', suffix: '/Mtok', better: 'lower', headline: true }, [
      'cost',
      'unit_costs',
      'per_million_training_tokens',
    ]),
    // tokens bought from managed APIs (absent, so no row, where no workload used one)
    pathKpi({ id: 'cost.api_tokens', label: 'managed-API tokens (list prices)', group: 'Cost', unit: 'usd', better: 'lower', horizonTotal: true }, ['cost', 'api_tokens', 'total']),
    energy,
    emissions,
  ],
};

/**
 * A horizon total per year of each result's own planning horizon: what results with different
 * horizons can be compared on. (NPV is left out: discounting does not annualise linearly.)
 */
function perYear(kpi: Kpi, id: string, label: string): Kpi {
  const factor = (r: Parameters<Kpi['estimate']>[0]) => {
    const h = planningHorizon(r);
    return h === undefined ? undefined : SECONDS_PER_YEAR / h;
  };
  return {
    ...kpi,
    id,
    label,
    horizonTotal: false,
    estimate: (r) => {
      const f = factor(r);
      const e = kpi.estimate(r);
      return f === undefined || e === undefined ? undefined : scaleEstimate(e, f);
    },
    values: (r) => {
      const f = factor(r);
      return f === undefined ? undefined : kpi.values(r)?.map((v) => v * f);
    },
  };
}

/** Annualised totals, only when the results' planning horizons differ (else the totals compare as they are). */
const annualised: KpiFamily = {
  id: 'cost.per_year',
  expand: (results) =>
    horizonsDiffer(results)
      ? [
          { ...perYear(tco, 'cost.total_per_year', 'TCO per year (annualised)'), headline: true },
          perYear(cash, 'cost.cash_per_year', 'cash out per year (annualised)'),
          perYear(energy, 'energy.facility_mwh_per_year', 'facility energy per year (annualised)'),
          { ...perYear(emissions, 'energy.co2e_t_per_year', 'emissions per year (annualised)'), headline: true },
        ]
      : [],
};

/** Each cost category's share, for the table behind the breakdown chart and for deltas. */
const categories: KpiFamily = {
  id: 'cost.category',
  expand: () =>
    costCategories.map((c) => pathKpi({ id: `cost.category[${c}]`, label: `cost: ${c.replaceAll('_', ' ')}`, group: 'Cost by category', unit: 'usd', better: 'lower' }, ['cost', 'by_category', c])),
};

const perSite: KpiFamily = {
  id: 'cost.site',
  expand: (results) => {
    const sites = unionKeys(results, (r) => summaryKeys(r, ['cost', 'per_site']));
    if (sites.length < 2) return [];
    return sites.map((s) => pathKpi({ id: `cost.site[${s}].total`, label: `site ${s}: TCO`, group: 'Cost', unit: 'usd', better: 'lower', horizonTotal: true }, ['cost', 'per_site', s, 'total']));
  },
};

/** Operational and embodied CO2e apart, only for results that report them (an hourly series or embodied figures). */
const carbonSplit: KpiFamily = {
  id: 'cost.co2e',
  expand: (results) => {
    const labels: Record<string, string> = { operational_t: 'operational emissions over the horizon', embodied_t: 'embodied emissions over the horizon (amortised)' };
    return unionKeys(results, (r) => summaryKeys(r, ['cost', 'co2e']))
      .filter((k) => labels[k] !== undefined)
      .map((k) => pathKpi({ id: `co2e.${k}`, label: labels[k] ?? k, group: 'Energy and emissions', unit: 'number', suffix: 't CO2e', better: 'lower', horizonTotal: true }, ['cost', 'co2e', k]));
  },
};

export const costKpiFamilies: readonly KpiFamily[] = [totals, annualised, perSite, carbonSplit, categories];
