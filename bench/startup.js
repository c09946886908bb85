// Start-up cost of the CLI: CPU seconds (user + system) of `simulate --version`, of the README's quick
// start (`simulate scenarios/h100-training-fcfs.yaml`, the run included) and of `simulate validate` on
// the same file, each a fresh process, against the targets of issue 13 (--version ≤ 0.3 s, quick
// start ≤ 1.2 s). With --before <git ref> the same commands run on that commit too, built in a
// temporary git worktree (node_modules shared), so one run prints before and after side by side.
// Figures are medians of interleaved rounds; machines are shared and noisy, so compare the columns of
// one run with each other. Benches never run in CI.
//
// Usage: npm run build && node bench/startup.js [--rounds 5] [--before <ref>, e.g. --before HEAD~3]
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCheckout, cpuSeconds, removeCheckout } from './support/checkouts.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const rounds = Number(args.rounds ?? 5);

const node = process.execPath;
const quickStart = 'scenarios/h100-training-fcfs.yaml';
const cases = [
  { name: 'simulate --version', argv: [node, 'bin/simulate.js', '--version'], target: 0.3 },
  { name: `simulate ${quickStart} (quick start)`, argv: [node, 'bin/simulate.js', quickStart, '--no-write', '-q'], target: 1.2 },
  { name: `simulate validate ${quickStart}`, argv: [node, 'bin/simulate.js', 'validate', quickStart] },
  { name: 'node -e 0 (bare start)', argv: [node, '-e', '0'] },
];

const checkouts = [{ label: 'now', dir: root }];
let before;
if (args.before !== undefined) {
  before = buildCheckout(root, args.before, 'startup-before-');
  checkouts.unshift({ label: `before (${args.before})`, dir: before });
}
try {
  if (!existsSync(join(root, 'dist/cli/main.js'))) throw new Error('dist/ is missing: npm run build first');
  const samples = new Map(cases.flatMap((c) => checkouts.map((k) => [`${c.name}|${k.label}`, []])));
  for (let r = 0; r < rounds; r++) for (const c of cases) for (const k of checkouts) samples.get(`${c.name}|${k.label}`).push(cpuSeconds(c.argv, k.dir));
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`node ${process.version}, ${rounds} rounds, load average ${loadavg()[0].toFixed(2)}; CPU seconds (user + sys), median`);
  const width = Math.max(...cases.map((c) => c.name.length));
  console.log(`${''.padEnd(width)}  ${checkouts.map((k) => k.label.padStart(14)).join('  ')}  target`);
  for (const c of cases) {
    const figures = checkouts.map((k) => median(samples.get(`${c.name}|${k.label}`)));
    const now = figures.at(-1);
    const verdict = c.target === undefined ? '' : `≤ ${c.target.toFixed(1)} s ${now <= c.target ? 'met' : 'MISSED'}`;
    console.log(`${c.name.padEnd(width)}  ${figures.map((f) => `${f.toFixed(3)} s`.padStart(14)).join('  ')}  ${verdict}`);
  }
} finally {
  if (before !== undefined) removeCheckout(root, before);
}
