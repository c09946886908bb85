import { SharedLink } from '../link-sharing.js';
import type { Link } from '../performance/collectives.js';
import type { ReplicaModel } from '../performance/index.js';
import type { RunClock } from '../replication/run-clock.js';

/** How the KV cache of a prefilled prompt reaches a decode replica (src/model/serving/disaggregated-service.ts). */
export interface KvTransport {
  /** Starts moving `bytes` (> 0) from prefill replica `from`; `landed` runs when the last byte has arrived. */
  send(from: number, bytes: number, landed: () => void): void;
}

/**
 * Bytes of KV cache a decode replica receives for a prompt of `promptTokens`: every prompt token's K and V in every
 * layer (the replica model's `kvBytesPerToken`: 2 × layers × KV heads × head dim × bytes per element, or the
 * card's bytes per token). The first token's own K and V are not sent: the decode replica computes them when it
 * feeds that token in its first iteration.
 */
export function kvTransferBytes(model: ReplicaModel, promptTokens: number): number {
  return promptTokens * model.kvBytesPerToken;
}

/**
 * The scale-out path between a prefill and a decode replica of one site: each device sends its share of the KV
 * cache over its own compute NICs (GPUDirect RDMA, as NIXL/Mooncake transfer engines do), so a replica of tp
 * devices sends at tp × the per-device scale-out bandwidth, and the slower side sets the pace. Latency: the
 * slower side's NIC latency. NVLink between replicas that share a node is not used (conservative).
 */
export function fabricPath(prefill: { readonly tensorParallel: number; readonly scaleOut: Link }, decode: { readonly tensorParallel: number; readonly scaleOut: Link }): Link {
  return {
    bandwidth: Math.min(prefill.tensorParallel * prefill.scaleOut.bandwidth, decode.tensorParallel * decode.scaleOut.bandwidth),
    latency: Math.max(prefill.scaleOut.latency, decode.scaleOut.latency),
  };
}

/**
 * KV transfers over the node fabric of one site: each prefill replica's NICs are a link its transfers share
 * (processor sharing: two transfers at once each move at half the bandwidth). Contention at the receiving decode
 * replica's NICs and in the switches is not modelled.
 */
export class FabricTransport implements KvTransport {
  private readonly links: SharedLink[] = [];

  constructor(
    private readonly clock: RunClock,
    private readonly path: Link,
    private readonly priority: number,
  ) {}

  send(from: number, bytes: number, landed: () => void): void {
    let link = this.links[from];
    if (!link) link = this.links[from] = new SharedLink(this.clock, this.path.bandwidth, this.path.latency, this.priority);
    link.start(bytes, landed);
  }
}

/**
 * KV transfers between sites over the scenario's link, shared with every other transfer on it (data staging, other
 * services' KV caches); `carry` counts the bytes where the run records inter-site transfers.
 */
export class SiteLinkTransport implements KvTransport {
  constructor(private readonly carry: (bytes: number, landed: () => void) => void) {}

  send(_from: number, bytes: number, landed: () => void): void {
    this.carry(bytes, landed);
  }
}
