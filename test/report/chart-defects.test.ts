import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeLabels } from '../../src/report/charts/label-placement.js';
import { renderLineChart } from '../../src/report/charts/line-chart.js';
import { renderParetoChart } from '../../src/report/charts/pareto-chart.js';
import type { ParetoChartSpec } from '../../src/report/charts/chart-spec.js';
import { renderStackedBarChart } from '../../src/report/charts/stacked-bar-chart.js';
import { REPORT_CSS } from '../../src/report/html/report-css.js';
import { costCategories } from '../../src/cost/cost-result.js';

const plot = { left: 60, right: 700, top: 20, bottom: 280 };
const overlap = (a: { x0: number; x1: number; y0: number; y1: number }, b: typeof a) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

describe('Pareto point labels', () => {
  it('never overlap one another, never leave the plot, and label each point at most once (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ x: fc.double({ min: 60, max: 700, noNaN: true }), y: fc.double({ min: 20, max: 280, noNaN: true }), text: fc.string({ minLength: 1, maxLength: 30 }) }), {
          maxLength: 40,
        }),
        (points) => {
          const labels = placeLabels(points, plot);
          for (let i = 0; i < labels.length; i++) {
            const a = labels[i]!.box;
            expect(a.x0).toBeGreaterThanOrEqual(plot.left);
            expect(a.x1).toBeLessThanOrEqual(plot.right);
            expect(a.y0).toBeGreaterThanOrEqual(plot.top);
            expect(a.y1).toBeLessThanOrEqual(plot.bottom);
            for (let j = i + 1; j < labels.length; j++) expect(overlap(a, labels[j]!.box)).toBe(false);
          }
          expect(labels.length).toBeLessThanOrEqual(points.length);
        },
      ),
    );
  });

  it('labels the front of a sparse chart by variant, and leaves dominated points to their tooltips', () => {
    const spec: ParetoChartSpec = {
      type: 'pareto',
      id: 'p',
      kind: 'pareto',
      title: 't',
      description: 'd',
      x: { label: 'TCO', unit: 'usd' },
      y: { label: 'wait p95', unit: 'seconds' },
      yBetter: 'lower',
      points: [
        { label: 'nodes=8', x: 1e6, y: 3600, front: true },
        { label: 'nodes=12', x: 1.5e6, y: 600, front: true },
        { label: 'nodes=16', x: 2e6, y: 60, front: true },
        { label: 'nodes=12,spot', x: 1.8e6, y: 900, front: false },
      ],
    };
    const svg = String(renderParetoChart(spec));
    for (const l of ['nodes=8', 'nodes=12', 'nodes=16']) expect(svg).toContain(`>${l}</text>`);
    expect(svg).not.toContain('>nodes=12,spot</text>');
  });
});

describe('stacked-bar colours', () => {
  it('give every cost category of one bar its own colour (14 categories and more), defined in the page CSS', () => {
    const components = costCategories.map(String);
    const spec = {
      type: 'stacked-bars' as const,
      id: 's',
      kind: 'cost',
      title: 't',
      description: 'd',
      x: { label: 'USD', unit: 'usd' as const },
      bars: ['a'],
      components,
      values: [components.map(() => 1)],
    };
    const classes = [...String(renderStackedBarChart(spec)).matchAll(/class="mark bar (k\d+)"/g)].map((m) => m[1]);
    expect(classes).toHaveLength(components.length);
    expect(new Set(classes).size).toBe(components.length);
    const colours = classes.map((k) => new RegExp(`\\.${k}\\{--c:(#[0-9a-f]{6})\\}`).exec(REPORT_CSS)?.[1]);
    expect(colours.every((c) => c !== undefined)).toBe(true);
    expect(new Set(colours).size).toBe(components.length);
  });
});

describe('break-even marker labels', () => {
  it('do not overlap when several break-even months fall close together', () => {
    const spec = {
      type: 'line' as const,
      id: 'l',
      kind: 'cumulative-cost',
      title: 't',
      description: 'd',
      x: { label: 'month', unit: 'number' as const },
      y: { label: 'cash', unit: 'usd' as const },
      series: [
        {
          name: 'a',
          color: 0,
          points: [
            [0, 0],
            [60, 6e6],
          ] as [number, number][],
        },
      ],
      markers: [
        { x: 20, y: 2e6, label: 'owned vs rented: break-even month 20' },
        { x: 21, y: 2.1e6, label: 'owned vs spot: break-even month 21' },
        { x: 22, y: 2.2e6, label: 'owned vs reserved: break-even month 22' },
      ],
    };
    const svg = String(renderLineChart(spec));
    const boxes = [...svg.matchAll(/<text class="marker-label" x="([\d.]+)" y="([\d.]+)" text-anchor="(start|end)">([^<]*)<\/text>/g)].map((m) => {
      const w = m[4]!.length * 6.2;
      const x = Number(m[1]);
      const x0 = m[3] === 'start' ? x : x - w;
      return { x0, x1: x0 + w, y0: Number(m[2]) - 10, y1: Number(m[2]) + 2 };
    });
    expect(boxes.length).toBeGreaterThan(0);
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlap(boxes[i]!, boxes[j]!)).toBe(false);
    // every marker is drawn, labelled or not (its tooltip names it)
    expect(svg.match(/<circle class="marker"/g)).toHaveLength(3);
  });
});
