import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/model/job.js';
import { microseconds, TimelineWriter, type TimelineOptions, type TimelinePool } from '../../src/report/timeline.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { simulateScenario } from '../../src/simulate/simulate.js';
import { BUNDLED_SCENARIOS, shortenedForTests } from '../support/bundled-files.js';
import { traceEventProblems } from '../support/trace-event-rules.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args: Record<string, unknown>;
}
const eventsOf = (text: string): TraceEvent[] => (JSON.parse(text) as { traceEvents: TraceEvent[] }).traceEvents;

/** A job as the model hands it to the observer: the fields the timeline reads. */
function job(id: number, submit: number, start: number, deviceIds: number[], devices = deviceIds.length): Job {
  return {
    id,
    workload: 0,
    pool: 0,
    submit,
    devices,
    duration: 1,
    estimate: 1,
    trainingTokens: 0,
    start,
    end: NaN,
    deviceIds: Int32Array.from(deviceIds),
    completion: -1,
    remaining: 1,
    interruptions: 0,
    computeStart: start,
    transfer: -1,
  };
}

const POOL: TimelinePool = { id: 'lab/gpu', nodeCount: 4, devicesPerNode: 4, power: { idle: 100, max: 500 } };
const options = (maxSlices = 1000, pools: readonly TimelinePool[] = [POOL]): TimelineOptions => ({ scenario: 'unit', seed: 1, pools, workloads: ['train'], maxSlices });

/** Writes a run of (start, end, devices) jobs, events in time order (at one instant ends before starts, as the model does, but a run of no length after its own start). */
function writeRuns(runs: readonly { start: number; end: number; devices: number[]; interrupted?: boolean }[], maxSlices = 1000): { text: string; summary: ReturnType<TimelineWriter['finish']> } {
  let text = '';
  const w = new TimelineWriter((t) => (text += t), options(maxSlices));
  const jobs = runs.map((r, i) => ({ r, j: job(i, r.start, r.start, r.devices) }));
  const agenda = [...jobs.map((x) => ({ t: x.r.start, kind: 1, x })), ...jobs.map((x) => ({ t: x.r.end, kind: x.r.end === x.r.start ? 2 : 0, x }))].sort(
    (a, b) => a.t - b.t || a.kind - b.kind || a.x.j.id - b.x.j.id,
  );
  for (const a of agenda) {
    if (a.kind === 1) w.jobStarted(a.x.j, POOL.id);
    else {
      a.x.j.end = a.x.r.end;
      w.jobEnded(a.x.j, POOL.id, a.x.r.interrupted ? 'interrupted' : 'completed');
    }
  }
  const summary = w.finish({ [POOL.id]: { t: [0, 10], busy_devices: [0, 3], queue_length: [0, 2], online_devices: [16, 8] } });
  return { text, summary };
}

describe('the trace-event checker (test/support/trace-event-rules.ts) catches broken files', () => {
  const meta = '{"name":"process_name","ph":"M","pid":1,"tid":0,"args":{"name":"p"}},{"name":"thread_name","ph":"M","pid":1,"tid":1,"args":{"name":"t"}}';
  const file = (events: string) => `{"traceEvents":[${meta}${events === '' ? '' : ','}${events}]}`;
  it('accepts a small well-formed file', () => {
    expect(traceEventProblems(file('{"name":"a","ph":"B","ts":1,"pid":1,"tid":1},{"name":"a","ph":"E","ts":2,"pid":1,"tid":1},{"name":"c","ph":"C","ts":0,"pid":1,"args":{"v":1}}'))).toEqual([]);
  });
  it.each([
    ['an X without dur', '{"name":"a","ph":"X","ts":1,"pid":1,"tid":1}', 'dur'],
    ['a negative dur', '{"name":"a","ph":"X","ts":1,"dur":-1,"pid":1,"tid":1}', 'dur'],
    ['no ts', '{"name":"a","ph":"X","dur":1,"pid":1,"tid":1}', 'ts'],
    ['no pid', '{"name":"a","ph":"X","ts":1,"dur":1,"tid":1}', 'pid'],
    ['a B never ended', '{"name":"a","ph":"B","ts":1,"pid":1,"tid":1}', 'never ended'],
    ['an E without B', '{"name":"a","ph":"E","ts":1,"pid":1,"tid":1}', 'no open B'],
    [
      'crossed B/E',
      '{"name":"a","ph":"B","ts":1,"pid":1,"tid":1},{"name":"b","ph":"B","ts":2,"pid":1,"tid":1},{"name":"a","ph":"E","ts":3,"pid":1,"tid":1},{"name":"b","ph":"E","ts":4,"pid":1,"tid":1}',
      'closes',
    ],
    ['time going back on a thread', '{"name":"a","ph":"X","ts":5,"dur":1,"pid":1,"tid":1},{"name":"b","ph":"X","ts":4,"dur":1,"pid":1,"tid":1}', 'goes back'],
    ['a thread without thread_name', '{"name":"a","ph":"X","ts":5,"dur":1,"pid":1,"tid":2}', 'thread_name'],
    ['a process without process_name', '{"name":"a","ph":"X","ts":5,"dur":1,"pid":2,"tid":1}', 'process_name'],
    ['a counter with a text value', '{"name":"c","ph":"C","ts":0,"pid":1,"args":{"v":"1"}}', 'numeric args'],
    ['an unknown phase', '{"name":"a","ph":"Q","ts":0,"pid":1,"tid":1}', 'phase'],
  ])('refuses %s', (_what, events, message) => {
    expect(traceEventProblems(file(events)).join('\n')).toContain(message);
  });
  it('refuses text that is not the object form', () => {
    expect(traceEventProblems('[')).not.toEqual([]);
    expect(traceEventProblems('{"events":[]}')).toEqual(['traceEvents is not an array']);
  });
});

describe('TimelineWriter', () => {
  it('writes microseconds to the nanosecond, without trailing zeros', () => {
    expect(microseconds(1.5)).toBe('1500000');
    expect(microseconds(0.0000012346)).toBe('1.235');
    expect(microseconds(86400 * 365)).toBe('31536000000000');
  });

  it('puts jobs sharing a node at once on separate lanes, and a two-node job on both nodes (hand-worked)', () => {
    // devices 0-3 are node 0, 4-7 node 1. Job 0 holds device 0 over [0, 10]; job 1 device 1 over [2, 5];
    // job 2 devices 2..5 (nodes 0 and 1) over [6, 8]: node 0 lane 1 is free again by then, node 1 lane 0.
    const { text, summary } = writeRuns([
      { start: 0, end: 10, devices: [0] },
      { start: 2, end: 5, devices: [1] },
      { start: 6, end: 8, devices: [2, 3, 4, 5] },
    ]);
    expect(traceEventProblems(text)).toEqual([]);
    const events = eventsOf(text);
    const threadName = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [e.tid, e.args['name']]));
    const slices = events.filter((e) => e.ph === 'X').map((e) => ({ job: e.args['job'], ts: e.ts, dur: e.dur, thread: threadName.get(e.tid) }));
    expect(slices).toEqual([
      { job: 1, ts: 2e6, dur: 3e6, thread: 'node 0 · lane 2' },
      { job: 2, ts: 6e6, dur: 2e6, thread: 'node 0 · lane 2' },
      { job: 2, ts: 6e6, dur: 2e6, thread: 'node 1' },
      { job: 0, ts: 0, dur: 10e6, thread: 'node 0' },
    ]);
    expect(summary).toEqual({ slices: 4, dropped: 0, droppedFrom: undefined });
  });

  it('draws power from the samples by the usage meter’s formula (hand-worked)', () => {
    const { text } = writeRuns([]);
    const power = eventsOf(text).filter((e) => e.name === 'power (W)');
    // 4 nodes online, idle: 4 × 100 W; then 2 nodes with 3 of their 8 devices busy: 2 × 100 + 3 × (500 − 100) / 4 = 500 W
    expect(power.map((e) => [e.ts, e.args['watts']])).toEqual([
      [0, 400],
      [10e6, 500],
    ]);
    const devices = eventsOf(text).filter((e) => e.name === 'devices');
    expect(devices.map((e) => e.args)).toEqual([
      { busy: 0, idle: 16 },
      { busy: 3, idle: 5 },
    ]);
  });

  it('cuts runs still going at the end, and says so in their outcome', () => {
    let text = '';
    const w = new TimelineWriter((t) => (text += t), options());
    w.jobStarted(job(7, 0, 3, [0]), POOL.id);
    w.finish({ [POOL.id]: { t: [0, 20], busy_devices: [0, 1], queue_length: [0, 0], online_devices: [16, 16] } });
    const slice = eventsOf(text).find((e) => e.ph === 'X');
    expect(slice).toMatchObject({ ts: 3e6, dur: 17e6, args: { outcome: 'running at the end' } });
  });

  it('past the cap, counts slices instead of writing them, and notes it in otherData', () => {
    const runs = Array.from({ length: 10 }, (_, i) => ({ start: i, end: i + 0.5, devices: [0] }));
    const { text, summary } = writeRuns(runs, 4);
    expect(traceEventProblems(text)).toEqual([]);
    expect(eventsOf(text).filter((e) => e.ph === 'X')).toHaveLength(4);
    expect(summary).toEqual({ slices: 4, dropped: 6, droppedFrom: 4.5 });
    const note = (JSON.parse(text) as { otherData: Record<string, unknown> }).otherData;
    expect(note['slices_dropped']).toBe(6);
    expect(String(note['cap'])).toContain('6 slice(s)');
  });

  it('any schedule of non-overlapping device holdings gives a well-formed trace, one slice per job and node', () => {
    // Jobs on a 4 × 4 pool: each holds some devices over [start, end]; a device is never held twice at once.
    const arbitraryRuns = fc.array(
      fc.record({
        gap: fc.integer({ min: 0, max: 5 }),
        length: fc.integer({ min: 0, max: 20 }),
        devices: fc.uniqueArray(fc.integer({ min: 0, max: 15 }), { minLength: 1, maxLength: 6 }),
        interrupted: fc.boolean(),
      }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(arbitraryRuns, (drawn) => {
        const freeAt = new Array<number>(16).fill(0);
        let clock = 0;
        const runs = drawn.map((d) => {
          clock += d.gap;
          const start = Math.max(clock, ...d.devices.map((x) => freeAt[x]!));
          const end = start + d.length;
          for (const x of d.devices) freeAt[x] = end + 0.25; // ends strictly before the next start on a device
          return { start, end, devices: d.devices, interrupted: d.interrupted };
        });
        const { text } = writeRuns(runs);
        expect(traceEventProblems(text)).toEqual([]);
        const slices = eventsOf(text).filter((e) => e.ph === 'X');
        const expectedSlices = runs.reduce((n, r) => n + new Set(r.devices.map((x) => Math.floor(x / 4))).size, 0);
        expect(slices).toHaveLength(expectedSlices);
        // no two slices of one thread overlap
        const byThread = new Map<number, TraceEvent[]>();
        for (const e of slices) byThread.set(e.tid, [...(byThread.get(e.tid) ?? []), e]);
        for (const list of byThread.values()) {
          const sorted = [...list].sort((a, b) => a.ts - b.ts);
          for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.ts).toBeGreaterThanOrEqual(sorted[i - 1]!.ts + sorted[i - 1]!.dur!);
        }
      }),
      { seed: 17, numRuns: 200 },
    );
  });
});

describe('the timeline of a bundled scenario', () => {
  it('scenarios/h100-training-fcfs.yaml over 4 days: well formed, one slice per node of every job run', async () => {
    const scenario = { ...loadScenario(join(root, 'scenarios/h100-training-fcfs.yaml')), horizon: 4 * 86400, warmup: 86400, replications: 1 };
    let text = '';
    const pools = scenario.sites.flatMap((s) => s.pools.map((p) => ({ id: p.id, nodeCount: p.nodeCount, devicesPerNode: p.devicesPerNode, power: p.power })));
    const writer = new TimelineWriter((t) => (text += t), { scenario: scenario.name, seed: scenario.seed, pools, workloads: scenario.workloads.map((w) => w.name), maxSlices: 1e6 });
    const ended: Job[] = [];
    const result = await simulateScenario(scenario, {
      onJob: (event, j, pool, outcome) => {
        if (event === 'start') writer.jobStarted(j, pool);
        else {
          writer.jobEnded(j, pool, outcome ?? 'completed');
          ended.push({ ...j, deviceIds: j.deviceIds && Int32Array.from(j.deviceIds) });
        }
      },
    });
    writer.finish(result.replications[0]!.timeseries);
    expect(traceEventProblems(text)).toEqual([]);
    const events = eventsOf(text);
    const slices = events.filter((e) => e.ph === 'X' && e.args['outcome'] !== 'running at the end');
    const nodesOf = (j: Job) => new Set(Array.from(j.deviceIds ?? [], (d) => Math.floor(d / 8))).size;
    expect(slices).toHaveLength(ended.reduce((n, j) => n + nodesOf(j), 0));
    expect(ended.length).toBeGreaterThan(100);
    // each pool's counters: one per time-series sample, each named counter
    const series = result.replications[0]!.timeseries['onprem/main']!;
    for (const name of ['jobs waiting', 'devices', 'power (W)']) expect(events.filter((e) => e.ph === 'C' && e.name === name)).toHaveLength(series.t.length);
  });

  // Services with inference replicas: single pool, several pools and regions (autoscaled, retiring
  // replicas), disaggregated prefill/decode, and the cloud and hybrid fleets that also run jobs.
  const withReplicas = BUNDLED_SCENARIOS.filter((b) => /^scenarios\/(serving|tco)\//.test(b.file));
  it.each(withReplicas.map((b) => [b.file, b] as const))('%s: well formed, every replica placed is a slice on each node it holds', async (_file, bundled) => {
    const scenario = { ...shortenedForTests(loadScenario(join(root, bundled.file)), bundled), replications: 1 };
    let text = '';
    const pools = scenario.sites.flatMap((s) => s.pools.map((p) => ({ id: p.id, nodeCount: p.nodeCount, devicesPerNode: p.devicesPerNode, power: p.power })));
    const writer = new TimelineWriter((t) => (text += t), { scenario: scenario.name, seed: scenario.seed, pools, workloads: scenario.workloads.map((w) => w.name), maxSlices: 1e6 });
    const perNode = new Map(pools.map((p) => [p.id, p.devicesPerNode]));
    let replicaSlices = 0;
    let retired = 0;
    const result = await simulateScenario(scenario, {
      onJob: (event, j, pool, outcome) => (event === 'start' ? writer.jobStarted(j, pool) : writer.jobEnded(j, pool, outcome ?? 'completed')),
      onReplica: (event, r) => {
        if (event === 'start') {
          writer.replicaStarted(r);
          replicaSlices += new Set(Array.from(r.deviceIds, (d) => Math.floor(d / perNode.get(r.pool)!))).size;
        } else {
          writer.replicaEnded(r);
          retired++;
        }
      },
    });
    writer.finish(result.replications[0]!.timeseries);
    expect(traceEventProblems(text)).toEqual([]);
    const replicas = eventsOf(text).filter((e) => e.ph === 'X' && e.name.includes(' replica #'));
    expect(replicas).toHaveLength(replicaSlices);
    expect(replicas.filter((e) => e.args['outcome'] === 'retired').length).toBeGreaterThanOrEqual(retired);
    if (scenario.workloads.some((w) => w.kind === 'inference' && w.api === undefined)) expect(replicaSlices).toBeGreaterThan(0);
  });
});
