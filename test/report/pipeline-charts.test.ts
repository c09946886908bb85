import { describe, expect, it } from 'vitest';
import { pipelineCharts } from '../../src/report/pipeline-charts.js';
import { renderGanttChart, ganttTable } from '../../src/report/charts/gantt-chart.js';
import type { ResultDocument } from '../../src/report/result-document.js';

// Two recorded runs of a two-stage pipeline: the first complete, the second skipped (no stage ran).
const result = {
  replications: [
    {
      pipeline_runs: {
        nightly: [
          {
            run: 1,
            trigger: 3600,
            deadline: 21600,
            status: 'completed',
            end: 12600,
            stages: [
              { stage: 'etl', ready: 3600, start: 3600, end: 7200 },
              { stage: 'train', ready: 7200, start: 7800, end: 12600 },
            ],
          },
          { run: 2, trigger: 90000, deadline: 108000, status: 'skipped', stages: [{ stage: 'etl' }, { stage: 'train' }] },
        ],
      },
    },
  ],
} as unknown as ResultDocument;

describe('the Gantt chart of pipeline runs', () => {
  const [chart] = pipelineCharts([{ label: 'base', result }]);

  it('shows each stage of each run from its start to its end after the run’s trigger, and the deadline likewise', () => {
    expect(chart?.stages).toEqual(['etl', 'train']);
    expect(chart?.rows).toEqual([
      {
        label: 'run 1 (completed)',
        status: 'completed',
        deadline: 18000,
        bars: [
          { stage: 'etl', from: 0, to: 3600 },
          { stage: 'train', from: 4200, to: 9000 },
        ],
      },
      { label: 'run 2 (skipped)', status: 'skipped', deadline: 18000, bars: [] },
    ]);
  });

  it('draws one bar per stage that ran and one deadline rule per run, and tables every row', () => {
    if (!chart) throw new Error('no chart');
    const svg = String(renderGanttChart(chart));
    expect(svg.match(/<rect class="mark bar/g)).toHaveLength(2);
    expect(svg.match(/<line class="base-rule"/g)).toHaveLength(2);
    expect(ganttTable(chart).rows).toEqual([
      ['run 1 (completed)', 'completed', 'etl', 0, 3600, 18000],
      ['run 1 (completed)', 'completed', 'train', 4200, 9000, 18000],
      ['run 2 (skipped)', 'skipped', '', '', '', 18000],
    ]);
  });
});
