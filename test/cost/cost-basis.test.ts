import { describe, expect, it } from 'vitest';
import { costBasis } from '../../src/cost/cost-basis.js';
import { DAY, YEAR, onPremCosts, onPremPool, scenario, site } from './fixtures.js';

describe('costBasis', () => {
  it('states the projection plainly, with the horizon, window and discount rate', () => {
    const s = scenario([site('dc', onPremCosts({ capexPerNode: { 'dc/gpu': 1 }, financing: { annualRate: 0.05, term: 3 * YEAR } }), [onPremPool({ nodes: 1 })])], {
      horizon: 5 * YEAR,
      discountRate: 0.08,
    });
    const b = costBasis(s, { window: 28 * DAY });
    expect(b.projection).toContain('28-day statistics window');
    expect(b.projection).toContain('5-year planning horizon (60 months');
    expect(b.projection).toMatch(/held constant/);
    expect(b.npv).toContain('8 % a year');
    expect(b.financing).toContain('dc');
    expect(Object.values(b).every((t) => typeof t === 'string' && t.length > 0)).toBe(true);
  });
});
