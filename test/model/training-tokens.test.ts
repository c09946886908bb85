/** Training tokens delivered: counted once per completed training job, in the window only. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { simulateScenario } from '../../src/simulate/simulate.js';

/** 2 DGX H100 nodes; fine-tuning jobs of exactly 5e8 tokens next to batch jobs that train nothing. */
const yaml = `
name: training-tokens
seed: 11
horizon: 2 days
warmup: 6 h
replications: 2
sites:
  dc:
    kind: on-prem
    nodes: { type: dgx-h100, count: 2 }
workloads:
  - name: finetune
    kind: training
    arrivals: { rate: 0.5 /h }
    devices: 8
    model: { params: 8e9, tokens: 5e8 }
    batch: { tokens: 1048576 }
  - name: batch
    arrivals: { rate: 0.5 /h }
    devices: 4
    work: { flops: 1e18 FLOP, precision: bf16, efficiency: 40 % }
`;

describe('training tokens delivered', () => {
  it('are the tokens of the training jobs completed in the window, and priced per million', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'training-tokens-'));
    const file = join(dir, 'scenario.yaml');
    writeFileSync(file, yaml);
    const result = await simulateScenario(loadScenario(file));
    for (const r of result.replications) {
      const finetune = r.workloads['finetune']!;
      expect(finetune.completed).toBeGreaterThan(5);
      expect(finetune.training_tokens).toBe(finetune.completed * 5e8);
      expect(r.workloads['batch']!.completed).toBeGreaterThan(5);
      expect(r.workloads['batch']!.training_tokens).toBe(0);
      expect(r.jobs.training_tokens).toBe(finetune.training_tokens);
      // Over the horizon: the window's tokens × planning horizon ÷ window; TCO ÷ those millions.
      const cost = r.cost!;
      const window = r.usage.window;
      expect(cost.unit_costs.training_tokens).toBeCloseTo((r.jobs.training_tokens * cost.horizon_seconds) / window, 0);
      expect(cost.unit_costs.per_million_training_tokens).toBeGreaterThan(0);
      expect(cost.unit_costs.per_million_training_tokens).toBeCloseTo(cost.total / (cost.unit_costs.training_tokens / 1e6), 9);
    }
    expect(result.summary.cost?.unit_costs.per_million_training_tokens?.n).toBe(2);
  });
});
