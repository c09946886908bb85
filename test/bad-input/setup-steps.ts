/**
 * Set-up steps a corpus case may ask for before its command runs (`setup:` in cases-*.yaml), and the
 * state of its folders before and after (`files:`). Special files are made in the case's own scratch
 * folder — a character device with mknod (1,3 is the null device's number: writing it is harmless; 1,5
 * the zero device, an input that never ends), a
 * FIFO with mkfifo and a reader — never the machine's /dev entries.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync, closeSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export type SetupStep =
  | { readonly write: string; readonly text: string }
  | { readonly copy: string; readonly to: string }
  | { readonly symlink: string; readonly to: string }
  | { readonly hardlink: string; readonly to: string }
  | { readonly mkdir: string }
  /** a character device (major, minor 1, 3: the null device) */
  | { readonly chardev: string }
  /** a character device (1, 5: the zero device): reading it never reaches an end */
  | { readonly zerodev: string }
  /** a block device (7, 0: a loop device); the command must refuse it, so nothing is ever written to it */
  | { readonly blockdev: string }
  /** a FIFO and a reader that copies what arrives to `<fifo>.received` in {gen} */
  | { readonly fifo: string };

/** What a set-up left running (FIFO readers), to wait for or stop. */
export interface Setup {
  readonly readers: ChildProcess[];
  /** set when a step is not permitted here (mknod without CAP_MKNOD): the case is skipped with this reason */
  skipped?: string;
}

export function runSetup(steps: readonly SetupStep[], fill: (s: string) => string, gen: string): Setup {
  const setup: Setup = { readers: [] };
  for (const step of steps) {
    if ('write' in step) writeFileSync(fill(step.write), fill(step.text));
    else if ('copy' in step) {
      mkdirSync(dirname(fill(step.to)), { recursive: true });
      copyFileSync(fill(step.copy), fill(step.to));
    } else if ('symlink' in step) symlinkSync(fill(step.to), fill(step.symlink));
    else if ('hardlink' in step) linkSync(fill(step.to), fill(step.hardlink));
    else if ('mkdir' in step) mkdirSync(fill(step.mkdir), { recursive: true });
    else if ('chardev' in step || 'zerodev' in step || 'blockdev' in step) {
      const [path, type, major, minor] = 'chardev' in step ? [fill(step.chardev), 'c', '1', '3'] : 'zerodev' in step ? [fill(step.zerodev), 'c', '1', '5'] : [fill(step.blockdev), 'b', '7', '0'];
      const r = spawnSync('mknod', [path, type, major, minor], { encoding: 'utf8' });
      if (r.status !== 0) {
        setup.skipped = `mknod is not permitted here (${(r.stderr || r.error?.message || '').trim()}); run as root to cover special files`;
        return setup;
      }
    } else if ('fifo' in step) {
      const path = fill(step.fifo);
      const r = spawnSync('mkfifo', [path], { encoding: 'utf8' });
      if (r.status !== 0) {
        setup.skipped = `mkfifo failed (${(r.stderr || r.error?.message || '').trim()})`;
        return setup;
      }
      const sink = openSync(join(gen, `${relative(dirname(path), path)}.received`), 'w');
      setup.readers.push(spawn('cat', [path], { stdio: ['ignore', sink, 'ignore'] }));
      closeSync(sink);
    }
  }
  return setup;
}

/** Waits (at most `ms`) for the FIFO readers to see end of file; a reader of a FIFO nobody opened is stopped. */
export async function finishReaders(setup: Setup, ms = 5000): Promise<void> {
  await Promise.all(
    setup.readers.map(
      (reader) =>
        new Promise<void>((resolve) => {
          if (reader.exitCode !== null || reader.signalCode !== null) return resolve();
          const timer = setTimeout(() => {
            reader.kill();
            resolve();
          }, ms);
          reader.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
        }),
    ),
  );
}

/** Every entry under `dir`: its kind, and the bytes of a regular file or the target of a link (a FIFO or device is never opened). */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const key = relative(dir, path);
      const st = lstatSync(path);
      if (st.isSymbolicLink()) out[key] = `symlink -> ${readlinkSync(path)}`;
      else if (st.isDirectory()) {
        out[key] = 'folder';
        walk(path);
      } else if (st.isFile()) out[key] = `file ${readFileSync(path).toString('base64')}`;
      else out[key] = kindOf(path);
    }
  };
  walk(dir);
  return out;
}

/** `file`, `folder`, `symlink`, `char-device`, `block-device`, `fifo`, `socket` or `absent`. */
export function kindOf(path: string): string {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return 'absent';
  }
  return st.isSymbolicLink()
    ? 'symlink'
    : st.isFile()
      ? 'file'
      : st.isDirectory()
        ? 'folder'
        : st.isCharacterDevice()
          ? 'char-device'
          : st.isBlockDevice()
            ? 'block-device'
            : st.isFIFO()
              ? 'fifo'
              : 'socket';
}

/**
 * Checks one `files:` expectation: a kind (`char-device`, `fifo`, `symlink`, `absent`, …), `symlink -> <target>`,
 * `json-result` (a complete result: a schemaVersion and "complete": true), `csv` (a jobs CSV with its header),
 * or `text <exact text>`. Returns a description of what is wrong, or undefined.
 */
export function checkFile(path: string, expected: string): string | undefined {
  const kind = kindOf(path);
  if (expected.startsWith('symlink -> ')) return kind === 'symlink' && `symlink -> ${readlinkSync(path)}` === expected ? undefined : `${path}: expected ${expected}, found ${kind}`;
  if (expected === 'json-result') {
    if (kind !== 'file') return `${path}: expected a result file, found ${kind}`;
    try {
      const r = JSON.parse(readFileSync(path, 'utf8')) as { schemaVersion?: unknown; complete?: unknown };
      return typeof r.schemaVersion === 'string' && r.complete === true ? undefined : `${path}: not a complete result`;
    } catch (err) {
      return `${path}: not JSON (${(err as Error).message})`;
    }
  }
  if (expected === 'csv') return kind === 'file' && readFileSync(path, 'utf8').startsWith('replication,') ? undefined : `${path}: expected a jobs CSV`;
  if (expected.startsWith('text ')) return kind === 'file' && readFileSync(path, 'utf8') === expected.slice(5) ? undefined : `${path}: expected the text ${JSON.stringify(expected.slice(5))}`;
  return kind === expected ? undefined : `${path}: expected ${expected}, found ${kind}`;
}
