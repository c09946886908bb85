import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/simulate/simulate.js';

/** Arrival processes written as scenarios: submitted counts against ∫λ(t)dt (4 standard deviations of a Poisson count). */
function submitted(arrivals: string, horizon: string): number[] {
  const text = `
name: arrivals
seed: 3
horizon: ${horizon}
replications: 4
reference: { device: h100-sxm-80gb, precision: bf16 }
sites:
  dc: { nodes: { type: dgx-h100, count: 16 } }
workloads:
  - name: w
    arrivals: ${arrivals}
    devices: 1
    work: { reference_time: 1 min }
`;
  return simulate(parseScenario(text)).replications.map((r) => r.jobs.submitted);
}

const within = (count: number, mean: number) => expect(Math.abs(count - mean), `${count} vs ${mean}`).toBeLessThan(4 * Math.sqrt(mean) + 1);

describe('synthetic arrival processes in scenarios', () => {
  it('diurnal: whole days average the mean rate; weekends scale by weekend_factor', () => {
    // 14 days at 10 /h: 10 weekdays + 4 weekend days at half rate → 24 × 10 × (10 + 4 × 0.5) = 2,880.
    for (const n of submitted('{ rate: 10 /h, diurnal: { amplitude: 0.8, peak_hour: 14, weekend_factor: 0.5 } }', '14 days')) within(n, 2880);
  });

  it('growth: ∫ rate·(1+g)^(t/month) dt over a year', () => {
    // rate 2 /h, +10 %/month, 12 months of 730.5 h: 2 × 730.5 × ((1.1^12 − 1) / ln 1.1) = 30,648.
    const month = 730.5;
    const expected = 2 * month * ((1.1 ** 12 - 1) / Math.log(1.1));
    for (const n of submitted('{ rate: 2 /h, growth_per_month: 10 % }', '8766 h')) within(n, expected);
  });

  it('mmpp: long-run count = Σ rate_i·π_i·T (π ∝ mean sojourn for two states)', () => {
    // π = (3/4, 1/4): mean rate = 0.75 × 4 + 0.25 × 40 = 13 /h over 2,000 h → 26,000. An MMPP count
    // is over-dispersed, so allow 10 %.
    for (const n of submitted('{ mmpp: { rates: [4 /h, 40 /h], mean_sojourn: [6 h, 2 h] } }', '2000 h')) {
      expect(Math.abs(n - 26_000) / 26_000).toBeLessThan(0.1);
    }
  });
});
