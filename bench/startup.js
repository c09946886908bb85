// Start-up cost of the CLI: CPU seconds (user + system) of `simulate --version` and of validating the
// quick-start scenario, each run as a fresh process, side by side with what the two ways of loading
// mathjs cost on their own (the package's ES module tree, which the CLI used to import, and the
// single-file bundle it imports now). Figures are medians of interleaved rounds; machines are shared
// and noisy, so compare the rows of one run with each other.
//
// Usage: npm run build && node bench/startup.js [--rounds 7]
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const rounds = Number(args.rounds ?? 7);

/** CPU seconds of one child process, read from the shell's `times` after it ends. */
function cpuSeconds(argv) {
  const r = spawnSync('bash', ['-c', '"$@" >/dev/null 2>&1; times', 'bash', ...argv], { cwd: root, encoding: 'utf8' });
  // `times` prints the shell's own line, then its children's: "0m0.701s 0m0.120s"
  const child = r.stdout.trim().split('\n').at(-1) ?? '';
  const [user, sys] = child.split(/\s+/).map((t) => {
    const m = /^(\d+)m([\d.]+)s$/.exec(t);
    return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  });
  return user + sys;
}

const node = process.execPath;
const cases = {
  'simulate --version': [node, 'bin/simulate.js', '--version'],
  'simulate validate (quick start)': [node, 'bin/simulate.js', 'validate', 'scenarios/h100-training-fcfs.yaml'],
  'import mathjs (ES module tree, before)': [node, '--input-type=module', '-e', "await import('mathjs')"],
  'require mathjs bundle (now)': [node, '-e', "require('mathjs/lib/browser/math.js')"],
  'node -e 0 (bare start)': [node, '-e', '0'],
};
const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let r = 0; r < rounds; r++) for (const [name, argv] of Object.entries(cases)) samples[name].push(cpuSeconds(argv));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`node ${process.version}, ${rounds} rounds, load average ${loadavg()[0].toFixed(2)}`);
for (const [name, xs] of Object.entries(samples)) console.log(`${name.padEnd(42)} ${median(xs).toFixed(3)} s CPU (median)`);
