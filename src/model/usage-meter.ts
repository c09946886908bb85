import { HOURS_PER_DAY } from './usage-ledger.js';

const HOUR = 3600;
const DAY = HOURS_PER_DAY * HOUR;

/**
 * W a pool draws with `onlineNodes` nodes up and `busyDevices` devices working (the formula below);
 * the timeline's power counter (report/timeline.ts) reads its samples through it.
 */
export function poolPowerDraw(onlineNodes: number, busyDevices: number, devicesPerNode: number, power: { readonly idle: number; readonly max: number }): number {
  return onlineNodes * power.idle + (busyDevices * (power.max - power.idle)) / devicesPerNode;
}

/**
 * Integrates a pool's usage exactly over time: busy devices and online nodes are piecewise constant,
 * and node power is linear in the busy fraction of its devices, so
 *   P(t) = online(t) · idle + busy(t) · (max − idle) / devicesPerNode   (W)
 * and its integral splits by hour of day at the hour boundaries crossed (t = 0 is midnight).
 * Call `set…` at each change with the current time; `reset` starts the statistics window.
 */
export class UsageMeter {
  private busy = 0;
  private online = 0;
  private last: number;
  private busySeconds = 0;
  private onlineSeconds = 0;
  private readonly energyByHour = new Float64Array(HOURS_PER_DAY);
  private readonly idleW: number;
  private readonly dynamicPerDevice: number;

  constructor(now: number, devicesPerNode: number, power: { readonly idle: number; readonly max: number } | undefined) {
    this.last = now;
    this.idleW = power?.idle ?? 0;
    this.dynamicPerDevice = power ? (power.max - power.idle) / devicesPerNode : 0;
  }

  get busyDevices(): number {
    return this.busy;
  }

  get onlineNodes(): number {
    return this.online;
  }

  addBusy(delta: number, now: number): void {
    this.advance(now);
    this.busy += delta;
  }

  setOnline(nodes: number, now: number): void {
    this.advance(now);
    this.online = nodes;
  }

  reset(now: number): void {
    this.advance(now);
    this.busySeconds = 0;
    this.onlineSeconds = 0;
    this.energyByHour.fill(0);
  }

  /** Figures since the last reset, up to `now`. */
  read(now: number): { busyDeviceSeconds: number; onlineNodeSeconds: number; energy: number; energyByHour: number[] } {
    this.advance(now);
    const byHour = [...this.energyByHour];
    return { busyDeviceSeconds: this.busySeconds, onlineNodeSeconds: this.onlineSeconds, energy: byHour.reduce((a, b) => a + b, 0), energyByHour: byHour };
  }

  private advance(now: number): void {
    const t0 = this.last;
    if (now <= t0) return;
    this.last = now;
    const dt = now - t0;
    this.busySeconds += this.busy * dt;
    this.onlineSeconds += this.online * dt;
    const watts = this.online * this.idleW + this.busy * this.dynamicPerDevice;
    if (watts === 0) return;
    // Whole days add the same energy to every hour; the remainder walks hour boundaries (≤ 25 steps).
    const days = Math.floor(dt / DAY);
    if (days > 0) for (let h = 0; h < HOURS_PER_DAY; h++) this.energyByHour[h] = (this.energyByHour[h] ?? 0) + watts * HOUR * days;
    let t = t0 + days * DAY;
    while (t < now) {
      const hour = Math.floor((t % DAY) / HOUR);
      let boundary = (Math.floor(t / HOUR) + 1) * HOUR;
      if (boundary <= t) boundary += HOUR; // float rounding at an exact hour
      const end = Math.min(now, boundary);
      this.energyByHour[hour] = (this.energyByHour[hour] ?? 0) + watts * (end - t);
      t = end;
    }
  }
}
