import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/metrics/confidence-interval.js';
import { escapeHtml, html, jsonForScript, trusted } from '../../src/report/html/safe-html.js';
import { pathKpi } from '../../src/report/kpi-definition.js';
import { kpiDelta } from '../../src/report/kpi-delta.js';
import { md } from '../../src/report/markdown-report.js';
import { breakEven } from '../../src/report/cost-charts.js';
import { quantilePoints } from '../../src/report/distribution-charts.js';
import type { ResultDocument } from '../../src/report/result-document.js';

function doc(values: number[], seed: number): ResultDocument {
  return {
    schemaVersion: '1.1.0',
    scenario: { name: `s${seed}`, seed, horizon: 1, warmup: 0, replications: values.length },
    summary: { x: estimate(values) },
    replications: values.map((x) => ({ x })),
  };
}

const kpi = (better: 'higher' | 'lower' | 'neither') => pathKpi({ id: 'x', label: 'x', group: 'g', unit: 'number', better }, ['x']);

describe('HTML escaping', () => {
  it('escapes every interpolated string, keeps trusted markup', () => {
    const evil = `"><img src=x onerror="alert(1)"><script>alert('x')</script>&`;
    expect(html`<td title="${evil}">${evil}</td>`.value).toBe(
      '<td title="&quot;&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">&quot;&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</td>',
    );
    expect(html`<p>${[trusted('<b>'), 'a<b', 3, null, false, undefined]}</p>`.value).toBe('<p><b>a&lt;b3</p>');
    expect(escapeHtml("'")).toBe('&#39;');
  });

  it('JSON for a script block has no <, > or & and parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = jsonForScript(v);
        expect(text).not.toMatch(/[<>&\u2028\u2029]/);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
    expect(jsonForScript({ a: '</script><!--' })).toBe('{"a":"\\u003c/script\\u003e\\u003c!--"}');
  });
});

describe('deltas against the baseline', () => {
  it('paired-t over replications when the results share seed and replication count', () => {
    // differences 1, 0, 2: mean 1, sd 1, t(0.975, 2) = 4.302653 → half-width 4.302653/√3 = 2.484138
    const d = kpiDelta(kpi('lower'), doc([10, 12, 14], 1), doc([11, 12, 16], 1))!;
    expect(d.method).toBe('paired');
    expect(d.diff).toBeCloseTo(1, 12);
    expect(d.half_width).toBeCloseTo(2.484138, 5);
    expect(d.significant).toBe(false);
    expect(d.verdict).toBe('same');
    expect(d.relative).toBeCloseTo(1 / 12, 12);
  });

  it("Welch's interval when they do not (equal sds, n = 3: df = 4, t = 2.776445)", () => {
    const d = kpiDelta(kpi('lower'), doc([1, 2, 3], 1), doc([4, 5, 6], 2))!;
    expect(d.method).toBe('welch');
    expect(d.half_width).toBeCloseTo(2.776445 * Math.sqrt(2 / 3), 5);
    expect(d.significant).toBe(true);
    expect(d.verdict).toBe('worse');
    expect(kpiDelta(kpi('higher'), doc([1, 2, 3], 1), doc([4, 5, 6], 2))!.verdict).toBe('better');
    expect(kpiDelta(kpi('neither'), doc([1, 2, 3], 1), doc([4, 5, 6], 2))!.verdict).toBe('changed');
  });

  it('a constant shift under common random numbers is significant with a zero-width interval; one replication has none', () => {
    const d = kpiDelta(kpi('lower'), doc([1, 2, 3], 5), doc([4, 5, 6], 5))!;
    expect(d.half_width).toBe(0);
    expect(d.significant).toBe(true);
    const one = kpiDelta(kpi('lower'), doc([1], 5), doc([4], 5))!;
    expect(one.method).toBe('none');
    expect(one.significant).toBeNull();
    expect(one.verdict).toBe('unknown');
    expect(kpiDelta(kpi('lower'), doc([1, 2], 5), doc([1, 2], 5))!.significant).toBe(false);
  });
});

describe('small helpers', () => {
  it('Markdown escaping neutralises markup and keeps one line', () => {
    expect(md('a|b *c* <img onerror=x> [l](u)\nnext')).toBe('a\\|b \\*c\\* &lt;img onerror=x> \\[l\\](u) next');
  });

  it('break-even: linear interpolation between month ends, either direction', () => {
    // other starts 100 above and gains 20/month on the baseline: crosses after 5 months' gain → month 1 + 5 = 6
    const base = Array.from({ length: 12 }, (_, m) => 50 * (m + 1));
    const other = base.map((b, m) => b + 100 - 20 * m);
    expect(breakEven(base, other)).toEqual({ month: 6, value: base[5], otherCheaperAfter: true });
    const half = breakEven([0, 10], [5, 0])!;
    expect(half.month).toBeCloseTo(1 + 1 / 3, 12);
    expect(half.otherCheaperAfter).toBe(true);
    expect(breakEven([1, 2, 3], [2, 3, 4])).toBeUndefined();
  });

  it('CDF points are exactly the measured quantiles, p99_9 style keys included, none without samples', () => {
    const e = (x: number) => estimate([x, x]);
    expect(quantilePoints({ count: e(10), mean: e(3), p50: e(1), p95: e(4), p99: e(5), p99_9: e(6), max: e(7) })).toEqual([
      { p: 0.5, value: 1 },
      { p: 0.95, value: 4 },
      { p: 0.99, value: 5 },
      { p: 0.999, value: 6 },
      { p: 1, value: 7 },
    ]);
    expect(quantilePoints({ count: e(0), p50: e(0) })).toBeUndefined();
  });
});
