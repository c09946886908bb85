import { describe, expect, it } from 'vitest';
import { projectLake } from '../../src/cost/lake-projection.js';
import { lakeFigures } from '../../src/report/lake-charts.js';
import { chartSvg, chartTable } from '../../src/report/charts/render-chart.js';
import type { ResultDocument } from '../../src/report/result-document.js';
import type { Lake } from '../../src/model/types.js';
import { SECONDS_PER_MONTH } from '../../src/cost/planning-calendar.js';

const DAY = 86_400;
const TB = 1e12;

/** 10 TB/day into an owned 3× lake: hot 30 days, then cold, kept a year; 1 PB installed, 500 TB more with 60 days' lead time. */
const lake: Lake = {
  name: 'hdfs',
  site: 'dc',
  initial: 0,
  initialSpread: 0,
  overhead: 3,
  retention: 365 * DAY,
  objectSize: 1e8,
  tiers: [
    { name: 'hot', enterAge: 0, retrieval: 0, requestPrice: 0, reads: 0 },
    { name: 'cold', enterAge: 30 * DAY, retrieval: 0, requestPrice: 0, reads: 0 },
  ],
  capacityPurchase: { increment: 500 * TB, leadTime: 60 * DAY, pricePerByte: 30 / TB, buyWhen: 0.8, installed: 1000 * TB },
};
const stream = {
  name: 's',
  site: 'dc',
  rate: (10 * TB) / DAY,
  partitions: 1,
  retention: DAY,
  replication: 3,
  consumers: { pool: 'dc/cpu', nodes: 1, ratePerNode: 1e9 },
  sink: { lake: 'hdfs', ratio: 1 },
};

const result = (lakes: unknown): ResultDocument =>
  ({ schemaVersion: 'x', scenario: { name: 'lake', seed: 1, horizon: 1, warmup: 0, replications: 1 }, summary: {}, replications: [], lakes }) as ResultDocument;

describe('lake size in the report', () => {
  const projected = projectLake(lake, [stream], 24 * SECONDS_PER_MONTH);
  const [figure] = lakeFigures([{ label: 'lake', result: result({ hdfs: projected }) }]);

  it('stacks the raw size by tier, month by month: month 1 holds 30 days × 10 TB × 3 hot and the rest cold', () => {
    expect(figure?.chart.type).toBe('stacked-area');
    const table = chartTable(figure!.chart);
    expect(table.columns).toEqual(['month of the planning horizon', 'hot', 'cold', 'total']);
    expect(table.rows).toHaveLength(24);
    // the axis is in PB (the lake passes 1 PB raw): at the end of month 1 (30.44 days) hot = 30 × 10 × 3 TB = 0.9 PB, cold = 0.44 × 30 TB
    const [m1] = table.rows;
    expect(m1![1]).toBeCloseTo(0.9, 9);
    expect(m1![2]).toBeCloseTo(((SECONDS_PER_MONTH - 30 * DAY) / DAY) * 0.03, 9);
    // one area per tier, each an outline of 2 × 24 vertices
    const svg = String(chartSvg(figure!.chart));
    expect(svg.match(/class="mark area/g)).toHaveLength(2);
  });

  it('says when an owned lake runs out: 30 TB/day raw outruns 1 PB installed before the first 60-day order arrives', () => {
    // orders go out on day 0 (the need at their delivery, 60 days × 30 TB = 1.8 PB, passes 80 % of 1 PB) and arrive
    // on day 60, but 1 PB is full on day 33.3 (1000 / 30): short from the first daily look after it, day 34
    const notes = figure!.notes.join('\n');
    expect(projected.capacity?.first_shortfall_at).toBe(34 * DAY);
    expect(notes).toContain('hdfs RUNS OUT of capacity from 34 d');
  });

  it('leaves out a lake whose result is malformed (a result file is input)', () => {
    expect(lakeFigures([{ label: 'x', result: result({ hdfs: { ...projected, raw_bytes_by_tier: 'no' } }) }])).toEqual([]);
  });
});
