import type { SiteLink } from '../../model/types.js';
import type { ScenarioInput } from '../scenario-schema.js';
import type { Fail } from './resolve-context.js';

/** Wide-area links between known, distinct sites, each pair listed once. */
export function resolveLinks(input: ScenarioInput, siteNames: readonly string[], fail: Fail): SiteLink[] {
  const seen = new Set<string>();
  return input.links.flatMap((l, i) => {
    const [a, b] = l.between;
    let ok = true;
    for (const [j, name] of [a, b].entries()) {
      if (!siteNames.includes(name)) {
        fail(['links', i, 'between', j], `unknown site '${name}'`, `one of: ${siteNames.join(', ')}`);
        ok = false;
      }
    }
    if (a === b) {
      fail(['links', i, 'between'], `links site '${a}' to itself`);
      ok = false;
    }
    const key = [a, b].sort().join('|');
    if (seen.has(key)) fail(['links', i, 'between'], `a link between '${a}' and '${b}' is already listed`);
    seen.add(key);
    return ok ? [{ between: [a, b] as const, bandwidth: l.bandwidth, latency: l.latency }] : [];
  });
}
