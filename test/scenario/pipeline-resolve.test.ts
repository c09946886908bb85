import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { scenarioErrorOf } from '../support/scenario-error.js';

const scenario = (workloads: string, head = '') => `
name: pipeline-resolve
${head}horizon: 3 days
costs: none
sites:
  dc:
    nodes: { type: dgx-h100, count: 1 }
workloads:
  - name: chat
    kind: inference
    model: { card: llama-3.1-8b, precision: bf16 }
    arrivals: { rate: 1 /s }
    tokens: { input: 100, output: 10 }
    replicas: 1
${workloads}`;

const pipeline = (trigger: string, stages: string, extra = '') => `  - name: nightly
    kind: pipeline
    trigger: ${trigger}
${extra}    stages:
${stages}`;

describe('loading a pipeline', () => {
  it('turns each job stage into a workload <pipeline>/<stage> with no arrivals, and orders the stages after their predecessors', () => {
    const s = parseScenario(
      scenario(
        pipeline(
          "{ every: 1 day, at: '02:00' }",
          `      - { name: eval, kind: batch, after: [train], devices: 1, work: { reference_time: 1 h } }
      - { name: train, kind: batch, devices: 8, work: { reference_time: 8 h } }
      - { name: deploy, kind: deploy, after: [eval], service: chat, rollout: 5 min }`,
          '    deadline: { within: 6 h }\n',
        ),
      ),
      'p.yaml',
    );
    expect(s.workloads.map((w) => [w.name, w.kind === 'batch' ? w.arrivals : undefined])).toEqual([
      ['chat', undefined],
      ['nightly/eval', { kind: 'pipeline-stage', pipeline: 'nightly' }],
      ['nightly/train', { kind: 'pipeline-stage', pipeline: 'nightly' }],
    ]);
    const p = s.pipelines?.[0];
    expect(p?.stages.map((x) => x.name)).toEqual(['train', 'eval', 'deploy']);
    // no start: time 0 is midnight; 02:00 on each of the 3 days
    expect(p?.trigger.firings).toEqual([7200, 93600, 180000]);
    expect(p?.overlap).toBe('skip');
  });

  it('resolves a scenario without pipelines to no pipelines field at all (results keep their bytes)', () => {
    expect('pipelines' in parseScenario(scenario(''), 'p.yaml')).toBe(false);
  });

  it('refuses a cron schedule or a time zone without the scenario’s start, and two deploys labelling one service alike', () => {
    const stage = '      - { name: train, kind: batch, devices: 8, work: { reference_time: 1 h } }';
    expect(scenarioErrorOf(scenario(pipeline("{ cron: '0 1 * * *' }", stage)))).toContain("trigger.cron: needs the scenario's start");
    expect(scenarioErrorOf(scenario(pipeline('{ every: 1 day }', stage, '    time_zone: Europe/Berlin\n')))).toContain("time_zone: needs the scenario's start");
    const twice = `${stage}
      - { name: a, kind: deploy, after: [train], service: chat, rollout: 1 min }
      - { name: b, kind: deploy, after: [train], service: chat, rollout: 1 min }`;
    expect(scenarioErrorOf(scenario(pipeline('{ every: 1 day }', twice)))).toContain("stages[2].version: deploy stage nightly/a already labels chat's versions 'v1', 'v2', …");
  });

  it('puts a deadline at a wall-clock time on the trigger’s day, or the next', () => {
    const stage = '      - { name: train, kind: batch, devices: 8, work: { reference_time: 1 h } }';
    const s = parseScenario(scenario(pipeline("{ every: 1 day, at: '23:00' }", stage, "    deadline: { at: '06:00', day: next }\n")), 'p.yaml');
    const d = s.pipelines?.[0]?.deadline;
    expect(d?.kind === 'at' ? d.deadlines : undefined).toEqual([30 * 3600, 54 * 3600, 78 * 3600]);
  });
});
