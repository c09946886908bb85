import { formatEstimate } from './estimate-text.js';
import type { DeploymentPlan, LayoutOutcome, PlanLayout, PlanPoint } from '../planning/plan-types.js';
import type { ServiceMetric } from '../planning/size-fleet.js';
import { escapeControlChars } from '../support/escape-control-chars.js';
import { formatMillions, formatServiceValue } from './fleet-sizing-text.js';

/** A layout as one short label: `TP 4`, `TP 8 × PP 2 × DP 16`. */
export function layoutLabel(l: PlanLayout): string {
  if (l.prefill_tensor_parallel !== undefined) {
    const ep = (v: number | undefined) => (v === undefined ? '' : ` × EP ${v}`);
    return `prefill TP ${l.prefill_tensor_parallel}${ep(l.prefill_expert_parallel)} : decode TP ${l.tensor_parallel}${ep(l.expert_parallel)}`;
  }
  const parts = [`TP ${l.tensor_parallel}`];
  if (l.expert_parallel !== undefined) parts.push(`EP ${l.expert_parallel}`);
  if (l.pipeline_parallel !== undefined) parts.push(`PP ${l.pipeline_parallel}`);
  if (l.data_parallel !== undefined) parts.push(`DP ${l.data_parallel}`);
  return parts.join(' × ');
}

const verdictWord: Record<LayoutOutcome['verdict'], string> = {
  best: 'best',
  'runner-up': 'runner-up',
  'misses-target': 'misses target',
  dominated: 'not cheaper',
  'does-not-fit': 'does not fit',
};

/**
 * The plan as Markdown (it reads as a plain table on a terminal too): the answer first, then one row per
 * layout with its cheapest point meeting the target and why it won or lost, then what the search assumed.
 */
export function formatPlan(plan: DeploymentPlan): string {
  const metric = plan.target.metric;
  const fmt = (v: number) => formatServiceValue(metric, v);
  const count = (n: number, what: string) => `${n} ${n === 1 ? what.replace(/s$/, '') : what}`;
  const cell = (s: string) => escapeControlChars(s).replaceAll('|', '\\|');
  const answer = plan.best
    ? `**Plan for ${cell(plan.workload)} on ${cell(plan.pool)}: ${layoutLabel(plan.best.layout)}, ${plan.kind === 'inference' ? `${plan.best.point.prefill_replicas !== undefined ? `${replicasOf(plan.best.point)} replicas` : count(plan.best.point.replicas, 'replicas')} (${count(plan.best.point.devices, 'devices')}, ` : `${count(plan.best.point.devices, 'devices')} (`}${count(plan.best.point.nodes, 'nodes')}), ${metric} ${fmt(plan.best.point.service.mean)}, TCO ${formatMillions(plan.best.point.tco.mean)} USD over the planning horizon.**`
    : `**No layout of ${cell(plan.workload)} on ${cell(plan.pool)} meets ${metric} ${metric === 'slo_attainment' ? '≥' : '≤'} ${fmt(plan.target.limit)}.**`;
  const head = `| layout | verdict | ${plan.kind === 'inference' ? 'replicas' : 'nodes'} | devices | ${metric} | TCO M USD | why |\n| --- | --- | ---: | ---: | ---: | ---: | --- |`;
  const rows = plan.layouts.map((o) => {
    const p = o.cheapest ?? o.tried[o.tried.length - 1];
    const level = p ? formatEstimate(p.service, fmt) : '—';
    const size = p ? (plan.kind === 'inference' ? replicasOf(p) : p.nodes) : '—';
    return `| ${layoutLabel(o.layout)} | ${verdictWord[o.verdict]} | ${size} | ${p ? p.devices : '—'} | ${level} | ${p ? formatMillions(p.tco.mean) : '—'} | ${cell(o.why)} |`;
  });
  const assumed = plan.assumptions.map((a) => `- ${cell(a)}`).join('\n');
  return `${answer}\n\nTarget: ${metric} ${metric === 'slo_attainment' ? '≥' : '≤'} ${fmt(plan.target.limit)}.\n\n${head}\n${rows.join('\n')}\n\nAssumed:\n${assumed}\n`;
}

/** One simulated point as a progress line: `TP 4, 3 replicas: slo_attainment 97.1 %, TCO 1.234 M USD`. */
export function formatPlanPoint(kind: DeploymentPlan['kind'], metric: ServiceMetric, layout: PlanLayout, p: PlanPoint): string {
  const size = kind === 'inference' ? `${replicasOf(p)} replica${p.replicas === 1 && p.prefill_replicas === undefined ? '' : 's'}` : `${p.devices} devices`;
  const state = p.overload !== undefined ? 'overloaded; ' : p.rejected !== undefined ? 'rejections; ' : '';
  return `${layoutLabel(layout)}, ${size}: ${state}${metric} ${formatServiceValue(metric, p.service.mean)}, TCO ${formatMillions(p.tco.mean)} USD`;
}

/** Replicas of a point: `3`, or `2P:3D` for a disaggregated service. */
function replicasOf(p: PlanPoint): string {
  return p.prefill_replicas === undefined ? String(p.replicas) : `${p.prefill_replicas}P:${p.replicas}D`;
}
