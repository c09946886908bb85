import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { METRIC_FAMILIES } from '../../src/report/openmetrics.js';

/** deploy/grafana/simulate-dashboard.json queries what `run --metrics` writes, and nothing else. */
const root = fileURLToPath(new URL('../../', import.meta.url));

interface Target {
  expr: string;
  datasource: { type: string; uid: string };
}
interface Panel {
  title: string;
  datasource: { type: string; uid: string };
  targets: Target[];
}
interface Variable {
  name: string;
  type: string;
  query: string | { query: string };
}
interface Dashboard {
  panels: Panel[];
  templating: { list: Variable[] };
}

const dashboard = JSON.parse(readFileSync(join(root, 'deploy/grafana/simulate-dashboard.json'), 'utf8')) as Dashboard;
const exported = new Set(METRIC_FAMILIES.map((f) => f.name));

// PromQL words that are not metric names: the functions, aggregations and keywords the panels may use.
const PROMQL_WORDS = new Set([
  'last_over_time',
  'max_over_time',
  'avg_over_time',
  'sum',
  'avg',
  'max',
  'min',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'clamp_min',
  'clamp_max',
  'label_values',
]);

/** The metric names a PromQL expression (or a label_values query) names: identifiers outside label matchers, ranges, strings and Grafana variables. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\$\{?\w+\}?/g, '');
  // after label_values( … , label): the second argument is a label name, not a metric
  const withoutLabelArgs = bare.replace(/,\s*[a-zA-Z_]\w*\s*\)/g, ')');
  return [...withoutLabelArgs.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)].map((m) => m[0]).filter((w) => !PROMQL_WORDS.has(w) && !/^\d/.test(w));
}

describe('the Grafana dashboard', () => {
  it('has panels, each querying the Prometheus data source variable with exported metric names only', () => {
    expect(dashboard.panels.length).toBeGreaterThan(0);
    const datasource = dashboard.templating.list.find((v) => v.type === 'datasource');
    expect(datasource?.query).toBe('prometheus');
    for (const panel of dashboard.panels) {
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets) {
        expect(target.datasource.uid, panel.title).toBe(`\${${datasource!.name}}`);
        const names = metricNames(target.expr);
        expect(names.length, `${panel.title}: ${target.expr}`).toBeGreaterThan(0);
        for (const name of names) expect(exported, `${panel.title}: ${target.expr} names ${name}`).toContain(name);
      }
    }
  });

  it('charts every exported family, and its variables query exported names too', () => {
    const charted = new Set(dashboard.panels.flatMap((p) => p.targets.flatMap((t) => metricNames(t.expr))));
    expect([...charted].sort()).toEqual([...exported].sort());
    const queries = dashboard.templating.list.filter((v) => v.type === 'query').map((v) => (typeof v.query === 'string' ? v.query : v.query.query));
    expect(queries.length).toBeGreaterThan(0);
    for (const q of queries) for (const name of metricNames(q)) expect(exported, q).toContain(name);
  });

  it('reads metric names the way PromQL does (the check above can fail)', () => {
    expect(metricNames('last_over_time(simulate_pool_busy_devices{pool=~"$pool"}[$lookback]) / simulate_pool_gone')).toEqual(['simulate_pool_busy_devices', 'simulate_pool_gone']);
    expect(metricNames('label_values(simulate_pool_busy_devices{scenario=~"$scenario"}, replication)')).toEqual(['simulate_pool_busy_devices']);
  });
});
