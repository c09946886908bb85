/** Public API: load a scenario, simulate it, format the result. The CLI is a thin layer over this. */
export { loadScenario, parseScenario, type LoadOptions } from './scenario/load-scenario.js';
export { Catalog, defaultCatalogDir, loadProfileFile } from './scenario/catalog.js';
export { InputError, formatProblem, type InputProblem } from './support/input-error.js';
export { scenarioJsonSchema, profileJsonSchema } from './scenario/json-schema.js';
export { simulate, type SimulationResult, type SimulateOptions } from './simulate/simulate.js';
export { runReplication, type ReplicationMetrics, type PoolMetrics } from './model/run-replication.js';
export type * from './model/types.js';
export { streamBytesBetween, streamNamed } from './model/data/stream-rate.js';
export type { ResolvedScenario, Scenario, ScenarioLabels } from './scenario/scenario.js';
export type { CostedScenario, CostedSite, UnpricedScenario } from './cost/costed-scenario.js';
export { priceScenario } from './cost/price-scenario.js';
export { resultToJson } from './report/json-result.js';
export { formatSummary } from './report/text-summary.js';
export { erlangC, mmcMeanWait, mg1MeanWait } from './metrics/queueing-theory.js';
