import type { CostedScenario } from './costed-scenario.js';
import type { UsageLedger } from '../model/usage-ledger.js';
import { costCategories, type ByCategory, type CarbonFootprint, type CostCategory, type CostResult, type EnergyResult, type SiteCost, type UnitCosts } from './cost-result.js';
import { embodiedKg } from './embodied-carbon.js';
import { addInto, cumulative, discountMonths, JOULES_PER_KWH, monthsToYears, sum, yearsIn, zeroMonths } from './planning-calendar.js';
import { projectScenario } from './project-scenario.js';
import type { CostLine, SiteProjection } from './site-projection.js';
import { checkedWindow } from './pool-usage-rates.js';
import { costPerMillionTrainingTokens } from './training-token-cost.js';
import { apiSpend } from './api-spend.js';
import { deadlinePenalties } from './deadline-penalties.js';
import { usageSpans, type UsagePhase } from './fleet-phases.js';

/** A refresh plan's later fleet configuration as the cost layer reads it: its usage from `from` on, and the work it delivered in its window. */
export interface CostPhase extends UsagePhase {
  readonly delivered: DeliveredWork;
}

/** Work the simulation delivered in the ledger's window (from its metrics, not from the ledger). */
export interface DeliveredWork {
  /** jobs completed in the window (all workloads) */
  readonly jobsCompleted: number;
  /** tokens served in the window (inference output tokens: tokens_per_second × window) */
  readonly tokensServed: number;
  /** tokens trained by the training jobs completed in the window */
  readonly trainingTokens: number;
  /** the goodput model only: device-seconds of the window's busy time that were useful work (busy − badput) */
  readonly usefulDeviceSeconds?: number;
}

const noWork: DeliveredWork = { jobsCompleted: 0, tokensServed: 0, trainingTokens: 0 };

/**
 * TCO of a scenario over its planning horizon from one replication's usage ledger: usage rates
 * measured in the ledger's window are held constant over the horizon (see `costBasis` for the
 * plain-language statement), on-prem fleets follow their tranches. Pure: same inputs, same result.
 * @throws RangeError on a negative ledger window or a non-positive horizon; Error on a missing price
 */
export function computeCosts(scenario: CostedScenario, ledger: UsageLedger, delivered: DeliveredWork = noWork, phases?: readonly CostPhase[]): CostResult {
  return costsFromProjection(scenario, ledger, projectScenario(scenario, ledger, phases), delivered, phases);
}

/** `computeCosts` on sites already projected (build-vs-buy and sensitivity reuse projections). */
export function costsFromProjection(scenario: CostedScenario, ledger: UsageLedger, sites: readonly SiteProjection[], delivered: DeliveredWork, phases?: readonly CostPhase[]): CostResult {
  const H = scenario.planning.horizon;
  const r = scenario.planning.discountRate;
  const allLines = sites.flatMap((s) => s.lines);
  const monthlyCost = zeroMonths(H);
  const monthlyCash = zeroMonths(H);
  for (const line of allLines) {
    addInto(monthlyCost, line.cost);
    addInto(monthlyCash, line.cash);
  }
  // tokens bought from managed APIs: their own line, paid as used (cost = cash), in the total and per token
  const api = apiSpend(scenario, ledger);
  if (api) {
    addInto(monthlyCost, api.monthly);
    addInto(monthlyCash, api.monthly);
  }
  // missed pipeline deadlines: their own line like the API's, paid as incurred, in the total but in no category or site
  const penalties = deadlinePenalties(scenario, ledger);
  if (penalties) {
    addInto(monthlyCost, penalties.monthly);
    addInto(monthlyCash, penalties.monthly);
  }
  const discounted = discountMonths(monthlyCash, H, r);
  const busySeconds = sum(sites.flatMap((s) => s.pools.map((p) => sum(p.busyDeviceSeconds))));
  const usefulShare = usefulShareOf(ledger, delivered);
  const total = sum(monthlyCost);
  const horizonPerWindow = H / checkedWindow(ledger);
  // jobs and tokens: each configuration's window rate over its own span (one span: the whole horizon)
  const work = (of: (d: DeliveredWork) => number): number =>
    phases === undefined || phases.length === 0
      ? of(delivered) * horizonPerWindow
      : sum(usageSpans(ledger, phases, H).map((s) => (of(phases.find((p) => p.ledger === s.ledger)?.delivered ?? delivered) * (s.to - s.from)) / checkedWindow(s.ledger)));
  const residuals = sites.flatMap((s) => (s.residual ? [s.residual] : []));

  const perSite: Record<string, SiteCost> = {};
  for (const s of sites) {
    const cost = zeroMonths(H);
    const cash = zeroMonths(H);
    for (const line of s.lines) {
      addInto(cost, line.cost);
      addInto(cash, line.cash);
    }
    const siteTotal = sum(cost);
    const gpuHours = sum(s.pools.map((p) => sum(p.busyDeviceSeconds))) / 3600;
    perSite[s.site] = {
      total: siteTotal,
      by_category: byCategory(s.lines),
      cash: sum(cash),
      npv: sum(discountMonths(cash, H, r)),
      gpu_hours: gpuHours,
      per_gpu_hour: perUnit(siteTotal, gpuHours),
      energy: energyOf([s]),
    };
  }

  const years = yearsIn(H);
  const yearlyByCategory: ByCategory[] = [];
  for (let y = 0; y < years; y++) yearlyByCategory.push(byCategory(allLines, y));

  return {
    horizon_seconds: H,
    total,
    cash: sum(monthlyCash),
    npv: sum(discounted),
    by_category: byCategory(allLines),
    book_value_at_horizon: sum(sites.map((s) => s.bookValueAtHorizon)),
    loan_balance_at_horizon: sum(sites.map((s) => s.loanBalanceAtHorizon)),
    per_site: perSite,
    per_month: { cost: monthlyCost, cash: monthlyCash, cumulative_cash: cumulative(monthlyCash), discounted_cash: discounted },
    per_year: { cost: monthsToYears(monthlyCost, H), cash: monthsToYears(monthlyCash, H), by_category: yearlyByCategory },
    unit_costs: unitCosts(
      total,
      total - (api?.spend.total ?? 0) - (penalties?.penalties.total ?? 0),
      busySeconds / 3600,
      work((d) => d.jobsCompleted),
      work((d) => d.tokensServed),
      work((d) => d.trainingTokens),
      usefulShare,
    ),
    energy: energyOf(sites),
    ...carbonFootprintOf(scenario, sites),
    ...(api && { api_tokens: api.spend }),
    ...(penalties && { deadline_penalties: penalties.penalties }),
    ...(residuals.length > 0 && {
      residual_value: {
        market_value_at_horizon: sum(residuals.map((r) => r.marketValueAtHorizon)),
        resale_at_retirement: sum(residuals.map((r) => r.resaleAtRetirement)),
        book_value_written_off: sum(residuals.map((r) => r.bookValueWrittenOff)),
      },
    }),
  };
}

/** USD per category over the horizon, or over year `year` (0-based) when given. */
function byCategory(lines: readonly CostLine[], year?: number): ByCategory {
  const out = Object.fromEntries(costCategories.map((c) => [c, 0])) as Record<CostCategory, number>;
  for (const line of lines) {
    const months = year === undefined ? line.cost : line.cost.slice(12 * year, 12 * year + 12);
    out[line.category] += sum(months);
  }
  return out;
}

/**
 * The goodput model: the share of the window's busy device-seconds that was useful work, which the
 * projection holds like every other usage rate (so useful device-hours over the horizon = delivered
 * device-hours × this share). Undefined without the goodput model.
 */
function usefulShareOf(ledger: UsageLedger, delivered: DeliveredWork): number | undefined {
  if (delivered.usefulDeviceSeconds === undefined) return undefined;
  const busy = Object.values(ledger.pools).reduce((a, p) => a + p.busy_device_seconds, 0);
  return busy > 0 ? Math.min(1, Math.max(0, delivered.usefulDeviceSeconds / busy)) : 0;
}

/** Less delivered work than this (device-hours, jobs, tokens) counts as none: its unit cost is 0. */
const NO_WORK = 1e-9;

/** USD per unit of work; 0 when no work was delivered. */
export function perUnit(total: number, amount: number): number {
  return amount > NO_WORK ? total / amount : 0;
}

/** `devices`: the TCO without tokens bought from managed APIs, what a GPU-hour costs (the API's tokens ran on no GPU of ours). */
function unitCosts(total: number, devices: number, gpuHours: number, jobs: number, tokens: number, trainingTokens: number, usefulShare: number | undefined): UnitCosts {
  const perTrainingTokens = costPerMillionTrainingTokens(total, trainingTokens);
  return {
    per_gpu_hour: perUnit(devices, gpuHours),
    ...(usefulShare !== undefined && { per_useful_gpu_hour: perUnit(devices, gpuHours * usefulShare), useful_gpu_hours: gpuHours * usefulShare }),
    per_job: perUnit(total, jobs),
    per_million_tokens: perUnit(total, tokens / 1e6),
    ...(perTrainingTokens !== undefined && { per_million_training_tokens: perTrainingTokens }),
    gpu_hours: gpuHours,
    jobs,
    tokens,
    training_tokens: trainingTokens,
  };
}

function energyOf(sites: readonly SiteProjection[]): EnergyResult {
  return {
    it_kwh: sum(sites.map((s) => sum(s.itJoules))) / JOULES_PER_KWH,
    facility_kwh: sum(sites.map((s) => sum(s.facilityJoules))) / JOULES_PER_KWH,
    co2e_kg: sum(sites.map((s) => sum(s.co2eKg))),
  };
}

/** `co2e` when some site opted in (an hourly series or embodied figures); nothing otherwise, so existing results keep their shape. */
function carbonFootprintOf(scenario: CostedScenario, sites: readonly SiteProjection[]): { co2e?: CarbonFootprint } {
  const hourly = scenario.sites.some((s) => s.costs.carbonSeries !== undefined);
  const embodied = scenario.sites.some((s) => s.costs.kind === 'on-prem' && s.costs.embodiedCarbon !== undefined);
  if (!hourly && !embodied) return {};
  const operational = sum(sites.map((s) => sum(s.co2eKg))) / 1000;
  return { co2e: { operational_t: operational, ...(embodied && { embodied_t: sum(scenario.sites.map((s) => embodiedKg(s, scenario.planning.horizon))) / 1000 }) } };
}
