import type { ServiceRouting } from './service-reach.js';

/** What the front end knows of one pool of a service when a request arrives. */
export interface PlacementView {
  /** false when no replica there takes requests now */
  readonly ready: boolean;
  /** requests waiting, being prefilled and decoding at the replica a request would go to */
  readonly load: number;
  /** of those, requests not yet admitted to its batch */
  readonly waiting: number;
  /** s, one decode iteration of that replica's batch now */
  readonly iteration: number;
  /** s, the iteration that would prefill this request's prompt beside that batch */
  readonly prefillIteration: number;
  /** iterations between two completions at that replica, each freeing a slot in its batch (an estimate) */
  readonly slotIterations: number;
  /** s, round trip from the request's region to the pool's site */
  readonly rtt: number;
  /** USD per device-hour of the pool (its placement price) */
  readonly price: number;
  /** the replica can admit this request at its next iteration (nothing queued there, room in its batch and KV cache) and decodes within the TPOT target */
  readonly hasRoom: boolean;
}

/**
 * Predicted time to first token at a pool, a heuristic. A replica that can admit the request prefills it in its next
 * iteration. One that cannot is full: the request first waits behind those queued there, each (and then it) for a
 * slot, `slotIterations` decode iterations apart. The round trip is added.
 */
export function predictedTtft(v: PlacementView): number {
  const ahead = v.hasRoom ? 0 : v.waiting + 1;
  return ahead * v.slotIterations * v.iteration + v.prefillIteration + v.rtt;
}

/**
 * The pool (index into `views`) a request goes to under `policy`, among those with a ready replica; undefined
 * when none is ready. Ties go to the lower index (home first):
 * - least-loaded: the replica with the fewest requests across every pool (the single-pool rule);
 * - nearest: the lowest round trip among pools with room, else least-loaded;
 * - cheapest: the lowest price per device-hour among pools with room (then the lower round trip), else least-loaded;
 * - slo-aware: among pools whose predicted TTFT meets `slo.ttft` and whose decode iteration meets `slo.tpot` (when
 *   set: a token per iteration), the cheapest (then the lower prediction), else the lowest predicted TTFT.
 */
export function choosePlacement(policy: ServiceRouting, views: readonly PlacementView[], slo: { readonly ttft?: number; readonly tpot?: number }): number | undefined {
  let best: number | undefined;
  const better = (i: number, less: (a: PlacementView, b: PlacementView) => boolean, keep: (v: PlacementView) => boolean): void => {
    const v = views[i] as PlacementView;
    if (!v.ready || !keep(v)) return;
    if (best === undefined || less(v, views[best] as PlacementView)) best = i;
  };
  const pick = (less: (a: PlacementView, b: PlacementView) => boolean, keep: (v: PlacementView) => boolean = () => true): number | undefined => {
    best = undefined;
    for (let i = 0; i < views.length; i++) better(i, less, keep);
    return best;
  };
  const lessLoaded = (a: PlacementView, b: PlacementView) => a.load < b.load;
  switch (policy) {
    case 'least-loaded':
      return pick(lessLoaded);
    case 'nearest':
      return (
        pick(
          (a, b) => a.rtt < b.rtt,
          (v) => v.hasRoom,
        ) ?? pick(lessLoaded)
      );
    case 'cheapest':
      return (
        pick(
          (a, b) => a.price < b.price || (a.price === b.price && a.rtt < b.rtt),
          (v) => v.hasRoom,
        ) ?? pick(lessLoaded)
      );
    case 'slo-aware': {
      const ttft = slo.ttft ?? Infinity;
      const tpot = slo.tpot ?? Infinity;
      const lessPredicted = (a: PlacementView, b: PlacementView) => predictedTtft(a) < predictedTtft(b);
      return (
        pick(
          (a, b) => a.price < b.price || (a.price === b.price && lessPredicted(a, b)),
          (v) => predictedTtft(v) <= ttft && v.iteration <= tpot,
        ) ?? pick(lessPredicted)
      );
    }
  }
}
