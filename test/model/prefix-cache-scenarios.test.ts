// Prefix caching end to end: scenario → run → result, for synthetic conversations and for a request trace whose
// rows carry a `session` column.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario, parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate, simulateScenario } from '../../src/simulate/simulate.js';

const scratch = mkdtempSync(join(tmpdir(), 'prefix-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const chat = (cache: string) => `
name: chat
seed: 5
horizon: 10 min
warmup: 2 min
replications: 1
sites:
  dc: { nodes: { type: dgx-h100, count: 1 } }
workloads:
  - name: chat
    kind: inference
    model: { card: llama-3.1-8b, precision: bf16 }
    sessions:
      arrivals: { rate: 1 /s }
      turns: 4
      gap: { kind: exponential, mean: 20 s }
      system_prompts: { count: 3, tokens: 1200, popularity: 1 }
      user_tokens: 100
      output: 200
    replicas: 2
${cache}`;

describe('prefix caching, end to end', () => {
  it('conversations with one of three 1,200-token system prompts: the cache serves most prompt tokens and shortens the time to first token', () => {
    const cached = simulate(parseScenario(chat('    prefix_cache: {}\n'))).replications[0]!.inference['chat']!;
    const uncached = simulate(parseScenario(chat(''))).replications[0]!.inference['chat']!;
    expect(uncached.prefix_cache).toBeUndefined();
    const pc = cached.prefix_cache!;
    // every turn's prompt is at least the 1,200-token prompt (1,200 = 75 blocks) + 100 new tokens: the system
    // prompt alone is 1,200 / 1,300 of a first turn, and later turns reuse more
    expect(pc.token_hit_rate).toBeGreaterThan(0.85);
    expect(pc.hit_tokens).toBeLessThanOrEqual(pc.prompt_tokens);
    expect(pc.hit_requests).toBeLessThanOrEqual(pc.requests);
    expect(cached.ttft.mean).toBeLessThan(uncached.ttft.mean);
    // the same requests were offered (same streams): the cache changes when they are served, not which
    expect(cached.submitted).toBe(uncached.submitted);
  });

  it("a request trace's session column: each turn reuses what its conversation sent and got before", async () => {
    const rows = [
      ['2024-01-01 00:00:00.0000000', 1000, 50, 'a'],
      ['2024-01-01 00:00:30.0000000', 800, 40, 'b'],
      ['2024-01-01 00:01:00.0000000', 1150, 60, 'a'],
      ['2024-01-01 00:01:30.0000000', 300, 40, 'b'], // shorter than what b sent: its history was cut, nothing reused
      ['2024-01-01 00:02:00.0000000', 700, 10, ''], // no conversation
    ];
    writeFileSync(join(scratch, 'chats.csv'), ['TIMESTAMP,ContextTokens,GeneratedTokens,session', ...rows.map((r) => r.join(','))].join('\n') + '\n');
    writeFileSync(
      join(scratch, 'trace.yaml'),
      `name: traced
seed: 1
horizon: 10 min
replications: 1
sites:
  dc: { nodes: { type: dgx-h100, count: 1 } }
workloads:
  - name: chat
    kind: inference
    model: { card: llama-3.1-8b, precision: bf16 }
    trace: { file: chats.csv, format: azure-llm }
    prefix_cache: {}
    replicas: 1
`,
    );
    const result = await simulateScenario(loadScenario(join(scratch, 'trace.yaml')));
    const pc = result.replications[0]!.inference['chat']!.prefix_cache!;
    expect(pc.requests).toBe(4);
    // a's second turn: a's first prompt and output but its last token (1,049) in whole 16-token blocks
    expect(pc.hit_tokens).toBe(1040);
    expect(pc.hit_requests).toBe(1);
  });

  it("offload tiers take what the scenario leaves out from the node profile: the replica's share of host memory and NVMe drives", () => {
    const text = chat('    prefix_cache: { dram: { bandwidth: 50 GB/s }, nvme: {} }\n').replace('replicas: 2', 'replicas: 2\n    tensor_parallel: 2');
    const w = parseScenario(text).workloads[0]!;
    if (w.kind !== 'inference') throw new Error('not a service');
    // DGX H100: 2 TB host memory, 8 × 3.84 TB NVMe at 6.8 GB/s read, 8 GPUs; a replica of 2 GPUs gets a quarter
    expect(w.prefixCache?.tiers).toEqual([
      { name: 'dram', capacity: 0.5e12, bandwidth: 50e9, fromNode: ['capacity'] },
      { name: 'nvme', capacity: 7.68e12, bandwidth: 13.6e9, fromNode: ['capacity', 'bandwidth'] },
    ]);
  });
});
