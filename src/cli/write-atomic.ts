import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { UsageError } from './exit-codes.js';

/**
 * Writes `content` to `file` so that readers see either the old file or the complete new one, never a
 * partial write: write a temporary file in the same folder, then rename it over the target.
 */
export function writeFileAtomic(file: string, content: string): void {
  const dir = dirname(file);
  const tmp = join(dir, `.${basename(file)}.${process.pid}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw cannotWrite(file, err);
  }
}

/** An output path the tool cannot write (a folder, no permission, a full disk) is the user's to fix: exit code 2. */
function cannotWrite(file: string, err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (typeof code !== 'string') return err;
  const why = code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOSPC' ? 'the disk is full' : code === 'ENOTDIR' ? 'a parent of it is not a folder' : code;
  return new UsageError(`cannot write ${file}: ${why}; nothing was written`);
}

/**
 * A file written in pieces (e.g. one CSV row per job) through a buffer, into a temporary file that
 * `commit` renames over the target and `abort` removes: readers never see a half-written file.
 */
export class BufferedFile {
  private readonly tmp: string;
  private readonly fd: number;
  private buffer = '';

  constructor(private readonly file: string) {
    const dir = dirname(file);
    this.tmp = join(dir, `.${basename(file)}.${process.pid}.tmp`);
    try {
      mkdirSync(dir, { recursive: true });
      this.fd = openSync(this.tmp, 'w');
    } catch (err) {
      throw cannotWrite(file, err);
    }
  }

  write(text: string): void {
    this.buffer += text;
    if (this.buffer.length > 1 << 20) this.flush();
  }

  commit(): void {
    try {
      this.flush();
      closeSync(this.fd);
      renameSync(this.tmp, this.file);
    } catch (err) {
      rmSync(this.tmp, { force: true });
      throw cannotWrite(this.file, err);
    }
  }

  abort(): void {
    closeSync(this.fd);
    rmSync(this.tmp, { force: true });
  }

  private flush(): void {
    writeSync(this.fd, this.buffer);
    this.buffer = '';
  }
}
