import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/support/input-error.js';
import { formatBytes, readBoundedFile, type FileLimit } from '../../src/support/read-bounded-file.js';

const dir = mkdtempSync(join(tmpdir(), 'bounded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 3 MiB and a bit: more than one read chunk, and not a multiple of it
const limit: FileLimit = { bytes: 3 * 1024 * 1024 + 5, typical: 'a test file is small', hint: 'make it smaller' };

function message(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
  throw new Error('no error');
}

describe('readBoundedFile', () => {
  it('reads a file exactly at the limit, byte for byte', () => {
    const file = join(dir, 'at-limit');
    const bytes = Buffer.alloc(limit.bytes, 'abc');
    bytes[limit.bytes - 1] = 0x7a;
    writeFileSync(file, bytes);
    expect(readBoundedFile(file, limit).equals(bytes)).toBe(true);
  });

  it('reads a file just below the limit and an empty one', () => {
    const file = join(dir, 'below');
    writeFileSync(file, Buffer.alloc(limit.bytes - 1, 'x'));
    expect(readBoundedFile(file, limit).length).toBe(limit.bytes - 1);
    writeFileSync(join(dir, 'empty'), '');
    expect(readBoundedFile(join(dir, 'empty'), limit).length).toBe(0);
  });

  it('refuses a regular file one byte over the limit, giving its size', () => {
    const file = join(dir, 'over');
    writeFileSync(file, Buffer.alloc(limit.bytes + 1, 'x'));
    expect(message(() => readBoundedFile(file, limit))).toBe(`${file}: is 3145734 bytes, larger than 3145733 bytes; a test file is small (hint: make it smaller)`);
  });

  it('stops reading a device that never ends one byte past the limit', (ctx) => {
    const file = join(dir, 'zero');
    const made = spawnSync('mknod', [file, 'c', '1', '5']);
    if (made.status !== 0) return ctx.skip('mknod is not permitted here');
    const started = performance.now();
    expect(message(() => readBoundedFile(file, { ...limit, bytes: 4 * 1024 * 1024 }))).toBe(`${file}: is larger than 4 MiB (read stopped there); a test file is small (hint: make it smaller)`);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('leaves a missing file and a folder to the caller as fs errors', () => {
    expect(() => readBoundedFile(join(dir, 'absent'), limit)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    mkdirSync(join(dir, 'folder'));
    expect(() => readBoundedFile(join(dir, 'folder'), limit)).toThrow(expect.objectContaining({ code: 'EISDIR' }));
  });

  it('names limits in binary units when they are exact', () => {
    expect([formatBytes(4 * 1024 * 1024), formatBytes(500 * 1024 * 1024), formatBytes(2048), formatBytes(1000), formatBytes(2 ** 30)]).toEqual(['4 MiB', '500 MiB', '2 KiB', '1000 bytes', '1 GiB']);
  });
});
