import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSizes } from '../../src/cli/option-parsers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const built = existsSync(join(root, 'dist/cli/main.js'));
const scenario = join(root, 'scenarios/tco/hybrid-burst.yaml');
const tmp = () => mkdtempSync(join(tmpdir(), 'simulate-size-'));

interface Point {
  nodes: number;
  meets: boolean;
  meets_with_confidence: boolean;
  tco: { mean: number };
  rejected?: { jobs: number; reason: string };
}

function simulate(args: readonly string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/simulate.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!built)('simulate size on the command line', () => {
  it('writes the search to -o and picks the cheapest size that meets the target', () => {
    const out = join(tmp(), 'sizing.json');
    const r = simulate(['size', scenario, '--pool', 'onprem/main', '--nodes', '4,10,16', '--target', 'wait.p95 <= 1 h', '--replications', '2', '-o', out]);
    expect(r.code).toBe(0);
    const sizing = JSON.parse(readFileSync(out, 'utf8')) as { points: Point[]; best: Point | null };
    expect(sizing.points.map((p) => p.nodes)).toEqual([4, 10, 16]);
    // The pick, recomputed from the points the file lists.
    const meeting = sizing.points.filter((p) => p.meets);
    expect(meeting.length).toBeGreaterThan(0);
    const cheapest = meeting.reduce((a, b) => (b.tco.mean < a.tco.mean ? b : a));
    expect(sizing.best?.nodes).toBe(cheapest.nodes);
    expect(r.stdout).toContain(`cheapest size meeting the target: ${cheapest.nodes} nodes of onprem/main`);
    // One formatter: each progress line shows the service level and TCO exactly as the table row of its size does
    // (it once printed `wait.p95 903.9` beside `15.1 min`).
    for (const p of sizing.points) {
      const progress = new RegExp(`^${p.nodes} nodes: (?:[a-z ,]+; )?wait\\.p95 (\\S+ (?:µs|ms|s|min|h|d)), TCO (\\S+ M) USD$`, 'm').exec(r.stderr);
      expect(progress, r.stderr).not.toBeNull();
      const row = r.stdout.split('\n').find((l) => new RegExp(`^(?:→ |  )${p.nodes} `).test(l));
      expect(row).toContain(progress![1]);
      expect(row).toContain(progress![2]);
    }
  });

  it('exits 1 when no size meets the target, and still writes the search', () => {
    const out = join(tmp(), 'sizing.json');
    const r = simulate(['size', scenario, '--pool', 'onprem/main', '--nodes', '4,6', '--target', 'wait.mean <= 1 ms', '--replications', '2', '-o', out]);
    expect(r.code).toBe(1);
    const sizing = JSON.parse(readFileSync(out, 'utf8')) as { points: Point[]; best: Point | null };
    expect(sizing.best).toBeNull();
    expect(sizing.points.every((p) => !p.meets)).toBe(true);
  });

  it('a size too small for the jobs is infeasible: rejected jobs never wait, but they never run either', () => {
    // 64-GPU jobs on 8-GPU DGX H100 nodes: 1, 2 and 4 nodes (8, 16, 32 GPUs) reject every one of them,
    // so the smallest feasible size is 8 nodes; the load is light, so 8 meets a 1 h p95 wait.
    const large = join(root, 'test/fixtures/size-large-jobs.yaml');
    const out = join(tmp(), 'sizing.json');
    const r = simulate(['size', large, '--pool', 'onprem/main', '--nodes', '1,2,4,8,16', '--target', 'wait.p95 <= 1 h', '-o', out]);
    expect(r.code).toBe(0);
    const sizing = JSON.parse(readFileSync(out, 'utf8')) as { points: Point[]; best: Point | null };
    const small = sizing.points.filter((p) => p.nodes < 8);
    expect(small.map((p) => p.nodes)).toEqual([1, 2, 4]);
    for (const p of small) {
      expect(p.meets).toBe(false);
      expect(p.meets_with_confidence).toBe(false);
      expect(p.rejected?.jobs).toBeGreaterThan(0);
      expect(p.rejected?.reason).toMatch(new RegExp(`jobs rejected per replication: they need more devices than ${p.nodes} nodes? ha(s|ve) \\(${p.nodes * 8} devices\\)$`));
    }
    // The same jobs are rejected at every small size: all of the 64-GPU ones.
    expect(new Set(small.map((p) => p.rejected?.jobs)).size).toBe(1);
    for (const p of sizing.points.filter((p) => p.nodes >= 8)) expect(p.rejected).toBeUndefined();
    expect(sizing.best?.nodes).toBe(8);
    expect(r.stdout).toMatch(/^ {2}1 .* no: jobs rejected /m);
    expect(r.stdout).toContain('1 nodes: infeasible: ');
    expect(r.stdout).toContain('they need more devices than 1 node has (8 devices)');
    expect(r.stdout).toContain('cheapest size meeting the target: 8 nodes of onprem/main');
  });

  it('Ctrl-C stops the search: exit 130, nothing written', async () => {
    const out = join(tmp(), 'sizing.json');
    const child = spawn(
      process.execPath,
      [join(root, 'bin/simulate.js'), 'size', scenario, '--pool', 'onprem/main', '--nodes', '4..40:2', '--target', 'wait.p95 <= 1 h', '--replications', '5', '-o', out],
      {
        cwd: root,
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      // after the first size has been reported: the search is well under way
      if (/nodes:/.test(stderr) && !child.killed) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted: nothing written/);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});

describe('--nodes', () => {
  it('runs each size once, in ascending order, however often it is listed', () => {
    expect(parseSizes('1,1,1')).toEqual([1]);
    expect(parseSizes('8, 2,8,4,2')).toEqual([2, 4, 8]);
  });
});
