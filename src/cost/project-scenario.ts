import type { CostedScenario } from './costed-scenario.js';
import type { UsageLedger } from '../model/usage-ledger.js';
import { projectCloudSite } from './project-cloud-site.js';
import { projectOnPremSite } from './project-on-prem-site.js';
import type { SiteProjection } from './site-projection.js';

/**
 * Every site of the scenario projected over `scenario.planning.horizon` from one replication's
 * usage ledger, in scenario site order. A site is priced by the kind of its `costs`.
 */
export function projectScenario(scenario: CostedScenario, ledger: UsageLedger): SiteProjection[] {
  return scenario.sites.map((site) => (site.costs.kind === 'on-prem' ? projectOnPremSite(site, site.costs, ledger, scenario.planning) : projectCloudSite(site, site.costs, ledger, scenario.planning)));
}
