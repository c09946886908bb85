import type { ModelCards } from '../model-cards.js';
import type { ProfileResolver } from '../profile-resolver.js';
import type { TokenApis } from '../token-apis.js';
import type { YamlSource } from '../yaml-file.js';

/** A field's place in the scenario: `['workloads', 0, 'devices']`. */
export type FieldPath = (string | number)[];

/** Records one problem at a field of the scenario (located through the YAML source); never throws. */
export type Fail = (path: FieldPath, message: string, hint?: string) => void;

/** What every resolver works with: the parsed file, the profiles, and where problems go. */
export interface ResolveContext {
  readonly src: YamlSource;
  readonly resolver: ProfileResolver;
  /** the model cards inference services may name */
  readonly models: ModelCards;
  /** the managed-API offerings inference services may send requests to */
  readonly apis: TokenApis;
  /** runs a profile lookup, recording its problems instead of throwing (undefined when it failed) */
  readonly guard: <T>(f: () => T) => T | undefined;
  readonly fail: Fail;
  /** the workload whose layout the plan searches (`LoadOptions.layoutSearched`) */
  readonly layoutSearched?: string;
}

/** The scenario's keys of the pricing models, as node profiles name them. */
export const PRICING_KEYS = { 'on-demand': 'on_demand', 'reserved-1y': 'reserved_1y', 'reserved-3y': 'reserved_3y', spot: 'spot' } as const;
