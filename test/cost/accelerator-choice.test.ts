/**
 * The bundled 2026 accelerator comparison (scenarios/tco/2026-accelerator-choice/): eight options, one
 * demand. Checks that the files really share the demand, that the comparison runs from the repository's
 * own files (catalog profiles, no build, nothing generated) and that its reports carry both unit costs.
 * Figures are not pinned — they move as the performance model is calibrated — only relations that hold
 * whatever the calibration: the unit costs exist and are positive, the cost per training token is the
 * TCO over the delivered tokens, owning and renting the same fleet differ in cost and not in work.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html-report.js';
import { renderMarkdownReport } from '../../src/report/markdown-report.js';
import { buildReport } from '../../src/report/report-model.js';
import { formatSummary } from '../../src/report/text-summary.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { simulateScenario, type SimulationResult } from '../../src/simulate/simulate.js';
import { BUNDLED_SCENARIOS, shortenedForTests } from '../support/bundled-files.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const options = BUNDLED_SCENARIOS.filter((s) => s.file.startsWith('scenarios/tco/2026-accelerator-choice/'));
const nameOf = (file: string) => file.replace(/^.*\//, '').replace(/\.yaml$/, '');

type Yaml = Record<string, unknown>;
const readYaml = (file: string) => parse(readFileSync(join(root, file), 'utf8')) as Yaml;

describe('2026 accelerator choice: the files', () => {
  it('are the four systems owned and the rentals of three of them plus the nearest AMD rental', () => {
    expect(options.map((o) => nameOf(o.file)).sort()).toEqual(['b200-owned', 'b200-rented', 'gb200-owned', 'gb200-rented', 'h100-owned', 'h100-rented', 'mi300x-rented', 'mi355x-owned']);
    const nodeType = (file: string) => {
      const sites = readYaml(file)['sites'] as Record<string, { kind: string; nodes: { type: string; count: number } }>;
      const [site] = Object.values(sites);
      return `${site!.kind}:${site!.nodes.type}×${site!.nodes.count}`;
    };
    const types = Object.fromEntries(options.map((o) => [nameOf(o.file), nodeType(o.file)]));
    const expected: Record<string, RegExp> = {
      'h100-owned': /^on-prem:dgx-h100×\d+$/,
      'b200-owned': /^on-prem:dgx-b200×\d+$/,
      'gb200-owned': /^on-prem:gb200-nvl72-tray×18$/,
      'mi355x-owned': /^on-prem:mi355x-8gpu-as-4126gs×\d+$/,
      'h100-rented': /^cloud:aws-p5\.48xlarge×\d+$/,
      'b200-rented': /^cloud:aws-p6-b200\.48xlarge×\d+$/,
      'gb200-rented': /^cloud:aws-p6e-gb200\.36xlarge×18$/,
      'mi300x-rented': /^cloud:azure-nd96isr-mi300x-v5×\d+$/,
    };
    for (const [option, pattern] of Object.entries(expected)) expect(types[option], option).toMatch(pattern);
    // Renting the same fleet: the same node count as the owned option.
    for (const chip of ['h100', 'b200', 'gb200']) expect(types[`${chip}-rented`]!.replace(/^.*×/, '')).toBe(types[`${chip}-owned`]!.replace(/^.*×/, ''));
    // The AMD rental says what it is.
    expect(String(readYaml('scenarios/tco/2026-accelerator-choice/mi300x-rented.yaml')['description'])).toMatch(/nearest AMD rental, NOT an MI355X/);
  });

  it('share one demand: workloads, seed, horizon, warm-up, replications, scheduler and plan', () => {
    const shared = (file: string) => {
      const y = readYaml(file);
      return JSON.stringify([y['workloads'], y['seed'], y['horizon'], y['warmup'], y['replications'], y['scheduler'], y['planning']]);
    };
    const first = shared(options[0]!.file);
    for (const o of options) expect(shared(o.file), o.file).toBe(first);
    const kinds = (readYaml(options[0]!.file)['workloads'] as { kind: string }[]).map((w) => w.kind);
    expect(kinds).toEqual(['training', 'training', 'inference']);
  });
});

describe('2026 accelerator choice: the comparison', () => {
  const results: SimulationResult[] = [];
  beforeAll(async () => {
    for (const o of options) results.push(await simulateScenario(shortenedForTests(loadScenario(join(root, o.file)), o)));
  }, 60_000);
  const report = () =>
    buildReport(
      results.map((result, i) => ({ result, source: options[i]!.file })),
      { baseline: 'h100-owned', title: '2026 accelerator choice' },
    );

  it('runs from the repository files with common random numbers and reports both unit costs', () => {
    const byName = new Map(results.map((r) => [r.scenario.name, r]));

    for (const r of results) {
      expect(r.complete, r.scenario.name).toBe(true);
      const unit = r.summary.cost!.unit_costs;
      expect(unit.per_million_training_tokens?.mean, r.scenario.name).toBeGreaterThan(0);
      expect(unit.per_million_tokens.mean, r.scenario.name).toBeGreaterThan(0);
      for (const rep of r.replications) {
        const c = rep.cost!;
        expect(c.total).toBeGreaterThan(0);
        // per-token cost = total ÷ tokens delivered over the horizon (in millions)
        expect(c.unit_costs.per_million_training_tokens!).toBeCloseTo(c.total / (c.unit_costs.training_tokens / 1e6), 9);
        expect(c.unit_costs.per_million_tokens).toBeCloseTo(c.total / (c.unit_costs.tokens / 1e6), 9);
        expect(rep.jobs.training_tokens).toBeGreaterThan(0);
      }
    }

    for (const chip of ['h100', 'b200', 'gb200']) {
      const owned = byName.get(`${chip}-owned`)!;
      const rented = byName.get(`${chip}-rented`)!;
      // The same hardware does the same work, owned or rented ...
      expect(rented.replications[0]!.jobs.training_tokens).toBe(owned.replications[0]!.jobs.training_tokens);
      expect(rented.summary.inference['chat-70b']!.tokens_per_second.mean).toBeCloseTo(owned.summary.inference['chat-70b']!.tokens_per_second.mean, 9);
      // ... at a different cost, paid in different categories.
      const [o, c] = [owned.summary.cost!, rented.summary.cost!];
      expect(o.total.mean).not.toBeCloseTo(c.total.mean, 0);
      expect(o.by_category.hardware_depreciation.mean).toBeGreaterThan(0);
      expect(o.by_category.cloud_compute.mean).toBe(0);
      expect(c.by_category.cloud_compute.mean).toBeGreaterThan(0);
      expect(c.by_category.hardware_depreciation.mean).toBe(0);
      // so their costs per token stand in the ratio of their TCOs
      expect(c.unit_costs.per_million_training_tokens!.mean / o.unit_costs.per_million_training_tokens!.mean).toBeCloseTo(c.total.mean / o.total.mean, 6);
    }

    const model = report();
    const html = renderHtmlReport(model);
    const md = renderMarkdownReport(model);
    for (const doc of [html, md]) {
      expect(doc).toContain('cost per million training tokens');
      expect(doc).toContain('cost per million served tokens');
      for (const r of results) expect(doc).toContain(r.scenario.name);
    }
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    // The terminal summary of each run states both unit costs too.
    for (const r of results) expect(formatSummary(r)).toMatch(/USD per million training tokens; .* USD per million served tokens/);
    // Headline rows: both unit costs appear in the Markdown summary table, before the full list.
    const headline = md.slice(0, md.indexOf('<details>'));
    expect(headline).toContain('cost per million training tokens');
    expect(headline).toContain('cost per million served tokens');
  });

  it('its HTML report has a training-token and a served-token cost cell for every option (the browser tests open such reports in Chromium)', () => {
    const html = renderHtmlReport(report());
    for (const id of ['kpi-cost.per_million_training_tokens', 'kpi-cost.per_million_tokens']) {
      const row = new RegExp(`<tr[^>]*id="${id.replace('.', '\\.')}"[^>]*>([\\s\\S]*?)</tr>`).exec(html);
      expect(row, id).not.toBeNull();
      const cells = [...(row?.[1] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1] ?? '');
      expect(cells, id).toHaveLength(results.length);
      for (const cell of cells) expect(cell, id).toMatch(/USD\/Mtok/);
    }
  });
});
