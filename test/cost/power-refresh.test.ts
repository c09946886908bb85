import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { InputError } from '../../src/support/input-error.js';

/**
 * A refresh on a power-capped site (issue 16, items 1 and 2 together). 75 DGX H100 (10.2 kW) from 2026-01-01 on an
 * air-cooled site of 1 MW at PUE 1.3 (75 × 10.2 × 1.3 = 994.5 kW: they fit), refreshed on 2027-01-01 by 75 DGX B200
 * (14.3 kW: 75 × 14.3 × 1.3 = 1.394 MW, more than 1 MW). The later fleet is checked against the envelope of its date.
 */
const yaml = (upgrades: string) => `
name: power-refresh
start: 2026-01-01T00:00:00Z
horizon: 1 day
planning: { horizon: 3 years }
sites:
  dc:
    power: { envelope: 1 MW, upgrades: ${upgrades}, rack_density: 30 kW, cooling: air, pue: 1.3 }
    pools:
      gpu:
        type: dgx-h100
        count: 75
        refresh: [{ at: 2027-01-01, type: dgx-b200, count: 75 }]
    costs: { installation: 1000 USD }
workloads:
  - { name: a, pool: gpu, arrivals: { rate: 1 /h }, devices: 8, work: { reference_time: 8 h } }
`;

describe('a refresh on a power-capped site', () => {
  it('reads the envelope in force at the refresh (2 MW from 2026-07-01) and sizes the cooling plant for the peak fleet', () => {
    const s = parseScenario(yaml('[{ at: 2026-06-01, to: 2 MW, lead_time: 30 days }]'));
    const later = s.configurations?.[0]?.sites[0];
    expect(later?.power?.envelope).toBe(2e6);
    expect(later?.power?.steps).toEqual([{ at: 0, watts: 2e6 }]);
    // the B200s are online when the configuration opens: no wait
    expect(later?.pools[0]?.tranches.map((t) => t.onlineAt)).toEqual([0]);
    // cooling: 2.4 USD/W × the peak IT of any configuration, 75 × 14.3 kW = 1,072.5 kW (the H100s drew 765 kW)
    const site = s.sites[0]!;
    expect(site.power?.peakIt).toBeCloseTo(1_072_500, 6);
    expect(site.costs.kind === 'on-prem' && site.costs.installation).toBeCloseTo(1000 + 2.4 * 1_072_500, 3);
  });

  it('an upgrade due after the refresh holds the new generation back by as long as it comes after the refresh date', () => {
    // energised 2027-03-01 (59 days after the refresh): in the configuration's window the B200s come online at 59 days
    const s = parseScenario(yaml('[{ at: 2027-03-01, to: 2 MW }]'));
    const later = s.configurations?.[0]?.sites[0];
    expect(later?.power?.envelope).toBe(1e6);
    expect(later?.pools[0]?.tranches.map((t) => t.onlineAt / 86_400)).toEqual([59]);
  });

  it('a later fleet no envelope fits is a located error naming the refresh that makes it', () => {
    let error: unknown;
    try {
      parseScenario(yaml('[]'));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/need 1\.394 MW of facility power .* never exceeds 1 MW — with the fleet after sites\.dc\.pools\.gpu\.refresh\[0\]/);
  });
});
