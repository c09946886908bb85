// Replays the three real traces shipped in data/traces/ exactly as published (see its README for
// provenance). Expected first/last records come from the raw text, read with:
//   zcat KTH-SP2-1996-2.1-cln.swf.gz | grep -n -v '^;' | sed -n '1p;$p'
//   sed -n '2p;$p' alibaba-gpu-v2023-openb_pod_list_default.csv AzureLLMInferenceTrace_conv.csv
// and counts from awk over the same files (noted at each expectation).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TraceDiagnostics, inspectTrace, readAlibabaGpu2023, readAzureLlm, readSwf, requestsGpus, type SwfHeader, type TraceJob, type TraceRequest } from '../../src/traces/index.js';
import { REAL_TRACES, collect } from './helpers.js';

const KTH = join(REAL_TRACES, 'KTH-SP2-1996-2.1-cln.swf.gz');
const ALIBABA = join(REAL_TRACES, 'alibaba-gpu-v2023-openb_pod_list_default.csv');
const AZURE = join(REAL_TRACES, 'AzureLLMInferenceTrace_conv.csv');

describe('KTH SP2 (SWF, gzip)', () => {
  it('reads all 27,992 job lines and keeps every one (no -1 runtime or processors in this log)', async () => {
    const diagnostics = new TraceDiagnostics();
    let header: SwfHeader | undefined;
    const jobs = await collect(readSwf(KTH, { diagnostics, onHeader: (h) => (header = h) }));
    // grep -vc '^;' → 27992 data lines; awk finds no field 4/5/8 of -1, no 0 processors, 18 fields everywhere.
    expect(diagnostics.summary()).toMatchObject({ rowsRead: 27_992, rowsKept: 27_992, rowsSkipped: 0, issues: [] });
    expect(jobs).toHaveLength(27_992);

    expect(header).toMatchObject({ maxProcs: 100, maxNodes: 100, unixStartTime: 843_480_031, timeZone: 3600, timeZoneString: 'Europe/Stockholm', version: '2.2', computer: 'IBM SP2' });
    expect(header!.notes).toEqual(['uses the EASY scheduler', 'THIS IS A CLEANED VERSION OF THE LOG!\nThe filter used to produce it was\njob<=14 (14 jobs removed)']);
    expect(header!.fields['Information']).toBe('http://www.pdc.kth.se/\nhttp://www.cs.huji.ac.il/labs/parallel/workload/');

    // line 25: "   15   599850 192180   3477    4     -1    -1    4  53940    -1  1  12  12  -1 -1 -1 -1 -1"
    expect(jobs[0]).toEqual({
      id: '15',
      submit: 599_850,
      recordedWait: 192_180,
      runtime: 3477,
      devices: 4,
      requestedDevices: 4,
      requestedTime: 53_940,
      status: 'completed',
      user: '12',
      group: '12',
      deviceKind: 'cpu',
      cpuOnly: false,
      line: 25,
    } satisfies TraceJob);
    // line 28016: "28490 29363618    720      8    1     -1    -1    1  30000    -1  1  98 198  -1 -1 -1 -1 -1"
    expect(jobs.at(-1)).toEqual({
      id: '28490',
      submit: 29_363_618,
      recordedWait: 720,
      runtime: 8,
      devices: 1,
      requestedDevices: 1,
      requestedTime: 30_000,
      status: 'completed',
      user: '98',
      group: '198',
      deviceKind: 'cpu',
      cpuOnly: false,
      line: 28_016,
    } satisfies TraceJob);
  });

  it('has no job that ran longer than it asked for, as the trace README says', async () => {
    let over = 0;
    let withEstimate = 0;
    for await (const job of readSwf(KTH)) {
      if (job.requestedTime !== undefined && job.requestedTime > 0) withEstimate++;
      if (job.runtime! > job.requestedTime!) over++;
    }
    expect(withEstimate).toBe(27_992);
    expect(over).toBe(0);
  });

  it('inspects to the counts awk finds', async () => {
    const x = await inspectTrace(KTH, 'swf');
    expect(x.origin).toBe(843_480_031);
    expect(x.time).toMatchObject({ first: 599_850, last: 29_363_618, span: 29_363_618 - 599_850 });
    // awk: statuses 1 → 20483, 0 → 7509; 212 distinct users, 250 groups; Σ runtime × processors = 1,972,976,954
    expect(x.jobs!.statuses).toEqual([
      { value: 'completed', count: 20_483 },
      { value: 'failed', count: 7_509 },
    ]);
    expect(x.jobs!.users).toBe(212);
    expect(x.jobs!.groups).toBe(250);
    expect(x.jobs!.deviceSeconds).toBe(1_972_976_954);
    expect(x.jobs!.runtimeOverRequest).toBe(0);
    expect(x.jobs!.devices.at(-1)).toEqual({ value: 100, count: expect.any(Number) as number });
    expect(x.jobs!.runtime!.min).toBe(1);
  });
});

describe('Alibaba GPU v2023 pod list', () => {
  it('reads 8,152 pods: 7,255 kept, the 897 never-scheduled (Pending) ones skipped as missing-time', async () => {
    const diagnostics = new TraceDiagnostics();
    const pods = await collect(readAlibabaGpu2023(ALIBABA, { diagnostics }));
    // awk -F, 'NR>1': 8152 rows; $11 (scheduled_time) empty on 897 rows, all pod_phase Pending.
    expect(diagnostics.summary()).toMatchObject({ rowsRead: 8152, rowsKept: 7255, rowsSkipped: 897 });
    expect(diagnostics.summary().issues).toEqual([{ reason: 'missing-time', severity: 'info', count: 897 }]);
    expect(diagnostics.examples[0]).toMatchObject({ line: 63, field: 'scheduled_time' }); // openb-pod-0061,…,Pending,10001278,10001403,
    expect(pods).toHaveLength(7255);

    // line 2: openb-pod-0000,12000,16384,1,1000,,LS,Running,0,12537496,0
    expect(pods[0]).toEqual({
      id: 'openb-pod-0000',
      submit: 0,
      devices: 1,
      deviceKind: 'gpu',
      cpuOnly: false,
      runtime: 12_537_496,
      recordedWait: 0,
      cpus: 12,
      memory: 16_384 * 2 ** 20,
      qos: 'LS',
      status: 'Running',
      line: 2,
    } satisfies TraceJob);
    // line 3: openb-pod-0001,6000,12288,1,460,,LS,Running,427061,12902960,427061 — a shared GPU: 460 milli-GPU
    expect(pods[1]).toMatchObject({ id: 'openb-pod-0001', devices: 0.46, runtime: 12_902_960 - 427_061, line: 3 });
    // line 8153: openb-pod-8151,3152,5600,1,590,,BE,Failed,12901761,12901792,12901762
    expect(pods.at(-1)).toEqual({
      id: 'openb-pod-8151',
      submit: 12_901_761,
      devices: 0.59,
      deviceKind: 'gpu',
      cpuOnly: false,
      runtime: 30,
      recordedWait: 1,
      cpus: 3.152,
      memory: 5600 * 2 ** 20,
      qos: 'BE',
      status: 'Failed',
      line: 8153,
    } satisfies TraceJob);
  });

  it('has 7,064 pods asking for GPUs; of those kept, 6,203 ask for GPUs and 1,052 are CPU-only', async () => {
    const all = await collect(readAlibabaGpu2023(ALIBABA, { keepUnscheduled: true }));
    expect(all).toHaveLength(8152);
    expect(all.filter(requestsGpus)).toHaveLength(7064); // awk: $4 > 0 on 7064 rows
    expect(all.filter((p) => p.runtime === undefined)).toHaveLength(897);
    const kept = await collect(readAlibabaGpu2023(ALIBABA));
    expect(kept.filter(requestsGpus)).toHaveLength(6203); // awk: $11 != "" && $4 > 0
    expect(kept.filter((p) => p.cpuOnly)).toHaveLength(1052);
    // num_gpu 1 with gpu_milli < 1000 (3,078 rows) is a fraction; every devices value is ≤ 8
    expect(all.filter((p) => p.devices > 0 && p.devices < 1)).toHaveLength(3078);
    expect(Math.max(...all.map((p) => p.devices))).toBe(8);
  });
});

describe('Azure LLM inference trace (conversation)', () => {
  it('reads 19,366 requests over about an hour, 18:15:46.6805900 → 19:14:08.4025270', async () => {
    const diagnostics = new TraceDiagnostics();
    let origin: number | undefined;
    const requests = await collect(readAzureLlm(AZURE, { diagnostics, onOrigin: (o) => (origin = o) }));
    expect(diagnostics.summary()).toMatchObject({ rowsRead: 19_366, rowsKept: 19_366, rowsSkipped: 0, issues: [] });
    expect(origin).toBeCloseTo(Date.UTC(2023, 10, 16, 18, 15, 46) / 1000 + 0.68059, 5);
    // line 2: 2023-11-16 18:15:46.6805900,374,44 (CRLF line ends)
    expect(requests[0]).toEqual({ submit: 0, inputTokens: 374, outputTokens: 44, line: 2 } satisfies TraceRequest);
    // line 3: 2023-11-16 18:15:50.9951690,396,109 → 4.314579 s later
    expect(requests[1]!.submit).toBeCloseTo(4.314579, 9);
    // line 19367 (no final newline): 2023-11-16 19:14:08.4025270,197,183 → 58 min 21.721937 s
    const last = requests.at(-1)!;
    expect(last).toMatchObject({ inputTokens: 197, outputTokens: 183, line: 19_367 });
    expect(last.submit).toBeCloseTo(3501.721937, 9);
  });

  it('inspects token totals that awk finds (Σ ContextTokens 22,361,870; Σ GeneratedTokens 4,088,665)', async () => {
    const x = await inspectTrace(AZURE, 'azure-llm');
    expect(x.kind).toBe('requests');
    expect(x.requests).toMatchObject({ totalInputTokens: 22_361_870, totalOutputTokens: 4_088_665 });
    expect(x.time!.span).toBeCloseTo(3501.721937, 9);
    expect(x.time!.arrivalRate).toBeCloseTo(19_365 / 3501.721937, 9);
    expect(x.issues).toEqual([]);
  });
});
