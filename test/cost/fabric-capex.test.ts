import { describe, expect, it } from 'vitest';
import { computeCosts } from '../../src/cost/compute-costs.js';
import { costBasis } from '../../src/cost/cost-basis.js';
import type { NetworkProfile } from '../../src/model/types.js';
import { DAY, YEAR, ledger, nodeProfile, onPremCosts, onPremPool, scenario, site } from './fixtures.js';

/**
 * A pool's fabric in the TCO (docs/cost-model.md "Fabric"): its switches and transceivers, counted by hand, land in
 * the pool's `network` line, bought with its first tranche and depreciated like the rest of the capex.
 */
const nic: NetworkProfile = { id: 'nic', name: 'NDR port', vendor: 'test', kind: 'network', class: 'infiniband', bandwidth: 50e9, sources: {} };
const sw: NetworkProfile = { ...nic, id: 'sw', name: '64-port switch', ports: 64, price: 36_000 };
const optics: NetworkProfile = { ...nic, id: 'optics', name: 'transceiver', price: 700 };

function fabricPool(fabric: boolean) {
  const pool = onPremPool({ nodes: 16, tranches: [{ nodes: 16, orderedAt: 10 * DAY, onlineAt: 40 * DAY }] });
  return {
    ...pool,
    node: nodeProfile({ network: [{ profile: nic, count: 8, role: 'compute' }] }),
    ...(fabric && { fabric: { topology: 'fat-tree' as const, nodesPerLeaf: 4, oversubscription: 2, placement: 'first-fit' as const, switch: sw, optics } }),
  };
}

describe('fabric capex', () => {
  it('16 nodes of 8 NICs, fat-tree, 4 per leaf, oversubscription 2: 5 switches and 384 transceivers in the pool’s network line', () => {
    // 4 leaf switches (32 down + 16 up = 48 ports each) + 1 spine (64 uplinks); 2 × (128 + 64) transceivers.
    // 5 × 36,000 + 384 × 700 = 448,800 USD, online at 40 days; 3-year life, 3-year horizon: depreciated to
    // 448,800 × (3 years − 40 days) / 3 years within the horizon.
    const costs = onPremCosts({ capexPerNode: { 'dc/gpu': 100_000 } });
    const withFabric = computeCosts(scenario([site('dc', costs, [fabricPool(true)])], { horizon: 3 * YEAR }), ledger(DAY, {}));
    const without = computeCosts(scenario([site('dc', costs, [fabricPool(false)])], { horizon: 3 * YEAR }), ledger(DAY, {}));
    expect(without.by_category.network).toBe(0);
    expect(withFabric.by_category.network).toBeCloseTo((448_800 * (3 * YEAR - 40 * DAY)) / (3 * YEAR), 4);
    // the cash goes out when the pool's first tranche is ordered: all of it within the horizon
    expect(withFabric.cash - without.cash).toBeCloseTo(448_800, 4);
    expect(withFabric.by_category.hardware_depreciation).toBe(without.by_category.hardware_depreciation);
  });

  it('the cost basis names the counts and prices; without a fabric it says nothing', () => {
    const costs = onPremCosts({ capexPerNode: { 'dc/gpu': 100_000 } });
    const basis = costBasis(scenario([site('dc', costs, [fabricPool(true)])], { horizon: YEAR }));
    expect(basis.fabric).toContain('4 leaves, 4 leaf + 1 spine switches sw at 36000 USD (563 USD per port), 384 transceivers optics at 700 USD, 448800 USD');
    expect(costBasis(scenario([site('dc', costs, [fabricPool(false)])], { horizon: YEAR })).fabric).toBeUndefined();
  });
});
