import { distributionMean } from '../../engine/index.js';
import { computeRate } from '../performance/precision.js';
import type { Pool } from '../types.js';
import type { FederatedWorkload } from './federated-types.js';

/** How a federated workload's work becomes time: one client of mean links and speed, and the aggregation on its pool (s, B, FLOP). */
export interface FederatedPerformance {
  readonly kind: 'federated';
  readonly pool: string;
  readonly device: string;
  readonly client_device: string;
  readonly clients: number;
  readonly update_bytes: number;
  readonly download_bytes: number;
  readonly local_flops: number;
  readonly local_mfu: number;
  readonly local_mfu_source: string;
  /** a client at the mean downlink, speed and uplink: download, compute and upload time */
  readonly client_download_time: number;
  readonly client_compute_time: number;
  readonly client_upload_time: number;
  /** the aggregation job with `per_round` updates */
  readonly aggregation_time: number;
}

/** A federated workload's description: a client at the mean of each per-client distribution (the run draws each client's own). */
export function describeFederated(w: FederatedWorkload, pool: Pool): FederatedPerformance {
  const f = w.federated;
  const c = f.clients;
  const localRate = computeRate(c.device, f.local.precision, f.local.mfu).rate * distributionMean(c.speed);
  const a = f.aggregation;
  const aggregationRate = computeRate(pool.device, a.precision, a.efficiency).rate * a.devices;
  return {
    kind: 'federated',
    pool: pool.id,
    device: pool.device.id,
    client_device: c.device.id,
    clients: c.count,
    update_bytes: f.update,
    download_bytes: f.download,
    local_flops: f.local.flops,
    local_mfu: f.local.mfu,
    local_mfu_source: f.local.mfuSource,
    client_download_time: f.download / distributionMean(c.downlink),
    client_compute_time: f.local.flops / localRate,
    client_upload_time: f.update / distributionMean(c.uplink),
    aggregation_time: (a.flops + a.flopsPerReport * f.perRound) / aggregationRate,
  };
}
