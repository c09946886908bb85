// Issue 14, "Prove it", for training: the training performance model against published step times
// (data/published/performance-points.yaml: VENDOR CLAIMS from Google's tpu-recipes, MaxText on TPU slices; no
// TPU LLM result exists in MLPerf Training v5.0/v5.1). Each device's `efficiency.training_mfu` was FITTED on
// exactly one published step time (named in the profile's sources and below, refit with fit-training-mfu.ts);
// every other point is PREDICTED with it unchanged and must land within ±15 %, or is asserted as a known miss
// at its measured error. The model counts 6·N FLOPs per token (no attention FLOPs) and data parallelism with
// the gradient all-reduce over ICI behind the compute, as MaxText's FSDP runs.
import { describe, expect, it } from 'vitest';
import { publishedPoints } from './published-points.js';
import { fitMfu, mlperfTrainingRun, trainingStep } from './training-points.js';
import { recordValidation } from '../support/validation-ledger.js';

/** The check as docs/validation.md lists it (`npm run validation`): a step time, or MLPerf's time to train. */
function record(id: string, ours: number, reference: number, basis: 'published, fitted' | 'published, predicted', bound: number, unit: string, miss?: { readonly why: string }): void {
  const p = publishedPoints.get(id);
  recordValidation({
    area: 'Training (MLPerf)',
    check: p ? `${p.benchmark}, ${p.accelerator_count} × ${p.accelerator}, ${p.precision} (${id})` : id,
    reference,
    source: p?.url ?? id,
    basis,
    ours,
    unit,
    bound: `±${bound * 100} %`,
    pass: Math.abs(ours / reference - 1) <= bound,
    ...(miss && { note: miss.why }),
  });
}

const TOLERANCE = 0.15;
const FIT_TOLERANCE = 0.01;

interface DeviceCases {
  readonly device: string;
  readonly fitted: string;
  readonly predicted: readonly string[];
  readonly knownMisses?: Readonly<Record<string, { readonly error: number; readonly why: string }>>;
}

const devices: readonly DeviceCases[] = [
  {
    device: 'tpu-v6e',
    fitted: 'vc-tpu-v6e-256-maxtext-llama3.1-70b-train',
    // another scale (64 chips), another model (8B), another model and an older MaxText release (405B on 2 slices)
    predicted: ['vc-tpu-v6e-64-maxtext-llama3.1-70b-train', 'vc-tpu-v6e-256-maxtext-llama3.1-8b-train', 'vc-tpu-v6e-512-maxtext-llama3.1-405b-train'],
  },
  {
    device: 'tpu-v7',
    fitted: 'vc-tpu-v7-64-maxtext-llama3.1-70b-bf16-train',
    predicted: [
      'vc-tpu-v7-256-maxtext-llama3.1-70b-bf16-train',
      'vc-tpu-v7-256-maxtext-llama3.1-405b-bf16-train',
      'vc-tpu-v7-64-maxtext-llama3.1-70b-fp8-train',
      'vc-tpu-v7-256-maxtext-llama3.1-405b-fp8-train',
    ],
    knownMisses: {
      'vc-tpu-v7-256-maxtext-llama3.1-405b-fp8-train': {
        error: 0.211,
        why: "FP8 runs 1.53x the BF16 step on Ironwood (newer software than the BF16 rows); the model's 8-bit training cap (1.35x, lowPrecisionSpeedup) gives less",
      },
    },
  },
];

describe('training model vs published step times (fit one point per device, predict the others)', () => {
  for (const d of devices) {
    it(`${d.device}: fitted on ${d.fitted}; predicted ${d.predicted.join(', ')}`, () => {
      const fit = trainingStep(d.fitted);
      record(d.fitted, fit.stepTime, fit.published, 'published, fitted', FIT_TOLERANCE, 's per step');
      expect(fit.perDevice.mfuFrom).toBe('fitted');
      expect(fit.perDevice.mfuSource).toContain(`fitted in profile ${d.device}`);
      expect(Math.abs(fit.stepTime / fit.published - 1), d.fitted).toBeLessThan(FIT_TOLERANCE);
      for (const id of d.predicted) {
        expect(publishedPoints.get(id)?.accelerator).toBe(d.device);
        const s = trainingStep(id);
        const error = s.stepTime / s.published - 1;
        const miss = d.knownMisses?.[id];
        record(id, s.stepTime, s.published, 'published, predicted', TOLERANCE, 's per step', miss);
        if (miss) {
          expect(Math.abs(error - miss.error), `${id} known miss (${miss.why})`).toBeLessThan(0.03);
          expect(Math.abs(error), `${id} is no longer a miss`).toBeGreaterThan(TOLERANCE);
        } else {
          expect(Math.abs(error), `${id} predicted ${(error * 100).toFixed(1)} % off`).toBeLessThan(TOLERANCE);
        }
      }
    });
  }

  it('step time is compute over chips: 6 × 70.55e9 × 256 × 8,192 FLOP / (64 × 2,307 TFLOPS × the fitted MFU) on Ironwood', () => {
    // worked by hand: 8.877e17 FLOP / (64 × 2.307e15 × 0.493) = 12.195 s; the ICI all-reduce hides behind it
    const s = trainingStep('vc-tpu-v7-64-maxtext-llama3.1-70b-bf16-train');
    expect(s.stepTime).toBeCloseTo((6 * 70.55e9 * 256 * 8192) / (64 * 2307e12 * 0.493), 3);
    expect(s.bound).toBe('compute');
    // the caller's MFU wins over the fitted one
    const given = trainingStep('vc-tpu-v7-64-maxtext-llama3.1-70b-bf16-train', 0.25);
    expect(given.perDevice).toMatchObject({ mfuFrom: 'input', mfuSource: 'input', efficiency: 0.25 });
  });
});

/** The MFU at which the training model reproduces MLPerf point `id`. */
const fitMlperfMfu = (id: string): number =>
  fitMfu((mfu) => {
    const run = mlperfTrainingRun(id, mfu);
    return { time: run.totalTime, published: run.published };
  });

interface MlperfCases {
  readonly device: string;
  readonly fitted: string;
  readonly predicted: readonly string[];
  readonly knownMisses?: Readonly<Record<string, { readonly error: number; readonly why: string }>>;
}

/** What the 8-bit cap on FP4 training and the strong-scaling limit leave out (docs/hardware-profiles.md, "Training step times"). */
const FP4_CAP = 'an NVFP4 run: the model caps FP4 training at the 8-bit rate until an FP4 training point is fitted, and these run 1.5-1.8x faster';
const SMALL_BATCH =
  'strong scaling: 64 sequences over 512 GPUs is 1/8 of a sequence per GPU, where the step no longer divides evenly; the model divides compute perfectly and charges only the gradient all-reduce';

const mlperfCases: readonly MlperfCases[] = [
  {
    device: 'h100-sxm-80gb',
    fitted: 'tr50-h100-512gpu-llama3.1-405b',
    predicted: ['tr50-h100-2048gpu-llama3.1-405b', 'tr50-h100-8192gpu-llama3.1-405b'],
  },
  {
    device: 'b200-sxm-180gb',
    fitted: 'tr51-b200-nebius-8gpu-llama3.1-8b',
    predicted: ['tr51-b200-nebius-16gpu-llama3.1-8b', 'tr51-b200-nebius-32gpu-llama3.1-8b'],
  },
  {
    device: 'b300-sxm-288gb',
    fitted: 'tr51-b300-nebius-8gpu-llama3.1-8b',
    predicted: ['tr51-b300-lenovo-8gpu-llama3.1-8b'],
  },
  {
    device: 'b300-gb300',
    fitted: 'tr51-gb300-72gpu-llama3.1-8b',
    predicted: ['tr51-gb300-lambda-72gpu-llama3.1-8b', 'tr51-gb300-512gpu-llama3.1-8b', 'tr51-gb300-8gpu-llama3.1-8b', 'tr51-gb300-512gpu-llama3.1-405b'],
    knownMisses: {
      'tr51-gb300-512gpu-llama3.1-8b': { error: -0.453, why: SMALL_BATCH },
      'tr51-gb300-8gpu-llama3.1-8b': { error: 0.668, why: FP4_CAP },
      'tr51-gb300-512gpu-llama3.1-405b': { error: 1.564, why: `${FP4_CAP}; and 405B runs at a higher MFU than the 8B it is predicted from` },
    },
  },
];

describe('training model vs MLPerf Training v5.0/v5.1 (training part of the score; fit one point per device in the test, predict the others)', () => {
  // The MFU is fitted here, not stored in the GPU profiles: these points are Llama 3.1 8B and 405B pre-training at
  // MLPerf's batch sizes, and the profiles' MFU serves every training workload (their kind default stays, sourced).
  for (const d of mlperfCases) {
    it(`${d.device}: fitted on ${d.fitted}; predicted ${d.predicted.join(', ')}`, () => {
      const mfu = fitMlperfMfu(d.fitted);
      const fit = mlperfTrainingRun(d.fitted, mfu);
      record(d.fitted, fit.totalTime, fit.published, 'published, fitted', FIT_TOLERANCE, 's to train');
      expect(Math.abs(fit.totalTime / fit.published - 1)).toBeLessThan(FIT_TOLERANCE);
      for (const id of [d.fitted, ...d.predicted]) expect(publishedPoints.get(id)?.accelerator, id).toBe(d.device);
      for (const id of d.predicted) {
        const run = mlperfTrainingRun(id, mfu);
        const error = run.totalTime / run.published - 1;
        const miss = d.knownMisses?.[id];
        record(id, run.totalTime, run.published, 'published, predicted', TOLERANCE, 's to train', miss);
        if (miss) {
          expect(Math.abs(error - miss.error), `${id} known miss (${miss.why})`).toBeLessThan(0.03);
          expect(Math.abs(error), `${id} is no longer a miss`).toBeGreaterThan(TOLERANCE);
        } else {
          expect(Math.abs(error), `${id} predicted ${(error * 100).toFixed(1)} % off (fitted MFU ${mfu.toFixed(3)})`).toBeLessThan(TOLERANCE);
        }
      }
    });
  }
});
