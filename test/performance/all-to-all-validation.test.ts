// The model's expert all-to-all on its own (expertAllToAll, per-expert dispatch) against DeepEP's published timings of
// its low-latency kernels (data/published/all-to-all-points.yaml): H800 nodes of 8 GPUs, one 400 Gb/s CX7 NIC per GPU,
// 128 tokens per GPU, hidden 7168, top-8, an FP8 dispatch and a BF16 combine. A component check, not a serving
// figure. The kernels' overhead per phase (defaultExpertAllToAllOverhead) is fitted on the EP 16 dispatch; the other
// nine timings are predicted with it. Each error is asserted within 3 points of the recorded one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { recordValidation } from '../support/validation-ledger.js';
import { expertAllToAll } from '../../src/model/performance/index.js';
import { relativeError } from './profiles.js';

interface Point {
  readonly id: string;
  readonly setup?: { readonly ep: number; readonly tokens_per_gpu: number; readonly hidden: number; readonly top_k: number; readonly bytes: number };
  readonly value?: number;
  readonly validation?: { readonly fitted: boolean; readonly model: number; readonly error: number; readonly status: 'pass' | 'known-miss'; readonly reason: string };
}
const points = (parse(readFileSync(join(import.meta.dirname, '..', '..', 'data', 'published', 'all-to-all-points.yaml'), 'utf8')) as { points: Point[] }).points;

/**
 * µs one phase takes for the published batch: the kernels' overhead of one phase (`defaultExpertAllToAllOverhead`,
 * fitted on the EP 16 dispatch) plus the phase's share of the model's per-token cost of both phases (1 + 2 bytes an
 * element; both are bound by the NIC from EP 16 on) times the engine's tokens. H800 links: NVLink 200 GB/s a direction
 * (400 GB/s in all), 50 GB/s a NIC (DeepEP's "~50 GB/s maximum bandwidth").
 */
function modelPhase(s: NonNullable<Point['setup']>, callOverhead?: number): number {
  const a = expertAllToAll({
    devices: s.ep,
    devicesPerDomain: 8,
    moeLayers: 1,
    hiddenSize: s.hidden,
    activeExperts: s.top_k,
    computePrecision: 'fp8',
    scaleUp: { bandwidth: 200e9, latency: 0 },
    scaleOut: { bandwidth: 50e9, latency: 0 },
    ...(callOverhead !== undefined && { callOverhead }),
  });
  // the fixed part is the same for both phases (the kernels' overhead, one per phase); the copies split 1 : 2 by bytes
  return (a.fixed / 2 + (a.perToken * s.tokens_per_gpu * s.ep * s.bytes) / 3) * 1e6;
}

describe('expert all-to-all against DeepEP low-latency kernels on H800 (one fitted, nine predicted)', () => {
  const evaluated = points.filter((p) => p.validation);

  it('covers dispatch and combine at EP 16 to 256', () => {
    expect(evaluated.map((p) => p.setup!.ep).sort((a, b) => a - b)).toEqual([16, 16, 32, 32, 64, 64, 128, 128, 256, 256]);
  });

  it.each(evaluated.map((p) => [p.id, p] as const))('%s', (_id, p) => {
    const model = modelPhase(p.setup!);
    const error = relativeError(model, p.value!);
    const source = (p as unknown as { source?: { url?: string } }).source?.url ?? p.id;
    const v = p.validation!;
    const bound = v.fitted ? 0.01 : 0.15;
    recordValidation({
      area: 'Serving: expert parallel',
      check: `${p.id}: DeepEP low-latency all-to-all phase`,
      reference: p.value!,
      source,
      basis: v.fitted ? 'published, fitted' : 'published, predicted',
      ours: model,
      unit: 'µs',
      bound: `±${bound * 100} %`,
      pass: Math.abs(error) <= bound,
      ...(v.status === 'known-miss' && { note: v.reason }),
    });
    const why = `model ${model.toFixed(1)} µs against ${p.value} µs (${(error * 100).toFixed(1)} %)`;
    expect(Math.abs(error - v.error), why).toBeLessThan(0.03);
    expect(Math.abs(model / v.model - 1), why).toBeLessThan(0.005);
    if (v.status === 'pass') expect(Math.abs(error), why).toBeLessThanOrEqual(bound);
    else expect(Math.abs(error), `${why}: no longer a miss`).toBeGreaterThan(0.15);
  });

  it("without the kernels' overhead the copies alone are 18 to 38 % too fast at every width", () => {
    for (const p of evaluated) {
      const error = relativeError(modelPhase(p.setup!, 0), p.value!);
      expect(error).toBeLessThan(-0.18 + 0.005);
      expect(error).toBeGreaterThan(-0.38 - 0.005);
    }
  });
});
