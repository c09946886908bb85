/** The TCO cost layer: pure functions over the usage ledger (docs/cost-model.md). */
export type { CloudCostInputs, OnPremCostInputs, PlanningInputs, SiteCostInputs, Tranche } from './cost-inputs.js';
export * from './cost-result.js';
export { computeCosts, type CostPhase, type DeliveredWork } from './compute-costs.js';
export { costPerMillionTrainingTokens, costsToSummarise } from './training-token-cost.js';
export { costBasis, type CostBasis } from './cost-basis.js';
export { buildVsBuy, type BuildVsBuyOptions } from './build-vs-buy.js';
export { rentalPricePerDeviceSecond } from './rental-price.js';
export { sensitivity, type SensitivityOptions } from './sensitivity.js';
export { averageLedgers } from './average-ledgers.js';
export { annuityPayment, loanSchedule, type Instalment } from './loan-schedule.js';
export { hourlyElectricityPrices, energyWeightedPrice } from './electricity-price.js';
export { JOULES_PER_KWH, SECONDS_PER_MONTH, SECONDS_PER_YEAR, monthsIn } from './planning-calendar.js';
export type { CostedScenario, CostedSite, FleetConfiguration, PlanningSpec, RentalQuote, UnpricedScenario } from './costed-scenario.js';
export { priceScenario } from './price-scenario.js';
export { tokenBuildVsBuy, type TokenBuildVsBuy } from './token-build-vs-buy.js';
export { apiSpend, tokenCost, type ApiSpend, type ApiSpendLine } from './api-spend.js';
export { priceFactor, monthFactor, applyPricePath, type PricePath } from './price-path.js';
export { resaleFraction, bookFraction, type ResaleCurve } from './residual-value.js';
