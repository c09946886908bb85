import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from './input-error.js';

/** The size limit of one kind of input file, and what to tell someone who went past it. */
export interface FileLimit {
  readonly bytes: number;
  /** what such a file usually weighs, for the message: 'a scenario is a few kB' */
  readonly typical: string;
  readonly hint: string;
}

/** Scenarios, sweeps and hardware profiles: hand-written YAML of a few kB. */
export const YAML_FILE_LIMIT: FileLimit = {
  bytes: 4 * 1024 * 1024,
  typical: 'a scenario, sweep or profile is a few kB',
  hint: 'scenario and profile files are hand-written; is this the right file?',
};

/**
 * Results, sweep results and shards: written by simulate. A sweep result holds about 40 kB per variant
 * (100 variants: 4 MB), so a shard of 500 variants weighs 20 MB; 500 MiB leaves room for far larger ones and stays below the longest text JavaScript can hold
 * (2^29 characters), so a file under the limit never fails later with an internal error.
 */
export const RESULT_FILE_LIMIT: FileLimit = {
  bytes: 500 * 1024 * 1024,
  typical: 'a result is a few MB, a sweep result or shard about 40 kB per variant',
  hint: 'give the .json file written by simulate; is this the right file?',
};

const CHUNK_BYTES = 1024 * 1024;

/**
 * The whole content of `file`, refused with one clear line once it passes `limit.bytes`. Reads in
 * chunks and stops at limit + 1 bytes: stat() says 0 bytes for devices and FIFOs, so a size check
 * alone let `simulate run /dev/zero` grow memory until the machine gave out. A FIFO with no writer
 * blocks in open, as it does for `cat`.
 * @throws InputError when the file is larger than the limit; the fs error (ENOENT, EISDIR, …) otherwise.
 */
export function readBoundedFile(file: string, limit: FileLimit): Buffer {
  const tooLarge = (size?: number) =>
    InputError.single({
      file,
      line: 0,
      col: 0,
      field: '',
      message: `${size === undefined ? `is larger than ${formatBytes(limit.bytes)} (read stopped there)` : `is ${size} bytes, larger than ${formatBytes(limit.bytes)}`}; ${limit.typical}`,
      hint: limit.hint,
    });
  const fd = openSync(file, 'r');
  try {
    const stat = fstatSync(fd);
    // a regular file says its size: refuse it before reading a byte
    if (stat.isFile() && stat.size > limit.bytes) throw tooLarge(stat.size);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, limit.bytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > limit.bytes) throw tooLarge();
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/** 4194304 → '4 MiB'; exact multiples only, or bytes. */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of [
    ['GiB', 2 ** 30],
    ['MiB', 2 ** 20],
    ['KiB', 2 ** 10],
  ] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} bytes`;
}
