/**
 * Cloud cost components against hand calculations. Pool `cloud/p5`: 8-GPU instances priced
 * 98.32 USD/h on demand, 57.63 USD/h reserved for 1 year, 30 USD/h spot, with a 10 % negotiated
 * discount. Ledger: a 10-day window with 100 on-demand, 240 reserved (one instance all window) and 50
 * spot instance-hours billed. Horizon: 1 year = 36.525 windows.
 */
import { describe, expect, it } from 'vitest';
import { computeCosts } from '../../src/cost/compute-costs.js';
import { rentalPricePerDeviceSecond } from '../../src/cost/rental-price.js';
import { DAY, HOUR, YEAR, cloudCosts, cloudPool, ledger, perGb, perGbMonth, perHour, poolUsage, scenario, site } from './fixtures.js';

const pool = cloudPool({ max: 4, pricing: { on_demand: perHour(98.32), reserved_1y: perHour(57.63) } });
const costs = cloudCosts({
  instancePrices: { 'cloud/p5': { spot: perHour(30) } }, // the site adds a spot price; the others come from the profile
  computeDiscount: 0.1,
  storageBytes: 100e12, // 100 TB
  storagePrice: perGbMonth(0.023),
  egressPrice: perGb(0.08),
  supportRate: 0.1,
  pue: 1.1,
  carbonIntensity: 0.3 / 3.6e6,
});
const window = 10 * DAY;
const usage = ledger(
  window,
  {
    'cloud/p5': poolUsage({
      site: 'cloud',
      site_kind: 'cloud',
      billed_instance_seconds: { on_demand: 100 * HOUR, reserved_1y: 240 * HOUR, spot: 50 * HOUR },
      busy_device_seconds: 8 * 300 * HOUR,
      online_device_seconds: 8 * 390 * HOUR,
      online_node_seconds: 390 * HOUR,
      energy_joules: 1e9,
    }),
  },
  { 'cloud->dc': 2e12 },
);
const r = computeCosts(scenario([site('cloud', costs, [pool])], { horizon: YEAR }), usage);

describe('cloud costs by hand (1-year horizon)', () => {
  it('bills compute per pricing model, less the discount', () => {
    // per window: 100 × 98.32 + 240 × 57.63 + 50 × 30 = 9,832 + 13,831.20 + 1,500 = 25,163.20
    // × (1 − 0.10) = 22,646.88; × 36.525 windows = 827,177.29
    expect(r.by_category.cloud_compute).toBeCloseTo(827_177.292, 3);
  });

  it('charges storage per GB-month, egress per GB and support on compute + storage', () => {
    // 100 TB = 100,000 GB × 0.023 USD/GB-month × 12 = 27,600
    expect(r.by_category.cloud_storage).toBeCloseTo(27_600, 6);
    // 2 TB per window = 2,000 GB × 0.08 = 160 × 36.525 = 5,844
    expect(r.by_category.egress).toBeCloseTo(5_844, 6);
    // 10 % × (827,177.29 + 27,600) = 85,477.73
    expect(r.by_category.support).toBeCloseTo(85_477.7292, 3);
    // everything on-prem is 0
    expect(r.by_category.hardware_depreciation + r.by_category.energy + r.by_category.staff + r.by_category.financing).toBe(0);
    // all opex: cash = cost; 827,177.29 + 27,600 + 5,844 + 85,477.73 = 946,099.02
    expect(r.total).toBeCloseTo(946_099.0212, 3);
    expect(r.cash).toBeCloseTo(r.total, 6);
  });

  it('estimates energy and emissions from the ledger with the provider PUE', () => {
    // 1e9 J per window × 36.525 = 3.6525e10 J = 10,145.83 kWh; × 1.1 = 11,160.42 kWh; × 0.3 kg = 3,348.13 kg
    expect(r.energy.it_kwh).toBeCloseTo(3.6525e10 / 3.6e6, 6);
    expect(r.energy.facility_kwh).toBeCloseTo((1.1 * 3.6525e10) / 3.6e6, 6);
    expect(r.energy.co2e_kg).toBeCloseTo((0.3 * 1.1 * 3.6525e10) / 3.6e6, 6);
  });

  it('counts delivered GPU-hours from busy device-seconds', () => {
    // 8 × 300 h per window × 36.525 = 87,660 GPU-hours
    expect(r.unit_costs.gpu_hours).toBeCloseTo(87_660, 6);
    expect(r.per_site['cloud']?.per_gpu_hour).toBeCloseTo(946_099.0212 / 87_660, 6);
  });

  it('gives the rental price of one device', () => {
    // 98.32 USD/h × 0.9 / 8 GPUs = 11.061 USD per GPU-hour
    expect(rentalPricePerDeviceSecond(scenario([site('cloud', costs, [pool])], { horizon: YEAR }), 'cloud/p5') * HOUR).toBeCloseTo(11.061, 9);
  });

  it('refuses instance-hours billed under a pricing model with no price', () => {
    const l = ledger(window, { 'cloud/p5': poolUsage({ site: 'cloud', site_kind: 'cloud', billed_instance_seconds: { reserved_3y: HOUR } }) });
    expect(() => computeCosts(scenario([site('cloud', costs, [pool])], { horizon: YEAR }), l)).toThrow(/cloud\/p5 has no reserved_3y price/);
  });
});
