import { costCategories } from '../cost/cost-result.js';
import { pathKpi, scaled, unionKeys, type KpiFamily } from './kpi-definition.js';
import { summaryKeys } from './result-document.js';

/**
 * KPIs of the `cost` section (src/cost/cost-result.ts, one CostResult per replication, summarised in
 * `summary.cost`): TCO over the planning horizon, unit costs, energy and emissions. A result without
 * `cost` yields undefined for each, and rows absent from every result are dropped.
 */

const totals: KpiFamily = {
  id: 'cost',
  expand: () => [
    pathKpi({ id: 'cost.total', label: 'TCO over the planning horizon', group: 'Cost', unit: 'usd', better: 'lower', headline: true }, ['cost', 'total']),
    pathKpi({ id: 'cost.npv', label: 'net present value of cash out', group: 'Cost', unit: 'usd', better: 'lower' }, ['cost', 'npv']),
    pathKpi({ id: 'cost.cash', label: 'cash out over the horizon', group: 'Cost', unit: 'usd', better: 'lower' }, ['cost', 'cash']),
    pathKpi({ id: 'cost.per_gpu_hour', label: 'cost per delivered GPU-hour', group: 'Unit costs', unit: 'usd', suffix: '/GPU-h', better: 'lower', headline: true }, ['cost', 'unit_costs', 'per_gpu_hour']),
    pathKpi({ id: 'cost.per_job', label: 'cost per completed job', group: 'Unit costs', unit: 'usd', suffix: '/job', better: 'lower' }, ['cost', 'unit_costs', 'per_job']),
    pathKpi({ id: 'cost.per_million_tokens', label: 'cost per million tokens', group: 'Unit costs', unit: 'usd', suffix: '/Mtok', better: 'lower' }, ['cost', 'unit_costs', 'per_million_tokens']),
    scaled(pathKpi({ id: 'energy.facility_mwh', label: 'facility energy over the horizon', group: 'Energy and emissions', unit: 'number', suffix: 'MWh', better: 'lower' }, ['cost', 'energy', 'facility_kwh']), 1e-3),
    scaled(pathKpi({ id: 'energy.co2e_t', label: 'emissions over the horizon', group: 'Energy and emissions', unit: 'number', suffix: 't CO2e', better: 'lower', headline: true }, ['cost', 'energy', 'co2e_kg']), 1e-3),
  ],
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
    return sites.map((s) => pathKpi({ id: `cost.site[${s}].total`, label: `site ${s}: TCO`, group: 'Cost', unit: 'usd', better: 'lower' }, ['cost', 'per_site', s, 'total']));
  },
};

export const costKpiFamilies: readonly KpiFamily[] = [totals, perSite, categories];
