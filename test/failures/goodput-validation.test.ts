/**
 * The goodput model against published training runs, on what the H100 failure rate was NOT fitted on.
 *
 * The catalog's H100 MTBF (hardware-profiles/h100-sxm-80gb.yaml, 50,677 h) is Llama 3's 419 unexpected
 * interruptions in 54 days on 16,384 GPUs: reproducing that count proves nothing. What it did not fit:
 *
 * 1. Llama 3's effective training time, "higher than 90%" ("The Llama 3 Herd of Models", Meta, 2024,
 *    https://arxiv.org/abs/2407.21783, §3.3.4), from what the report gives: 466 interruptions in the
 *    54-day snapshot (419 unexpected + 47 planned, each a restart), 16,384 GPUs, a 405e9-parameter
 *    model whose training state is 405e9 × 16 B (mixed-precision Adam) written to Tectonic at its
 *    2 TB/s sustained throughput (§3.3.1) = 3.24 s. The report gives NO checkpoint interval and NO
 *    restart time. We take the interval at Young's optimum for that write time and interruption rate
 *    (√(2·3.24 s·10,012 s) = 255 s), and a 10-minute restart: ByteDance's "less than 10 minutes" to
 *    detect and diagnose a failure at a similar scale (MegaScale, below) — the only published restart
 *    figure we found for a run of this size. Failed hosts are replaced from the rest of the 24K-GPU
 *    cluster (§3.3.1: up to 16K of its 24K GPUs trained Llama 3), so no wait for a repair.
 * 2. ByteDance MegaScale (Jiang et al., NSDI 2024, https://arxiv.org/abs/2402.15627, §6.3): 12,288
 *    GPUs, "over 100" automatic restarts over "several weeks", detection and diagnosis in "less than 10
 *    minutes", "catch up to the training progress prior to the crash within 15 minutes from the latest
 *    checkpoints, maintaining over 90% effective training time rate". With the Llama-fitted H100 MTBF
 *    (predicted, not fitted, at this scale), a 10-minute restart and a 10-minute checkpoint interval (5
 *    minutes of work redone on average: 10 + 5 = 15 minutes per crash).
 * 3. Meta's research clusters (Kokolis et al., "Revisiting Reliability in Large-Scale Machine Learning
 *    Research Clusters", HPCA 2025, https://arxiv.org/abs/2410.21680): job MTTF 47.7 days at 8 GPUs and
 *    7.9 hours at 1,024 GPUs (A100). The model's job MTBF = per-GPU MTBF ÷ GPUs (independent failures):
 *    we predict the 1,024-GPU figure from the 8-GPU one. The absolute level of our H100 figure at 1,024
 *    GPUs, and OPT-175B's (Zhang et al. 2022, https://arxiv.org/abs/2205.01068, §2.5: "at least 35
 *    manual restarts" and "70+ automatic restarts due to hardware failures" in 2 months on 992 A100s),
 *    are known misses: per-GPU failure rates are a property of a fleet, not of a GPU model.
 */
import { describe, expect, it } from 'vitest';
import { expectedEffectiveTime, jobMtbf, maxRestartForEffectiveTime, youngDalyInterval } from '../../src/model/failures/index.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/simulate/simulate.js';
import { recordValidation } from '../support/validation-ledger.js';

const AREA = 'Failures and goodput';
const HOUR = 3600;
const DAY = 86_400;
const LLAMA3 = 'Meta, "The Llama 3 Herd of Models", 2024, §3.3.4';
const MEGASCALE = 'Jiang et al., "MegaScale", NSDI 2024, §6.3';
const KOKOLIS = 'Kokolis et al., "Revisiting Reliability in Large-Scale ML Research Clusters", HPCA 2025';

/** One pre-training job on `gpus` H100s (DGX H100 nodes) for `days` after a day of warm-up. */
function pretraining(o: { gpus: number; params: string; days: number; failures: string; replications: number }) {
  return simulate(
    parseScenario(`
name: published-run
seed: 2024
horizon: ${o.days + 1} days
warmup: 1 day
replications: ${o.replications}
costs: none
reference: { device: h100-sxm-80gb, precision: bf16 }
failures: ${o.failures}
sites:
  dc: { nodes: { type: dgx-h100, count: ${o.gpus / 8} } }
workloads:
  - name: pretrain
    kind: training
    arrivals: { interarrival: 1 s, max_jobs: 1 }
    devices: ${o.gpus}
    model: { params: ${o.params}, tokens: 1e14 }
    batch: { tokens: 16777216 }
`),
  );
}

describe('Llama 3: effective training time from its interruptions, checkpoint write and a restart time', () => {
  const mtbfJob = (54 * DAY) / 466; // 10,012 s between interruptions
  const write = (405e9 * 16) / 2e12; // 3.24 s
  const interval = Math.round(youngDalyInterval(write, mtbfJob)); // 255 s
  const restart = 10 * 60;

  it('is above 90 %, in the simulation and in the closed form', () => {
    const perGpuMtbfHours = (16_384 * 54 * 24) / 466; // 45,566 h: all 466 interruptions as 16,384 GPUs see them
    const r = pretraining({
      gpus: 16_384,
      params: '405e9',
      days: 54,
      replications: 3,
      failures: `{ mtbf: ${perGpuMtbfHours.toFixed(1)} h, checkpoint_interval: ${interval} s, restart_overhead: 10 min, checkpoint_write: { bandwidth: 2 TB/s }, repair: 0 s }`,
    });
    const g = r.summary.goodput;
    if (!g) throw new Error('the goodput model did not run');
    const closed = expectedEffectiveTime(1e9, interval, write, restart, mtbfJob);
    const ours = g.effective_time.mean;
    recordValidation({
      area: AREA,
      check: `Llama 3 405B pre-training, 16,384 H100, 54 days: effective training time (466 interruptions, 3.24 s writes every ${interval} s, 10-min restarts)`,
      reference: 0.9,
      source: `${LLAMA3} ("higher than 90%"); restart from ${MEGASCALE}`,
      basis: 'published, predicted',
      ours,
      unit: '',
      bound: 'above 90 %, and within 1 point of the closed form (Daly 2006)',
      interval: { low: g.effective_time.low ?? ours, high: g.effective_time.high ?? ours },
      pass: ours > 0.9 && Math.abs(ours - closed) < 0.01,
    });
    expect(ours).toBeGreaterThan(0.9);
    expect(ours).toBeLessThan(0.95);
    expect(Math.abs(ours - closed)).toBeLessThan(0.01);
    // the interruptions the run drew: 466 expected in the window (the rate was set from them: not a check)
    expect(g.interruptions.device.mean).toBeGreaterThan(400);
  });

  it('says what the report leaves open: restarts must stay under about 13 minutes at this interval', () => {
    // the longest restart at which 466 interruptions still leave 90 %: a bound the report implies
    const rMax = maxRestartForEffectiveTime(0.9, interval, write, mtbfJob);
    expect(rMax / 60).toBeGreaterThan(10);
    expect(rMax / 60).toBeLessThan(15);
    // with half-hourly checkpoints instead, 90 % would need restarts of about 2 minutes at most
    expect(maxRestartForEffectiveTime(0.9, 1800, write, mtbfJob) / 60).toBeCloseTo(2.03, 2);
  });
});

describe('MegaScale: more than 100 restarts and over 90 % at 12,288 GPUs, predicted with the Llama-fitted MTBF', () => {
  it('predicts the restarts of three weeks and an effective training time above 90 %', () => {
    const r = pretraining({
      gpus: 12_288,
      params: '175e9',
      days: 21,
      replications: 3,
      failures: '{ checkpoint_interval: 10 min, restart_overhead: 10 min, checkpoint_write: { bandwidth: 2 TB/s }, repair: 0 s }',
    });
    const g = r.summary.goodput;
    if (!g) throw new Error('the goodput model did not run');
    const restarts = g.interruptions.device.mean;
    const ours = g.effective_time.mean;
    recordValidation({
      area: AREA,
      check: 'MegaScale, 12,288 GPUs, three weeks ("several weeks"): restarts, from the H100 MTBF fitted on Llama 3',
      reference: 100,
      source: `${MEGASCALE} ("over 100 times")`,
      basis: 'published, predicted',
      ours: restarts,
      unit: '',
      bound: 'more than 100',
      pass: restarts > 100,
    });
    recordValidation({
      area: AREA,
      check: 'MegaScale, 12,288 GPUs: effective training time with 10-min restarts and 10-min checkpoints (15 min per crash)',
      reference: 0.9,
      source: `${MEGASCALE} ("over 90% effective training time rate")`,
      basis: 'published, predicted',
      ours,
      unit: '',
      bound: 'above 90 %',
      interval: { low: g.effective_time.low ?? ours, high: g.effective_time.high ?? ours },
      pass: ours > 0.9,
    });
    // 12,288 × 504 h ÷ 50,677 h = 122 expected
    expect(restarts).toBeGreaterThan(100);
    expect(ours).toBeGreaterThan(0.9);
    expect(ours).toBeLessThan(0.97);
  });
});

describe('MTBF at other scales', () => {
  it('predicts the 1,024-GPU job MTTF of Meta’s research clusters from their 8-GPU one (failures independent per GPU)', () => {
    const perGpu = 47.7 * DAY * 8; // the 8-GPU job MTTF as a per-GPU MTBF
    const ours = jobMtbf(1024, perGpu) / HOUR;
    const ok = Math.abs(ours / 7.9 - 1) < 0.2;
    recordValidation({
      area: AREA,
      check: 'job MTTF at 1,024 GPUs from the 8-GPU job MTTF (47.7 days), job MTBF = per-GPU MTBF ÷ GPUs',
      reference: 7.9,
      source: `${KOKOLIS}, A100 research clusters`,
      basis: 'published, predicted',
      ours,
      unit: 'h',
      bound: '±20 %',
      pass: ok,
    });
    expect(ours).toBeCloseTo(8.94, 2);
    expect(ok).toBe(true);
  });

  it('known misses: the H100 MTBF fitted on Llama 3 is 3 to 7 times too optimistic for 2021-2023 A100 research clusters', () => {
    const h100 = 50_677 * HOUR;
    const at1024 = jobMtbf(1024, h100) / HOUR; // 49.5 h
    recordValidation({
      area: AREA,
      check: 'job MTTF at 1,024 GPUs from the catalog H100 MTBF (50,677 h, fitted on Llama 3)',
      reference: 7.9,
      source: `${KOKOLIS}, A100 research clusters`,
      basis: 'published, predicted',
      ours: at1024,
      unit: 'h',
      bound: '±20 %',
      pass: false,
      note: "a research cluster's A100s (every failure a job sees, 2023) fail about 6× as often per GPU as Llama 3's production H100s; set failures.mtbf from your own fleet",
    });
    const optRestarts = (992 * 61 * 24 * HOUR) / h100; // 2 months on 992 GPUs
    recordValidation({
      area: AREA,
      check: 'OPT-175B, 992 A100, 2 months: hardware restarts from the catalog H100 MTBF',
      reference: 105,
      source: 'Zhang et al., "OPT: Open Pre-trained Transformer Language Models", 2022, §2.5 (35 manual + 70 automatic restarts, "at least")',
      basis: 'published, predicted',
      ours: optRestarts,
      unit: '',
      bound: '±20 %',
      pass: false,
      note: 'OPT counts at least 105; its 2021 A100 cluster failed about 3.7× as often per GPU as the H100 fit',
    });
    expect(at1024 / 7.9).toBeGreaterThan(5);
    expect(at1024 / 7.9).toBeLessThan(8);
    expect(105 / optRestarts).toBeGreaterThan(3);
    expect(105 / optRestarts).toBeLessThan(5);
  });
});
