/**
 * When nodes can be energised on a power-capped site. The envelope is facility power (IT load × PUE) and
 * only grows, by dated upgrades. Tranches are energised in the order they are delivered (first come,
 * first served: a later small delivery does not overtake an earlier one waiting for power, as a site team
 * would not re-plan racks around it); each waits, whole, until the envelope has room for it on top of
 * everything energised before it. Pure functions of numbers, so they are tested by hand.
 */

/** The envelope from `at` s on, W of facility power. */
export interface EnvelopeStep {
  readonly at: number;
  readonly watts: number;
}

/** A delivery that wants power: `nodes` each drawing `facilityWattsPerNode` at most, delivered at `deliveredAt`. */
export interface PowerDemand {
  readonly nodes: number;
  readonly deliveredAt: number;
  readonly facilityWattsPerNode: number;
}

/** When each demand is energised (in input order): at or after its delivery; undefined when never. */
export function energise(steps: readonly EnvelopeStep[], demands: readonly PowerDemand[]): (number | undefined)[] {
  const order = demands.map((_, i) => i).sort((a, b) => (demands[a]?.deliveredAt ?? 0) - (demands[b]?.deliveredAt ?? 0) || a - b);
  const out: (number | undefined)[] = demands.map(() => undefined);
  let load = 0;
  let blocked = false;
  for (const i of order) {
    const d = demands[i];
    if (!d || blocked) continue;
    const need = load + d.nodes * d.facilityWattsPerNode;
    // a relative tolerance: 75 nodes × 13.26 kW must fit 1 MW whatever the rounding of the product
    const step = steps.find((s) => s.watts >= need * (1 - 1e-12));
    if (!step) {
      blocked = true; // first come, first served: nothing after it is energised either
      continue;
    }
    out[i] = Math.max(d.deliveredAt, step.at);
    load = need;
  }
  return out;
}

/** The envelope at `t`: the last step at or before it (the first step is the start's). */
export function envelopeAt(steps: readonly EnvelopeStep[], t: number): number {
  let watts = 0;
  for (const s of steps) if (s.at <= t) watts = s.watts;
  return watts;
}

/**
 * A capped node's compute throughput as a share of its uncapped one: `cap^k`. k = 1 (linear) is the default,
 * an ASSUMPTION; a published point (an H100 capped from 700 W to 600 W loses 10–15 % of pretraining step
 * throughput) gives k = ln(0.85…0.90) / ln(600/700) ≈ 0.7…1.1, so linear sits inside it; memory-bound
 * inference loses less (5–8 % there, k ≈ 0.3–0.5). docs/sites-and-placement.md, Power capping.
 */
export function cappedThroughput(cap: number, exponent = 1): number {
  if (!(cap > 0 && cap <= 1)) throw new RangeError(`power cap ${cap} is not in (0, 1]`);
  return cap ** exponent;
}
