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
  out.push(...versionLines(result));
  return out;
}

/** Versions listed per service before the rest are summed up in a count. */
const LISTED_VERSIONS = 8;

/** Per service a pipeline deploys to, its versions in the first replication (versions are not summarised: they differ between replications). */
function versionLines(result: SimulationResult): string[] {
  const first = result.replications[0];
  if (!first) return [];
  return Object.entries(first.inference).flatMap(([name, m]) => {
    const versions = m.versions;
    if (!versions) return [];
    const listed = versions
      .slice(0, LISTED_VERSIONS)
      .map(
        (v) =>
          `  ${v.version} from ${formatDuration(v.live_from)}: ${formatNumber(v.submitted)} requests, TTFT p50 ${formatDuration(v.ttft.p50)} p99 ${formatDuration(v.ttft.p99)}, TPOT p50 ${formatDuration(v.tpot.p50)} p99 ${formatDuration(v.tpot.p99)}`,
      );
    const rest = versions.length - listed.length;
    return [`${name}: model versions (replication 1)`, ...listed, ...(rest > 0 ? [`  … and ${rest} more (the JSON result lists every one)`] : [])];
  });
}
