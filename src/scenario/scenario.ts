import type { CostedScenario, UnpricedScenario } from '../cost/costed-scenario.js';

/** What the report shows of a scenario besides its figures. */
export interface ScenarioLabels {
  readonly name: string;
  readonly description?: string;
}

/**
 * A scenario as loading returns it: every reference resolved, every unit normalised, every field
 * validated — and nothing priced or run (`priceScenario` prices it when a run is built). Frozen.
 */
export interface ResolvedScenario extends ScenarioLabels, UnpricedScenario {}

/**
 * The scenario a run is built from and a result records: the model's run inputs (src/model/types.ts),
 * the cost inputs with their prices (src/cost/costed-scenario.ts) and the labels the report shows.
 */
export interface Scenario extends ScenarioLabels, CostedScenario {}
