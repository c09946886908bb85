import type { ComputeDeviceProfile } from '../types.js';

/** A default value with the public source (or the explicit assumption) it comes from. */
export interface SourcedDefault {
  readonly value: number;
  readonly source: string;
}

type DeviceKind = ComputeDeviceProfile['kind'];

/**
 * Model FLOPs utilisation of large dense-transformer training, per device class: fraction of the
 * dense peak (16-bit-equivalent, see `computeRate`) turned into 6·N·D model FLOPs, end to end.
 * These are whole-run figures from large jobs whose communication was mostly hidden, so the training
 * model only adds communication that does not fit behind the backward pass.
 */
export const defaultMfu: Readonly<Record<DeviceKind, SourcedDefault>> = {
  gpu: {
    value: 0.4,
    source:
      'Llama 3 (Meta 2024, "The Llama 3 Herd of Models", arXiv:2407.21783, infrastructure section): 38–43% BF16 MFU on 8K–16K H100; ' +
      'MegaScale (Jiang et al. 2024, arXiv:2402.15627) reaches 55.2% on 12,288 GPUs with heavy tuning — 0.40 is the typical, not the best, case',
  },
  tpu: {
    value: 0.46,
    source: 'PaLM (Chowdhery et al. 2022, arXiv:2204.02311): 46.2% MFU for PaLM 540B on 6144 TPU v4 chips',
  },
  asic: {
    value: 0.4,
    source: 'ASSUMPTION: the GPU value reused for NPU/ASIC accelerators (Gaudi, Trainium); no comparable public whole-run MFU found — override it',
  },
  cpu: {
    value: 0.2,
    source: 'ASSUMPTION: no public large-scale CPU training MFU found; a planning placeholder — override it',
  },
  fpga: {
    value: 0.2,
    source: 'ASSUMPTION: no public large-scale FPGA training MFU found; a planning placeholder — override it',
  },
};

/**
 * Fraction of per-step compute behind which the data-parallel gradient all-reduce can hide.
 * PyTorch DDP all-reduces gradient buckets while the backward pass runs (Li et al. 2020, "PyTorch
 * Distributed: Experiences on Accelerating Data Parallel Training", VLDB 13(12)); the backward pass
 * is 4N of the 6N FLOPs per token (Kaplan et al. 2020, arXiv:2001.08361, §2.1), hence 2/3.
 */
export const defaultOverlap: SourcedDefault = {
  value: 2 / 3,
  source: 'gradient all-reduce overlaps the backward pass (PyTorch DDP, Li et al. 2020); backward = 4N of 6N FLOPs/token (Kaplan et al. 2020)',
};

const lmdeploy = 'https://github.com/InternLM/lmdeploy/blob/main/docs/en/benchmark/a100_fp16.md (v0.1.0a1, A100-80G, FP16)';

/**
 * Inference compute efficiency (prefill, and decode once compute-bound): fraction of the usable peak.
 * GPU value calibrated on lmdeploy's static benchmark: time-to-first-token growth from 1 to 2048 prompt
 * tokens against 2·N·tokens / 312 TFLOPS gives 0.72 (Llama-2-7B) and 0.76 (Llama-2-13B).
 */
export const defaultComputeEfficiency: Readonly<Record<DeviceKind, SourcedDefault>> = {
  gpu: {
    value: 0.7,
    source: `calibrated on ${lmdeploy}: 0.72 (7B) and 0.76 (13B) at TP1, from time-to-first-token at 2048 vs 1 prompt tokens; ASSUMPTION for a GPU whose profile has no fitted efficiency`,
  },
  tpu: { value: 0.7, source: 'ASSUMPTION: GPU value reused; no public per-chip prefill efficiency found' },
  asic: { value: 0.7, source: 'ASSUMPTION: GPU value reused; no public per-chip prefill efficiency found' },
  cpu: { value: 0.3, source: 'ASSUMPTION: placeholder for CPU matrix engines (AMX/AVX-512); override it' },
  fpga: { value: 0.3, source: 'ASSUMPTION: placeholder; override it' },
};

/**
 * Inference memory-bandwidth efficiency (model bandwidth utilisation, MBU) of decode steps.
 * GPU value calibrated on lmdeploy's batch-1 decode rate: weight bytes / (time per token × 2039 GB/s)
 * gives 0.69 (Llama-2-7B, 100.02 tok/s) and 0.73 (Llama-2-13B, 57.49 tok/s).
 */
export const defaultMemoryEfficiency: Readonly<Record<DeviceKind, SourcedDefault>> = {
  gpu: { value: 0.7, source: `calibrated on ${lmdeploy}: MBU 0.69 (7B) and 0.73 (13B) at batch 1, TP1; ASSUMPTION for a GPU whose profile has no fitted efficiency` },
  tpu: { value: 0.7, source: 'ASSUMPTION: GPU value reused; no public per-chip MBU found' },
  asic: { value: 0.7, source: 'ASSUMPTION: GPU value reused; no public per-chip MBU found' },
  cpu: { value: 0.5, source: 'ASSUMPTION: placeholder for DRAM-bound decode on CPUs; override it' },
  fpga: { value: 0.5, source: 'ASSUMPTION: placeholder; override it' },
};

/**
 * Fraction of accelerator memory an inference replica may fill with weights and KV cache; the rest is
 * the activation/workspace reserve. vLLM's engine argument `gpu_memory_utilization` defaults to 0.9
 * (https://docs.vllm.ai/en/latest/configuration/engine_args.html).
 */
export const defaultMemoryUtilization: SourcedDefault = {
  value: 0.9,
  source: 'vLLM engine argument gpu_memory_utilization, default 0.9',
};

const moeFit = "the H100's factor, fitted on SGLang's DeepSeek-V3 decode with expert parallelism 72 (LMSYS, 2025-05-05: 22,282 tokens/s per node; hardware-profiles/h100-sxm-80gb.yaml)";

/**
 * Fraction of the dense inference efficiencies at which a mixture-of-experts model's iterations run (`moe_inference`
 * of a device profile): published MoE engines deliver about half of what the dense-fitted roofline gives them
 * (grouped expert GEMMs on a few hundred tokens per expert, gating and permutation kernels, the imbalance expert
 * load balancing leaves, latent-attention compute — none of them modelled one by one). A device without a fitted
 * MoE point of its own takes the H100's: a stated assumption, printed with every MoE replica's efficiency.
 */
const moeAssumed = (why: string): SourcedDefault => ({ value: 0.415, source: `ASSUMPTION: ${moeFit}, ${why}` });
export const defaultMoeInferenceEfficiency: Readonly<Record<DeviceKind, SourcedDefault>> = {
  gpu: moeAssumed('for a GPU without a fitted MoE point'),
  tpu: moeAssumed('reused; no MoE point of this kind fitted'),
  asic: moeAssumed('reused; no MoE point of this kind fitted'),
  cpu: moeAssumed('reused; no MoE point of this kind fitted'),
  fpga: moeAssumed('reused; no MoE point of this kind fitted'),
};

/**
 * s every expert all-to-all phase (a dispatch or a combine of one MoE layer) costs beyond its copies at the wire rate
 * when it crosses the compute NICs: kernel launch, RDMA signalling and completion, and waiting for the slowest rank.
 * One figure for both phases and every width, fitted on one published timing and checked on the others.
 */
export const defaultExpertAllToAllOverhead: SourcedDefault = {
  value: 44.6e-6,
  source:
    "FITTED on DeepEP's low-latency dispatch at expert_parallel 16 (H800, one 400 Gb/s CX7 NIC a GPU, 128 tokens a GPU, hidden 7168, top-8: 118 µs published, 73.4 µs of copies at the NIC's wire rate; DeepEP V1 README, github.com/deepseek-ai/DeepEP docs/legacy.md, read 2026-12-07); the other nine timings (dispatch and combine, EP 16 to 256) are predicted with it (test/performance/all-to-all-validation.test.ts)",
};
