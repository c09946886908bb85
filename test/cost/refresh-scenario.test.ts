import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { simulateScenario } from '../../src/simulate/simulate.js';
import { formatSummary } from '../../src/report/text-summary.js';
import { BUNDLED_SCENARIOS, shortenedForTests } from '../support/bundled-files.js';

/**
 * scenarios/planning/refresh-h100-to-b200.yaml end to end at its short test horizon (2 days, one replication):
 * both fleet configurations are simulated, the cost basis names every assumption, the dated figures are where
 * the hand arithmetic puts them.
 */
const bundled = BUNDLED_SCENARIOS.find((s) => s.file === 'scenarios/planning/refresh-h100-to-b200.yaml');

describe('the bundled refresh scenario', async () => {
  if (!bundled) throw new Error('refresh-h100-to-b200.yaml is not listed in test/support/bundled-files.ts');
  const scenario = shortenedForTests(loadScenario(bundled.file), bundled);
  const result = await simulateScenario(scenario);
  const analysis = result.cost_analysis;
  const cost = result.replications[0]?.cost;

  it('resolves the start, the zone and the refresh into a second fleet configuration', () => {
    expect(scenario.start).toBe('2024-01-01T00:00:00.000Z');
    expect(scenario.sites[0]?.timeZone).toBe('America/Chicago');
    // 1 January 2026 at midnight in Chicago (UTC−6) = 731 days (2024 is a leap year) + 6 h after the start
    expect(scenario.configurations?.map((c) => c.from)).toEqual([731 * 86_400 + 6 * 3600]);
    expect(scenario.configurations?.[0]?.sites[0]?.pools[0]?.node.id).toBe('dgx-b200');
  });

  it('the basis names the refresh, the residual value, the price paths and the dates', () => {
    const basis = analysis?.basis;
    expect(basis?.refresh).toMatch(/16 × dgx-h100 retired and sold, 8 × dgx-b200 bought at 350000 USD per node/);
    expect(basis?.refresh).toMatch(/Years are not simulated: each fleet configuration/);
    expect(basis?.residual_value).toMatch(/resale curve 62.5 % at 1 y/);
    expect(basis?.price_paths).toMatch(/electricity at onprem: \+1.4 % a year, compounded/);
    expect(basis?.price_paths).toMatch(/aws-p5.48xlarge/);
    expect(basis?.calendar).toMatch(/2024-01-01 to 2028-12-31/);
    const text = formatSummary(result);
    for (const line of ['refresh: ', 'residual value: ', 'price paths: ', 'fleet from 2026-01-01']) expect(text).toContain(line);
  });

  it('sells the H100s at 2 years and credits the B200s held at the horizon', () => {
    // the H100s are 731 d + 6 h old = 2 years (730.5 d) + 0.75 d: on the curve's 2-to-3-year slope (−12.5 points a
    // year) 42.5 % − 12.5 % × 0.75 / 365.25 = 42.4743 %; × 16 × 270,000 USD = 1,834,891 USD
    expect(cost?.residual_value?.resale_at_retirement).toBeCloseTo(16 * 270_000 * (0.425 - (0.125 * 0.75) / 365.25), 0);
    // B200s at the horizon: age = 1,826.25 d − (731 d + 6 h) ≈ 2.998 years on the curve (42.5 % → 30 % between 2 and 3 years)
    const age = (1826.25 * 86_400 - (731 * 86_400 + 6 * 3600)) / (365.25 * 86_400);
    const nodes = 8 * 350_000 * (0.425 + (0.3 - 0.425) * (age - 2));
    expect(cost?.residual_value?.market_value_at_horizon).toBeCloseTo(nodes, 0);
    expect(analysis?.fleet_configurations?.[0]?.from_date).toBe('2026-01-01');
    expect(Object.values(analysis?.build_vs_buy ?? {})[0]?.break_even_date).toMatch(/^20\d\d-\d\d-\d\d$/);
  });

  it("the streamed path (the CLI's, with a stop poll) runs the configurations to the same bytes", async () => {
    const streamed = await simulateScenario(scenario, { shouldStop: () => false });
    expect(JSON.stringify(streamed)).toBe(JSON.stringify(result));
  });
});
