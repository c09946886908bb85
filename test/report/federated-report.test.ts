import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/simulate/simulate.js';
import { renderHtmlReport } from '../../src/report/html-report.js';
import { renderMarkdownReport } from '../../src/report/markdown-report.js';
import { buildReport } from '../../src/report/report-model.js';
import { formatSummary } from '../../src/report/text-summary.js';
import { asJson } from './report-fixtures.js';

/** A federated workload reaches every report: text lines, Markdown and HTML rows, the assumptions it rests on. */
const yaml = `
name: fl-report
horizon: 1 h
warmup: 0 s
replications: 2
sites:
  hq: { nodes: { type: cpu-2s-epyc9654, count: 1 }, costs: { egress_price: 0.02 USD/GB } }
  stores: { kind: edge, nodes: { type: cpu-2s-epyc9654, count: 1 } }
workloads:
  - name: fl
    kind: federated
    site: hq
    clients: { count: 20, site: stores, device: l40s, uplink: 20 Mbit/s, downlink: 100 Mbit/s, availability: 0.8, dropout: 0.05 }
    model: { params: 1e7 }
    local: { flops_per_sample: 10 GFLOP, samples: 1000 }
    per_round: 10
    min_reports: 5
    max_rounds: 5
`;

describe('federated workloads in reports', () => {
  const result = simulate(parseScenario(yaml));

  it('the text summary gives rounds per day, clients per round, bytes, the cost of a round and its assumptions', () => {
    const text = formatSummary(result);
    expect(text).toMatch(/federated fl: .*rounds\/day.* completed/);
    expect(text).toMatch(/per round: .* selected, .* updates/);
    expect(text).toMatch(/cost per completed round: .* USD = aggregation pool .* \+ egress .* \+ client energy/);
    expect(text).toContain('client energy is not priced');
  });

  it('Markdown and HTML show the KPI rows; HTML lists the assumptions', () => {
    const model = buildReport([{ result: asJson(result) }]);
    const markdown = renderMarkdownReport(model);
    for (const row of ['fl: rounds completed per day', 'fl: round time p95', 'fl: cost per completed round', 'fl: bytes uploaded by clients', 'fl: client device-hours computing']) {
      expect(markdown).toContain(row);
    }
    const html = renderHtmlReport(model);
    expect(html).toContain('fl: rounds completed per day');
    expect(html).toContain('client links');
    expect(html).toContain('counted, not priced');
  });
});
