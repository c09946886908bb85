// Serving speed (issue 15): CPU seconds and peak memory of `simulate` on the two serving benchmarks, against
// the issue's targets (a week of scenarios/serving/week-chat-10rps.yaml, 3 replications: ≤ 30 s of CPU and
// ≤ 500 MB; 24 h of scenarios/serving/day-chat-1000rps.yaml at about 70 % load: ≤ 60 s of CPU). With
// --before <git ref> (e.g. the commit before the decode jumps) the iteration-by-iteration model runs too,
// built in a temporary worktree: the week and a 20-minute cut of the 1,000 requests/s day side by side (the
// whole day before would take many minutes), and a 6-hour week-chat run whose per-request figures must agree.
// Benches never run in CI; machines are shared and noisy, so compare the columns of one run.
//
// Usage: npm run bench:serving [-- --before <ref>]
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCheckout, measure, removeCheckout } from './support/checkouts.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const scratch = mkdtempSync(join(tmpdir(), 'bench-serving-'));
const week = join(root, 'scenarios/serving/week-chat-10rps.yaml');
const day = join(root, 'scenarios/serving/day-chat-1000rps.yaml');

/** A copy of `file` with its horizon (and warm-up, replications) replaced, for the shorter runs. */
function variant(file, name, replace) {
  let text = readFileSync(file, 'utf8');
  for (const [from, to] of replace) text = text.replace(from, to);
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}
const day20 = variant(day, 'day-20min.yaml', [
  [/horizon: 24 h/, 'horizon: 20 min'],
  [/warmup: 10 min/, 'warmup: 2 min'],
]);
const six = variant(week, 'week-6h.yaml', [
  [/horizon: 7 days/, 'horizon: 6 h'],
  [/replications: 3/, 'replications: 1'],
]);

const run = (dir, scenario, out) => measure([process.execPath, join(dir, 'bin/simulate.js'), scenario, '-q', '-o', out], scratch);
const checkouts = [{ label: 'now', dir: root }];
let before;
if (args.before !== undefined) {
  before = buildCheckout(root, args.before, 'serving-before-');
  checkouts.unshift({ label: `before (${args.before})`, dir: before });
}
try {
  console.log(`node ${process.version}, load average ${loadavg()[0].toFixed(2)}; CPU seconds (user + sys) and peak RSS of the whole command`);
  const cases = [
    { name: 'week-chat-10rps (7 days × 3)', file: week, target: '≤ 30 s, ≤ 500 MB', cpu: 30, mb: 500, beforeToo: true },
    { name: 'day-chat-1000rps, 20 min', file: day20, beforeToo: true },
    { name: 'day-chat-1000rps (24 h)', file: day, target: '≤ 60 s', cpu: 60, beforeToo: false },
  ];
  for (const c of cases) {
    const cells = [];
    for (const k of checkouts) {
      if (k.dir !== root && !c.beforeToo) {
        cells.push('(not run)');
        continue;
      }
      const m = run(k.dir, c.file, join(scratch, `${k.label.replace(/\W/g, '')}.json`));
      if (m.status !== 0) throw new Error(`${c.name} on ${k.label}: exit ${m.status}`);
      cells.push(`${m.cpu.toFixed(1)} s, ${Math.round(m.rssMb)} MB`);
      if (k.dir === root && c.cpu !== undefined) cells.push(m.cpu <= c.cpu && !(m.rssMb > (c.mb ?? Infinity)) ? `${c.target} met` : `${c.target} MISSED`);
    }
    console.log(`${c.name.padEnd(32)} ${cells.join('   ')}`);
  }
  if (before !== undefined) {
    // the same requests through both models: per-request figures agree up to rounding
    const results = checkouts.map((k) => {
      const out = join(scratch, `six-${k.label.replace(/\W/g, '')}.json`);
      run(k.dir, six, out);
      return JSON.parse(readFileSync(out, 'utf8')).replications[0].inference.chat;
    });
    console.log('\nweek-chat-10rps, 6 h: per-request figures, before and now');
    let worst = 0;
    for (const metric of ['ttft', 'tpot', 'e2e'])
      for (const stat of ['mean', 'p50', 'p99', 'max']) {
        const [a, b] = results.map((r) => r[metric][stat]);
        worst = Math.max(worst, Math.abs(a - b) / Math.abs(a));
        console.log(`  ${`${metric} ${stat}`.padEnd(10)} ${a.toPrecision(12).padStart(16)} ${b.toPrecision(12).padStart(16)}`);
      }
    console.log(`  completed ${results.map((r) => r.completed).join(' / ')}; largest relative difference ${worst.toExponential(2)}`);
  }
} finally {
  if (before !== undefined) removeCheckout(root, before);
  rmSync(scratch, { recursive: true, force: true });
}
