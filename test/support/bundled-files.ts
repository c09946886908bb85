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
}

export const BUNDLED_SCENARIOS: readonly BundledScenario[] = [
  { file: 'scenarios/h100-training-fcfs.yaml' },
  { file: 'scenarios/kth-sp2-easy.yaml' },
  { file: 'scenarios/llama-70b-chat-inference.yaml' },
  { file: 'scenarios/llm-training-easy.yaml' },
  { file: 'scenarios/tco/cloud-on-demand.yaml' },
  { file: 'scenarios/tco/cloud-reserved.yaml' },
  { file: 'scenarios/tco/hybrid-burst.yaml' },
  { file: 'scenarios/tco/hybrid-residency.yaml' },
  { file: 'scenarios/tco/onprem.yaml' },
];

/** Sweep files, all under scenarios/sweeps/. */
export const BUNDLED_SWEEPS: readonly { readonly file: string }[] = [
  { file: 'scenarios/sweeps/h100-capacity-grid.yaml' },
  { file: 'scenarios/sweeps/h100-fleet-size.yaml' },
  { file: 'scenarios/sweeps/h100-plan-gate.yaml' },
];
