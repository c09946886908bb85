import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TraceError, formatTraceInspection, inspectTrace } from '../../src/traces/index.js';
import { FIXTURES, REAL_TRACES } from './helpers.js';

const fixture = (name: string): string => join(FIXTURES, name);

describe('inspectTrace', () => {
  it('summarises a job trace: rows by reason, span, rate, devices, runtimes, people', async () => {
    const x = await inspectTrace(fixture('small.swf'), 'swf', { name: 'small.swf' });
    expect(x).toMatchObject({
      file: 'small.swf',
      format: 'swf',
      kind: 'jobs',
      rowsRead: 5,
      rowsKept: 3,
      rowsSkipped: 2,
      records: 3,
      issues: [
        { reason: 'unknown-runtime', severity: 'info', count: 1 },
        { reason: 'unknown-devices', severity: 'info', count: 1 },
      ],
      origin: 1e9,
      time: { first: 0, last: 20, span: 20, arrivalRate: 2 / 20 },
    });
    expect(x.swfHeader).toMatchObject({ maxProcs: 16, computer: 'Test cluster' });
    const jobs = x.jobs!;
    expect(jobs.deviceKind).toBe('cpu');
    expect(jobs.devices).toEqual([
      { value: 2, count: 2 },
      { value: 4, count: 1 },
    ]);
    // runtimes 100, 50, 30.5; devices 4, 2, 2 → Σ devices × runtime = 400 + 100 + 61
    expect(jobs.runtime).toMatchObject({ count: 3, min: 30.5, max: 100 });
    expect(jobs.runtime!.mean).toBeCloseTo(180.5 / 3, 12);
    expect(jobs.runtime!.p50).toBeCloseTo(50, -0.3); // DDSketch: within 1 %
    expect(jobs.deviceSeconds).toBe(561);
    expect(jobs.offeredLoad).toBeCloseTo(561 / 20, 12);
    expect(jobs.requestedTime).toMatchObject({ count: 2, min: 60, max: 200 });
    expect(jobs).toMatchObject({ users: 3, groups: 2, queues: 2, runtimeOverRequest: 0, cpuOnly: 0 });
    expect(jobs.statuses).toEqual([
      { value: 'completed', count: 2 },
      { value: 'failed', count: 1 },
    ]);
  });

  it('applies transforms before summarising, while row counts stay the reader’s', async () => {
    const x = await inspectTrace(join(REAL_TRACES, 'alibaba-gpu-v2023-openb_pod_list_default.csv'), 'alibaba-gpu-2023', {
      transforms: [
        { kind: 'filter', gpuOnly: true },
        { kind: 'limit', count: 100 },
      ],
    });
    expect(x.rowsKept).toBeGreaterThanOrEqual(100);
    expect(x.records).toBe(100);
    expect(x.jobs!.cpuOnly).toBe(0);
  });

  it('takes a full spec for formats with options', async () => {
    const x = await inspectTrace(fixture('slurm_export.csv'), {
      format: 'csv',
      zeroDevices: 'keep',
      columns: { submit: { column: 'Submit', format: 'datetime' }, devices: 'AllocGPUs', gpuModel: 'GpuTypes' },
    });
    expect(x.jobs!.cpuOnly).toBe(1);
    expect(x.jobs!.gpuModels).toEqual([
      { value: 'H100', count: 2 },
      { value: 'A100', count: 1 },
    ]);
    await expect(inspectTrace(fixture('slurm_export.csv'), 'csv')).rejects.toThrow(TraceError);
  });

  it('throws in strict mode like the readers', async () => {
    await expect(inspectTrace(fixture('helios_cluster_log.csv'), 'helios', { strict: true })).resolves.toMatchObject({ rowsKept: 5 });
    await expect(inspectTrace(fixture('small.swf'), 'helios', { strict: true })).rejects.toThrow(/missing column/);
  });
});

describe('formatTraceInspection', () => {
  it('prints a plain-text report', async () => {
    const text = formatTraceInspection(await inspectTrace(fixture('small.swf'), 'swf', { name: 'small.swf' }));
    const lines = text.split('\n');
    expect(lines.slice(0, 10)).toEqual([
      'trace   small.swf  (format swf, jobs)',
      'rows    5 read, 3 kept, 2 skipped',
      '        skipped: unknown-runtime × 1',
      '        skipped: unknown-devices × 1',
      '        e.g. line 11 field 4 (run time): run time unknown (-1)',
      '        e.g. line 12 field 5 (allocated processors): allocated and requested processors both unknown (-1)',
      'header  Test cluster, MaxProcs 16, MaxNodes 4',
      '        note: hand-written fixture second note line',
      'origin  2001-09-09T01:46:40.000Z (time 0, UTC)',
      'time    0 s → 20 s, span 20 s, 360 arrivals/h',
    ]);
    expect(text).toContain('devices (cpu) 2: 2, 4: 1\n');
    expect(text).toContain('load    0.156 device-hours, 28.1 devices busy on average (offered)\n');
    expect(text).toContain('status  completed: 2, failed: 1\n');
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toMatch(/ \n/);
  });

  it('reports request traces with token distributions', async () => {
    const text = formatTraceInspection(await inspectTrace(join(REAL_TRACES, 'AzureLLMInferenceTrace_conv.csv'), 'azure-llm', { name: 'conv.csv' }));
    expect(text).toContain('trace   conv.csv  (format azure-llm, requests)');
    expect(text).toContain('rows    19,366 read, 19,366 kept, 0 skipped');
    expect(text).toContain('tokens  22,361,870 in, 4,088,665 out');
    expect(text).toMatch(/^input {3}min 2 {2}mean 1,155 {2}p50 /m);
  });
});
