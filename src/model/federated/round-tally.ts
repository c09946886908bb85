import type { ClientPhase } from './client-round.js';
import type { FederatedMetrics } from './federated-types.js';

const DAY = 86_400;
const HOUR = 3600;

/**
 * Counts one federated workload's rounds over the statistics window [warmup, end]: a round counts as
 * completed or failed when it ends inside the window; its client figures (online, selected, reports,
 * bytes, compute) count when its client phase closes inside the window.
 */
export class RoundTally {
  private startedInWindow = 0;
  private completedRounds = 0;
  private failedRounds = 0;
  private readonly roundTimes: number[] = [];
  private phases = 0;
  private online = 0;
  private selected = 0;
  private reports = 0;
  private dropouts = 0;
  private stragglers = 0;
  private bytesUp = 0;
  private bytesDown = 0;
  private computeSeconds = 0;
  private aggregationDeviceSeconds = 0;
  private aggregationWait = 0;

  constructor(private readonly warmup: number) {}

  started(now: number): void {
    if (now >= this.warmup) this.startedInWindow++;
  }

  /** A round's client phase closed at `at`: `online` clients were up at its start and `selected` were chosen. */
  clients(at: number, online: number, phase: ClientPhase, selected: number): void {
    if (at < this.warmup) return;
    this.phases++;
    this.online += online;
    this.selected += selected;
    this.reports += phase.reports;
    this.dropouts += phase.dropouts;
    this.stragglers += phase.stragglers;
    this.bytesUp += phase.bytesUp;
    this.bytesDown += phase.bytesDown;
    this.computeSeconds += phase.computeSeconds;
  }

  completed(start: number, end: number, wait: number, deviceSeconds: number): void {
    if (end < this.warmup) return;
    this.completedRounds++;
    this.roundTimes.push(end - start);
    this.aggregationWait += wait;
    this.aggregationDeviceSeconds += deviceSeconds;
  }

  failed(end: number): void {
    if (end >= this.warmup) this.failedRounds++;
  }

  /** The window's figures; `window` s long, client devices drawing `clientPower` W while they compute. */
  metrics(window: number, clientPower: number): FederatedMetrics {
    const sorted = [...this.roundTimes].sort((a, b) => a - b);
    const perPhase = (x: number) => (this.phases > 0 ? x / this.phases : 0);
    const perDay = (n: number) => (window > 0 ? (n * DAY) / window : 0);
    return {
      rounds_started: this.startedInWindow,
      rounds_completed: this.completedRounds,
      rounds_failed: this.failedRounds,
      rounds_per_day: perDay(this.completedRounds),
      failed_rounds_per_day: perDay(this.failedRounds),
      round_time_mean: sorted.length > 0 ? sorted.reduce((a, b) => a + b, 0) / sorted.length : 0,
      round_time_p50: quantile(sorted, 0.5),
      round_time_p95: quantile(sorted, 0.95),
      online_per_round: perPhase(this.online),
      selected_per_round: perPhase(this.selected),
      reports_per_round: perPhase(this.reports),
      dropouts_per_round: perPhase(this.dropouts),
      stragglers_per_round: perPhase(this.stragglers),
      bytes_up: this.bytesUp,
      bytes_down: this.bytesDown,
      client_device_hours: this.computeSeconds / HOUR,
      client_energy_joules: this.computeSeconds * clientPower,
      aggregation_device_hours: this.aggregationDeviceSeconds / HOUR,
      aggregation_wait_mean: this.completedRounds > 0 ? this.aggregationWait / this.completedRounds : 0,
    };
  }
}

/** The q-quantile of sorted values, linear between order statistics (type 7); 0 when there are none. */
export function quantile(sorted: readonly number[], q: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo] ?? 0;
  const b = sorted[Math.min(lo + 1, n - 1)] ?? a;
  return a + (h - lo) * (b - a);
}
