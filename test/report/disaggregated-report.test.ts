/** A disaggregated service's phases reach the text summary, the report's KPI table (Markdown) and its assumptions. */
import { describe, expect, it } from 'vitest';
import { renderMarkdownReport } from '../../src/report/markdown-report.js';
import { buildReport } from '../../src/report/report-model.js';
import { formatSummary } from '../../src/report/text-summary.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { asJson, run } from './report-fixtures.js';

const scenario = (serving: string) => `name: pd-report
seed: 2
horizon: 5 min
warmup: 1 min
costs: none
sites:
  dc: { nodes: { type: dgx-h100, count: 1 } }
workloads:
  - name: chat
    kind: inference
    model: { card: llama-3.1-70b, precision: fp8, kv_cache_precision: fp8 }
    arrivals: { rate: 2 /s }
    tokens: { input: 1500, output: 100 }
    tensor_parallel: 2
${serving}
`;
const disaggregated = run(parseScenario(scenario('    disaggregated:\n      prefill: { replicas: 1 }\n      decode: { replicas: 3 }')));
const colocated = run(parseScenario(scenario('    replicas: 4')));

describe('a disaggregated service in the reports', () => {
  it('has a phase table in the text summary; a colocated service has none', () => {
    const text = formatSummary(disaggregated);
    expect(text).toMatch(/chat: queue \+ prefill +1 /);
    expect(text).toMatch(/chat: KV transfer /);
    expect(text).toMatch(/chat: KV landed → first decode step +3 /);
    expect(text).toMatch(/chat: [\d,.]+ GB of KV cache moved from prefill to decode replicas in the window/);
    expect(formatSummary(colocated)).not.toMatch(/KV transfer/);
  });

  it('puts the phases in the KPI table and the assumptions, blank for the colocated result beside it', () => {
    const md = renderMarkdownReport(
      buildReport([
        { result: asJson(disaggregated), label: 'split' },
        { result: asJson(colocated), label: 'colocated' },
      ]),
    );
    expect(md).toMatch(/\| chat: KV transfer p99 \(lower is better\) \| [\d.]+ ms \| — \|/);
    expect(md).toMatch(/\| chat: KV cache moved \| [\d,.]+ GB \| — \|/);
    expect(md).toContain('disaggregated: prefill 1 × TP 2 on dc/main, batch ≤ 256; decode 3 × TP 2 on dc/main, batch ≤ 256');
  });
});
