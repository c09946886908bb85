import type { SimulationResult } from '../simulate/simulate.js';
import { formatEstimateIn } from './estimate-text.js';
import { formatNumber, formatPercent } from './format-units.js';

const percent = (x: number) => formatPercent(x).replace(/ %$/, '');

/**
 * The goodput model's lines of the text summary (absent without it): useful ÷ paid device-hours, the
 * badput by cause, the interruptions by cause, and the cost per useful GPU-hour beside the cost per
 * delivered GPU-hour. Formats only: every figure comes from `summary.goodput` and `summary.cost`.
 */
export function goodputLines(result: SimulationResult): string[] {
  const g = result.summary.goodput;
  if (!g) return [];
  const h = (e: typeof g.busy_device_hours) => formatEstimateIn(e, formatNumber, ' device-h');
  const out = [
    '',
    `goodput: ${formatEstimateIn(g.goodput, percent, ' %')} of paid device-hours did useful work (${h(g.useful_device_hours)} of ${h(g.paid_device_hours)}); ` +
      `effective training time ${formatEstimateIn(g.effective_time, percent, ' %')} of the device-hours jobs held`,
    `badput: lost work ${h(g.badput.lost_work)}; checkpoint writes ${h(g.badput.checkpoint)}; restarts ${h(g.badput.restart)}; waits for a spare or a repair ${h(g.badput.recovery)}`,
    `interruptions: device ${formatEstimateIn(g.interruptions.device, formatNumber, '')}; node ${formatEstimateIn(g.interruptions.node, formatNumber, '')}; rack ${formatEstimateIn(g.interruptions.rack, formatNumber, '')}; switch ${formatEstimateIn(g.interruptions.switch, formatNumber, '')}; spare swaps ${formatEstimateIn(g.spare_swaps, formatNumber, '')}, waits for repair ${formatEstimateIn(g.repair_waits, formatNumber, '')}`,
  ];
  const unit = result.summary.cost?.unit_costs;
  if (unit?.per_useful_gpu_hour) {
    out.push(`cost per useful GPU-hour ${formatEstimateIn(unit.per_useful_gpu_hour, formatNumber, ' USD')} (per delivered GPU-hour ${formatEstimateIn(unit.per_gpu_hour, formatNumber, ' USD')})`);
  }
  return out;
}
