import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/simulate/simulate.js';
import { formatSummary } from '../../src/report/text-summary.js';
import { buildReport } from '../../src/report/report-model.js';
import { renderMarkdownReport } from '../../src/report/markdown-report.js';
import type { ResultDocument } from '../../src/report/result-document.js';

/**
 * Issue 12: nothing in the TCO is silently free. A scenario costs every owned node (a price and a
 * power figure, 0 USD only with a reason) or says `costs: none`, and then no cost figure exists.
 */
const scenario = (pool: string, extra = '') => `
name: figures
horizon: 200 h
replications: 2
${extra}
sites:
  lab:
    nodes: { type: dgx-h100, count: 2${pool} }
workloads:
  - name: jobs
    arrivals: { rate: 1 /h }
    devices: 8
    work: { reference_time: 1 h }
`;

describe('free hardware says why', () => {
  it('capex_per_node: 0 USD with a reason costs no hardware and the basis prints the reason', () => {
    const free = simulate(parseScenario(scenario(', capex_per_node: 0 USD, capex_reason: donated by the university')));
    const paid = simulate(parseScenario(scenario('')));
    expect(free.summary.cost!.by_category.hardware_depreciation.mean).toBe(0);
    // The catalog price of a DGX H100 is 270,000 USD: two of them, depreciated over the default life.
    expect(paid.summary.cost!.by_category.hardware_depreciation.mean).toBeGreaterThan(0);
    expect(free.cost_analysis!.basis.hardware).toContain('lab/main: 2 × dgx-h100 at FREE HARDWARE, 0 USD per node (capex_per_node: donated by the university)');
    expect(paid.cost_analysis!.basis.hardware).toContain('lab/main: 2 × dgx-h100 at 270000 USD per node (node profile price), 10.2 kW max per node (node profile');
    expect(formatSummary(free)).toContain('FREE HARDWARE, 0 USD per node (capex_per_node: donated by the university)');
  });

  it('a profile price of 0 USD needs price_reason, and then is printed as free', () => {
    const profile = (reason: string) => `
profiles:
  gift:
    id: gift
    kind: node
    name: a donated node
    vendor: test
    accelerators: { profile: h100-sxm-80gb, count: 8 }
    price: 0 USD
${reason}`;
    expect(() => parseScenario(scenario('', profile('')).replace('dgx-h100', 'gift'), 's.yaml')).toThrow(
      's.yaml:13:12: profiles.gift.price: is 0 USD without a price_reason: say why the hardware is free (e.g. price_reason: donated), or give its price',
    );
    const r = simulate(parseScenario(scenario('', profile('    price_reason: a research grant in kind')).replace('dgx-h100', 'gift')));
    // Power is the sum of the parts: 8 × 700 W H100s, which publish no idle draw (so idle is the assumed 25 %).
    expect(r.cost_analysis!.basis.hardware).toBe(
      'lab/main: 2 × gift at FREE HARDWARE, 0 USD per node (node profile price: a research grant in kind), 5.6 kW max per node (sum of its parts; idle 1.4 kW, ASSUMED 25 % of max (idle_power_fraction) for the parts that publish no idle figure).',
    );
  });

  it('a power figure summed from parts, or missing on a cloud instance, is said in the basis', () => {
    const text = `
name: tpu
horizon: 100 h
reference: { device: tpu-v5e, precision: bf16 }
sites:
  gcp: { kind: cloud, nodes: { type: gcp-ct5lp-hightpu-8t, count: 1 } }
workloads:
  - name: jobs
    arrivals: { rate: 1 /h }
    devices: 8
    work: { reference_time: 1 h }
`;
    const r = simulate(parseScenario(text));
    expect(r.cost_analysis!.basis.hardware).toBe('gcp/main: gcp-ct5lp-hightpu-8t at 9.6 USD/h (on-demand), no power figure published: its energy and emissions count as 0.');
  });
});

describe('costs: none, a queue-only study', () => {
  const queueOnly = `
name: queue-only
horizon: 200 h
replications: 2
costs: none
reference: { device: tpu-v5e, precision: bf16 }
profiles:
  sp2: { id: sp2, kind: node, name: an unpriced node without power, vendor: test, accelerators: { profile: tpu-v5e, count: 8 } }
sites:
  lab: { nodes: { type: sp2, count: 2 } }
  gcp: { kind: cloud, nodes: { type: gcp-ct5lp-hightpu-8t, count: 1, pricing: reserved-3y } }
workloads:
  - name: jobs
    site: lab
    arrivals: { rate: 1 /h }
    devices: 8
    work: { reference_time: 1 h }
`;

  it('accepts unpriced nodes and unpriced pricing models, and computes no cost figure at all', () => {
    const r = simulate(parseScenario(queueOnly));
    expect(r.scenario.costs).toBe('none');
    expect(r.cost_analysis).toBeNull();
    expect('cost' in r.summary).toBe(false);
    expect(r.replications.every((x) => !('cost' in x))).toBe(true);
    expect(r.summary.jobs.completed.mean).toBeGreaterThan(0);
    const text = formatSummary(r);
    expect(text).toContain('\ncosts: none — queue-only study, no cost figures\n');
    expect(text).not.toMatch(/TCO|USD|MWh/);
  });

  it('reports say so and show no cost KPI', () => {
    const r = simulate(parseScenario(queueOnly)) as unknown as ResultDocument;
    const model = buildReport([{ result: r }]);
    expect(model.notes).toContain('queue-only: costs: none — queue-only study, no cost figures.');
    expect(model.kpis.some((k) => k.id.startsWith('cost.') || k.id.startsWith('energy.'))).toBe(false);
    expect(model.sections.some((s) => s.id === 'cost')).toBe(false);
    expect(renderMarkdownReport(model)).toContain('- queue-only: costs: none — queue-only study, no cost figures.');
  });

  it('the same scenario with costs left on refuses the unpriced node and the unpriced pricing model', () => {
    expect(() => parseScenario(queueOnly.replace('costs: none\n', ''), 'q.yaml')).toThrow(
      [
        "q.yaml:9:25: sites.lab.nodes.type: node profile 'sp2' has no price and the pool sets no capex_per_node: the TCO cannot cost these nodes (hint: give price in the profile, set capex_per_node on this pool (with capex_reason when it is 0 USD), or set costs: none at the top of the scenario for a queue-only study)",
        "q.yaml:9:25: sites.lab.nodes.type: node profile 'sp2' has no power figure (no power.max, and neither its accelerators nor its CPUs publish power): the TCO cannot cost its energy (hint: give power: {max: …} in the profile, or set costs: none at the top of the scenario for a queue-only study)",
        "q.yaml:10:79: sites.gcp.nodes.pricing: instance 'gcp-ct5lp-hightpu-8t' has no reserved-3y price in its profile (hint: priced models: on-demand)",
      ].join('\n'),
    );
  });
});
