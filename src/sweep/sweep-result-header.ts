import type { SweepDefinition } from './load-sweep.js';
import type { Shard } from './shard.js';

/** Everything in a sweep results file but the variants and the analysis. */
export interface SweepResultHeader {
  readonly schemaVersion: string;
  readonly kind: 'sweep-result';
  readonly tool: { readonly name: string; readonly version: string };
  readonly sweep: SweepDefinition & { readonly hash: string; readonly variants_hash: string };
  /** present in a shard's file only: a merged or single-process result has none */
  readonly shard?: Shard;
  /** unit and meaning of each flat metric in `variants[].metrics` */
  readonly metrics: Readonly<Record<string, { readonly unit: string; readonly description: string }>>;
}
