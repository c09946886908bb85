import type { Catalog } from '../scenario/catalog.js';
import { parseScenario } from '../scenario/load-scenario.js';
import type { ResolvedScenario } from '../scenario/scenario.js';
import { setAt } from './parameter-path.js';
import type { Variant } from './variant-space.js';

/**
 * The scenario of one variant: the base scenario's plain YAML value with the variant's values set at
 * their paths, validated and resolved by the scenario layer like any scenario file. `baseFile` names
 * it (trace paths resolve against its folder). The text is JSON (which is YAML), so the positions of
 * problems refer to nothing the user wrote: callers relocate them by field (see SweepPlan.relocate).
 * @throws InputError when the variant is not a valid scenario.
 */
export function variantScenario(baseValue: Readonly<Record<string, unknown>>, baseFile: string, patches: Variant['patches'], catalog: Catalog): ResolvedScenario {
  const value: Record<string, unknown> = structuredClone(baseValue);
  for (const p of patches) setAt(value, p.path, structuredClone(p.value));
  return parseScenario(JSON.stringify(value), baseFile, { catalog });
}
