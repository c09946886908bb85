/**
 * Standard output that cannot take the bytes (redirected to a full disk): one line on stderr, exit code
 * 2, never a stack trace. The full disk is a "full" character device (major 1, minor 7: every write
 * fails with ENOSPC) made with mknod in a temporary folder, never the machine's own /dev/full.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'stdout-full-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const full = join(dir, 'full');
const made = spawnSync('mknod', [full, 'c', '1', '7']).status === 0;

function simulateInto(args: string[]): { status: number | null; stderr: string } {
  const fd = openSync(full, 'w');
  try {
    const r = spawnSync(process.execPath, [join(root, 'bin/simulate.js'), ...args], { cwd: root, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
    return { status: r.status, stderr: r.stderr };
  } finally {
    closeSync(fd);
  }
}

describe.skipIf(!made)('stdout on a full disk (needs mknod: run as root)', () => {
  it('--version: one line, exit 2', () => {
    const r = simulateInto(['--version']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error: cannot write to standard output: the disk is full; its output is incomplete\n');
  });

  it('a run printing its JSON result (-o -): one line, exit 2, no stack trace', () => {
    const r = simulateInto(['run', 'test/bad-input/cases/cli/valid.yaml', '-o', '-', '-q']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error: cannot write to standard output: the disk is full; its output is incomplete\n');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
