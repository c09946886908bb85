import type { CoolingKind } from './cooling-kinds.js';

/** A delivery that waited for power: delivered at `deliveredAt` s, energised at `energisedAt` s. */
export interface PowerWait {
  readonly pool: string;
  readonly nodes: number;
  readonly deliveredAt: number;
  readonly energisedAt: number;
}

/** What loading decided about a power-capped site (src/scenario/resolve/resolve-power.ts). */
export interface SitePower {
  readonly cooling: CoolingKind;
  readonly pue: number;
  /** W of facility power at the start, and after the last upgrade */
  readonly envelope: number;
  readonly finalEnvelope: number;
  /** the envelope's steps: W from `at` s (the first at 0) */
  readonly steps: readonly { readonly at: number; readonly watts: number }[];
  /** W of IT load when every node is energised (each at its capped maximum) */
  readonly peakIt: number;
  readonly rackDensity: number;
  /** racks the nodes fill: per pool ⌈nodes ÷ ⌊rack density ÷ node IT power⌋⌉ */
  readonly racks: number;
  /** USD of cooling plant built for the peak IT load (added to the site's installation capex) */
  readonly coolingCapex: number;
  readonly coolingCapexPerWatt: number;
  /** deliveries the envelope held back */
  readonly waits: readonly PowerWait[];
  /** pool id → its power cap, exponent and the throughput share it leaves */
  readonly caps: Readonly<Record<string, { readonly cap: number; readonly exponent: number; readonly throughput: number }>>;
}
