import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Never part of the project's own text (installed, built or generated), when walking a non-git tree. */
const NOT_OURS = new Set(['.git', 'node_modules', 'dist', 'reports', '.vitest-cache', '.scratch']);

/** True when `dir` is the top of a git checkout (not a folder inside another repository, not a tarball). */
export function inGitCheckout(dir: string): boolean {
  const top = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8' });
  return top.status === 0 && relative(top.stdout.trim(), dir) === '';
}

/** The project's files: what git tracks in a checkout; otherwise (an unpacked tarball) a walk of the tree. */
export function projectFiles(dir: string): string[] {
  if (inGitCheckout(dir)) {
    const git = spawnSync('git', ['ls-files', '-z'], { cwd: dir, encoding: 'utf8' });
    if (git.status !== 0) throw new Error(`git ls-files failed: ${git.stderr}`);
    return git.stdout.split('\0').filter((f) => f !== '');
  }
  const walk = (d: string): string[] =>
    readdirSync(join(dir, d), { withFileTypes: true }).flatMap((e) => {
      const path = d === '' ? e.name : `${d}/${e.name}`;
      if (e.isDirectory()) return NOT_OURS.has(e.name) ? [] : walk(path);
      return e.isFile() ? [path] : [];
    });
  return walk('');
}
