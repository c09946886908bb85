import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const built = existsSync(join(root, 'dist/cli/main.js'));
const tmp = () => mkdtempSync(join(tmpdir(), 'simulate-plan-'));

/** Llama 3.1 405B (FP8, 406 GB of weights): on 80 GB H100s only tensor parallel 8 holds a replica. */
const scenario = `name: plan-cli
seed: 2
horizon: 30 min
warmup: 5 min
replications: 1
sites:
  dc: { nodes: { type: dgx-h100, count: 2 } }
workloads:
  - name: chat
    kind: inference
    model: { card: llama-3.1-405b, precision: fp8, kv_cache_precision: fp8 }
    arrivals: { rate: 1 /s }
    tokens: { input: 1000, output: 200 }
    replicas: 1
    tensor_parallel: 2
    slo: { ttft: 2 s, tpot: 100 ms }
`;

interface Plan {
  best: { layout: { tensor_parallel: number }; point: { replicas: number; devices: number } } | null;
  layouts: { layout: { tensor_parallel: number }; verdict: string; why: string; tried: { replicas: number; meets: boolean }[] }[];
}

function simulate(args: readonly string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/simulate.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!built)('simulate plan on the command line', () => {
  it('searches the layouts, writes the plan to -o, and names why each other layout lost', () => {
    const dir = tmp();
    const file = join(dir, 'chat.yaml');
    writeFileSync(file, scenario);
    const out = join(dir, 'plan.json');
    // the scenario as written (tensor_parallel 2) does not fit, but the plan searches that field
    const r = simulate(['plan', file, '--workload', 'chat', '--target', 'slo_attainment >= 0.9', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(readFileSync(out, 'utf8')) as Plan;
    expect(plan.best?.layout.tensor_parallel).toBe(8);
    expect(plan.layouts.filter((o) => o.verdict === 'does-not-fit').map((o) => o.layout.tensor_parallel)).toEqual([1, 2, 4]);
    for (const o of plan.layouts.filter((x) => x.verdict === 'does-not-fit')) expect(o.why).toMatch(/405\.9 GB per replica/);
    // the fewest replicas that meet it: one fewer (if any) was tried and missed
    const best = plan.layouts.find((o) => o.verdict === 'best')!;
    const fewer = best.tried.find((p) => p.replicas === plan.best!.point.replicas - 1);
    if (plan.best!.point.replicas > 1) expect(fewer?.meets).toBe(false);
    expect(r.stdout).toMatch(/^\*\*Plan for chat on dc\/main: TP 8, /);
    expect(r.stderr).toMatch(/^TP 8, 1 replica: /m);
  });

  it('exits 1 when no layout meets the target, and still writes the plan', () => {
    const dir = tmp();
    const file = join(dir, 'chat.yaml');
    writeFileSync(file, scenario);
    const r = simulate(['plan', file, '--workload', 'chat', '--target', 'ttft.p99 <= 1 ms', '--json']);
    expect(r.code).toBe(1);
    const plan = JSON.parse(r.stdout) as Plan;
    expect(plan.best).toBeNull();
    expect(plan.layouts.find((o) => o.layout.tensor_parallel === 8)?.verdict).toBe('misses-target');
  });

  it('refuses a target that does not measure the workload, and an unknown workload, with exit 2 and nothing written', () => {
    const dir = tmp();
    const file = join(dir, 'chat.yaml');
    writeFileSync(file, scenario);
    const out = join(dir, 'plan.json');
    const a = simulate(['plan', file, '--workload', 'chat', '--target', 'completion_time.p95 <= 1 h', '-o', out]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--target: completion_time\.p95 does not measure inference workload 'chat'/);
    // (the scenario must fit as written for any workload the plan does not search)
    writeFileSync(file, scenario.replace('tensor_parallel: 2', 'tensor_parallel: 8'));
    const b = simulate(['plan', file, '--workload', 'chats', '--target', 'slo_attainment >= 0.9', '-o', out]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--workload: no workload 'chats'/);
    expect(existsSync(out)).toBe(false);
  });
});
