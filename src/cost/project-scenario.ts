import type { CostedScenario } from './costed-scenario.js';
import type { UsageLedger } from '../model/usage-ledger.js';
import { projectCloudSite } from './project-cloud-site.js';
import { projectOnPremSite } from './project-on-prem-site.js';
import type { SiteProjection } from './site-projection.js';
import type { UsagePhase } from './fleet-phases.js';

/**
 * Every site of the scenario projected over `scenario.planning.horizon` from one replication's
 * usage ledger, in scenario site order. A site is priced by the kind of its `costs`. With `phases` (a
 * refresh plan's later fleet configurations), each configuration's ledger prices its own span of the horizon.
 */
export function projectScenario(scenario: CostedScenario, ledger: UsageLedger, phases?: readonly UsagePhase[]): SiteProjection[] {
  return scenario.sites.map((site) =>
    site.costs.kind === 'on-prem' ? projectOnPremSite(site, site.costs, ledger, scenario.planning, phases) : projectCloudSite(site, site.costs, ledger, scenario.planning, phases),
  );
}
