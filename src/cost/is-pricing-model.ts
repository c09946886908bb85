import { pricingModels, type PricingModel } from '../model/usage-ledger.js';

/** A key of a ledger's `billed_instance_seconds` read back as a pricing model. */
export function isPricingModel(name: string): name is PricingModel {
  return pricingModels.some((model) => model === name);
}
