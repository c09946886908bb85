import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isSweepDocument } from '../../src/sweep/sweep-file-kind.js';
import { BUNDLED_SCENARIOS, BUNDLED_SWEEPS } from '../support/bundled-files.js';

/** `simulate validate` over scenario and sweep files, through the built CLI as a user runs it. */
const root = fileURLToPath(new URL('../../', import.meta.url));

function validate(...files: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/simulate.js'), 'validate', ...files], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('simulate validate', () => {
  it('accepts every bundled scenario and sweep file, one ok line each, in the order given', () => {
    const files = [...BUNDLED_SCENARIOS.map((s) => s.file), ...BUNDLED_SWEEPS.map((s) => s.file)];
    const r = validate(...files);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.split(': ')[0])).toEqual(files.map((f) => `ok ${f}`));
    // h100-fleet-size.yaml: nodes range(24, 48, 4) = 7 values × 3 research rates; finetune_rate is an expr.
    expect(lines).toContain('ok scenarios/sweeps/h100-fleet-size.yaml: sweep h100-fleet-size, 21 variant(s) × 3 replication(s), 3 parameter(s)');
    expect(lines).toContain('ok scenarios/kth-sp2-easy.yaml: 1 workload(s), 1 pool(s), 1 replication(s)');
  });

  it('checks a sweep as `simulate sweep` would: its base, its parameter paths, and reports each problem located', () => {
    const dir = mkdtempSync(join(tmpdir(), 'validate-sweep-'));
    writeFileSync(join(dir, 'sweep.yaml'), `base: ${join(root, 'scenarios/h100-training-fcfs.yaml')}\nparameters:\n  nodes:\n    path: sites.onprem.nodes.cuont\n    values: [8, 16]\n`);
    const r = validate(join(dir, 'sweep.yaml'), 'scenarios/tco/onprem.yaml');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('ok scenarios/tco/onprem.yaml: 2 workload(s), 1 pool(s), 3 replication(s)\n');
    expect(r.stderr).toMatch(
      /^.*sweep\.yaml:4:11: parameters\.nodes\.path: no such place in the base scenario .*h100-training-fcfs\.yaml: 'sites\.onprem\.nodes' has no field 'cuont' \(hint: did you mean 'count'\?\)\n$/,
    );
  });

  it('a missing file is reported once, whatever its kind would have been', () => {
    const r = validate('scenarios/no-such-file.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('scenarios/no-such-file.yaml: cannot read: ENOENT (hint: no such file: check the path and the current folder)\n');
  });
});

describe('which files are sweeps', () => {
  it('a mapping with a top-level base, scenario or parameters key', () => {
    expect(isSweepDocument({ base: 'a.yaml' })).toBe(true);
    expect(isSweepDocument({ scenario: {} })).toBe(true);
    expect(isSweepDocument({ name: 'x', parameters: {} })).toBe(true);
  });

  it('not a scenario, and not a list, a scalar or an empty document', () => {
    expect(isSweepDocument({ name: 'x', horizon: '1 h', sites: {}, workloads: [] })).toBe(false);
    expect(isSweepDocument([{ base: 'a.yaml' }])).toBe(false);
    expect(isSweepDocument('base')).toBe(false);
    expect(isSweepDocument(null)).toBe(false);
  });

  it('reads a scenario or sweep given through a pipe once: `validate <(cat file)` ends, with the ok line', () => {
    // a FIFO gives its content to the first reader only; validate once opened it twice and waited for ever
    const scenario = 'test/bad-input/cases/cli/valid.yaml';
    const sweep = 'test/sweep/fixtures/mmc-grid.yaml';
    const r = spawnSync('bash', ['-c', `"$0" bin/simulate.js validate <(cat ${scenario}) <(cat ${sweep})`, process.execPath], {
      cwd: root,
      encoding: 'utf8',
      timeout: 20_000,
      killSignal: 'SIGKILL',
    });
    expect({ code: r.status, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout.replace(/\/dev\/fd\/\d+/g, 'PIPE')).toBe('ok PIPE: 1 workload(s), 1 pool(s), 2 replication(s)\nok PIPE: sweep mmc-grid, 12 variant(s) × 2 replication(s), 3 parameter(s)\n');
  });
});
