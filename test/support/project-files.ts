import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Never part of the project's own text (installed, built or generated), when walking a non-git tree. */
const NOT_OURS = new Set(['.git', 'node_modules', 'dist', 'reports', '.vitest-cache', '.scratch']);

/** The project's files: what git tracks in a checkout; otherwise (an unpacked tarball) a walk of the tree. */
export function projectFiles(dir: string): string[] {
  const git = spawnSync('git', ['ls-files', '-z'], { cwd: dir, encoding: 'utf8' });
  const top = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8' });
  if (git.status === 0 && top.status === 0 && relative(top.stdout.trim(), dir) === '') return git.stdout.split('\0').filter((f) => f !== '');
  const walk = (d: string): string[] =>
    readdirSync(join(dir, d), { withFileTypes: true }).flatMap((e) => {
      const path = d === '' ? e.name : `${d}/${e.name}`;
      if (e.isDirectory()) return NOT_OURS.has(e.name) ? [] : walk(path);
      return e.isFile() ? [path] : [];
    });
  return walk('');
}
