import { isRecord } from '../support/is-record.js';
import { formatDuration, formatNumber } from './format-units.js';

type Loose = Record<string, unknown>;
const obj = (x: unknown): Loose => (isRecord(x) && !Array.isArray(x) ? x : {});
const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
const n = (x: unknown): string => formatNumber(num(x) ?? NaN);

/** A per-client bandwidth as the result records it: a constant, or its kind (the run draws each client's own). */
function bandwidth(x: unknown): string {
  const d = obj(x);
  if (d.kind === 'constant') return `${n((num(d.value) ?? NaN) * 8e-6)} Mbit/s`;
  if (d.kind === 'uniform') return `${n((num(d.min) ?? NaN) * 8e-6)}–${n((num(d.max) ?? NaN) * 8e-6)} Mbit/s (uniform, per client)`;
  return `${str(d.kind) ?? '?'} distribution per client`;
}

/**
 * A federated workload's facts for the report's assumptions table (docs/pipelines.md, "Federated learning"):
 * the clients, the bytes and FLOP of a round, the round rules, and what the cost of a round leaves out.
 * Reads the result's recorded scenario loosely, as the rest of the table does.
 */
export function federatedFacts(raw: unknown, fact: (label: string, value: string | undefined) => void): void {
  const spec = obj(raw);
  const c = obj(spec.clients);
  const local = obj(spec.local);
  const a = obj(spec.aggregation);
  const diurnal = obj(c.diurnal);
  const online = `${n((num(c.availability) ?? NaN) * 100)} % online${num(diurnal.amplitude) !== undefined ? ` (daily swing ±${n((num(diurnal.amplitude) ?? 0) * 100)} %, peak at ${n(diurnal.peakHour)} h)` : ''}`;
  fact('clients', `${n(c.count)} × ${str(obj(c.device).id) ?? '?'} at ${str(c.site) ?? '?'}; ${online}; dropout ${n((num(c.dropout) ?? NaN) * 100)} %`);
  fact('client links', `up ${bandwidth(c.uplink)}, down ${bandwidth(c.downlink)}`);
  fact('bytes per client per round', `${n((num(spec.download) ?? NaN) / 1e6)} MB down, ${n((num(spec.update) ?? NaN) / 1e6)} MB up`);
  fact('local work per round', `${n((num(local.flops) ?? NaN) / 1e12)} TFLOP at ${str(local.precision) ?? '?'}, MFU ${n(local.mfu)} (${str(local.mfuSource) ?? '?'})`);
  const schedule = obj(spec.schedule);
  const every = schedule.kind === 'every' ? `every ${formatDuration(num(schedule.interval) ?? 0)}` : 'back to back';
  const deadline = num(spec.deadline) !== undefined ? `deadline ${formatDuration(num(spec.deadline) ?? 0)}` : 'no deadline (waits for the slowest)';
  fact('rounds', `${n(spec.perRound)} selected (${str(spec.selection) ?? '?'}), ≥ ${n(spec.minReports)} updates, ${deadline}, ${every}`);
  fact('aggregation', `${n(a.devices)} device(s), ${n((num(a.flops) ?? NaN) / 1e12)} TFLOP + ${n((num(a.flopsPerReport) ?? NaN) / 1e9)} GFLOP per update at ${n(a.efficiency)} of peak`);
  if (num(c.energyPrice) === undefined) fact('client energy', 'counted, not priced (no clients.energy_price): left out of the cost per round');
  fact('client devices', 'owned by the sites they sit at: no capex or depreciation of them in the cost per round');
}
