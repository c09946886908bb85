import { z } from 'zod';
import { name } from './name-schema.js';
import { quantity } from './quantity-schema.js';
import { timeZone } from './refresh-schema.js';
import { batchWorkload, dataWorkload, trainingWorkload } from './workload-schema.js';

/**
 * `kind: pipeline` (docs/pipelines.md, "Workflows, schedules and deadlines"): a DAG of stages run on a schedule.
 * A job stage takes the fields of its kind's workload without `arrivals` (the pipeline submits its jobs); a
 * deploy stage rolls a new model version out to an inference service.
 */

const wallClock = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a 24-hour wall-clock time 'HH:MM', e.g. '06:00'")
  .describe("a wall-clock time of day 'HH:MM' in the pipeline's time zone");

/** Fields every stage has beside those of its kind. */
const stageFields = {
  name: name.describe('stage name, unique in the pipeline; its jobs are the workload <pipeline>/<stage>'),
  after: z.array(name).max(1000).default([]).describe('stages that must complete before this one starts (fan-in); none: it starts when the run begins'),
  output: quantity('bytes', 'data handed to each successor: carried over the link between the sites when a successor runs at another site', { allowZero: true }).optional(),
};

const jobStageDescription = (kind: string) => `a ${kind} stage: one job with the fields of a ${kind} workload, without arrivals`;
// a stage's job is submitted by the pipeline, so it cannot also wait for a cleaner grid hour (carbon_aware)
const batchStage = batchWorkload
  .omit({ arrivals: true, name: true, kind: true, carbon_aware: true })
  .extend({ ...stageFields, kind: z.literal('batch').describe('one batch job') })
  .describe(jobStageDescription('batch'));
const trainingStage = trainingWorkload
  .omit({ arrivals: true, name: true, kind: true })
  .extend({ ...stageFields, kind: z.literal('training').describe('one training job') })
  .describe(jobStageDescription('training'));
const dataStage = dataWorkload
  .omit({ arrivals: true, name: true, kind: true })
  .extend({
    ...stageFields,
    kind: z.literal('data').describe('one data/ETL job'),
    read: dataWorkload.shape.read.optional().describe('bytes read per job (or input: what a stream ingested over a window)'),
    input: z
      .strictObject({
        stream: name.describe('a stream of the scenario (streams:)'),
        window: quantity('time', 'how far back the stage reads: the job reads what the stream ingested over this span before the stage is ready'),
      })
      .optional()
      .describe("the job reads a stream's recent data instead of a fixed read: e.g. {stream: clickstream, window: 1 day}; the window must fit the stream's retention"),
  })
  .describe(jobStageDescription('data'));

const deployStage = z
  .strictObject({
    ...stageFields,
    kind: z.literal('deploy').describe('roll a new model version out to an inference service'),
    service: name.describe('the inference workload whose model this stage updates'),
    rollout: quantity('time', 'time from the stage starting to the new version serving new requests', { allowZero: true }),
    version: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/, 'must start with a letter or digit and use only letters, digits, _ . - (at most 32)')
      .default('v')
      .describe("prefix of the version labels: run k deploys '<version><k>' (v1, v2, …); the service starts on v0"),
  })
  .describe('a deploy stage');

export const pipelineStage = z.discriminatedUnion('kind', [batchStage, trainingStage, dataStage, deployStage]);

const trigger = z
  .union([
    z.strictObject({ cron: z.string().min(9).max(200).describe("a 5-field cron expression (minute hour day-of-month month day-of-week), e.g. '0 1 * * *' for 01:00 daily") }),
    z.strictObject({
      every: quantity('time', 'time between runs, e.g. 1 day'),
      at: wallClock.optional().describe("wall-clock time of the first run, e.g. '01:00' (absent: the first run at time 0)"),
    }),
    z.strictObject({
      on_data: z
        .strictObject({
          stream: name.describe('a stream of the scenario (streams:)'),
          volume: quantity('bytes', 'a run each time the stream has ingested this much more, e.g. 500 GB'),
        })
        .describe('a run each time a stream has ingested another `volume` bytes since time 0'),
    }),
  ])
  .describe(
    "when the pipeline runs: {cron: '0 1 * * *'} or {every: 1 day, at: '01:00'}, read in the pipeline's time zone on the scenario's calendar, or {on_data: {stream, volume}} on a volume of data",
  );

const deadline = z
  .union([
    z.strictObject({
      at: wallClock.describe("the run should be done by this wall-clock time, e.g. '06:00'"),
      day: z.enum(['same', 'next']).default('same').describe("on the trigger's local day (same) or the day after (next), e.g. a 23:00 run due at 06:00 the next morning"),
    }),
    z.strictObject({ within: quantity('time', 'the run should be done this long after its trigger') }),
  ])
  .describe("by when each run should be done: {at: '06:00'} or {within: 5 h}");

export const pipelineWorkload = z
  .strictObject({
    name,
    kind: z.literal('pipeline').describe('a DAG of stages run on a schedule'),
    trigger,
    overlap: z
      .enum(['skip', 'queue', 'allow'])
      .default('skip')
      .describe('a firing while a run is still going: skip it (counted; a miss when there is a deadline), queue it after the running ones, or allow it to run beside them'),
    deadline: deadline.optional(),
    penalty: quantity('money', 'paid for each run that misses its deadline', { max: 1e12 }).optional(),
    time_zone: timeZone.optional().describe("IANA time zone the trigger and the deadline read wall-clock times in (default: the time zone of the first stage's site, else UTC)"),
    stages: z.array(pipelineStage).min(1).max(100).describe('the stages: jobs of kind batch, training or data, and deploys, ordered by `after`'),
  })
  .describe('a pipeline: stages started when their predecessors complete, on a cron or interval trigger, with an optional deadline and penalty');

export type PipelineInput = z.output<typeof pipelineWorkload>;
export type PipelineStageInput = z.output<typeof pipelineStage>;
