// Issue 14, "Prove it": the inference performance model against published results
// (data/published/performance-points.yaml; sources, layouts and the MLPerf terms in its README.md).
// Each device's `efficiency.inference_compute` was FITTED on exactly one published point (named in the
// profile's sources.efficiency and below, refit with fit-inference-efficiency.ts); every other point here
// is PREDICTED with that factor unchanged and must land within ±15 %. Points the model misses are
// asserted as known misses with their measured error, never tuned away. The simulator's outputs are
// not MLPerf results; MLPerf is a trademark of MLCommons Association. `vc-*` points are vendor claims
// (NVIDIA's TensorRT-LLM performance overview), not MLPerf results either.
import { describe, expect, it } from 'vitest';
import { recordValidation } from '../support/validation-ledger.js';
import { offlineCase, publishedPoints, simulateOffline, simulateServer, type OfflineCase } from './published-points.js';

const TOLERANCE = 0.15;
/** the fitted point is reproduced this closely (the fit is rounded to 3 digits) */
const FIT_TOLERANCE = 0.01;

/** trtllm-bench queues every request at once; its batch limit is not printed with the figures. */
const trtllmBench = (tensorParallel: number) => ({ tensorParallel, maxBatch: 2048, why: 'trtllm-bench layout: TP as named, one replica; max_batch 2048 ASSUMED (not printed)' });
/** Why Llama 3.1 405B (9,400-token prompts) misses on devices fitted on Llama 2 70B (300-token prompts). */
const LONG_PROMPTS =
  'a factor fitted on 300-token prompts, predicting 9,400-token ones: prefill-heavy long-context work runs further below peak than the short-prompt fit (GB300, fitted on 405B itself, lands at 0.33 of the FP4 peak against 0.65-0.70 here)';
/** Intel's Gaudi 3 table runs one engine over all the cards it names, at the batch it prints. */
const intelTable = (cards: number) => ({ tensorParallel: cards, maxBatch: 0, why: "Intel's table: one engine, tensor parallel over all its cards, at the published batch" });
/** AMD's open MI355X runs and the LLMBoost MI325X run publish no layout here. */
const perGpu = (maxBatch: number, why: string) => ({ tensorParallel: 1, maxBatch, why });

interface DeviceCases {
  readonly device: string;
  readonly fitted: OfflineCase;
  readonly predicted: readonly OfflineCase[];
  /** MLPerf Server points (p99 TTFT ≤ 2 s, TPOT ≤ 200 ms), predicted by the latency-constrained search (`simulateServer`) */
  readonly predictedServer?: readonly OfflineCase[];
  /** predicted points the model misses by more than the tolerance: the error measured when this was written */
  readonly knownMisses?: Readonly<Record<string, { readonly error: number; readonly why: string }>>;
}

const devices: readonly DeviceCases[] = [
  {
    device: 'h100-sxm-80gb',
    fitted: offlineCase('inf41-h100-dgx-llama2-70b-offline'),
    predictedServer: [offlineCase('inf41-h100-dgx-llama2-70b-server')],
    predicted: [offlineCase('vc-trtllm-h100-tp2-llama3.3-70b-in128-out128', trtllmBench(2)), offlineCase('vc-trtllm-h100-tp2-llama3.3-70b-in1000-out1000', trtllmBench(2))],
    knownMisses: {
      'vc-trtllm-h100-tp2-llama3.3-70b-in1000-out1000': {
        error: 0.169,
        why: 'longer contexts (1000/1000): every device is over-predicted there (H200 +9.5 %, B200 +30 %) — attention at long context costs more than the KV-read roofline says',
      },
    },
  },
  {
    device: 'h200-sxm-141gb',
    fitted: offlineCase('inf41-h200-llama2-70b-offline'),
    predictedServer: [offlineCase('inf41-h200-llama2-70b-server')],
    predicted: [
      offlineCase('vc-trtllm-h200-tp1-llama3.3-70b-in128-out128', trtllmBench(1)),
      offlineCase('vc-trtllm-h200-tp1-llama3.3-70b-in1000-out1000', trtllmBench(1)),
      offlineCase('inf51-h200-dell-llama2-70b-offline', perGpu(806, "NVIDIA v4.1 H200 layout (TP1 x 8, max_batch 806) ASSUMED for Dell's v5.1 run")),
    ],
  },
  {
    device: 'mi300x',
    fitted: offlineCase('inf41-mi300x-llama2-70b-offline'),
    predictedServer: [offlineCase('inf41-mi300x-llama2-70b-server')],
    predicted: [offlineCase('inf41-mi300x-1gpu-llama2-70b-offline', perGpu(2048, 'the 8-GPU run script of the same submission: TP1, max_num_seqs 2048'))],
  },
  {
    device: 'mi325x',
    fitted: offlineCase('inf51-mi325x-llama2-70b-offline'),
    predictedServer: [offlineCase('inf51-mi325x-llama2-70b-server')],
    predicted: [offlineCase('inf51-mi325x-16gpu-llama2-70b-offline', perGpu(2700, "AMD's 8-GPU layout (TP1, max_num_seqs 2700) ASSUMED for the MangoBoost LLMBoost run"))],
  },
  {
    device: 'mi355x',
    fitted: offlineCase('inf51-mi355x-llama2-70b-offline-open', perGpu(2048, 'open division, layout not published: TP1 x 8, max_batch 2048 ASSUMED')),
    predicted: [offlineCase('inf51-mi355x-64gpu-llama2-70b-offline-open', perGpu(2048, 'open division, layout not published: TP1 per GPU, max_batch 2048 ASSUMED'))],
  },
  {
    device: 'b200-sxm-180gb',
    fitted: offlineCase('inf51-b200-dgx-llama2-70b-offline'),
    predictedServer: [offlineCase('inf51-b200-dgx-llama2-70b-server'), offlineCase('inf51-b200-dgx-llama3.1-405b-server')],
    predicted: [offlineCase('vc-trtllm-b200-tp1-llama3.3-70b-in128-out128', trtllmBench(1)), offlineCase('vc-trtllm-b200-tp1-llama3.3-70b-in1000-out1000', trtllmBench(1))],
    knownMisses: {
      'inf51-b200-dgx-llama3.1-405b-server': { error: 0.377, why: LONG_PROMPTS },
      'vc-trtllm-b200-tp1-llama3.3-70b-in128-out128': {
        error: 0.257,
        why: 'another software stack: TensorRT-LLM 1.0 PyTorch backend (the doc says: reference points, not peak) delivers 12 % fewer tokens per GPU than the MLPerf TensorRT engines at a shorter request; no B200 point of the MLPerf stack with a known request shape is left to predict',
      },
      'vc-trtllm-b200-tp1-llama3.3-70b-in1000-out1000': { error: 0.299, why: 'the same stack difference, plus the long-context over-prediction seen on every device' },
    },
  },
  {
    device: 'b200-gb200',
    fitted: offlineCase('inf51-gb200-tray-llama2-70b-offline'),
    predictedServer: [offlineCase('inf51-gb200-tray-llama2-70b-server'), offlineCase('inf51-gb200-nvl72-llama3.1-405b-server')],
    predicted: [
      offlineCase('inf51-gb200-azure-llama2-70b-offline', perGpu(2048, "NVIDIA's tray layout (TP1 x 4, max_batch 2048) ASSUMED for Azure's run")),
      offlineCase('vc-trtllm-gb200-tp1-llama3.3-70b-in128-out128', trtllmBench(1)),
    ],
    knownMisses: {
      'vc-trtllm-gb200-tp1-llama3.3-70b-in128-out128': { error: 0.17, why: 'the TensorRT-LLM 1.0 PyTorch-backend figures run below the MLPerf engines the factor was fitted on (as on B200)' },
      'inf51-gb200-nvl72-llama3.1-405b-server': { error: 0.341, why: LONG_PROMPTS },
    },
  },
  {
    // HGX B300 (DGX B300), MLPerf v6.1: NVIDIA's configuration for this system is not in the copy read, so the DGX
    // B200's v5.1 layout is assumed for both scenarios, as for the fit.
    device: 'b300-sxm-288gb',
    fitted: offlineCase('inf61-b300-dgx-llama2-70b-offline', perGpu(2048, "layout not published here: NVIDIA's v5.1 DGX B200 layout (TP1 x 8, max_batch 2048) ASSUMED")),
    predicted: [],
    predictedServer: [offlineCase('inf61-b300-dgx-llama2-70b-server', perGpu(2048, "layout not published here: NVIDIA's v5.1 DGX B200 layout (TP1 x 8, max_batch 2048) ASSUMED"))],
  },
  {
    // GB300 has no Llama 2 70B point: fitted on Llama 3.1 405B Offline (9,400-token prompts), its Server run predicted.
    device: 'b300-gb300',
    fitted: offlineCase('inf51-gb300-nvl72-llama3.1-405b-offline'),
    predicted: [],
    predictedServer: [offlineCase('inf51-gb300-nvl72-llama3.1-405b-server')],
    knownMisses: {
      'inf51-gb300-nvl72-llama3.1-405b-server': {
        error: -0.199,
        why: "run with the submission's chunked prefill (max_num_tokens 1536; −27 % with whole-prompt prefill): the p99 time to first token of 9,400-token prompts, about seven chunk iterations each behind the queue, binds below the load the real engine sustains",
      },
    },
  },
  {
    // No MLPerf result exists for Gaudi 3: all four points are Intel's own table (VENDOR CLAIMS). Fitted on the one
    // card run, which has no tensor-parallel traffic; the 8-card run of the same request shape is predicted
    // through the all-reduces over the baseboard's RoCE links (before they were charged, +131 %).
    device: 'gaudi3-hl325l',
    fitted: offlineCase('vc-gaudi3-1x-llama3.1-8b-in128-out128', intelTable(1)),
    predicted: [
      offlineCase('vc-gaudi3-8x-llama3.1-70b-in128-out128', intelTable(8)),
      offlineCase('vc-gaudi3-8x-llama3.1-70b-in128-out2048', intelTable(8)),
      offlineCase('vc-gaudi3-2x-llama2-70b-in128-out128', intelTable(2)),
      offlineCase('vc-gaudi3-2x-llama3.1-70b-in128-out128', intelTable(2)),
      offlineCase('vc-gaudi3-8x-llama3.1-70b-in2048-out2048', intelTable(8)),
      offlineCase('vc-gaudi3-1x-llama3.1-8b-in2048-out2048', intelTable(1)),
    ],
    knownMisses: {
      'vc-gaudi3-8x-llama3.1-70b-in128-out2048': {
        error: 0.607,
        why: 'long decode (2,048 output tokens at batch 600): the long-context over-prediction every device shows, larger on this stack; attention over a 2k-token context costs more than its KV reads',
      },
      'vc-gaudi3-2x-llama2-70b-in128-out128': {
        error: 0.314,
        why: "Intel's 2-card figure is 18 % above its 8-card one per card at the same request shape; the model puts it 37 % above (less all-reduce traffic, more KV room per card)",
      },
      'vc-gaudi3-2x-llama3.1-70b-in128-out128': { error: 0.537, why: 'the same 2-card gap at a batch of 3,516: Intel publishes 1,856 tokens/s per card here, below its own 8-card figure per card' },
      'vc-gaudi3-8x-llama3.1-70b-in2048-out2048': { error: 0.368, why: 'long prompts and long decode (2,048/2,048): the long-context over-prediction' },
      'vc-gaudi3-1x-llama3.1-8b-in2048-out2048': { error: 0.183, why: 'the long-context over-prediction on one card, where no all-reduce runs: attention, not communication' },
    },
  },
  {
    // Google's vLLM-TPU recipe (VENDOR CLAIMS): one v6e-8 host, TP8, a fixed number of requests in flight.
    device: 'tpu-v6e',
    fitted: offlineCase('vc-tpu-v6e-8-vllm-llama3.3-70b-in1000-out1000-c64'),
    predicted: [offlineCase('vc-tpu-v6e-8-vllm-llama3.3-70b-in1000-out1000-c128')],
  },
];

function published(id: string): number {
  const p = publishedPoints.get(id);
  if (!p) throw new Error(`no published point ${id}`);
  return p.value;
}

/** The check as docs/validation.md lists it (`npm run validation`). */
function record(id: string, ours: number, basis: 'published, fitted' | 'published, predicted', bound: number, miss?: { readonly why: string }): void {
  const p = publishedPoints.get(id);
  if (!p) return;
  recordValidation({
    area: 'Inference (MLPerf and vendor)',
    check: `${p.benchmark}, ${p.accelerator_count} × ${p.accelerator}, ${p.precision} (${id})`,
    reference: p.value,
    source: p.url,
    basis,
    ours,
    unit: 'tokens/s',
    bound: `±${bound * 100} %`,
    pass: Math.abs(ours / p.value - 1) <= bound,
    ...(miss && { note: miss.why }),
  });
}

describe('inference model vs published offline throughput (fit one point per device, predict the others)', () => {
  for (const d of devices) {
    const predictedIds = [...d.predicted, ...(d.predictedServer ?? [])].map((c) => c.id).join(', ');
    it(`${d.device}: fitted on ${d.fitted.id}; predicted ${predictedIds}`, () => {
      // The profile's factor reproduces the point it was fitted on: a stale or hand-edited factor fails here.
      const fitted = simulateOffline(d.fitted);
      record(d.fitted.id, fitted, 'published, fitted', FIT_TOLERANCE);
      expect(Math.abs(fitted / published(d.fitted.id) - 1), d.fitted.id).toBeLessThan(FIT_TOLERANCE);
      for (const c of d.predicted) {
        const ours = simulateOffline(c);
        const error = ours / published(c.id) - 1;
        const miss = d.knownMisses?.[c.id];
        record(c.id, ours, 'published, predicted', TOLERANCE, miss);
        if (miss) {
          // A known miss stays what it was measured to be (within 3 points); if the model improves, this fails and the miss is removed.
          expect(Math.abs(error - miss.error), `${c.id} known miss (${miss.why})`).toBeLessThan(0.03);
          expect(Math.abs(error), `${c.id} is no longer a miss`).toBeGreaterThan(TOLERANCE);
        } else {
          expect(Math.abs(error), `${c.id} predicted ${(error * 100).toFixed(1)} % off${c.assumed ? ` [${c.assumed}]` : ''}`).toBeLessThan(TOLERANCE);
        }
      }
      // Server: in the model a compute-bound replica keeps p99 latencies low almost up to its saturated
      // capacity, so the prediction is close to the offline figure; published Server results sit 2-12 % below it.
      for (const c of d.predictedServer ?? []) {
        const ours = simulateServer(c);
        const error = ours / published(c.id) - 1;
        const miss = d.knownMisses?.[c.id];
        record(c.id, ours, 'published, predicted', TOLERANCE, miss);
        if (miss) {
          expect(Math.abs(error - miss.error), `${c.id} (Server) known miss (${miss.why})`).toBeLessThan(0.03);
          expect(Math.abs(error), `${c.id} is no longer a miss`).toBeGreaterThan(TOLERANCE);
        } else {
          expect(Math.abs(error), `${c.id} (Server) predicted ${(error * 100).toFixed(1)} % off`).toBeLessThan(TOLERANCE);
        }
      }
    });
  }

  it("trainium2: nothing fitted; both of AWS's batch-1 points are known misses of the bandwidth-only model", () => {
    // AWS Neuron tutorials (VENDOR CLAIMS): one request at a time on a trn2.48xlarge, TP over all 16 chips, BF16.
    // Batch-1 decode at TP16 is set by the all-reduces' latency (160 per token for 70B), which no NeuronLink figure
    // publishes; and the two points cannot both be met by a latency-plus-bandwidth split within the chip's 2.9 TB/s
    // (see docs/hardware-profiles.md). Asserted at the error measured with the ASIC defaults, so a change shows.
    const misses = { 'vc-trn2-16chip-llama3.3-70b-bs1-in10000-out1500': 4.838, 'vc-trn2-16chip-llama3.1-405b-bs1-in10000-out1500': 0.495 };
    for (const [id, error] of Object.entries(misses)) {
      expect(publishedPoints.get(id)?.accelerator).toBe('trainium2');
      const ours = simulateOffline(offlineCase(id));
      record(id, ours, 'published, predicted', TOLERANCE, { why: 'batch-1 decode over 16 chips is set by all-reduce latency, which no NeuronLink figure publishes' });
      expect(Math.abs(ours / published(id) - 1 - error), id).toBeLessThan(0.03);
    }
  });

  it('MLPerf Inference v4.1 Llama 2 70B Offline, 8 GPUs, each in its published layout: H200 > H100 > MI300X, as published', () => {
    const [h200, h100, mi300x] = ['inf41-h200-llama2-70b-offline', 'inf41-h100-dgx-llama2-70b-offline', 'inf41-mi300x-llama2-70b-offline'].map((id) => simulateOffline(offlineCase(id)));
    expect(published('inf41-h200-llama2-70b-offline')).toBeGreaterThan(published('inf41-h100-dgx-llama2-70b-offline'));
    expect(published('inf41-h100-dgx-llama2-70b-offline')).toBeGreaterThan(published('inf41-mi300x-llama2-70b-offline'));
    expect(h200).toBeGreaterThan(h100 ?? Infinity);
    expect(h100).toBeGreaterThan(mi300x ?? Infinity);
  });

  it('every device with published inference points has exactly one fitted point and at least one predicted point', () => {
    for (const d of devices) {
      expect(publishedPoints.get(d.fitted.id)?.accelerator).toBe(d.device);
      expect(d.predicted.length + (d.predictedServer?.length ?? 0)).toBeGreaterThan(0);
      for (const c of [...d.predicted, ...(d.predictedServer ?? [])]) {
        expect(c.id).not.toBe(d.fitted.id);
        expect(publishedPoints.get(c.id)?.accelerator).toBe(d.device);
      }
    }
  });
});
