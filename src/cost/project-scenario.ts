import type { CostedScenario } from './costed-scenario.js';
import type { UsageLedger } from '../model/usage-ledger.js';
import { projectCloudSite } from './project-cloud-site.js';
import { projectOnPremSite } from './project-on-prem-site.js';
import type { SiteProjection } from './site-projection.js';
import type { UsagePhase } from './fleet-phases.js';
import { siteDataStorage } from './lake-projection.js';

/**
 * Every site of the scenario projected over `scenario.planning.horizon` from one replication's
 * usage ledger, in scenario site order. A site is priced by the kind of its `costs`. With `phases` (a
 * refresh plan's later fleet configurations), each configuration's ledger prices its own span of the horizon.
 * A site's lakes and stream brokers (closed-form sizes, src/cost/lake-projection.ts) add to its storage.
 */
export function projectScenario(scenario: CostedScenario, ledger: UsageLedger, phases?: readonly UsagePhase[]): SiteProjection[] {
  return scenario.sites.map((site) => {
    const data = siteDataStorage(scenario, site.name, scenario.planning.horizon);
    return site.costs.kind === 'on-prem' ? projectOnPremSite(site, site.costs, ledger, scenario.planning, phases, data) : projectCloudSite(site, site.costs, ledger, scenario.planning, phases, data);
  });
}
