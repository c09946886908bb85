import { describe, expect, it } from 'vitest';
import { renderQuantileChart } from '../../src/report/charts/quantile-chart.js';
import { distributionCharts } from '../../src/report/distribution-charts.js';
import type { ResultDocument } from '../../src/report/result-document.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulateScenario } from '../../src/simulate/simulate.js';

/** A small chat service whose scenario states its SLO: 800 ms to the first token, 60 ms per output token. */
const scenario = `name: slo-rule
seed: 3
horizon: 10 min
warmup: 1 min
replications: 1
costs: none
sites:
  dc: { nodes: { type: dgx-h100, count: 1 } }
workloads:
  - name: chat
    kind: inference
    model: { card: llama-3.1-8b, precision: fp8 }
    arrivals: { rate: 2 /s }
    tokens: { input: 500, output: 100 }
    replicas: 1
    slo: { ttft: 800 ms, tpot: 60 ms }
`;

async function result(text: string): Promise<ResultDocument> {
  return JSON.parse(JSON.stringify(await simulateScenario(parseScenario(text)))) as ResultDocument;
}

describe('latency distributions draw the SLO the scenario states', () => {
  it('the TTFT and TPOT charts carry the target, labelled, inside the axis; the end-to-end chart has none', async () => {
    const r = await result(scenario);
    const charts = distributionCharts([{ label: 'a', result: r }]);
    const ttft = charts.find((c) => c.kind === 'ttft-cdf');
    const tpot = charts.find((c) => c.kind === 'tpot-cdf');
    expect(ttft?.target).toEqual({ value: 0.8, label: 'SLO' });
    expect(tpot?.target).toEqual({ value: 0.06, label: 'SLO' });
    expect(charts.find((c) => c.kind === 'e2e-cdf')?.target).toBeUndefined();
    const svg = String(renderQuantileChart(ttft!));
    expect(svg).toMatch(/<g class="target"><line class="marker-rule" x1="([\d.]+)" x2="\1"/);
    expect(svg).toContain('SLO 800 ms');
  });

  it('draws no rule when the compared results state different targets', async () => {
    const a = await result(scenario);
    const b = await result(scenario.replace('ttft: 800 ms', 'ttft: 2 s'));
    const ttft = distributionCharts([
      { label: 'a', result: a },
      { label: 'b', result: b },
    ]).find((c) => c.kind === 'ttft-cdf');
    expect(ttft).toBeDefined();
    expect(ttft?.target).toBeUndefined();
  });
});
