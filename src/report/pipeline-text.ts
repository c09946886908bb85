import type { SimulationResult } from '../simulate/simulate.js';
import { formatEstimateIn } from './estimate-text.js';
import { formatDuration, formatNumber, formatPercent } from './format-units.js';

const percent = (x: number) => formatPercent(x).replace(/ %$/, '');

/**
 * The pipelines' lines of the text summary (absent without pipelines): runs, makespan, queueing inside the
 * pipeline, deadline misses and their penalty, and each stage's share of the critical path. Formats only: every
 * figure comes from `summary.pipelines` and `summary.cost`.
 */
export function pipelineLines(result: SimulationResult): string[] {
  const pipelines = result.summary.pipelines;
  if (!pipelines) return [];
  const out: string[] = [];
  for (const [name, p] of Object.entries(pipelines)) {
    const count = (e: typeof p.runs_triggered) => formatEstimateIn(e, formatNumber, '');
    const time = (e: typeof p.runs_triggered) => formatEstimateIn(e, formatDuration, '');
    out.push(
      '',
      `pipeline ${name}: ${count(p.runs_triggered)} runs triggered, ${count(p.runs_completed)} completed, ${count(p.runs_unfinished)} unfinished, ${count(p.runs_skipped)} skipped`,
      `  makespan mean ${time(p.makespan.mean)}, p50 ${time(p.makespan.p50)}, p95 ${time(p.makespan.p95)}, max ${time(p.makespan.max)}; queueing inside the pipeline ${time(p.stage_wait.mean)} per run`,
    );
    if (p.deadline) {
      const line = result.summary.cost?.deadline_penalties?.by_pipeline[name];
      const cost = line ? `; penalties ${formatEstimateIn(line.total, formatNumber, ' USD')} over the planning horizon` : '';
      out.push(`  deadline missed by ${count(p.deadline.missed)} of ${count(p.deadline.judged)} runs (${formatEstimateIn(p.deadline.miss_fraction, percent, ' %')})${cost}`);
    }
    const shares = Object.entries(p.stages).map(([stage, s]) => `${stage} ${formatEstimateIn(s.critical_path_share, percent, ' %')}`);
    out.push(`  critical-path share: ${shares.join(', ')}`);
  }
  return out;
}
