// simulate calibrate on published H100 points (data/published/performance-points.yaml): the fit on a subset, the
// error on the held-out rest, and agreement with the catalog's own fit, which ran the full simulator.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fitFactors } from '../../src/planning/calibration/fit-factors.js';
import { parseCalibrationPoints } from '../../src/scenario/calibration/calibration-points.js';
import { ModelCards } from '../../src/scenario/model-cards.js';
import { nodeProfile } from '../performance/profiles.js';

const FILE = join(import.meta.dirname, 'fixtures', 'h100-published.csv');
const points = parseCalibrationPoints(FILE, readFileSync(FILE, 'utf8'), new ModelCards());
const node = nodeProfile('dgx-h100');
const system = { device: node.accelerators!.profile, node };

interface PublishedPoint {
  readonly id: string;
  readonly accelerator: string;
  readonly accelerator_count: number;
  readonly value: number;
  readonly convergence?: { readonly global_batch: number; readonly sequence_length: number; readonly samples_mean: number; readonly train_minutes_mean: number };
  readonly layout?: { readonly tensor_parallel: number; readonly max_batch: number };
  readonly workload?: { readonly input_tokens: number; readonly output_tokens: number };
}
// read here rather than through test/performance/published-points.ts, which loads the whole simulator
const publishedPoints = new Map(
  (parse(readFileSync(join(import.meta.dirname, '..', '..', 'data', 'published', 'performance-points.yaml'), 'utf8')) as { points: PublishedPoint[] }).points.map((p) => [p.id, p]),
);

/**
 * mlperf-validation.test.ts's bound for a point predicted with a factor fitted on another (±15 %). Its H100 case
 * fits the MLPerf Llama 2 70B Offline point and predicts the two TensorRT-LLM Llama 3.3 70B points, the second a
 * known miss (+16.9 %: long contexts), so the held-out mean of the same two points must sit inside one point's bound.
 */
const PREDICTED_TOLERANCE_PERCENT = 15;
/** The catalog's factor, fitted on the MLPerf point alone by bisection on the full simulator (sources.efficiency). */
const CATALOG_FACTOR = 0.773;

describe('calibration on published H100 points', () => {
  it('carries each point as published: value, tensor parallel degree and GPUs, prompt and output lengths', () => {
    expect(points).toHaveLength(4);
    for (const p of points) {
      const published = publishedPoints.get(p.label);
      expect(published, p.label).toBeDefined();
      expect(p.measured).toBe(published!.value);
      expect(published!.accelerator).toBe('h100-sxm-80gb');
      if (p.setup.kind !== 'inference') throw new Error('inference rows only');
      expect(p.setup.tensorParallel * p.setup.replicas, p.label).toBe(published!.accelerator_count);
      if (published!.layout) expect([p.setup.tensorParallel, p.setup.batch]).toEqual([published!.layout.tensor_parallel, published!.layout.max_batch]);
      if (published!.workload) expect([p.setup.inputTokens, p.setup.outputTokens]).toEqual([published!.workload.input_tokens, published!.workload.output_tokens]);
    }
  });

  it('fitted on the MLPerf point alone, the closed form lands within 2 % of the factor the full simulator fitted there', () => {
    const outcome = fitFactors({ file: FILE, points, system, fit: ['inference_compute'], holdout: { kind: 'rows', rows: [2, 3, 4] } });
    expect(Math.abs(outcome.factors[0]!.after / CATALOG_FACTOR - 1)).toBeLessThan(0.02);
    expect(outcome.mapeFitted.after).toBeLessThan(0.5);
  });

  it('fitted on two points (Llama 2 70B TP2, Llama 3.1 8B TP1), predicts the held-out Llama 3.3 70B points within the validation tolerance', () => {
    const outcome = fitFactors({ file: FILE, points, system, fit: ['inference_compute'], holdout: { kind: 'rows', rows: [2, 3] } });
    expect(outcome.rows.map((r) => r.role)).toEqual(['fit', 'holdout', 'holdout', 'fit']);
    expect(outcome.mapeHeldOut).toBeDefined();
    expect(outcome.mapeHeldOut!.after).toBeLessThan(PREDICTED_TOLERANCE_PERCENT);
    // the short-context held-out point is predicted inside the bound on its own; the long-context one is the known over-prediction
    const [short, long] = outcome.rows.filter((r) => r.role === 'holdout').map((r) => r.after / r.point.measured - 1);
    expect(Math.abs(short!)).toBeLessThan(PREDICTED_TOLERANCE_PERCENT / 100);
    expect(long).toBeGreaterThan(0);
    // the fit stays a plausible software-stack factor near the catalog's (the 8B point asks for a little more)
    expect(Math.abs(outcome.factors[0]!.after / CATALOG_FACTOR - 1)).toBeLessThan(0.06);
  });
});

describe('calibration on published H100 training results (MLPerf Training v5.0, Llama 3.1 405B)', () => {
  const TRAINING = join(import.meta.dirname, 'fixtures', 'h100-mlperf-training.csv');
  const steps = parseCalibrationPoints(TRAINING, readFileSync(TRAINING, 'utf8'), new ModelCards());
  /** training-validation.test.ts's bound for a predicted training time (it predicts the same two points from the same fit) */
  const TRAINING_TOLERANCE_PERCENT = 15;

  it('carries each run as its step time: the scored training minutes over the steps to the target', () => {
    for (const p of steps) {
      const c = publishedPoints.get(p.label)?.convergence;
      if (!c || p.setup.kind !== 'training') throw new Error(`${p.label}: a training point with its convergence block`);
      expect(p.measured / ((c.train_minutes_mean * 60) / (c.samples_mean / c.global_batch)) - 1).toBeCloseTo(0, 5);
      expect([p.setup.devices, p.setup.sequences, p.setup.sequenceLength]).toEqual([publishedPoints.get(p.label)!.accelerator_count, c.global_batch, c.sequence_length]);
    }
  });

  it('fitted on 512 GPUs, predicts 2,048 and 8,192 within the validation bound, and cannot see the collectives there', () => {
    const outcome = fitFactors({ file: TRAINING, points: steps, system, holdout: { kind: 'rows', rows: [2, 3] } });
    expect(outcome.factors.map((f) => [f.name, f.beforeFrom])).toEqual([['training_mfu', 'default']]);
    expect(outcome.mapeFitted.after).toBeLessThan(0.01);
    expect(outcome.mapeHeldOut!.after).toBeLessThan(TRAINING_TOLERANCE_PERCENT);
    // every held-out run is slower than predicted: scaling out costs more than the model's perfect split of compute and its one all-reduce
    for (const r of outcome.rows.filter((row) => row.role === 'holdout')) expect(r.after).toBeLessThan(r.point.measured);
    // the gradient all-reduce hides behind the backward pass at MLPerf's batches: the collective factor is refused
    expect(() => fitFactors({ file: TRAINING, points: steps, system, fit: ['training_mfu', 'collective'], holdout: { kind: 'none' } })).toThrow(
      /efficiency\.collective: cannot be fitted: every fitted row hides its collectives/,
    );
  });
});
