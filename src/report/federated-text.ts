import type { SimulationResult } from '../simulate/simulate.js';
import { formatEstimateIn } from './estimate-text.js';
import { formatDuration, formatNumber } from './format-units.js';

/**
 * The federated workloads' lines of the text summary (absent without one): rounds per day, round time,
 * clients per round, bytes, client-hours and the cost of a round, with what that cost leaves out. Formats
 * only: every figure comes from `summary.federated` and `summary.federated_cost`.
 */
export function federatedLines(result: SimulationResult): string[] {
  const f = result.summary.federated;
  if (!f) return [];
  const out: string[] = [''];
  const n = (e: Parameters<typeof formatEstimateIn>[0], unit = '') => formatEstimateIn(e, formatNumber, unit);
  const gb = (e: Parameters<typeof formatEstimateIn>[0]) => formatEstimateIn(e, (x) => formatNumber(x / 1e9), ' GB');
  for (const [name, m] of Object.entries(f)) {
    out.push(
      `federated ${name}: ${n(m.rounds_per_day, ' rounds/day')} completed, ${n(m.failed_rounds_per_day, ' rounds/day')} failed; ` +
        `round time mean ${formatEstimateIn(m.round_time_mean, formatDuration, '')}, p50 ${formatEstimateIn(m.round_time_p50, formatDuration, '')}, p95 ${formatEstimateIn(m.round_time_p95, formatDuration, '')}`,
      `  per round: ${n(m.online_per_round)} clients online, ${n(m.selected_per_round)} selected, ${n(m.reports_per_round)} updates, ${n(m.dropouts_per_round)} dropouts, ${n(m.stragglers_per_round)} stragglers`,
      `  moved: ${gb(m.bytes_up)} up, ${gb(m.bytes_down)} down; client device-hours ${n(m.client_device_hours)}; aggregation device-hours ${n(m.aggregation_device_hours)} (mean wait ${formatEstimateIn(m.aggregation_wait_mean, formatDuration, '')})`,
    );
    const c = result.summary.federated_cost?.[name];
    if (c) {
      out.push(`  cost per completed round: ${n(c.total, ' USD')} = aggregation pool ${n(c.aggregation, ' USD')} + egress ${n(c.egress, ' USD')} + client energy ${n(c.client_energy, ' USD')}`);
    }
    const w = result.scenario.workloads.find((x) => x.name === name);
    if (w?.kind === 'federated') {
      const clients = w.federated.clients;
      if (clients.energyPrice === undefined) out.push('  assumption: client energy is not priced (clients.energy_price not given): the cost per round leaves it out');
      if (clients.power === undefined) out.push(`  assumption: client device ${clients.device.id} has no power figure: client energy is counted as 0 J`);
      out.push('  assumption: client devices are owned by the stores: no capex or depreciation of them is in the cost per round');
    }
  }
  return out;
}
