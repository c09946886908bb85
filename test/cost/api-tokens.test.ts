import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { tokenCost } from '../../src/cost/api-spend.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/simulate/simulate.js';
import { formatSummary } from '../../src/report/text-summary.js';
import { resultToJson } from '../../src/report/json-result.js';
import { buildReport } from '../../src/report/report-model.js';
import { renderMarkdownReport } from '../../src/report/markdown-report.js';
import type { ResultDocument } from '../../src/report/result-document.js';

describe('managed-API token cost', () => {
  it('is tokens × list prices, by hand', () => {
    // 3 requests: (1000 in, 200 out), (500, 100), (2500, 700) = 4000 in, 1000 out at $0.59 / $0.79 per million
    expect(tokenCost({ input: 0.59, output: 0.79 }, 4000, 1000)).toBeCloseTo((4000 * 0.59 + 1000 * 0.79) / 1e6, 15);
    expect(tokenCost({ input: 0.59, output: 0.79 }, 4000, 1000)).toBeCloseTo(0.00315, 12);
  });
});

describe('api-vs-self-host scenario → JSON → summary', () => {
  const file = 'scenarios/serving/api-vs-self-host.yaml';
  const scenario = { ...loadScenario(file), horizon: 1800, warmup: 600, replications: 1 };
  const result = simulate(scenario);
  const rep = result.replications[0]!;

  it('prices the ledger: API spend = window tokens × list price × horizon / window', () => {
    const used = rep.usage.api!;
    const line = rep.cost!.api_tokens!.by_workload.tools!;
    const usd = (used.tools!.input_tokens * 0.9 + used.tools!.output_tokens * 0.9) / 1e6;
    expect(line.window_usd).toBeCloseTo(usd, 9);
    expect(line.total).toBeCloseTo((usd / rep.usage.window) * scenario.planning.horizon, 6);
    expect(rep.cost!.api_tokens!.total).toBeCloseTo(line.total + (rep.cost!.api_tokens!.by_workload.chat?.total ?? 0), 6);
  });

  it('loses and duplicates no request: every request of the window is submitted once, to the replicas or the API', () => {
    const used = rep.usage.api!;
    expect(rep.inference.chat!.submitted).toBe(used.chat!.workload_requests);
    expect(rep.inference.tools!.submitted).toBe(used.tools!.workload_requests);
    expect(rep.inference.tools!.api!.requests + rep.inference.tools!.api!.rate_limited).toBe(used.tools!.workload_requests);
    expect(rep.inference.chat!.api!.requests).toBeGreaterThan(0);
  });

  it('serves the api-only workload entirely through the API and counts its requests in the service', () => {
    const tools = rep.inference.tools!;
    expect(tools.api?.mode).toBe('api');
    expect(tools.completed).toBe(tools.api!.completed);
    expect(tools.ttft.p50).toBeCloseTo(0.2, 2);
  });

  it('gives the break-even volume by hand from its own figures', () => {
    const t = result.cost_analysis!.token_build_vs_buy!.chat!;
    expect(t.break_even_output_tokens_per_month).toBeCloseTo(t.self_hosted_usd_per_month / (t.api_usd_per_million_output_tokens / 1e6), 0);
    expect(t.api_usd_per_million_output_tokens).toBeCloseTo(0.9 * t.input_per_output_token + 0.9, 9);
    expect(formatSummary(result)).toContain('breaks even at');
  });

  it('reaches the Markdown report through the JSON result: the API KPIs and the break-even sentence, figures as the result states them', () => {
    const doc = JSON.parse(resultToJson(result)) as ResultDocument;
    const markdown = renderMarkdownReport(buildReport([{ result: doc }]));
    const t = result.cost_analysis!.token_build_vs_buy!.chat!;
    expect(markdown).toContain('chat: requests sent to the managed API');
    expect(markdown).toContain('managed-API tokens (list prices)');
    expect(markdown).toContain(`so it is the cheaper above ${Math.round(t.break_even_output_tokens_per_month / 1e6).toLocaleString('en-US')} M output tokens per month`);
  });

  it('same seed, same bytes', () => {
    const again = simulate(scenario);
    expect(JSON.stringify(again.replications)).toBe(JSON.stringify(result.replications));
    expect(readFileSync(file, 'utf8')).toContain('overflow');
  });
});
