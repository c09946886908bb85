import { codeOf } from './is-record.js';
import { closeSync, lstatSync, mkdirSync, openSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './usage-error.js';

/** The output name that means standard output (`-o -`). */
export const STDOUT = '-';

/**
 * How an output path is written:
 * - `atomic`: a regular file, or none yet: a temporary file beside `target`, renamed over it when complete;
 * - `through`: a character device (/dev/null, a terminal) or a FIFO: opened and written in place, since a
 *   rename would replace the device node or the pipe with a regular file;
 * - `stdout`: `-`.
 * `target` is where the bytes go: for a symbolic link, the file it resolves to (the link stays a link).
 */
export interface OutputTarget {
  readonly mode: 'atomic' | 'through' | 'stdout';
  readonly target: string;
}

/** Symbolic links followed before giving up (Linux's own limit). */
const MAX_LINKS = 40;

/**
 * Where writing `file` puts its bytes, and how. Follows symbolic links, dangling ones included (the
 * file is then created where the link points).
 * @throws UsageError for a folder, a socket, a block device or a loop of links: nothing sensible can be written there.
 */
export function outputTarget(file: string): OutputTarget {
  if (file === STDOUT) return { mode: 'stdout', target: STDOUT };
  let target = resolve(file);
  for (let hops = 0; ; hops++) {
    let st;
    try {
      st = lstatSync(target);
    } catch (err) {
      // Nothing there yet: the file can be created only under folders, with a name the file system takes.
      if (codeOf(err) === 'ENOTDIR') throw new UsageError(`cannot write ${file}: ${notAFolderAbove(target)}; nothing was written`);
      checkNameLength(file, target);
      return { mode: 'atomic', target };
    }
    if (st.isSymbolicLink()) {
      if (hops >= MAX_LINKS) throw new UsageError(`cannot write ${file}: too many symbolic links (a loop?)`);
      target = resolve(dirname(target), readlinkSync(target));
      continue;
    }
    if (st.isFile()) {
      checkNameLength(file, target);
      return { mode: 'atomic', target };
    }
    if (st.isCharacterDevice() || st.isFIFO()) return { mode: 'through', target };
    if (st.isDirectory()) throw new UsageError(`cannot write ${file}: it is a folder; name a file`);
    const what = st.isSocket() ? 'a socket' : st.isBlockDevice() ? 'a block device (a disk)' : 'not a regular file';
    throw new UsageError(`cannot write ${file}: it is ${what}; name a file, a FIFO or a character device`);
  }
}

/** Bytes a file name may have on Linux file systems (ext4, xfs, btrfs, tmpfs: NAME_MAX). */
const NAME_MAX = 255;

/**
 * Bytes the temporary file's name adds to the target's: `.` + `.<pid>` + `.tmp`, with a 7-digit pid
 * (Linux's largest, pid_max 4,194,304), so the limit does not depend on this process's pid.
 */
const TEMPORARY_NAME_EXTRA = 1 + 8 + 4;

/** The temporary file beside `target` must fit NAME_MAX too, or the write fails after the whole run. */
function checkNameLength(file: string, target: string): void {
  const bytes = Buffer.byteLength(basename(target));
  const most = NAME_MAX - TEMPORARY_NAME_EXTRA;
  if (bytes > most)
    throw new UsageError(
      `cannot write ${file}: its name is too long (${bytes} bytes; at most ${most}, so that the temporary file written beside it fits the file system's ${NAME_MAX}); choose a shorter name`,
    );
}

/** Which parent of `target` is not a folder (a regular file, a device…), for the message. */
function notAFolderAbove(target: string): string {
  for (let dir = dirname(target); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      if (!statSync(dir).isDirectory()) return `${dir} is not a folder, so nothing can be created inside it`;
    } catch {
      // missing or unreadable: look further up
    }
  }
  return 'a parent of it is not a folder';
}

/**
 * Temporary files that exist right now: removed when the process exits for any reason, including a
 * second Ctrl-C or SIGTERM that quits at once (stop-signals.ts).
 */
const liveTemporaries = new Set<string>();
let exitHookInstalled = false;
function track(tmp: string): void {
  if (!exitHookInstalled) {
    process.on('exit', removeTemporaryFiles);
    exitHookInstalled = true;
  }
  liveTemporaries.add(tmp);
}
function untrack(tmp: string): void {
  liveTemporaries.delete(tmp);
}

/** Removes a temporary file that may never have been created (its folder may not exist, or be a file). */
function removeQuietly(tmp: string): void {
  try {
    rmSync(tmp, { force: true });
  } catch {
    // nothing was created there
  }
}

/** Removes every temporary file still open (synchronously: safe in an 'exit' handler). */
export function removeTemporaryFiles(): void {
  for (const tmp of liveTemporaries) removeQuietly(tmp);
  liveTemporaries.clear();
}

const temporaryFor = (target: string) => join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);

/**
 * Writes `content` to `file` so that readers see either the old file or the complete new one, never a
 * partial write: a temporary file in the same folder, renamed over the target. A symbolic link is
 * written through (its target replaced, the link kept); a device or FIFO is written in place; `-`
 * goes to `stdout` (refused where the command has no standard output to give).
 */
export function writeFileAtomic(file: string, content: string, stdout?: (text: string) => void): void {
  const out = outputTarget(file);
  if (out.mode === 'stdout') {
    if (stdout === undefined) throw new UsageError(`cannot write '-' here: this output must be a file`);
    stdout(content);
    return;
  }
  if (out.mode === 'through') {
    try {
      writeFileSync(out.target, content);
    } catch (err) {
      throw cannotWrite(file, err);
    }
    return;
  }
  const tmp = temporaryFor(out.target);
  try {
    mkdirSync(dirname(out.target), { recursive: true });
    track(tmp);
    writeFileSync(tmp, content);
    renameSync(tmp, out.target);
  } catch (err) {
    removeQuietly(tmp);
    throw cannotWrite(file, err);
  } finally {
    untrack(tmp);
  }
}

/** An output path the tool cannot write (a folder, no permission, a full disk) is the user's to fix: exit code 2. */
function cannotWrite(file: string, err: unknown): unknown {
  const code = codeOf(err);
  if (code === undefined) return err;
  const why: Record<string, string> = {
    EISDIR: 'it is a folder',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    ENOTDIR: 'a parent of it is not a folder',
    EEXIST: 'a parent of it is not a folder',
    ENAMETOOLONG: 'its name or path is too long',
    EROFS: 'the file system is read-only',
    ELOOP: 'too many symbolic links (a loop?)',
    EIO: 'an input/output error on the device',
  };
  return new UsageError(`cannot write ${file}: ${why[code] ?? code}; nothing was written`);
}

/** Flush to the file once this many characters are buffered. */
const FLUSH_AT = 1 << 20;

/**
 * A file written in pieces (e.g. one CSV row per job) through a buffer, into a temporary file that
 * `commit` renames over the target and `abort` removes: readers never see a half-written file.
 * A device or FIFO receives the pieces as they come (there is nothing to rename); `-` is held in
 * memory and printed on `commit`, so a failed run prints nothing.
 */
export class BufferedFile {
  private readonly out: OutputTarget;
  private readonly tmp: string | undefined;
  private readonly fd: number | undefined;
  private buffer = '';

  constructor(
    private readonly file: string,
    private readonly stdout?: (text: string) => void,
  ) {
    this.out = outputTarget(file);
    if (this.out.mode === 'stdout') {
      if (stdout === undefined) throw new UsageError(`cannot write '-' here: this output must be a file`);
      return;
    }
    this.tmp = this.out.mode === 'atomic' ? temporaryFor(this.out.target) : undefined;
    try {
      mkdirSync(dirname(this.out.target), { recursive: true });
      if (this.tmp !== undefined) track(this.tmp);
      this.fd = openSync(this.tmp ?? this.out.target, 'w');
    } catch (err) {
      if (this.tmp !== undefined) untrack(this.tmp);
      throw cannotWrite(file, err);
    }
  }

  write(text: string): void {
    this.buffer += text;
    if (this.fd !== undefined && this.buffer.length > FLUSH_AT) this.flush(this.fd);
  }

  commit(): void {
    if (this.fd === undefined) {
      if (this.stdout === undefined) throw new Error(`internal: ${this.file} has neither a file nor standard output to write to`);
      this.stdout(this.buffer);
      this.buffer = '';
      return;
    }
    try {
      this.flush(this.fd);
      closeSync(this.fd);
      if (this.tmp !== undefined) renameSync(this.tmp, this.out.target);
    } catch (err) {
      if (this.tmp !== undefined) removeQuietly(this.tmp);
      throw cannotWrite(this.file, err);
    } finally {
      if (this.tmp !== undefined) untrack(this.tmp);
    }
  }

  abort(): void {
    this.buffer = '';
    if (this.fd === undefined) return;
    closeSync(this.fd);
    if (this.tmp !== undefined) {
      rmSync(this.tmp, { force: true });
      untrack(this.tmp);
    }
  }

  private flush(fd: number): void {
    writeSync(fd, this.buffer);
    this.buffer = '';
  }
}
