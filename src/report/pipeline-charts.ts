import { slug } from './html/safe-html.js';
import type { GanttChartSpec } from './charts/chart-spec.js';
import { valueAt, type ResultDocument } from './result-document.js';

interface Entry {
  readonly label: string;
  readonly result: ResultDocument;
}

interface RecordedRun {
  readonly run: number;
  readonly trigger: number;
  readonly deadline?: number;
  readonly status: string;
  readonly stages: readonly { readonly stage: string; readonly start?: number; readonly end?: number }[];
}

/**
 * Per result and pipeline: the runs the first replication recorded (its first RECORDED_RUNS, docs/pipelines.md) as a
 * Gantt chart. Formats what the model measured: stage starts and ends, shown as time after each run's trigger.
 */
export function pipelineCharts(entries: readonly Entry[]): GanttChartSpec[] {
  const charts: GanttChartSpec[] = [];
  for (const e of entries) {
    const recorded = valueAt(e.result.replications[0], ['pipeline_runs']);
    if (!recorded || typeof recorded !== 'object') continue;
    for (const [name, value] of Object.entries(recorded as Record<string, unknown>)) {
      if (!Array.isArray(value) || value.length === 0) continue;
      const runs = value as RecordedRun[];
      const stages = runs[0]?.stages.map((s) => s.stage) ?? [];
      const scope = entries.length > 1 ? `${e.label}: ${name}` : name;
      charts.push({
        type: 'gantt',
        id: `gantt-${slug(`${e.label}-${name}`)}`,
        kind: 'pipeline-runs',
        title: `Pipeline ${scope}: stages of each run`,
        description: `Each row is one run of pipeline ${name} (the first ${runs.length} of replication 1), each bar a stage from its start to its end, in hours after the run's trigger; the rule across a row is its deadline.`,
        scope,
        x: { label: 'time after the trigger', unit: 'time' },
        stages,
        rows: runs.map((r) => ({
          label: `run ${r.run} (${r.status})`,
          status: r.status,
          ...(r.deadline !== undefined && { deadline: r.deadline - r.trigger }),
          bars: r.stages.flatMap((s) => (s.start !== undefined && s.end !== undefined ? [{ stage: s.stage, from: s.start - r.trigger, to: s.end - r.trigger }] : [])),
        })),
      });
    }
  }
  return charts;
}
