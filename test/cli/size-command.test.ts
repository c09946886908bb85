import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const built = existsSync(join(root, 'dist/cli/main.js'));
const scenario = join(root, 'scenarios/tco/hybrid-burst.yaml');
const tmp = () => mkdtempSync(join(tmpdir(), 'simulate-size-'));

interface Point {
  nodes: number;
  meets: boolean;
  tco: { mean: number };
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
  });

  it('exits 1 when no size meets the target, and still writes the search', () => {
    const out = join(tmp(), 'sizing.json');
    const r = simulate(['size', scenario, '--pool', 'onprem/main', '--nodes', '4,6', '--target', 'wait.mean <= 1 ms', '--replications', '2', '-o', out]);
    expect(r.code).toBe(1);
    const sizing = JSON.parse(readFileSync(out, 'utf8')) as { points: Point[]; best: Point | null };
    expect(sizing.best).toBeNull();
    expect(sizing.points.every((p) => !p.meets)).toBe(true);
  });

  it('Ctrl-C stops the search: exit 130, nothing written', async () => {
    const out = join(tmp(), 'sizing.json');
    const child = spawn(process.execPath, [join(root, 'bin/simulate.js'), 'size', scenario, '--pool', 'onprem/main', '--nodes', '4..40:2', '--target', 'wait.p95 <= 1 h', '--replications', '30', '-o', out], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
