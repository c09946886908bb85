import { pathKpi, unionKeys, type KpiFamily } from './kpi-definition.js';
import { summaryKeys } from './result-document.js';

/** Pipelines (docs/pipelines.md): runs, makespan, queueing inside the pipeline, deadline misses and their penalty. */
export const pipelineKpis: KpiFamily = {
  id: 'pipeline',
  expand: (results) =>
    unionKeys(results, (r) => summaryKeys(r, ['pipelines'])).flatMap((name) => {
      const p = ['pipelines', name];
      const id = `pipeline[${name}]`;
      return [
        pathKpi({ id: `${id}.runs_completed`, label: `${name}: runs completed`, group: 'Pipelines', unit: 'count', better: 'higher', headline: true }, [...p, 'runs_completed']),
        pathKpi({ id: `${id}.runs_unfinished`, label: `${name}: runs unfinished`, group: 'Pipelines', unit: 'count', better: 'lower' }, [...p, 'runs_unfinished']),
        pathKpi({ id: `${id}.runs_skipped`, label: `${name}: runs skipped (still running)`, group: 'Pipelines', unit: 'count', better: 'lower' }, [...p, 'runs_skipped']),
        pathKpi({ id: `${id}.makespan.mean`, label: `${name}: mean makespan`, group: 'Pipelines', unit: 'seconds', better: 'lower', headline: true }, [...p, 'makespan', 'mean']),
        pathKpi({ id: `${id}.makespan.p95`, label: `${name}: makespan p95`, group: 'Pipelines', unit: 'seconds', better: 'lower' }, [...p, 'makespan', 'p95']),
        pathKpi({ id: `${id}.makespan.max`, label: `${name}: makespan max`, group: 'Pipelines', unit: 'seconds', better: 'lower' }, [...p, 'makespan', 'max']),
        pathKpi({ id: `${id}.stage_wait.mean`, label: `${name}: queueing inside the pipeline per run`, group: 'Pipelines', unit: 'seconds', better: 'lower' }, [...p, 'stage_wait', 'mean']),
        pathKpi({ id: `${id}.deadline.missed`, label: `${name}: deadlines missed`, group: 'Pipelines', unit: 'count', better: 'lower', headline: true }, [...p, 'deadline', 'missed']),
        pathKpi({ id: `${id}.deadline.miss_fraction`, label: `${name}: deadline miss fraction`, group: 'Pipelines', unit: 'fraction', better: 'lower' }, [...p, 'deadline', 'miss_fraction']),
        pathKpi({ id: `${id}.penalty`, label: `${name}: deadline penalties over the horizon`, group: 'Pipelines', unit: 'usd', better: 'lower' }, [
          'cost',
          'deadline_penalties',
          'by_pipeline',
          name,
          'total',
        ]),
      ];
    }),
};
