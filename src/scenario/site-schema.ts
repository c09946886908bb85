import { z } from 'zod';
import { fraction, quantity } from './quantity-schema.js';
import { profileId } from './profile-schema.js';
import { name } from './name-schema.js';
import { fabricSchema } from './fabric-schema.js';
import { embodiedCarbonSchema, pricePathSchema, refreshStep, resaleSchema, timeOrDate, timeZone } from './refresh-schema.js';
import { powerCapExponentSchema, powerCapSchema, sitePowerSchema } from './power-schema.js';

const YEAR = 365.25 * 86_400;

/** A site of the scenario file: on-prem nodes or cloud instances, in one pool or named pools, and what it costs. */
export const pricingModel = z.enum(['on-demand', 'reserved-1y', 'reserved-3y', 'spot']);

const pool = z
  .strictObject({
    type: profileId.describe('node or cloud-instance profile id (hardware-profiles/ or profiles:)'),
    count: z.int().min(0).max(1_000_000).describe('on-prem: nodes usable from the start; cloud: instances provisioned for the whole run (committed), 0 allowed with autoscale'),
    spot: z
      .strictObject({
        interruption_rate: quantity('rate', 'reclaims per instance, e.g. 0.05 /h', { max: 1 }),
        warning: quantity('time', 'notice before reclaim (AWS gives 2 min)', { allowZero: true }).prefault('2 min'),
      })
      .optional()
      .describe('spot/preemptible instances: jobs on reclaimed instances are interrupted'),
    purchases: z
      .array(
        z.strictObject({
          count: z.int().min(1).max(1_000_000).describe('nodes in this order'),
          ordered: timeOrDate('when the order is placed, from the start of the run'),
        }),
      )
      .max(1000)
      .default([])
      .describe('on-prem: further nodes bought during the run; each becomes usable lead_time after its order'),
    lead_time: quantity('time', 'on-prem: procurement lead time from order to usable nodes', { allowZero: true }).prefault('0 s'),
    capex_per_node: quantity('money', "on-prem: price of one node (default: the node profile's price); 0 needs capex_reason", { allowZero: true, max: 1e9 }).optional(),
    embodied_carbon: embodiedCarbonSchema.optional(),
    capex_reason: z.string().min(1).max(200).optional().describe('why capex_per_node is what it is, e.g. donated; required when it is 0, printed in cost_analysis.basis'),
    refresh: z
      .array(refreshStep)
      .min(1)
      .max(100)
      .optional()
      .describe('on-prem: dated refreshes, each replacing the whole pool with a new generation; each fleet configuration is simulated for its own usage (docs/cost-model.md, Refresh)'),
    pricing: pricingModel.optional().describe('cloud: pricing model of the committed instances (default on-demand; spot with a spot block)'),
    max: z.int().min(1).max(1_000_000).optional().describe('cloud: quota, most instances at once (default: count)'),
    provisioning_delay: quantity('time', 'cloud: from request to a usable instance', { allowZero: true }).prefault('0 s'),
    autoscale: z
      .strictObject({
        idle_timeout: quantity('time', 'release an instance after this long without work', { allowZero: true }).prefault('15 min'),
        scale_up_wait: quantity('time', "request instances when jobs' expected wait reaches this (0: as soon as a job waits)", { allowZero: true }).prefault('0 s'),
      })
      .optional()
      .describe('cloud: add on-demand (or spot) instances up to max when jobs wait, release idle ones'),
    fabric: fabricSchema.optional(),
    power_cap: powerCapSchema.optional(),
    power_cap_exponent: powerCapExponentSchema.optional(),
  })
  .refine((p) => p.capex_per_node !== 0 || p.capex_reason !== undefined, {
    message: 'is 0 USD without a capex_reason: say why the nodes are free (e.g. capex_reason: donated), or give their price',
    path: ['capex_per_node'],
  })
  .describe('a pool of identical nodes');

/** An hourly grid-intensity series read from a CSV (src/scenario/resolve/read-carbon-series.ts). */
const carbonSeriesSchema = z
  .strictObject({
    file: z.string().min(1).max(1000).describe('CSV of hourly grid intensity, relative to the scenario file'),
    format: z.enum(['eia-930', 'electricitymaps', 'watttime', 'generic']).describe("whose column layout the file has ('generic': a time column and an intensity column)"),
    column: z.string().min(1).max(200).optional().describe('the intensity column (default: the format’s standard one; required for eia-930 and generic)'),
    time_column: z.string().min(1).max(200).optional().describe('the timestamp column (default: the format’s)'),
    unit: z.enum(['kg/kWh', 'g/kWh', 'kg/MWh', 'lb/MWh', 'lb/kWh']).optional().describe('unit of the intensity column (default: the format’s; required for generic)'),
  })
  .describe('hourly grid carbon intensity: emissions use it, weighted hour by hour by the energy drawn, instead of carbon_intensity');

const onPremCosts = z
  .strictObject({
    network: quantity('money', 'fabric capex for the site', { allowZero: true }).prefault('0 USD'),
    storage: quantity('money', 'storage capex for the site', { allowZero: true }).prefault('0 USD'),
    installation: quantity('money', 'installation and integration, one-off', { allowZero: true }).prefault('0 USD'),
    depreciation: quantity('time', 'straight-line depreciation life', { max: 30 * YEAR }).prefault('5 years'),
    financing: z
      .strictObject({ rate: fraction('annual interest rate', 1, { allowZero: true }), term: quantity('time', 'loan term, repaid monthly', { max: 30 * YEAR }) })
      .optional()
      .describe('finance the capex with a loan instead of paying cash'),
    power_price: quantity('moneyPerEnergy', 'electricity price (default: US industrial average 2024, EIA)', { allowZero: true }).prefault('0.0807 USD/kWh'),
    time_of_day: z
      .array(
        z.strictObject({
          from: z.number().min(0).max(24).describe('hour the price starts'),
          to: z.number().min(0).max(24).describe('hour the price ends (exclusive)'),
          price: quantity('moneyPerEnergy', 'electricity price in these hours', { allowZero: true }),
        }),
      )
      .max(48)
      .optional()
      .describe('electricity prices by hour of day, overriding power_price in their hours'),
    pue: z.number().min(1).max(5).default(1.56).describe('power usage effectiveness (default: Uptime Institute 2024 global average 1.56)'),
    colocation: quantity('moneyPerPowerTime', 'space and cooling per kW of provisioned IT power', { allowZero: true }).prefault('0 USD/kW/month'),
    maintenance: fraction('maintenance and support contracts, fraction of capex per year', 1, { allowZero: true }).default(0),
    staff: z.number().min(0).max(10_000).default(0).describe('full-time equivalents operating the site'),
    staff_cost: quantity('moneyRate', 'fully loaded cost of one FTE', { allowZero: true }).prefault('0 USD/year'),
    licences: quantity('moneyRate', 'software licences for the site', { allowZero: true }).prefault('0 USD/year'),
    licences_per_node: quantity('moneyRate', 'software licences per node (e.g. per-GPU subscriptions × GPUs)', { allowZero: true }).prefault('0 USD/year'),
    carbon_intensity: quantity('massPerEnergy', 'grid emissions (default: US average 2023, EIA 0.81 lb/kWh)', { allowZero: true }).prefault('0.367 kg/kWh'),
    carbon_intensity_hourly: carbonSeriesSchema.optional(),
    egress_price: quantity('moneyPerByte', 'price of data sent out of the site', { allowZero: true }).prefault('0 USD/GB'),
    idle_power_fraction: fraction('node power when idle, as a fraction of its max, where the node profile gives no idle figure (a modelling assumption)', 1, { allowZero: true }).default(0.25),
    resale: resaleSchema.optional(),
    power_price_path: pricePathSchema.optional().describe('how power_price and the time-of-day prices move over the planning horizon'),
  })
  .describe('what the owned site costs');

const cloudCosts = z
  .strictObject({
    discount: fraction('negotiated discount on every compute price', 1, { allowZero: true }).default(0),
    storage: quantity('bytes', 'data kept in the cloud', { allowZero: true }).prefault('0 GB'),
    storage_price: quantity('moneyPerByteTime', 'storage price (default: S3 Standard first 50 TB, us-east-1)', { allowZero: true }).prefault('0.023 USD/GB/month'),
    egress_price: quantity('moneyPerByte', 'internet egress (default: AWS first 10 TB/month tier)', { allowZero: true }).prefault('0.09 USD/GB'),
    support: fraction('support plan, fraction of the compute and storage bill', 1, { allowZero: true }).default(0),
    pue: z.number().min(1).max(5).default(1.15).describe("provider PUE (default: AWS's reported 2023 global 1.15)"),
    carbon_intensity: quantity('massPerEnergy', 'grid emissions of the region', { allowZero: true }).prefault('0.367 kg/kWh'),
    carbon_intensity_hourly: carbonSeriesSchema.optional(),
    idle_power_fraction: fraction('instance power when idle, as a fraction of its max, where the profile gives no idle figure', 1, { allowZero: true }).default(0.25),
    price_path: pricePathSchema.optional().describe('how the instance prices move over the planning horizon'),
  })
  .describe('what the cloud site costs besides instance prices (those come from the instance profiles)');

const onlyOnePoolForm = {
  message: "give either 'nodes' (one pool) or 'pools' (named pools), not both or neither",
};
export const site = z.union([
  z
    .strictObject({
      kind: z.literal('on-prem').default('on-prem').describe('owned hardware'),
      pools: z.record(name, pool).optional().describe('named pools of nodes'),
      nodes: pool.optional().describe("shorthand for a single pool named 'main'"),
      costs: onPremCosts.prefault({}),
      time_zone: timeZone.optional(),
      power: sitePowerSchema.optional(),
    })
    .refine((s) => (s.pools === undefined) !== (s.nodes === undefined), onlyOnePoolForm)
    .describe('an owned site: nodes bought, powered and operated'),
  z
    .strictObject({
      kind: z.literal('cloud').describe('rented instances'),
      pools: z.record(name, pool).optional().describe('named pools of instances'),
      nodes: pool.optional().describe("shorthand for a single pool named 'main'"),
      costs: cloudCosts.prefault({}),
      time_zone: timeZone.optional(),
    })
    .refine((s) => (s.pools === undefined) !== (s.nodes === undefined), onlyOnePoolForm)
    .describe('a cloud site: instances priced by the profiles, provisioned on demand'),
  z
    .strictObject({
      kind: z.literal('edge').describe('a few small owned nodes near users'),
      pools: z.record(name, pool).optional().describe('named pools of nodes'),
      nodes: pool.optional().describe("shorthand for a single pool named 'main'"),
      costs: onPremCosts.prefault({}),
      time_zone: timeZone.optional(),
      power: sitePowerSchema.optional(),
    })
    .refine((s) => (s.pools === undefined) !== (s.nodes === undefined), onlyOnePoolForm)
    .describe('an edge site: owned nodes near users, costed like on-prem; finite (no cloud autoscaling, no spot) and never a burst target'),
]);

export type OnPremCostsInput = z.output<typeof onPremCosts>;
export type CloudCostsInput = z.output<typeof cloudCosts>;
