import type { DataStream, InferenceWorkload, Pipeline, PipelineDeadline, PipelineStage, PipelineTrigger, Workload } from '../../model/types.js';
import type { PipelineInput, PipelineStageInput } from '../pipeline-schema.js';
import type { ScenarioInput, WorkloadInput } from '../scenario-schema.js';
import type { FieldPath, ResolveContext } from './resolve-context.js';
import { cronFirings, intervalFirings, localTime, wallClockDeadline, type ScheduleCalendar } from './pipeline-schedule.js';
import { resolveWorkload, type WorkloadSetting } from './resolve-workloads.js';
import { stageOrder } from './stage-order.js';
import { onDataTrigger, stageInput, typicalWindowBytes } from './pipeline-data.js';
import { closest } from '../../support/closest-name.js';

/** What pipelines are resolved against besides the workloads' setting: the calendar and each site's time zone. */
export interface PipelineSetting extends WorkloadSetting {
  /** epoch ms of the scenario's `start`, when it has one */
  readonly startMs: number | undefined;
  /** site name → its IANA zone, for sites that give one */
  readonly zones: ReadonlyMap<string, string>;
  /** s, the simulated span: firings after it never happen */
  readonly horizon: number;
  /** the scenario's streams (on-data triggers and stage input windows read them) */
  readonly streams: readonly DataStream[] | undefined;
}

/**
 * The scenario's pipelines: each job stage resolved as an ordinary workload named `<pipeline>/<stage>` with no
 * arrivals of its own (the pipeline submits its jobs), each deploy stage checked against its service, the stages
 * checked to form a DAG, and the trigger's firings and deadlines computed on the scenario's calendar.
 * @returns the stage workloads (to append to the scenario's) and the pipelines; those with problems are reported
 */
export function resolvePipelines(input: ScenarioInput, services: readonly Workload[], setting: PipelineSetting, ctx: ResolveContext): { stages: Workload[]; pipelines: Pipeline[] } {
  const stages: Workload[] = [];
  const pipelines: Pipeline[] = [];
  // service → version prefix → the deploy stage using it: two stages labelling one service's versions alike would be ambiguous
  const prefixes = new Map<string, Map<string, string>>();
  input.workloads.forEach((w, i) => {
    if (w.kind !== 'pipeline') return;
    const at = (...p: FieldPath) => ['workloads', i, ...p];
    const resolved = resolvePipeline(w, at, services, setting, ctx);
    w.stages.forEach((s, j) => {
      if (s.kind !== 'deploy') return;
      const used = prefixes.get(s.service) ?? new Map<string, string>();
      prefixes.set(s.service, used);
      const other = used.get(s.version);
      if (other !== undefined)
        ctx.fail(at('stages', j, 'version'), `deploy stage ${other} already labels ${s.service}'s versions '${s.version}1', '${s.version}2', …`, 'give this stage its own version prefix');
      else used.set(s.version, `${w.name}/${s.name}`);
    });
    if (!resolved) return;
    stages.push(...resolved.stages);
    pipelines.push(resolved.pipeline);
  });
  return { stages, pipelines };
}

function resolvePipeline(
  p: PipelineInput,
  at: (...path: FieldPath) => FieldPath,
  services: readonly Workload[],
  setting: PipelineSetting,
  ctx: ResolveContext,
): { stages: Workload[]; pipeline: Pipeline } | undefined {
  const order = stageOrder(
    p.stages.map((s) => ({ name: s.name, after: s.after })),
    (stage, message, hint) => ctx.fail(at('stages', stage, 'name'), message, hint),
    (stage, k, message, hint) => ctx.fail(at('stages', stage, 'after', k), message, hint),
  );
  const stageWorkloads: Workload[] = [];
  const resolved: (PipelineStage | undefined)[] = p.stages.map((s, j) => {
    const sat = (...path: FieldPath) => at('stages', j, ...path);
    if (s.kind === 'deploy') return deployStage(s, sat, services, ctx);
    const input = s.kind === 'data' ? stageInput(s, setting.streams, sat, ctx) : undefined;
    const workload = resolveWorkload(jobInput(p.name, s, setting.streams), sat, setting, ctx);
    if (!workload) return undefined;
    const stageWorkload = { ...workload, arrivals: { kind: 'pipeline-stage', pipeline: p.name } } as Workload;
    stageWorkloads.push(stageWorkload);
    const site = siteOfPool(workload.pool);
    return { name: s.name, after: s.after, output: s.output ?? 0, site, work: { kind: 'job', workload: stageWorkload.name }, ...(input && { input }) };
  });
  checkCarriedOutputs(p, resolved, stageWorkloads, setting, at, ctx);
  const first = resolved[0];
  const zone = p.time_zone ?? (first && setting.zones.get(first.site)) ?? 'UTC';
  if (setting.startMs === undefined && p.time_zone !== undefined) {
    ctx.fail(at('time_zone'), "needs the scenario's start: without one time 0 is an unnamed midnight, read in no zone", 'give start: (e.g. 2026-03-23T00:00:00+01:00) or drop time_zone');
  }
  const calendar: ScheduleCalendar = setting.startMs === undefined ? { startMs: 0, zone: 'UTC' } : { startMs: setting.startMs, zone };
  const trigger = resolveTrigger(p, calendar, setting, at, ctx);
  const deadline = trigger && p.deadline && resolveDeadline(p.deadline, trigger, calendar, at, ctx);
  if (p.penalty !== undefined && !p.deadline)
    ctx.fail(at('penalty'), 'is paid per missed deadline, but the pipeline has no deadline', "give deadline: {at: '06:00'} or {within: 5 h}, or drop penalty");
  if (!order || !trigger || (p.deadline && !deadline) || resolved.some((s) => s === undefined)) return undefined;
  const ordered = order.map((j) => resolved[j] as PipelineStage);
  return {
    stages: stageWorkloads,
    pipeline: {
      name: p.name,
      trigger,
      overlap: p.overlap,
      ...(deadline && { deadline }),
      ...(p.penalty !== undefined && { penalty: p.penalty }),
      stages: ordered,
    },
  };
}

/** A job stage as the workload it is: its kind's fields, named `<pipeline>/<stage>`, with a placeholder for the arrivals it does not have. */
function jobInput(pipeline: string, s: Exclude<PipelineStageInput, { kind: 'deploy' }>, streams: readonly DataStream[] | undefined): WorkloadInput {
  if (s.kind === 'data') {
    // a stage reading a stream's window is timed at load with a typical window's bytes (the run reads the actual window)
    const { after: _after, output: _output, input, read, name, ...fields } = s;
    const typical = read ?? { kind: 'constant' as const, value: input ? typicalWindowBytes(streams, input) : 1 };
    return { ...fields, read: typical, name: `${pipeline}/${name}`, arrivals: { kind: 'offline', requests: 1 } };
  }
  const { after: _after, output: _output, name, ...fields } = s;
  // resolving checks every field of the kind; the placeholder arrivals are replaced by the pipeline's
  return { ...fields, name: `${pipeline}/${name}`, arrivals: { kind: 'offline', requests: 1 } };
}

/** Pool ids are `site/pool` and site names hold no '/' (name-schema.ts): the site is the part before it. */
function siteOfPool(poolId: string): string {
  return poolId.slice(0, poolId.indexOf('/'));
}

function deployStage(s: Extract<PipelineStageInput, { kind: 'deploy' }>, at: (...path: FieldPath) => FieldPath, services: readonly Workload[], ctx: ResolveContext): PipelineStage | undefined {
  const inference = services.filter((w): w is InferenceWorkload => w.kind === 'inference');
  const service = inference.find((w) => w.name === s.service);
  if (!service) {
    const near = closest(
      s.service,
      inference.map((w) => w.name),
    );
    ctx.fail(at('service'), `no inference workload named '${s.service}'`, near !== undefined ? `did you mean '${near}'?` : 'a deploy stage updates an inference service of this scenario');
    return undefined;
  }
  if (service.disaggregated || service.reach || service.api) {
    ctx.fail(
      at('service'),
      `'${s.service}' is ${service.api ? 'served by a managed API' : service.disaggregated ? 'disaggregated' : 'spread over several pools or regions'}: versions are modelled for a colocated self-hosted service on one pool`,
      'deploy to a service with replicas on one pool',
    );
    return undefined;
  }
  return { name: s.name, after: s.after, output: s.output ?? 0, site: siteOfPool(service.pool), work: { kind: 'deploy', service: service.name, rollout: s.rollout, versionPrefix: s.version } };
}

/** Every output carried to a successor at another site needs a link from each site the stage may run on. */
function checkCarriedOutputs(
  p: PipelineInput,
  stages: readonly (PipelineStage | undefined)[],
  workloads: readonly Workload[],
  setting: PipelineSetting,
  at: (...path: FieldPath) => FieldPath,
  ctx: ResolveContext,
): void {
  const linked = (a: string, b: string) => setting.links.some((l) => (l.between[0] === a && l.between[1] === b) || (l.between[0] === b && l.between[1] === a));
  stages.forEach((stage, j) => {
    if (!stage || stage.output <= 0) return;
    const job = stage.work.kind === 'job' ? workloads.find((w) => stage.work.kind === 'job' && w.name === stage.work.workload) : undefined;
    const from = job ? [...new Set([job.pool, ...job.alternatives].map(siteOfPool))] : [stage.site];
    for (const next of stages) {
      if (!next?.after.includes(stage.name)) continue;
      const missing = from.find((site) => site !== next.site && !linked(site, next.site));
      if (missing !== undefined) {
        ctx.fail(
          at('stages', j, 'output'),
          `stage '${next.name}' runs at site '${next.site}' but no link joins it to '${missing}', where '${p.stages[j]?.name ?? ''}' may run`,
          `add a link between ${missing} and ${next.site}, or drop output`,
        );
        return;
      }
    }
  });
}

function resolveTrigger(p: PipelineInput, calendar: ScheduleCalendar, setting: PipelineSetting, at: (...path: FieldPath) => FieldPath, ctx: ResolveContext): PipelineTrigger | undefined {
  const t = p.trigger;
  try {
    if ('cron' in t) {
      if (setting.startMs === undefined) {
        ctx.fail(at('trigger', 'cron'), "needs the scenario's start: a cron schedule names dates and weekdays", 'give start: (e.g. 2026-03-23T00:00:00+01:00), or use every: 1 day with at:');
        return undefined;
      }
      return { kind: 'cron', cron: t.cron, timeZone: calendar.zone, firings: cronFirings(t.cron, calendar, setting.horizon) };
    }
    if ('on_data' in t) return onDataTrigger(t.on_data, setting.streams, setting.horizon, at('trigger', 'on_data'), ctx);
    return { kind: 'every', every: t.every, ...(t.at !== undefined && { at: t.at }), timeZone: calendar.zone, firings: intervalFirings(t.every, t.at, calendar, setting.horizon) };
  } catch (err) {
    const field = 'cron' in t ? 'cron' : 'every';
    const hint =
      err instanceof RangeError ? 'a run is simulated per firing: fire less often or shorten the horizon' : "5 fields: minute hour day-of-month month day-of-week, e.g. '0 1 * * *' for 01:00 daily";
    ctx.fail(at('trigger', field), err instanceof Error ? err.message : String(err), hint);
    return undefined;
  }
}

/** The deadline of each run; a wall-clock deadline at or before its run's trigger is an error. */
function resolveDeadline(
  d: NonNullable<PipelineInput['deadline']>,
  trigger: PipelineTrigger,
  calendar: ScheduleCalendar,
  at: (...path: FieldPath) => FieldPath,
  ctx: ResolveContext,
): PipelineDeadline | undefined {
  if ('within' in d) return { kind: 'within', within: d.within };
  const deadlines: number[] = [];
  for (const firing of trigger.firings) {
    const deadline = wallClockDeadline(firing, d.at, d.day, calendar);
    if (deadline <= firing) {
      ctx.fail(
        at('deadline', 'at'),
        `${d.at} on the ${d.day === 'same' ? "trigger's day" : 'day after the trigger'} is at or before the run triggered at ${localTime(firing, calendar)} (${calendar.zone})`,
        d.day === 'same' ? 'give a later time, or day: next for a run due the morning after' : 'give a later time',
      );
      return undefined;
    }
    deadlines.push(deadline);
  }
  return { kind: 'at', at: d.at, day: d.day, deadlines };
}
