/**
 * Results for report tests: real simulations of small scenarios (through the scenario layer, as a
 * user's file would go), and a synthetic `cost` section in the shape of src/cost/cost-result.ts for
 * the cost charts until every result carries a real one.
 */
import { costCategories, type CostResult } from '../../src/cost/cost-result.js';
import { summariseReplications } from '../../src/metrics/summarise-replications.js';
import type { ResolvedScenario as Scenario } from '../../src/scenario/scenario.js';
import type { ResultDocument } from '../../src/report/result-document.js';
import type { SweepVariant } from '../../src/report/sweep-charts.js';
import { simulate, type SimulationResult } from '../../src/simulate/simulate.js';
import { buildScenario, type WorkloadSpec } from '../support/scenario-yaml.js';

const train = (rate: number): WorkloadSpec => ({
  name: 'train',
  pool: 'main',
  arrivals: `{ rate: ${rate} /h }`,
  devices: '{ kind: empirical, values: [1, 2, 4], weights: [3, 2, 1] }',
  referenceTime: '{ kind: exponential, mean: 2 h }',
});
const tune: WorkloadSpec = { name: 'tune', pool: 'main', arrivals: '{ rate: 2 /h }', devices: '1', referenceTime: '{ kind: exponential, mean: 1 h }' };

/** A cluster of `devices` reference GPUs (one node) under an offered load of 5 busy devices; same seed ⇒ common random numbers. */
export function clusterScenario(devices: number, options: { name?: string; seed?: number; replications?: number; horizon?: string; trainRate?: number } = {}): Scenario {
  return buildScenario({
    name: options.name ?? `cluster-${devices}`,
    seed: options.seed ?? 11,
    horizon: options.horizon ?? '1000 h',
    warmup: '20 h',
    replications: options.replications ?? 5,
    pools: [{ devices }],
    workloads: [train(options.trainRate ?? 1.5), tune],
  });
}

export function run(scenario: Scenario): SimulationResult {
  return simulate(scenario);
}

/** The result as a saved file would give it back (plain JSON). */
export function asJson(result: SimulationResult | ResultDocument): ResultDocument {
  return JSON.parse(JSON.stringify(result)) as ResultDocument;
}

const MONTHS = 60;

/**
 * A cost section for a result, replacing any real one: capex-heavy or pay-as-you-go, deterministic
 * per replication (a small jitter so intervals are not empty), summarised like every other figure;
 * with `analysis`, a `cost_analysis` (sensitivity, build-vs-buy, basis), else none.
 */
export function withSyntheticCost(result: ResultDocument, shape: { capex: number; monthly: number; jitter?: number }, analysis = false): ResultDocument {
  const replications = result.replications.map((r, k) => {
    const j = 1 + (shape.jitter ?? 0.01) * (k - (result.replications.length - 1) / 2);
    const cash = Array.from({ length: MONTHS }, (_, m) => (m === 0 ? shape.capex : 0) + shape.monthly * j);
    let acc = 0;
    const cumulative = cash.map((c) => (acc += c));
    const by = Object.fromEntries(costCategories.map((c) => [c, 0])) as Record<(typeof costCategories)[number], number>;
    by.hardware_depreciation = shape.capex;
    by.energy = shape.monthly * MONTHS * 0.4 * j;
    by.staff = shape.monthly * MONTHS * 0.6 * j;
    if (shape.capex === 0) {
      by.cloud_compute = by.energy + by.staff;
      by.energy = 0;
      by.staff = 0;
    }
    const total = Object.values(by).reduce((s, v) => s + v, 0);
    const unit = { per_gpu_hour: total / 1e5, per_job: total / 1e4, per_million_tokens: 0, gpu_hours: 1e5, jobs: 1e4, tokens: 0, training_tokens: 0 };
    const energy = { it_kwh: 1e5 * j, facility_kwh: 1.3e5 * j, co2e_kg: 5e4 * j };
    const cost: CostResult = {
      horizon_seconds: MONTHS * 2_629_800,
      total,
      cash: acc,
      npv: acc * 0.85,
      by_category: by,
      book_value_at_horizon: 0,
      loan_balance_at_horizon: 0,
      per_site: { lab: { total, by_category: by, cash: acc, npv: acc * 0.85, gpu_hours: unit.gpu_hours, per_gpu_hour: unit.per_gpu_hour, energy } },
      per_month: { cost: cash, cash, cumulative_cash: cumulative, discounted_cash: cash.map((c) => c * 0.9) },
      per_year: { cost: [total], cash: [acc], by_category: [by] },
      unit_costs: unit,
      energy,
    };
    return { ...r, cost };
  });
  const summary = { ...result.summary, cost: (summariseReplications(replications.map((r) => ({ cost: r.cost }))) as { cost: unknown }).cost };
  const out: Record<string, unknown> = { ...result, replications, summary };
  delete out.cost_analysis;
  if (analysis) {
    out.cost_analysis = {
      sensitivity: {
        metric: 'total',
        base_value: replications[0]!.cost.total,
        rows: [
          {
            driver: 'gpu_price',
            low_setting: 0.8,
            high_setting: 1.2,
            low_value: shape.capex * 0.8 + shape.monthly * MONTHS,
            high_value: shape.capex * 1.2 + shape.monthly * MONTHS,
            swing: shape.capex * 0.4,
          },
          {
            driver: 'power_price',
            low_setting: 0.8,
            high_setting: 1.2,
            low_value: shape.capex + shape.monthly * MONTHS * 0.92,
            high_value: shape.capex + shape.monthly * MONTHS * 1.08,
            swing: shape.monthly * MONTHS * 0.16,
          },
          { driver: 'cloud_discount', low_setting: -0.2, high_setting: 0.2, low_value: shape.capex + shape.monthly * MONTHS, high_value: shape.capex + shape.monthly * MONTHS, swing: 0 },
        ],
      },
      build_vs_buy: [
        {
          pool: 'lab/main',
          rental_price_per_device_hour: 2.5,
          owned_fixed_per_device_hour: 1.1,
          owned_energy_idle_per_device_hour: 0.05,
          owned_energy_dynamic_per_device_hour: 0.1,
          measured_utilisation: 0.7,
          owned_per_delivered_device_hour: 1.74,
          break_even_utilisation: 0.48,
          break_even_month: 20,
          cumulative_owning_cash: Array.from({ length: MONTHS }, (_, m) => shape.capex + shape.monthly * (m + 1)),
          cumulative_renting_cash: Array.from({ length: MONTHS }, (_, m) => (shape.capex / 20 + shape.monthly) * (m + 1)),
        },
      ],
      basis: { projection: 'Usage of the window is assumed to continue unchanged.' },
    };
  }
  return out as unknown as ResultDocument;
}

/** A 3 × 3 sweep over cluster size and training arrival rate; capex grows with the devices. */
export function sweepVariants(devices = [6, 8, 12], rates = [1, 1.5, 2], replications = 3): SweepVariant[] {
  return devices.flatMap((d) =>
    rates.map((rate) => ({
      id: `d${d}-r${rate}`,
      parameters: { devices: d, train_rate: rate },
      result: withSyntheticCost(asJson(run(clusterScenario(d, { trainRate: rate, replications, horizon: '300 h', name: 'sweep' }))), { capex: d * 30_000, monthly: d * 400 }),
    })),
  );
}
