/**
 * How a training job's devices sit on the two communication tiers. The fast tier is the scale-up
 * DOMAIN: `devicesPerNode × domainNodes` devices joined by the scale-up fabric (an 8-GPU HGX node;
 * the 72 GPUs of a GB200 NVL72 rack's 18 trays; the 64 chips of a Trainium2 UltraServer's 4 instances).
 * Between domains, traffic crosses the nodes' compute NICs.
 */
export interface ParallelLayout {
  /** devices of one scale-up domain = devicesPerNode × domainNodes */
  readonly devicesPerDomain: number;
  /** data-parallel peers (of one model-parallel rank) that share a domain: the inner ring size */
  readonly peersPerDomain: number;
  /** domains the data-parallel group spans: the outer ring size */
  readonly domains: number;
  /**
   * peers in the least-filled domain (= peersPerDomain unless the last domain is partly filled). Its
   * devices each carry bytes / this many over the NICs in the outer ring, so it sets that ring's pace.
   */
  readonly peersInSmallestDomain: number;
  /**
   * one model replica's devices (tensor × pipeline) fit inside one domain, so their traffic stays on
   * the scale-up fabric. The MFU, an end-to-end figure measured with such groups on NVLink, carries
   * that traffic; a group wider than a domain crosses the NICs, which the model does not charge.
   */
  readonly modelParallelWithinDomain: boolean;
}

/**
 * Layout of `devices` devices in replicas of `modelParallel` devices on domains of
 * `devicesPerNode × domainNodes` devices, packed domain by domain — the placement rules keep a job in
 * the fewest domains (src/model/scheduling/domain-placement.ts), so a job on k nodes spans ⌈k/d⌉:
 * - the job fits in one domain: all dp = devices / mp peers share it;
 * - else a domain holds ⌊D/mp⌋ whole replicas (at least 1, at most dp), one peer of each rank per
 *   replica, and the peers span ⌈dp / peersPerDomain⌉ domains; a last, partly filled domain holds the
 *   remaining peers (`peersInSmallestDomain`).
 * With domainNodes = 1 this is exactly the node-level layout the model has always used.
 * The caller validates its inputs (integers ≥ 1, modelParallel dividing devices).
 */
export function parallelLayout(devices: number, modelParallel: number, devicesPerNode: number, domainNodes: number): ParallelLayout {
  const devicesPerDomain = devicesPerNode * domainNodes;
  const dp = devices / modelParallel;
  let peersPerDomain: number;
  let domains: number;
  if (devices <= devicesPerDomain) {
    peersPerDomain = dp;
    domains = 1;
  } else {
    peersPerDomain = modelParallel >= devicesPerDomain ? 1 : Math.max(1, Math.min(dp, Math.floor(devicesPerDomain / modelParallel)));
    domains = Math.ceil(dp / peersPerDomain);
  }
  const peersInSmallestDomain = dp - (domains - 1) * peersPerDomain;
  return { devicesPerDomain, peersPerDomain, domains, peersInSmallestDomain, modelParallelWithinDomain: modelParallel <= devicesPerDomain };
}
