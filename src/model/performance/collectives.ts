/**
 * Collective-communication cost models (α–β model: time = latency per hop + bytes / bandwidth).
 * Bandwidths are bytes/s per participant in one direction; latencies are seconds per hop.
 */

export interface Link {
  /** bytes/s per participant, one direction */
  readonly bandwidth: number;
  /** s per hop (α); 0 when unknown */
  readonly latency: number;
}

/**
 * Ring all-reduce of `bytes` (each participant's buffer) among `n` participants (Patarasuk & Yuan
 * 2009; NCCL's ring algorithm): a reduce-scatter then an all-gather, each moving (n−1)/n of the buffer
 * through every participant's link in n−1 steps:
 *   time = 2(n−1)/n · bytes / bandwidth + 2(n−1) · latency.
 * Zero for n = 1. @throws RangeError on a non-integer n < 1, negative bytes or non-positive bandwidth
 */
export function ringAllReduceTime(bytes: number, n: number, link: Link): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`participants must be an integer ≥ 1, got ${n}`);
  if (!(bytes >= 0)) throw new RangeError(`bytes must be ≥ 0, got ${bytes}`);
  const { bw, lat } = ringParts(bytes, n, link);
  return bw + lat;
}

export interface AllReduceEstimate {
  /** 'none' (one participant), 'ring' (all on one level), or 'two-level-ring' */
  readonly algorithm: 'none' | 'ring' | 'two-level-ring';
  /** bytes, each participant's buffer */
  readonly bytes: number;
  readonly participants: number;
  /** participants sharing one scale-up domain (the inner ring size); a domain is one node unless the scale-up fabric joins several */
  readonly perDomain: number;
  /** scale-up domains the group spans (the outer ring size) */
  readonly domains: number;
  /** s, bandwidth term over the scale-up link: 2(l−1)/l · B / bw_up */
  readonly intraDomainTime: number;
  /** s, bandwidth term over the scale-out fabric: 2(m−1)/m · (B/l) / bw_out */
  readonly interDomainTime: number;
  /** s, latency terms: 2(l−1)·α_up + 2(m−1)·α_out */
  readonly latencyTime: number;
  /** s, total */
  readonly time: number;
}

/**
 * Two-level (hierarchical) ring all-reduce, the standard scheme for multi-GPU nodes (e.g. Jia et al.
 * 2018, arXiv:1807.11205; Horovod's hierarchical all-reduce), with the scale-up DOMAIN as the fast tier:
 * an 8-GPU HGX node, or the 18 trays (72 GPUs) of a GB200 NVL72 rack joined by NVLink switches. With l
 * participants per domain and m domains,
 *   1. reduce-scatter inside each domain over the scale-up link ((l−1)/l · B),
 *   2. all-reduce of each 1/l shard across domains, l rings in parallel, one per local rank, each on
 *      that rank's share of its node's scale-out bandwidth (2(m−1)/m · B/l),
 *   3. all-gather inside each domain ((l−1)/l · B).
 * time = 2(l−1)/l · B/bw_up + 2(m−1)/m · (B/l)/bw_out + 2(l−1)·α_up + 2(m−1)·α_out.
 * With l = 1 or m = 1 it is exactly the flat ring of `ringAllReduceTime` on the one level used.
 * When the last domain holds only `smallestDomain` < l participants, its shards are B/smallestDomain,
 * and step 2 runs at their pace: 2(m−1)/m · (B/smallestDomain)/bw_out.
 */
export function hierarchicalAllReduce(bytes: number, perDomain: number, domains: number, scaleUp: Link, scaleOut: Link, smallestDomain: number = perDomain): AllReduceEstimate {
  for (const [name, v] of [
    ['perDomain', perDomain],
    ['domains', domains],
    ['smallestDomain', smallestDomain],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be an integer ≥ 1, got ${v}`);
  }
  if (smallestDomain > perDomain) throw new RangeError(`smallestDomain (${smallestDomain}) cannot exceed perDomain (${perDomain})`);
  const intra = perDomain > 1 ? ringParts(bytes, perDomain, scaleUp) : { bw: 0, lat: 0 };
  // The outer ring moves at the pace of its slowest member: in a partly filled domain each device
  // carries bytes / smallestDomain over its NIC, more than the bytes / perDomain of a full one.
  const inter = domains > 1 ? ringParts(bytes / smallestDomain, domains, scaleOut) : { bw: 0, lat: 0 };
  const latencyTime = intra.lat + inter.lat;
  const algorithm = perDomain > 1 && domains > 1 ? 'two-level-ring' : perDomain > 1 || domains > 1 ? 'ring' : 'none';
  return {
    algorithm,
    bytes,
    participants: perDomain * domains,
    perDomain,
    domains,
    intraDomainTime: intra.bw,
    interDomainTime: inter.bw,
    latencyTime,
    time: intra.bw + inter.bw + latencyTime,
  };
}

function ringParts(bytes: number, n: number, link: Link): { bw: number; lat: number } {
  if (n === 1) return { bw: 0, lat: 0 };
  if (!(link.bandwidth > 0)) throw new RangeError(`all-reduce over ${n} participants needs a bandwidth > 0, got ${link.bandwidth}`);
  if (!(link.latency >= 0)) throw new RangeError(`link latency must be ≥ 0, got ${link.latency}`);
  return { bw: ((2 * (n - 1)) / n) * (bytes / link.bandwidth), lat: 2 * (n - 1) * link.latency };
}
