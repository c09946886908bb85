// data/published/performance-points.yaml: the published MLPerf results and vendor claims that calibrate
// (fit) and validate (predict) the performance model. This test checks the file's shape only; which
// points are fitted and which predicted is said in data/published/README.md and in the model's own tests.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const FILE = join(ROOT, 'data', 'published', 'performance-points.yaml');

const httpsUrl = z.url({ protocol: /^https$/ });

const Layout = z.strictObject({
  tensor_parallel: z.number().int().positive(),
  pipeline_parallel: z.number().int().positive(),
  replicas: z.number().int().positive(),
  max_batch: z.number().int().positive(),
  source: httpsUrl,
  note: z.string().min(1),
});

const Workload = z.strictObject({
  input_tokens: z.number().int().positive(),
  output_tokens: z.number().int().positive(),
  batch: z.number().int().positive().optional(),
  requests: z.number().int().positive().optional(),
});

const Point = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
    kind: z.enum(['mlperf-inference', 'mlperf-training', 'vendor-claim']),
    round: z.string().min(1),
    division: z.enum(['closed', 'open', 'n/a']),
    status: z.string().min(1),
    submitter: z.string().min(1),
    system: z.string().min(1),
    accelerator: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
    accelerator_id_provisional: z.boolean(),
    accelerator_count: z.number().int().positive(),
    nodes: z.number().int().positive(),
    benchmark: z.string().min(1),
    scenario: z.enum(['Offline', 'Server', 'Interactive', 'training', 'offline-batch']),
    precision: z.string().min(1),
    metric: z.string().min(1),
    unit: z.enum(['tokens/s', 'samples/s', 'minutes']),
    value: z.number().positive(),
    software: z.string().min(1),
    url: httpsUrl,
    result_id: z
      .string()
      .regex(/^\d+\.\d+-\d{4}$/)
      .optional(),
    workload: Workload.optional(),
    layout: Layout.optional(),
    note: z.string().min(1),
  })
  .superRefine((p, ctx) => {
    const mlperf = p.kind !== 'vendor-claim';
    if (mlperf && !/^https:\/\/github\.com\/mlcommons\/(inference|training)_results_v\d+\.\d+\//.test(p.url))
      ctx.addIssue({ code: 'custom', message: 'an MLPerf point must cite a file of a mlcommons results repository' });
    if (p.kind === 'mlperf-inference' && p.result_id === undefined) ctx.addIssue({ code: 'custom', message: 'an MLPerf Inference point carries its MLPerf result ID' });
    if (mlperf && p.division === 'n/a') ctx.addIssue({ code: 'custom', message: 'an MLPerf point is closed or open' });
    if (!mlperf && p.division !== 'n/a') ctx.addIssue({ code: 'custom', message: 'a vendor claim has no MLPerf division' });
    if ((p.kind === 'mlperf-training') !== (p.scenario === 'training')) ctx.addIssue({ code: 'custom', message: 'training points, and only they, have scenario training' });
    if ((p.kind === 'mlperf-training') !== (p.unit === 'minutes')) ctx.addIssue({ code: 'custom', message: 'training points are minutes to train; inference points are a throughput' });
    if (p.nodes > p.accelerator_count) ctx.addIssue({ code: 'custom', message: 'more nodes than accelerators' });
  });

const PointsFile = z.strictObject({ points: z.array(Point).min(1) });

const points = PointsFile.parse(parse(readFileSync(FILE, 'utf8'))).points;
const byId = new Map(points.map((p) => [p.id, p]));

describe('published performance points', () => {
  it('parse: every entry has the required fields, an https URL and a positive value', () => {
    // PointsFile.parse above threw on any violation; count what was read.
    expect(points.length).toBeGreaterThanOrEqual(60);
  });

  it('ids are unique', () => {
    const seen = new Set<string>();
    const dup = points.filter((p) => (seen.has(p.id) ? true : (seen.add(p.id), false))).map((p) => p.id);
    expect(dup).toEqual([]);
  });

  it("carries the issue's three MLPerf Inference v4.1 closed Llama 2 70B Offline points exactly", () => {
    // Issue 14, "Prove it": 8x H100 24,525, 8x H200 31,303, 8x MI300X 23,515 tokens/s.
    const issue: [string, string, number][] = [
      ['inf41-h100-dgx-llama2-70b-offline', 'h100-sxm-80gb', 24_525],
      ['inf41-h200-llama2-70b-offline', 'h200-sxm-141gb', 31_303],
      ['inf41-mi300x-llama2-70b-offline', 'mi300x', 23_515],
    ];
    for (const [id, accelerator, rounded] of issue) {
      const p = byId.get(id)!;
      expect(p, id).toBeDefined();
      expect({ accelerator: p.accelerator, count: p.accelerator_count, round: p.round, division: p.division }).toEqual({
        accelerator,
        count: 8,
        round: 'inference v4.1',
        division: 'closed',
      });
      expect(Math.round(p.value)).toBe(rounded);
      // Each has its Server-scenario twin from the same system.
      const server = byId.get(id.replace(/-offline$/, '-server'))!;
      expect(server.system).toBe(p.system);
      expect(server.scenario).toBe('Server');
    }
  });

  it('non-provisional accelerator ids name a profile of the catalog', () => {
    const missing = points
      .filter((p) => !p.accelerator_id_provisional)
      .map((p) => p.accelerator)
      .filter((id) => !existsSync(join(ROOT, 'hardware-profiles', `${id}.yaml`)));
    expect([...new Set(missing)]).toEqual([]);
  });

  it('has at least two published points for each device the issue names, where any exist', () => {
    const count = (acc: string) => points.filter((p) => p.accelerator === acc).length;
    for (const acc of ['h100-sxm-80gb', 'h200-sxm-141gb', 'mi300x', 'b200-sxm-180gb', 'b200-gb200', 'b300-gb300', 'b300-sxm-288gb', 'mi325x', 'mi355x', 'tpu-v6e', 'gaudi3-hl325l'])
      expect(count(acc), acc).toBeGreaterThanOrEqual(2);
  });
});
