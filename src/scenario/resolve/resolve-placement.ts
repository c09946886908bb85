import type { PoolSpec, Site, SiteLink, WorkloadPlacement } from '../../model/types.js';
import type { ScenarioInput, WorkloadInput } from '../scenario-schema.js';
import type { Fail, FieldPath } from './resolve-context.js';

/**
 * Residency, alternatives and data gravity of one workload. Residency: the intersection of the sites
 * allowed by each of its tags (a tag without a rule allows every site). Alternatives: pools of the
 * burst sites (burst) or of every site (cheapest, greenest), residency applied; inference services stay home.
 */
export function resolvePlacement(
  w: Exclude<WorkloadInput, { kind: 'federated' }>,
  home: PoolSpec,
  sites: readonly Site<PoolSpec>[],
  policy: ScenarioInput['policy'],
  links: readonly SiteLink[],
  at: (...p: FieldPath) => FieldPath,
  fail: Fail,
): WorkloadPlacement {
  let allowed = sites.map((s) => s.name);
  for (const tag of w.tags) {
    const rule = policy.residency[tag];
    if (rule) allowed = allowed.filter((s) => rule.includes(s));
  }
  allowed.sort();
  if (!allowed.includes(home.site)) {
    const tag = w.tags.find((t) => policy.residency[t] && !policy.residency[t].includes(home.site));
    fail(at('site'), `runs on '${home.site}' but its tag '${tag}' only allows ${allowed.length ? allowed.join(', ') : 'no site at all'}`, 'data residency: place it on an allowed site');
  }
  const candidates =
    w.kind === 'inference' || policy.placement === 'home'
      ? []
      : policy.placement === 'burst'
        ? (policy.burst?.to ?? []).flatMap((name) => sites.find((s) => s.name === name)?.pools ?? [])
        : sites.flatMap((s) => s.pools);
  const alternatives = candidates.filter((p) => p.id !== home.id && allowed.includes(p.site)).map((p) => p.id);
  let dataset: WorkloadPlacement['dataset'];
  if (w.dataset) {
    const d = w.dataset;
    if (!sites.some((s) => s.name === d.site)) fail(at('dataset', 'site'), `unknown site '${d.site}'`, `one of: ${sites.map((s) => s.name).join(', ')}`);
    else {
      const runSites = new Set([home.site, ...alternatives.map((id) => id.slice(0, id.indexOf('/')))]);
      for (const s of runSites) {
        if (s !== d.site && !links.some((l) => l.between.includes(s) && l.between.includes(d.site))) {
          fail(at('dataset', 'site'), `jobs may run on '${s}' but no link joins it to '${d.site}', where the data lives`, `add links: [{between: [${d.site}, ${s}], bandwidth: '10 Gbit/s'}]`);
        }
      }
      dataset = { site: d.site, input: d.input, output: d.output };
    }
  }
  return {
    alternatives,
    allowedSites: allowed,
    ...(w.deadline !== undefined && { deadline: w.deadline }),
    ...(dataset && { dataset }),
  };
}
