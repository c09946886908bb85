/**
 * Where an inference service runs beyond its home pool and where its users are (issue 15, "services that
 * move"), resolved by the scenario layer. Absent on a workload: the service is one set of replicas on its
 * home pool, routed least-loaded, as it always was.
 */

/** How the front end picks the pool a request goes to (src/model/serving/service-routing.ts). */
export type ServiceRouting = 'nearest' | 'cheapest' | 'least-loaded' | 'slo-aware';

/** One pool the service runs replicas on. */
export interface ServicePlacementSpec {
  /** pool id, `site/pool` */
  readonly pool: string;
  readonly site: string;
  /**
   * home: the workload's pool, autoscaled; also: fixed replicas on another pool (an edge site near users);
   * burst: opened by the autoscaler only when every pool before it in this list is saturated
   */
  readonly role: 'home' | 'also' | 'burst';
  /** replicas opened at time 0 (home: the service's replicas, or autoscaling's min; burst: 0) */
  readonly replicas: number;
}

/** A region users send requests from. */
export interface UserRegion {
  readonly region: string;
  /** fraction of the service's requests from this region (the shares sum to 1) */
  readonly share: number;
  /** s, round trip from the region to each placement's site, aligned with `ServiceReach.placements` */
  readonly rtt: readonly number[];
}

/**
 * A replica's cold start: it holds its devices from placement, and takes requests only after loading its
 * weights (weight bytes ÷ `readBandwidth` of its pool) and starting its container (`containerStart`, a figure
 * the scenario states).
 */
export interface ColdStartSpec {
  /** s to start the serving container before the weights load */
  readonly containerStart: number;
  /** bytes/s the weights are read at, per placement (aligned with `ServiceReach.placements`) */
  readonly readBandwidth: readonly number[];
  /** where each read bandwidth comes from, for the result's description */
  readonly readFrom: readonly string[];
}

export interface ServiceReach {
  /** home first, then `also` pools, then burst pools in preference order */
  readonly placements: readonly ServicePlacementSpec[];
  readonly routing: ServiceRouting;
  /** empty: requests have no region and no round trip */
  readonly users: readonly UserRegion[];
  /** every replica start pays it (required with autoscaling min 0: scale to zero) */
  readonly coldStart?: ColdStartSpec;
}
