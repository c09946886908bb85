/**
 * NVIDIA Multi-Instance GPU state of the devices of a Cluster, beside its milli-unit ledger.
 *
 * A GPU is in MIG mode while it holds at least one MIG instance: it enters the mode when its first
 * instance is placed and leaves it when its last one ends. A GPU in MIG mode takes only MIG
 * instances (no time-sliced share, no whole-device job), and a GPU holding a share or a whole job
 * takes no instance — as on real hardware, where MIG mode is a per-GPU setting and MIG instances are
 * not time-shared with other processes.
 *
 * A GPU can hold a set of instances when Σ compute slices ≤ its compute slices, Σ memory slices ≤
 * its memory slices and each profile's count ≤ that profile's `maxInstances` (NVIDIA's placement
 * rules further fix the slice positions; the counts here are the slice budget, which admits every
 * valid partition and a few that NVIDIA's position rules refuse, e.g. none on an H100).
 *
 * Only devices in MIG mode are kept (a map, and sets of them by free compute slices for best-fit
 * queries), so a cluster whose jobs never ask for MIG pays nothing.
 */
import { IndexSet } from './index-set.js';

/** A MIG instance profile as the scheduler sees it, and how many instances a job asks for. */
export interface MigRequest {
  /** only pools of this device model can hold it */
  readonly deviceModel: string;
  /** NVIDIA's profile name, e.g. `1g.10gb` */
  readonly profile: string;
  readonly computeSlices: number;
  readonly memorySlices: number;
  /** most instances of this profile one GPU holds */
  readonly maxInstances: number;
  /** the GPU's compute and memory slices */
  readonly totalCompute: number;
  readonly totalMemory: number;
  /** instances the job asks for, integer ≥ 1 */
  readonly count: number;
}

/** Milli-units one instance takes in the Cluster's ledger: its compute share, rounded down so that a full GPU never exceeds 1000. */
export function migMilli(r: MigRequest): number {
  return Math.max(1, Math.floor((1000 * r.computeSlices) / r.totalCompute));
}

/** Instances of `r` an empty GPU holds. */
export function migPerDevice(r: MigRequest): number {
  return Math.min(Math.floor(r.totalCompute / r.computeSlices), Math.floor(r.totalMemory / r.memorySlices), r.maxInstances);
}

interface DeviceState {
  compute: number;
  memory: number;
  /** instances per profile name */
  readonly counts: Map<string, number>;
}

export class MigLedger {
  private readonly devices = new Map<number, DeviceState>();
  /** byFree[f]: the devices in MIG mode with f free compute slices */
  private byFree: (IndexSet | undefined)[] = [];

  /** `deviceCount`: devices of the cluster (indices 0…deviceCount−1). */
  constructor(private readonly deviceCount: number) {}

  /** An independent copy. */
  clone(): MigLedger {
    const c = new MigLedger(this.deviceCount);
    for (const [d, s] of this.devices) c.devices.set(d, { compute: s.compute, memory: s.memory, counts: new Map(s.counts) });
    c.byFree = this.byFree.map((b) => b?.clone());
    return c;
  }

  /**
   * Devices in MIG mode within [first, end) with room for `r`, fullest first (fewest free compute
   * slices, then lowest index), each with the instances it can take, until their room covers `need`.
   */
  open(first: number, end: number, r: MigRequest, need: number): { readonly device: number; readonly room: number }[] {
    const out: { device: number; room: number }[] = [];
    let covered = 0;
    for (let f = r.computeSlices; f < this.byFree.length && covered < need; f++) {
      const set = this.byFree[f];
      if (!set || set.size === 0) continue;
      for (let d = set.next(first); d >= 0 && d < end && covered < need; d = set.next(d + 1)) {
        const s = this.devices.get(d);
        const room = s ? roomIn(s, r) : 0;
        if (room > 0) {
          out.push({ device: d, room });
          covered += room;
        }
      }
    }
    return out;
  }

  /**
   * Adds (sign 1) or removes (−1) one instance of `r` per entry of `devices` (a device listed k times
   * takes k instances). `fresh(d)` tells whether a device not in MIG mode has nothing allocated.
   * @throws RangeError, leaving the ledger unchanged, when a device would exceed a slice budget or
   *   profile count, a fresh instance lands on a busy device, or a removal finds no such instance
   */
  apply(devices: Int32Array, r: MigRequest, sign: 1 | -1, fresh: (device: number) => boolean): void {
    const touched = new Map<number, number>();
    for (const d of devices) touched.set(d, (touched.get(d) ?? 0) + 1);
    for (const [d, k] of touched) {
      const s = this.devices.get(d);
      if (sign > 0) {
        if (!s && !fresh(d)) throw new RangeError(`MIG: device ${d} holds a share or a whole-device job and is not in MIG mode`);
        const room = roomIn(s ?? { compute: 0, memory: 0, counts: new Map() }, r);
        if (k > room) throw new RangeError(`MIG: device ${d} has room for ${room} more ${r.profile} instances, asked for ${k}`);
      } else if ((s?.counts.get(r.profile) ?? 0) < k) {
        throw new RangeError(`MIG: device ${d} holds ${s?.counts.get(r.profile) ?? 0} ${r.profile} instances, cannot release ${k}`);
      }
    }
    for (const [d, k] of touched) {
      let s = this.devices.get(d);
      if (s) this.bucket(r.totalCompute - s.compute).delete(d);
      else {
        s = { compute: 0, memory: 0, counts: new Map() };
        this.devices.set(d, s);
      }
      s.compute += sign * k * r.computeSlices;
      s.memory += sign * k * r.memorySlices;
      const n = (s.counts.get(r.profile) ?? 0) + sign * k;
      if (n > 0) s.counts.set(r.profile, n);
      else s.counts.delete(r.profile);
      if (s.counts.size === 0) this.devices.delete(d);
      else this.bucket(r.totalCompute - s.compute).add(d);
    }
  }

  private bucket(free: number): IndexSet {
    let b = this.byFree[free];
    if (!b) {
      for (let f = this.byFree.length; f <= free; f++) this.byFree[f] = undefined;
      b = this.byFree[free] = new IndexSet(this.deviceCount);
    }
    return b;
  }
}

function roomIn(s: DeviceState, r: MigRequest): number {
  const byCompute = Math.floor((r.totalCompute - s.compute) / r.computeSlices);
  const byMemory = Math.floor((r.totalMemory - s.memory) / r.memorySlices);
  return Math.max(0, Math.min(byCompute, byMemory, r.maxInstances - (s.counts.get(r.profile) ?? 0)));
}
