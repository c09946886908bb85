import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';

/**
 * Writes `content` to `file` so that readers see either the old file or the complete new one, never a
 * partial write: write a temporary file in the same folder, then rename it over the target.
 */
export function writeFileAtomic(file: string, content: string): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
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
    mkdirSync(dir, { recursive: true });
    this.tmp = join(dir, `.${basename(file)}.${process.pid}.tmp`);
    this.fd = openSync(this.tmp, 'w');
  }

  write(text: string): void {
    this.buffer += text;
    if (this.buffer.length > 1 << 20) this.flush();
  }

  commit(): void {
    this.flush();
    closeSync(this.fd);
    renameSync(this.tmp, this.file);
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
