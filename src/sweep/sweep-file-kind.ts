/**
 * Which YAML files are sweep files. A sweep file names the scenario it varies (`base:` or an inline
 * `scenario:`) and usually `parameters:`; no scenario has any of these three keys at its top level, so
 * their presence decides. `simulate validate` uses this to check scenarios and sweeps in one call.
 */
export const SWEEP_ONLY_KEYS = ['base', 'scenario', 'parameters'] as const;

/** True when `value` (a parsed YAML document) is a mapping with a top-level key only sweep files have. */
export function isSweepDocument(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return SWEEP_ONLY_KEYS.some((key) => Object.hasOwn(value, key));
}
