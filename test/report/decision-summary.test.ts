import { describe, expect, it } from 'vitest';
import { decisionText } from '../../src/report/decision-text.js';
import { renderHtmlReport } from '../../src/report/html-report.js';
import { renderMarkdownReport } from '../../src/report/markdown-report.js';
import { buildReport } from '../../src/report/report-model.js';
import type { ResultDocument } from '../../src/report/result-document.js';

/**
 * Hand-made results: a chat service whose scenario states a 1 s TTFT target, three replications each,
 * a TCO and cumulative cash per month. Every expectation below is worked out by hand from these numbers.
 */
const est = (mean: number, hw: number | null = null) => ({ mean, half_width: hw, low: hw === null ? null : mean - hw, high: hw === null ? null : mean + hw, sd: 0, n: 3 });
const seq = (xs: number[]) => Object.fromEntries(xs.map((x, i) => [String(i), est(x)]));

function result(name: string, o: { tco: number; ttftP99: number; cash: number[]; sloTtft?: number; rejected?: number; overload?: string }): ResultDocument {
  const doc = {
    schemaVersion: '1.10.0',
    scenario: {
      name,
      seed: 1,
      horizon: 3600,
      warmup: 0,
      replications: 3,
      workloads: [{ name: 'chat', kind: 'inference', ...(o.sloTtft !== undefined && { slo: { ttft: o.sloTtft } }) }],
    },
    summary: {
      inference: { chat: { slo_attainment: est(0.97), ttft: { p99: est(o.ttftP99), p50: est(0.2) }, rejected: est(o.rejected ?? 0), submitted: est(1000) } },
      cost: { total: est(o.tco), per_month: { cumulative_cash: seq(o.cash) } },
    },
    replications: [],
    ...(o.overload !== undefined && { overload: { reason: o.overload } }),
  };
  return doc;
}

describe('executive summary of a comparison', () => {
  // base: owns (capex first); rent: cheaper at first, dearer per month; fast: meets the target but costs most
  const base = result('own', { tco: 100, ttftP99: 1.5, cash: [60, 70, 80, 90, 100], sloTtft: 1 });
  const rent = result('rent', { tco: 90, ttftP99: 0.8, cash: [20, 40, 60, 80, 90], sloTtft: 1 });
  const fast = result('fast', { tco: 150, ttftP99: 0.4, cash: [70, 90, 110, 130, 150], sloTtft: 1 });
  const model = buildReport([{ result: base }, { result: rent }, { result: fast }]);
  const d = model.decision;

  it('reads the stated SLO against the measured p99 and picks the cheapest option that meets it', () => {
    expect(d.targets).toEqual(['chat: time to first token p99 ≤ 1 s']);
    expect(d.options.map((o) => o.meets)).toEqual([false, true, true]);
    expect(d.options[0]!.missed).toEqual(['chat: time to first token p99 ≤ 1 s']);
    expect(d.cheapest).toBe(1);
    expect(d.ranking).toEqual([1, 2]);
    expect(d.cost?.id).toBe('cost.total');
    // the service figure of a service with a stated SLO is its attainment
    expect(d.service.map((k) => k.id)).toEqual(['inference[chat].slo_attainment']);
  });

  it('carries the TCO delta and the break-even month (hand-interpolated)', () => {
    expect(d.options[1]!.cost?.delta?.diff).toBe(-10);
    // rent − own by month: −40, −30, −20, −10, −10: never crosses; rent is cheaper throughout
    expect(d.options[1]!.breakEven).toBeNull();
    expect(d.options[1]!.cheaperThroughout).toBe(true);
    // fast − own: +10, +20, …: never crosses, dearer throughout
    expect(d.options[2]!.cheaperThroughout).toBe(false);
    // a crossing: own [60, 70, 80] against [50, 75, 100]: −10 then +5 → month 1 + 10/15
    const cross = buildReport([{ result: result('a', { tco: 1, ttftP99: 0.1, cash: [60, 70, 80] }) }, { result: result('b', { tco: 1, ttftP99: 0.1, cash: [50, 75, 100] }) }]);
    expect(cross.decision.options[1]!.breakEven!.month).toBeCloseTo(1 + 10 / 15, 12);
    expect(cross.decision.options[1]!.breakEven!.otherCheaperAfter).toBe(false);
  });

  it('says it in one line, a sentence per option, and a table; the Markdown opens with the line and the table', () => {
    const t = decisionText(d, model.layout);
    expect(t.headline).toBe(
      'rent meets the stated targets at the lowest cost: TCO 90.0 USD, −10.0 USD (−10 %) against own; 2 of 3 options meet them (each target read at the worse end of its 95 % interval). Stated targets: chat: time to first token p99 ≤ 1 s.',
    );
    expect(t.sentences.map((s) => s.subject)).toEqual(['rent', 'fast']);
    expect(t.sentences[0]!.text).toContain('TCO 90.0 USD against 100 USD, −10.0 USD (−10 %');
    expect(t.sentences[0]!.text).toContain("its cumulative cash never crosses own's: lower throughout the 5-month horizon");
    expect(t.sentences[0]!.text).toMatch(/meets the stated targets\.$/);
    expect(t.columns).toEqual(['option', 'TCO', 'TCO vs baseline', 'meets targets', 'chat: SLO attainment']);
    expect(t.rows.map((r) => r.cells[2])).toEqual([['no: chat: time to first token p99 ≤ 1 s'], ['yes'], ['yes']]);
    const md = renderMarkdownReport(model).split('\n');
    expect(md[2]).toBe(`**${t.headline.replace(/_/g, '\\_')}**`);
    expect(md[4]).toBe('| option | TCO | TCO vs baseline | meets targets | chat: SLO attainment |');
    expect(md[7]).toMatch(/^\| \*\*rent\*\* ✓ \| 90.0 USD \|/);
  });

  it('opens the HTML page, before the results table, with user text escaped', () => {
    const hostile = buildReport([{ result: base }, { result: result('<img src=x onerror=alert(1)>|x', { tco: 90, ttftP99: 0.8, cash: [1, 2, 3, 4, 5], sloTtft: 1 }) }]);
    const page = renderHtmlReport(hostile);
    const summary = page.indexOf('<section id="decision"');
    expect(summary).toBeGreaterThan(0);
    expect(summary).toBeLessThan(page.indexOf('<section id="results"'));
    const section = page.slice(summary, page.indexOf('</section>', summary));
    expect(section).not.toContain('<img');
    expect(section).toContain('&lt;img src=x onerror=alert(1)&gt;|x');
    expect(renderMarkdownReport(hostile)).toContain('&lt;img src=x onerror=alert(1)>\\|x');
  });

  it("takes a sweep's gates as targets: a variant that failed one does not qualify, however cheap", () => {
    const m = buildReport(
      [{ result: result('v0', { tco: 100, ttftP99: 0.5, cash: [1] }) }, { result: result('v1', { tco: 60, ttftP99: 0.5, cash: [1] }) }, { result: result('v2', { tco: 80, ttftP99: 0.5, cash: [1] }) }],
      { checkedTargets: { names: ['p95_wait < 2 h'], missed: [[], ['p95_wait < 2 h'], []] } },
    );
    expect(m.decision.targets).toEqual(['p95_wait < 2 h']);
    expect(m.decision.options.map((o) => o.meets)).toEqual([true, false, true]);
    expect(m.decision.cheapest).toBe(2);
  });

  it('never chooses an option that rejected requests or ran away, even with no target stated', () => {
    const m = buildReport([
      { result: result('a', { tco: 100, ttftP99: 0.5, cash: [1] }) },
      { result: result('b', { tco: 50, ttftP99: 0.5, cash: [1], rejected: 3 }) },
      { result: result('c', { tco: 40, ttftP99: 0.5, cash: [1], overload: 'queue grew without bound' }) },
    ]);
    expect(m.decision.targetsStated).toBe(false);
    expect(m.decision.options.map((o) => o.missed)).toEqual([[], ['chat rejects requests'], ['stopped as overloaded']]);
    expect(m.decision.cheapest).toBe(0);
    expect(decisionText(m.decision, m.layout).headline).toMatch(/^a costs least: TCO 100 USD, the baseline\. No option states a service target/);
  });
});
