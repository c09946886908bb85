// Readers on small fixtures written from each format's published schema (test/fixtures/traces/README.md).
// Every expected value is worked out by hand from the fixture lines quoted in the comments.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  TraceDiagnostics,
  readCsvTrace,
  readHelios,
  readJobTrace,
  readPai2020,
  readPaiJobTable,
  readPhilly,
  readSwf,
  type CsvColumnMapping,
  type SwfHeader,
  type TraceJob,
} from '../../src/traces/index.js';
import { FIXTURES, brief, collect, readAll, tempFiles } from './helpers.js';

const fixture = (name: string): string => join(FIXTURES, name);

describe('SWF fixture', () => {
  it('maps fields, falls back to requested processors, and skips -1 runtime / processors with a reason', async () => {
    let header: SwfHeader | undefined;
    const { records, issues } = await readAll((onIssue) => readSwf(fixture('small.swf'), { onIssue, onHeader: (h) => (header = h) }));
    expect(header).toMatchObject({ unixStartTime: 1e9, maxProcs: 16, maxNodes: 4, notes: ['hand-written fixture\nsecond note line'] });
    expect(records).toEqual([
      // "1 0 10 100 4 -1 -1 4 200 -1 1 1 1 -1 1 -1 -1 -1"
      {
        id: '1',
        submit: 0,
        recordedWait: 10,
        runtime: 100,
        devices: 4,
        requestedDevices: 4,
        requestedTime: 200,
        status: 'completed',
        user: '1',
        group: '1',
        queue: '1',
        deviceKind: 'cpu',
        cpuOnly: false,
        line: 9,
      },
      // "2 5 -1 50 -1 -1 -1 2 60 1024 0 2 1 -1 1 -1 -1 -1": allocated unknown → requested 2; 1024 KB/proc × 2
      {
        id: '2',
        submit: 5,
        runtime: 50,
        devices: 2,
        requestedDevices: 2,
        requestedTime: 60,
        memory: 2 * 1024 * 1024,
        status: 'failed',
        user: '2',
        group: '1',
        queue: '1',
        deviceKind: 'cpu',
        cpuOnly: false,
        line: 10,
      },
      // "5 20 0 30.5 2 -1 -1 2 -1 -1 1 3 2 -1 2 -1 -1 -1": fractional runtime, no estimate
      { id: '5', submit: 20, recordedWait: 0, runtime: 30.5, devices: 2, requestedDevices: 2, status: 'completed', user: '3', group: '2', queue: '2', deviceKind: 'cpu', cpuOnly: false, line: 13 },
    ] satisfies TraceJob[]);
    expect(brief(issues)).toEqual(['11 unknown-runtime', '12 unknown-devices']);
    expect(issues.every((i) => i.severity === 'info')).toBe(true);
  });

  it('parses header keys without a space after the colon, and URLs on continuation lines', async () => {
    const files = tempFiles('swf-header');
    try {
      const path = files.write('h.swf', '; MaxJobs:28490\n; Information: http://a.example/\n;   http://b.example/\n;Note: x\n' + '1 0 0 10 1 -1 -1 1 20 -1 1 1 1 -1 -1 -1 -1 -1\n');
      let header: SwfHeader | undefined;
      await collect(readSwf(path, { onHeader: (h) => (header = h) }));
      expect(header).toEqual({ maxJobs: 28_490, notes: ['x'], fields: { MaxJobs: '28490', Information: 'http://a.example/\nhttp://b.example/', Note: 'x' } });
    } finally {
      files.cleanup();
    }
  });

  it('calls onHeader before the first job is yielded', async () => {
    const order: string[] = [];
    for await (const job of readSwf(fixture('small.swf'), { onHeader: () => order.push('header') })) order.push(job.id);
    expect(order).toEqual(['header', '1', '2', '5']);
  });
});

describe('Alibaba PAI v2020 fixtures (no header line)', () => {
  it('turns tasks into gangs: devices = plan_gpu/100 × inst_num, submit = task start without a job table', async () => {
    const { records, issues } = await readAll((onIssue) => readPai2020(fixture('pai_task_table.csv'), { onIssue }));
    expect(records).toEqual([
      // README example: 4f05…,tensorflow,1.0,Terminated,1739162.0,1739200.0,600.0,29.296875,50.0,MISC
      {
        id: '4f057009a5d481acec67b088/tensorflow',
        submit: 1_739_162,
        devices: 0.5,
        deviceKind: 'gpu',
        cpuOnly: false,
        runtime: 38,
        instances: 1,
        cpus: 6,
        memory: 29.296875 * 2 ** 30,
        gpuModel: ['MISC'],
        status: 'Terminated',
        line: 1,
      },
      // a1b2…,worker,4.0,…,1740000.0,1743600.0,800.0,40.0,100.0,V100 → 4 GPUs, 32 cores, 160 GiB
      {
        id: 'a1b2c3d4e5f6a7b8c9d0e1f2/worker',
        submit: 1_740_000,
        devices: 4,
        deviceKind: 'gpu',
        cpuOnly: false,
        runtime: 3600,
        instances: 4,
        cpus: 32,
        memory: 160 * 2 ** 30,
        gpuModel: ['V100'],
        status: 'Terminated',
        line: 2,
      },
      // a1b2…,ps,2.0,…,1200.0,20.0,, → parameter servers: no GPU
      {
        id: 'a1b2c3d4e5f6a7b8c9d0e1f2/ps',
        submit: 1_740_000,
        devices: 0,
        deviceKind: 'gpu',
        cpuOnly: true,
        runtime: 3600,
        instances: 2,
        cpus: 24,
        memory: 40 * 2 ** 30,
        status: 'Terminated',
        line: 3,
      },
      // 9a8b…,evaluator,1.0,Failed,1741000.0,1741010.0,400.0,10.0,25.0,P100
      {
        id: '9a8b7c6d5e4f3a2b1c0d9e8f/evaluator',
        submit: 1_741_000,
        devices: 0.25,
        deviceKind: 'gpu',
        cpuOnly: false,
        runtime: 10,
        instances: 1,
        cpus: 4,
        memory: 10 * 2 ** 30,
        gpuModel: ['P100'],
        status: 'Failed',
        line: 5,
      },
    ] satisfies TraceJob[]);
    // line 4: 0f0e…,worker,1.0,Running,1745000.0,,… — no end_time yet
    expect(brief(issues)).toEqual(['4 missing-time']);
  });

  it('with the job table, uses job submission and user, and warns for a task whose job is missing', async () => {
    const diagnostics = new TraceDiagnostics();
    const { records, issues } = await readAll((onIssue) => readPai2020(fixture('pai_task_table.csv'), { onIssue, diagnostics, jobTable: fixture('pai_job_table.csv') }));
    expect(records.map((t) => [t.id.split('/')[1], t.submit, t.recordedWait, t.user])).toEqual([
      ['tensorflow', 1_739_100, 62, '58540f191766'], // job 4f05… submitted 1739100.0, task launched 1739162.0
      ['worker', 1_739_990, 10, 'd2d3b77d342e'],
      ['ps', 1_739_990, 10, 'd2d3b77d342e'],
      ['evaluator', 1_741_000, undefined, undefined], // 9a8b… is not in the job table
    ]);
    expect(brief(issues)).toEqual(['4 missing-time', '5 job-not-found']);
    // the job table's rows are not counted as task rows
    expect(diagnostics.summary()).toMatchObject({ rowsRead: 5, rowsKept: 4, rowsSkipped: 1 });
  });

  it('reads the job table on its own', async () => {
    const rows = await collect(readPaiJobTable(fixture('pai_job_table.csv')));
    expect(rows[2]).toEqual({
      jobName: '0f0e0d0c0b0a090807060504',
      instId: '589de47b56f88129837f506134b874e0356dc0931732a687bcf907fb8325',
      user: '58540f191766',
      status: 'Running',
      submit: 1_744_990,
      line: 3,
    });
  });
});

describe('Microsoft Philly fixture (streamed JSON array)', () => {
  it('derives devices, runtime and wait from attempts and skips jobs that cannot be replayed', async () => {
    let origin: number | undefined;
    const { records, issues } = await readAll((onIssue) => readPhilly(fixture('philly_cluster_job_log.json'), { onIssue, onOrigin: (o) => (origin = o) }));
    expect(origin).toBe(Date.UTC(2017, 9, 7, 1, 11, 39) / 1000);
    expect(records).toEqual([
      // README example: submitted 01:11:39; attempts 01:12:09–01:13:23 (74 s) and 01:13:30 → 10-09 06:53:12 (2 d 5:39:42 = 193,182 s)
      {
        id: 'application_1506638472019_14199',
        submit: 0,
        devices: 8,
        deviceKind: 'gpu',
        cpuOnly: false,
        runtime: 74 + 193_182,
        nodes: 1,
        attempts: 2,
        recordedWait: 30,
        status: 'Pass',
        queue: 'ee9e8c',
        user: 'ce2f4c',
        line: 2,
      },
      // submitted 00:00:00, i.e. 4,299 s before the first job: kept as is, with an unsorted-submit warning
      {
        id: 'application_1506638472019_14201',
        submit: -4299,
        devices: 16,
        deviceKind: 'gpu',
        cpuOnly: false,
        runtime: 7200,
        nodes: 2,
        attempts: 1,
        recordedWait: 10,
        status: 'Pass',
        queue: 'b436b2',
        user: '6214e9',
        line: 39,
      },
      // first attempt has no start_time: left out; second 03:10–03:20 on 1 GPU; submitted 02:30:00 (+4,701 s)
      {
        id: 'application_1506638472019_14202',
        submit: 4701,
        devices: 1,
        deviceKind: 'gpu',
        cpuOnly: false,
        runtime: 600,
        nodes: 1,
        attempts: 2,
        recordedWait: 2400,
        status: 'Failed',
        queue: 'b436b2',
        user: '6214e9',
        line: 56,
      },
    ] satisfies TraceJob[]);
    expect(brief(issues)).toEqual(['31 no-attempts', '39 unsorted-submit', '56 attempt-missing-time', '67 still-running']);
  });

  it("runtime: 'span' measures first start to last end, like the upstream notebook", async () => {
    const jobs = await collect(readPhilly(fixture('philly_cluster_job_log.json'), { runtime: 'span' }));
    expect(jobs[0]!.runtime).toBe(193_263); // 01:12:09 → 10-09 06:53:12
  });
});

describe('Helios fixture', () => {
  it('reads the README rows, keeps CPU jobs flagged, derives missing duration and queue from times', async () => {
    const { records, issues } = await readAll((onIssue) => readHelios(fixture('helios_cluster_log.csv'), { onIssue }));
    expect(records.map((j) => [j.id, j.submit, j.devices, j.cpuOnly, j.runtime, j.recordedWait, j.nodes, j.cpus, j.status, j.queue, j.user])).toEqual([
      ['1425511', 0, 1, false, 36_848, 0, 1, 1, 'COMPLETED', 'vcJkd', 'uXBbc'],
      ['1425512', 26, 4, false, 249, 0, 1, 16, 'FAILED', 'vchbv', 'uVMrF'],
      ['1425513', 27, 1, false, 675_233, 0, 1, 1, 'CANCELLED', 'vcpDC', 'uzqls'],
      ['1425514', 59, 0, true, 30, 30, 1, 4, 'COMPLETED', 'vcJkd', 'uXBbc'],
      // duration and queue empty: end − start = 2 h, start − submit = 1 h
      ['1425515', 119, 16, false, 7200, 3600, 2, 64, 'COMPLETED', 'vchbv', 'uVMrF'],
    ]);
    // 1425516: cancelled before it started — no duration, no start or end
    expect(brief(issues)).toEqual(['7 missing-time']);
  });
});

describe('generic CSV with a column mapping', () => {
  const columns: CsvColumnMapping = {
    id: 'JobID',
    user: 'User',
    queue: 'Partition',
    status: 'State',
    submit: { column: 'Submit', format: 'datetime' },
    start: { column: 'Start', format: 'datetime' },
    end: { column: 'End', format: 'datetime' },
    devices: 'AllocGPUs',
    cpus: 'ReqCPUs',
    memory: { column: 'ReqMemMiB', unit: 'MiB' },
    requestedTime: { column: 'TimelimitMin', unit: 'min' },
    gpuModel: 'GpuTypes',
  };
  const expected: TraceJob[] = [
    // 1001: submit 08:00Z (origin), start 08:05, end 10:05; 8 GPUs; 262144 MiB; 180 min
    {
      id: '1001',
      submit: 0,
      devices: 8,
      deviceKind: 'gpu',
      cpuOnly: false,
      runtime: 7200,
      recordedWait: 300,
      requestedTime: 10_800,
      cpus: 64,
      memory: 262_144 * 2 ** 20,
      user: 'alice',
      queue: 'gpu',
      status: 'COMPLETED',
      gpuModel: ['H100', 'A100'],
      line: 2,
    },
    // 1002: submit 08:30:00.5+01:00 = 07:30:00.5Z, i.e. 30 min 0.5 s BEFORE 1001 (unsorted); start 07:30:10.5Z
    {
      id: '1002',
      submit: -1799.5,
      devices: 1,
      deviceKind: 'gpu',
      cpuOnly: false,
      runtime: 600,
      recordedWait: 10,
      requestedTime: 3600,
      cpus: 8,
      memory: 32_768 * 2 ** 20,
      user: 'bob',
      queue: 'gpu',
      status: 'FAILED',
      line: 3,
    },
    {
      id: '1003',
      submit: 3600,
      devices: 2,
      deviceKind: 'gpu',
      cpuOnly: false,
      runtime: 30,
      recordedWait: 0,
      requestedTime: 600,
      cpus: 16,
      memory: 65_536 * 2 ** 20,
      user: 'carol',
      queue: 'debug',
      status: 'COMPLETED',
      gpuModel: ['H100'],
      line: 4,
    },
  ];

  it('maps columns with units and timestamps (origin = first row) and skips 0-GPU rows by default', async () => {
    const { records, issues } = await readAll((onIssue) => readCsvTrace(fixture('slurm_export.csv'), { columns, onIssue }));
    expect(records).toEqual(expected);
    expect(brief(issues)).toEqual(['3 unsorted-submit', '5 zero-devices']);
  });

  it('reads the gzip copy identically (gzip found by magic bytes)', async () => {
    const plain = await collect(readCsvTrace(fixture('slurm_export.csv'), { columns, zeroDevices: 'keep' }));
    const gz = await collect(readCsvTrace(fixture('slurm_export.csv.gz'), { columns, zeroDevices: 'keep' }));
    expect(gz).toEqual(plain);
    expect(plain.at(-1)).toMatchObject({ id: '1004', devices: 0, cpuOnly: true, line: 5 });
  });

  it('takes an explicit origin, constant devices, and unit and scale on numbers', async () => {
    const jobs = await collect(
      readJobTrace(fixture('slurm_export.csv'), {
        format: 'csv',
        columns: { submit: { column: 'Submit', format: 'datetime' }, devices: 1, work: { column: 'TimelimitMin', unit: 'min', scale: 0.5 } },
        origin: '2024-03-01T00:00:00Z',
      }),
    );
    expect(jobs.map((j) => [j.submit, j.devices, j.work, j.id])).toEqual([
      [8 * 3600, 1, 5400, '2'],
      [7.5 * 3600 + 0.5, 1, 1800, '3'],
      [9 * 3600, 1, 300, '4'],
      [9.25 * 3600, 1, 900, '5'],
    ]);
  });
});

describe('generic CSV without a header', () => {
  it('maps 0-based positions (here: the PAI task table read as plain CSV)', async () => {
    const { records, issues } = await readAll((onIssue) =>
      readCsvTrace(fixture('pai_task_table.csv'), {
        onIssue,
        header: false,
        columns: { id: { column: 0 }, submit: { column: 4 }, start: { column: 4 }, end: { column: 5 }, devices: { column: 8, scale: 0.01 }, gpuModel: { column: 9 } },
      }),
    );
    expect(records.map((j) => [j.id, j.submit, j.runtime, j.devices, j.gpuModel, j.line])).toEqual([
      ['4f057009a5d481acec67b088', 1_739_162, 38, 0.5, ['MISC'], 1],
      ['a1b2c3d4e5f6a7b8c9d0e1f2', 1_740_000, 3600, 1, ['V100'], 2],
      ['9a8b7c6d5e4f3a2b1c0d9e8f', 1_741_000, 10, 0.25, ['P100'], 5],
    ]);
    // line 3: plan_gpu empty; line 4: end_time empty
    expect(brief(issues)).toEqual(['3 missing-field', '4 missing-time']);
    await expect(collect(readCsvTrace(fixture('pai_task_table.csv'), { header: false, columns: { submit: { column: 4 }, devices: { column: 10 } } }))).rejects.toThrow(
      /position 10 \(rows have 10 fields\)/,
    );
  });
});

describe('readJobTrace dispatches by format', () => {
  it('gives the same jobs as the reader it names', async () => {
    expect(await collect(readJobTrace(fixture('small.swf'), { format: 'swf' }))).toEqual(await collect(readSwf(fixture('small.swf'))));
    expect(await collect(readJobTrace(fixture('helios_cluster_log.csv'), { format: 'helios' }))).toEqual(await collect(readHelios(fixture('helios_cluster_log.csv'))));
  });
});
