import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const built = existsSync(join(root, 'dist/cli/main.js'));

/**
 * `simulate … --json | head -1`: the reader closes the pipe after one line. The run must not die with
 * an EPIPE stack trace, and the files it was asked to write are written whole.
 */
describe.skipIf(!built)('a reader that closes stdout early', () => {
  it('drops the rest of the text quietly and still writes the report it was asked for', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'simulate-pipe-')), 'report.html');
    const child = spawn(process.execPath, [join(root, 'bin/simulate.js'), 'run', join(root, 'scenarios/h100-training-fcfs.yaml'), '--json', '--html', out], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // The JSON is ~300 KB, far more than a pipe buffers: close after the first chunk.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Error:|at /);
    expect(code).toBe(0);
    // The report after the JSON is still written, whole.
    expect(readFileSync(out, 'utf8')).toMatch(/<\/html>\s*$/);
  });
});
