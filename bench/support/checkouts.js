// Shared by the benches that compare this checkout with an earlier commit: CPU seconds of a child process,
// and a temporary, built worktree of a git ref (node_modules shared with this checkout).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * CPU seconds (user + system) and peak resident memory of one child process: the shell's `times` gives the
 * CPU after it ends; GNU time's %M (kB), when /usr/bin/time exists, the memory. @returns memory NaN without it
 */
export function measure(argv, cwd) {
  const timed = spawnSync('bash', ['-c', 'command -v /usr/bin/time >/dev/null'], { encoding: 'utf8' }).status === 0;
  const inner = timed ? ['/usr/bin/time', '-f', '%M', ...argv] : argv;
  const r = spawnSync('bash', ['-c', '"$@" >/dev/null 2>/tmp/bench-measure-$$; s=$?; times; tail -1 /tmp/bench-measure-$$; rm -f /tmp/bench-measure-$$; exit $s', 'bash', ...inner], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const lines = r.stdout.trim().split('\n');
  // `times` prints the shell's own line, then its children's: "0m0.701s 0m0.120s"
  const [user, sys] = (lines.at(-2) ?? '').split(/\s+/).map((t) => {
    const m = /^(\d+)m([\d.]+)s$/.exec(t);
    return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  });
  return { cpu: user + sys, rssMb: timed ? Number(lines.at(-1)) / 1024 : NaN, status: r.status };
}

/** CPU seconds of one child process (user + system). */
export function cpuSeconds(argv, cwd) {
  return measure(argv, cwd).cpu;
}

/** A checkout of `ref` in a temporary worktree, built with `root`'s node_modules. @returns its directory */
export function buildCheckout(root, ref, prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const add = spawnSync('git', ['worktree', 'add', '--detach', dir, ref], { cwd: root, encoding: 'utf8' });
  if (add.status !== 0) throw new Error(`git worktree add ${ref}: ${add.stderr}`);
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const build = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: dir, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build of ${ref} failed: ${build.stdout}${build.stderr}`);
  return dir;
}

/** Removes a checkout made by `buildCheckout`. */
export function removeCheckout(root, dir) {
  spawnSync('git', ['worktree', 'remove', '--force', dir], { cwd: root });
  rmSync(dir, { recursive: true, force: true });
}
