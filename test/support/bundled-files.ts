/**
 * The scenario and sweep files bundled with the project, listed by hand. Tests that run "every bundled
 * scenario" use these lists, never a listing of scenarios/: a user's own YAML saved there must neither
 * break nor slow the suite. test/repo/bundled-files.test.ts checks the lists against the files git
 * tracks under scenarios/, so a new bundled file cannot be forgotten here.
 */

/** Most events one bundled scenario may take in a test (all replications): about a second here. */
export const TEST_EVENT_BUDGET = 300_000;

export interface BundledScenario {
  /** path from the repository root */
  readonly file: string;
  /**
   * A shorter horizon (seconds) for tests, for a scenario whose full run exceeds TEST_EVENT_BUDGET;
   * the full length then runs only in `npm run bench:bundled`.
   */
  readonly testHorizon?: number;
  /** With `testHorizon`: a shorter warm-up (seconds) when the scenario's own would leave the short run no window. */
  readonly testWarmup?: number;
  /** Fewer replications for tests, for a scenario whose every replication is long even when shortened. */
  readonly testReplications?: number;
}

/**
 * The eight options of scenarios/tco/2026-accelerator-choice/: a full run of three replications takes about
 * 600,000 events (the chat service's admissions and completions, the training jobs), so tests run 30 minutes
 * (10 of warm-up), one replication.
 */
const ACCELERATOR_CHOICE = ['b200-owned', 'b200-rented', 'gb200-owned', 'gb200-rented', 'h100-owned', 'h100-rented', 'mi300x-rented', 'mi355x-owned'].map((option): BundledScenario => ({
  file: `scenarios/tco/2026-accelerator-choice/${option}.yaml`,
  testHorizon: 1800,
  testWarmup: 600,
  testReplications: 1,
}));

export const BUNDLED_SCENARIOS: readonly BundledScenario[] = [
  { file: 'scenarios/h100-training-fcfs.yaml' },
  { file: 'scenarios/kth-sp2-easy.yaml' },
  { file: 'scenarios/llama-70b-chat-inference.yaml' },
  { file: 'scenarios/llm-training-easy.yaml' },
  // the serving benchmarks of `npm run bench:serving`: a week (3 × 7 days, ≈ 38 M events) and a day at 1,000 requests/s (≈ 250 M)
  { file: 'scenarios/serving/week-chat-10rps.yaml', testHorizon: 3600, testWarmup: 600, testReplications: 1 },
  { file: 'scenarios/serving/day-chat-1000rps.yaml', testHorizon: 60, testWarmup: 10, testReplications: 1 },
  { file: 'scenarios/serving/moe-chat.yaml' },
  // two 16-GPU services at 5 requests/s for an hour, three times (≈ 415,000 events)
  { file: 'scenarios/serving/disaggregated-vs-colocated.yaml', testHorizon: 900, testWarmup: 180, testReplications: 1 },
  // two DeepSeek-V3 services, one with its MTP module: about 360,000 events over 3 × 2 h, so 40 minutes, one replication
  { file: 'scenarios/serving/speculative-chat.yaml', testHorizon: 2400, testWarmup: 600, testReplications: 1 },
  // two 2-replica services: ≈ 80,000 events for both replications of its hour, half of that in tests
  { file: 'scenarios/serving/multi-turn-chat.yaml', testHorizon: 1800 },
  // three replications of 2 hours at 14-22 requests/s: ≈ 890,000 events; tests run 30 minutes (10 of warm-up), one replication
  { file: 'scenarios/serving/api-vs-self-host.yaml', testHorizon: 1800, testWarmup: 600, testReplications: 1 },
  { file: 'scenarios/serving/multi-region-chat.yaml' },
  // wide expert parallelism over two nodes at 30 requests/s: a short run keeps the suite fast
  { file: 'scenarios/serving/moe-wide-ep.yaml', testHorizon: 1200, testWarmup: 300, testReplications: 1 },
  { file: 'scenarios/serving/moe-disaggregated-wide-ep.yaml', testHorizon: 300, testWarmup: 60, testReplications: 1 },
  ...ACCELERATOR_CHOICE,
  // leaf/spine fabric, 4:1 oversubscribed, first-fit: ≈ 4,200 events over 3 × 10 days; tests run 4 days (1 of warm-up), one replication
  { file: 'scenarios/planning/carbon-aware-batch.yaml' },
  // about 4,800 events: 2 batch jobs an hour for 8 days, 2 replications
  { file: 'scenarios/planning/carbon-aware-placement.yaml' },
  { file: 'scenarios/planning/fabric-oversubscribed.yaml', testHorizon: 4 * 86_400, testWarmup: 86_400, testReplications: 1 },
  { file: 'scenarios/tco/cloud-on-demand.yaml' },
  { file: 'scenarios/tco/cloud-reserved.yaml' },
  { file: 'scenarios/tco/hybrid-burst.yaml' },
  { file: 'scenarios/tco/hybrid-residency.yaml' },
  { file: 'scenarios/tco/onprem.yaml' },
  // one 10,240-GPU job for 30 days, three times: about 1,900 events; tests run 10 days, one replication
  { file: 'scenarios/planning/goodput-10k-gpus.yaml', testHorizon: 10 * 86_400, testWarmup: 86_400, testReplications: 1 },
  // two fleet configurations (H100, then B200) of 8 days × 2 replications, ≈ 11,000 events; tests run 2 days, one replication
  { file: 'scenarios/planning/power-capped-campus.yaml', testHorizon: 2 * 86_400, testWarmup: 43_200, testReplications: 1 },
  { file: 'scenarios/planning/refresh-h100-to-b200.yaml', testHorizon: 2 * 86_400, testWarmup: 43_200, testReplications: 1 },
  // a few hundred events each: one fine-tuning job a night, or a week, for 28 days
  { file: 'scenarios/pipelines/fine-tune/lora-nightly-2-nodes.yaml' },
  { file: 'scenarios/pipelines/fine-tune/full-weekly-8-nodes.yaml' },
  // federated rounds of 200 store clients: ≈ 13,000 events over 2 × 1 day; tests run 2 hours (30 min of warm-up), one replication
  { file: 'scenarios/pipelines/federated-stores.yaml', testHorizon: 2 * 3600, testWarmup: 1800, testReplications: 1 },
  // a week of nightly retraining beside a 5 requests/s chat service: ≈ 8.9 M events per replication; tests run the first
  // 4 hours (the 01:00 run ends by about 03:20), one replication
  { file: 'scenarios/pipelines/nightly-retrain.yaml', testHorizon: 4 * 3600, testWarmup: 0, testReplications: 1 },
  // two topics, an owned HDFS lake and an S3 archive: ≈ 2,500 events over 2 × 4 days; tests run 2 days, one replication
  { file: 'scenarios/pipelines/streaming-lake.yaml', testHorizon: 2 * 86_400, testWarmup: 43_200, testReplications: 1 },
];

/** The scenario as tests run it: its test horizon, warm-up and replications where the list gives them. */
export function shortenedForTests<S extends { readonly horizon: number; readonly warmup: number; readonly replications: number }>(scenario: S, bundled: BundledScenario): S {
  return {
    ...scenario,
    ...(bundled.testHorizon !== undefined && { horizon: bundled.testHorizon }),
    ...(bundled.testWarmup !== undefined && { warmup: bundled.testWarmup }),
    ...(bundled.testReplications !== undefined && { replications: bundled.testReplications }),
  };
}

/**
 * Sweep files, under scenarios/sweeps/ and scenarios/planning/. A sweep has no test horizon of its own:
 * each is short by construction (robust-mix.yaml: 18 variants of 5 simulated days, ≈ 3 s on two threads).
 */
export const BUNDLED_SWEEPS: readonly { readonly file: string }[] = [
  { file: 'scenarios/planning/robust-mix.yaml' },
  { file: 'scenarios/sweeps/h100-capacity-grid.yaml' },
  { file: 'scenarios/sweeps/h100-fleet-size.yaml' },
  { file: 'scenarios/sweeps/h100-plan-gate.yaml' },
  // three uplinks × 2 replications of the federated-stores day, ≈ 1.5 s on one thread
  { file: 'scenarios/sweeps/federated-uplink.yaml' },
];
