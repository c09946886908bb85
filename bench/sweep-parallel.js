// Parallel efficiency of a sweep: the same 100-variant sweep with --workers 1 and --workers 2 (worker
// threads started inside each run, as on the command line), fresh output folders, rounds interleaved so
// a noisy shared machine treats both alike. Prints wall times, medians and the speed-up.
// Target (issue "Batch sweeps in CI and beyond one machine"): workers 2 ≥ 1.7× workers 1 on 2 cores.
//
// Each thread pays a fixed start-up (loading the simulator, ~0.7 s, and JIT warm-up, ~0.5 s): the
// default of 10 replications per variant (~0.15 s) is a realistic planning sweep; --replications 3
// shows how short variants let those fixed costs cap the speed-up.
//
// Usage: npm run build && node bench/sweep-parallel.js [--sweep scenarios/sweeps/h100-capacity-grid.yaml]
//                                                      [--replications 10] [--rounds 3] [--workers 1,2]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadSweep } from '../dist/sweep/load-sweep.js';
import { runSweep } from '../dist/sweep/run-sweep.js';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const file = args.sweep ?? 'scenarios/sweeps/h100-capacity-grid.yaml';
const rounds = Number(args.rounds ?? 3);
const workerCounts = (args.workers ?? '1,2').split(',').map(Number);

const plan = loadSweep(file, { replications: Number(args.replications ?? 10) });
console.log(
  `sweep ${plan.name}: ${plan.space.count} variants × ${plan.replications} replications; ${availableParallelism()} cores; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

/** Busy and total jiffies of the whole machine (Linux /proc/stat), to tell our load from other processes'. */
function machineTicks() {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3] + (f[4] ?? 0);
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

const times = new Map(workerCounts.map((w) => [w, []]));
const rows = [];
const sims = new Map(workerCounts.map((w) => [w, []]));
for (let round = 1; round <= rounds; round++) {
  const order = round % 2 === 1 ? workerCounts : [...workerCounts].reverse();
  for (const workers of order) {
    const dir = mkdtempSync(join(tmpdir(), 'sweep-bench-'));
    const m0 = machineTicks();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await runSweep(plan, { outDir: dir, workers, resume: false });
    const wall = performance.now() - t0;
    const c1 = process.cpuUsage(c0);
    const m1 = machineTicks();
    // cores busy on the whole machine, and those used by this process (all its threads)
    const machine = m0 && m1 ? ((m1.busy - m0.busy) / (m1.total - m0.total)) * availableParallelism() : NaN;
    const ours = (c1.user + c1.system) / 1000 / wall;
    const others = Math.max(0, machine - ours);
    rows.push({ round, workers, wall, others });
    rmSync(dir, { recursive: true, force: true });
    times.get(workers).push(wall);
    sims.get(workers).push(r.simulateMs);
    console.log(
      `round ${round}: --workers ${workers}: ${(wall / 1000).toFixed(2)} s wall (simulation ${(r.simulateMs / 1000).toFixed(2)} s summed over threads; run ${(r.timings.runMs / 1000).toFixed(2)} s, results files ${(r.timings.assembleMs / 1000).toFixed(2)} s, HTML ${(r.timings.htmlMs / 1000).toFixed(2)} s); ` +
        `this process used ${ours.toFixed(2)} cores, other processes ${Number.isNaN(others) ? '?' : others.toFixed(2)} cores`,
    );
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(times.get(workerCounts[0]));
for (const w of workerCounts) {
  const m = median(times.get(w));
  console.log(
    `--workers ${w}: median ${(m / 1000).toFixed(2)} s; speed-up vs --workers ${workerCounts[0]}: ${(base / m).toFixed(2)}×; efficiency ${((base / m / (w / workerCounts[0])) * 100).toFixed(0)} %`,
  );
}
const pairs = [];
for (let round = 1; round <= rounds; round++) {
  const [a, b] = workerCounts.map((w) => rows.find((x) => x.round === round && x.workers === w));
  if (a && b) pairs.push({ round, speedUp: a.wall / b.wall, others: Math.max(a.others, b.others) });
}
for (const p of pairs) console.log(`round ${p.round}: speed-up ${p.speedUp.toFixed(2)}× (other processes used up to ${Number.isNaN(p.others) ? '?' : p.others.toFixed(2)} cores)`);
const quiet = pairs.filter((p) => p.others < 0.25);
if (quiet.length > 0) console.log(`rounds with the machine to ourselves (other processes < 0.25 core): speed-up ${quiet.map((p) => p.speedUp.toFixed(2)).join(', ')}×`);
else console.log('no round had the machine to itself: every speed-up above is diluted by other processes');
console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (other processes on the machine inflate every figure)`,
);
