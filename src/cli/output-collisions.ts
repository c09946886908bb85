import { readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { ResolvedScenario } from '../scenario/scenario.js';
import { UsageError } from './exit-codes.js';
import { outputTarget, STDOUT } from '../support/write-atomic.js';

/** A file a command reads or writes, and how the user named it (`-o`, `--jobs-csv`, `the scenario file`). */
export interface NamedFile {
  readonly label: string;
  readonly path: string;
}

/**
 * What makes two names the same file: the resolved real path, and for an existing file its device and
 * inode (two hard links have different paths but one inode). A path that does not exist yet is the
 * real path of its nearest existing folder joined with the rest.
 */
/** `keys`: the real path first, then the inode when the file exists. */
function identity(path: string): { keys: [string, ...string[]]; device: boolean } {
  if (path === STDOUT) return { keys: ['stdout'], device: false };
  const target = followLinks(path);
  try {
    const st = statSync(target);
    return { keys: [realpathSync(target), `inode ${st.dev}:${st.ino}`], device: st.isCharacterDevice() };
  } catch {
    return { keys: [realOfMissing(target)], device: false };
  }
}

/** `path` with its symbolic links followed, a dangling one included (where writing would create the file). */
function followLinks(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return outputTarget(path).target;
    } catch {
      return resolve(path); // a folder or a loop: outputTarget refuses it with its own message when written
    }
  }
}

function realOfMissing(path: string): string {
  const rest: string[] = [];
  let dir = resolve(path);
  for (;;) {
    try {
      return join(realpathSync(dir), ...rest.reverse());
    } catch {
      const parent = dirname(dir);
      if (parent === dir) return resolve(path);
      rest.push(basename(dir));
      dir = parent;
    }
  }
}

/**
 * Refuses, before anything runs or is written, a command whose outputs name the same file twice or
 * name a file it reads. Links are resolved (symbolic and hard). Several outputs may share one character
 * device: writing two results to /dev/null destroys nothing.
 * @throws UsageError naming both files and the options they came from, or an output that is a folder, a
 * socket or a block device.
 */
export function refuseCollisions(outputs: readonly NamedFile[], inputs: readonly NamedFile[]): void {
  const seen = new Map<string, NamedFile>();
  for (const input of inputs) for (const key of identity(input.path).keys) if (!seen.has(key)) seen.set(key, input);
  const inputKeys = new Set(seen.keys());
  for (const output of outputs) outputTarget(output.path); // a folder, socket or disk: refused by name first
  for (const output of outputs) {
    const id = identity(output.path);
    for (const key of id.keys) {
      const other = seen.get(key);
      if (other === undefined) continue;
      if (inputKeys.has(key))
        throw new UsageError(`refusing to write ${output.path} (${output.label}): it is ${other.label}${other.path === output.path ? '' : ` ${other.path}`}; choose another output file`);
      if (id.device) continue;
      const where = output.path === STDOUT ? 'both print on stdout' : `name the same file`;
      throw new UsageError(`${named(other)} and ${named(output)} ${where}; give each output its own${output.path === STDOUT ? ' place' : ' file'}; nothing was written`);
    }
    for (const key of id.keys) if (!seen.has(key)) seen.set(key, output);
  }
}

/**
 * Refuses, before anything runs, a command that writes anywhere under `folder` (a sweep's `variants/`,
 * where it creates, replaces and on resume reads one file per variant) while one of its inputs lies
 * there: `simulate sweep out/variants/000/000001.json -o out` would replace its own sweep file with
 * variant 1's result. Symbolic links are followed both ways: an input reached through a link that
 * points into the folder, the folder itself a link, and a link inside the folder (a file or a
 * sub-folder) that points at an input or at a folder holding one. A hard link inside the folder is
 * harmless: results are renamed over their name, which leaves the other name's content as it was.
 * @throws UsageError naming the input and the folder.
 */
export function refuseInputsInside(folder: NamedFile, inputs: readonly NamedFile[]): void {
  const root = identity(folder.path).keys[0];
  const real = inputs.map((input) => ({ input, path: identity(input.path).keys[0] }));
  const refuse = (input: NamedFile, link?: string): never => {
    const where = link === undefined ? 'lies inside' : `is reached through the link ${link} inside`;
    throw new UsageError(`refusing to run: ${input.label} ${input.path} ${where} ${folder.path} (${folder.label}), which the sweep writes; move it out or choose another output folder`);
  };
  for (const { input, path } of real) if (isWithin(path, root)) refuse(input);
  for (const link of linksUnder(folder.path)) {
    const target = followLinks(link);
    for (const { input, path } of real) if (isWithin(path, target)) refuse(input, link);
  }
}

const isWithin = (path: string, folder: string): boolean => path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);

/** The symbolic links below `dir` (a link to a folder is not entered: its target covers what is inside). */
function linksUnder(dir: string): string[] {
  const targets: string[] = [];
  const walk = (d: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return; // no folder yet (a first run), or one that cannot be read: nothing in it is an input
    }
    for (const e of entries) {
      const path = join(d, e.name);
      if (e.isSymbolicLink()) targets.push(path);
      else if (e.isDirectory()) walk(path);
    }
  };
  walk(dir);
  return targets;
}

/** `-o out.json`, `--md -`, `--json` (an option that means stdout by itself). */
const named = (f: NamedFile): string => (f.label === '--json' ? f.label : `${f.label} ${f.path}`);

/** The profile files of a catalog folder: a command reads them, so no output may replace one. */
export function catalogFiles(dir: string): NamedFile[] {
  try {
    return readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => ({ label: 'a catalog profile', path: join(dir, f) }));
  } catch {
    return [];
  }
}

/** The files a run of these scenarios reads: each scenario file, the traces it replays, the catalog's profiles. */
export function scenarioInputs(runs: readonly { readonly scenario: ResolvedScenario; readonly file: string }[], catalogDir: string): NamedFile[] {
  const inputs: NamedFile[] = [];
  for (const { scenario, file } of runs) {
    inputs.push({ label: 'the scenario file', path: file });
    for (const w of scenario.workloads) if ((w.kind === 'trace' || w.kind === 'inference') && w.trace) inputs.push({ label: `the trace of workload '${w.name}'`, path: w.trace.file });
  }
  return [...inputs, ...catalogFiles(catalogDir)];
}
