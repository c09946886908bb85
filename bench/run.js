// M/M/c benchmark: (a) a bare typed-array heap loop, (b) our engine (Simulation +
// ServerPool through the public API), (c) simjs 2.0.3 (Facility, FCFS). Models: ./mmc-models.js.
//
// All three draw inter-arrival and service times from the same named RandomStreams,
// in the same order, so they simulate the same sample path: their mean waits agree
// to rounding (a single run from an empty system, so it sits near, not on, Erlang C)
// and the timings compare engine overhead only. Events = arrivals + departures.
//
// Runners are interleaved round-robin after a JIT warm-up; wall times are medians and
// ratios are medians of per-round ratios, which keeps a noisy shared machine fair.
//
// Usage: npm run bench -- [--jobs 1000000] [--servers 8] [--lambda 7.2] [--mu 1]
//                         [--reps 5] [--simjs-jobs N (0 skips simjs)] [--simjs-reps 3] [--seed 1]
//        or, if the whole-project build fails for unrelated reasons:
//        npx tsc -p tsconfig.build.json; node bench/run.js [options]
import { performance } from 'node:perf_hooks';
import { erlangCWq, runBareHeap, runEngine, runSimjs } from './mmc-models.js';

const options = parseArgs(process.argv.slice(2), {
  jobs: 1_000_000,
  servers: 8,
  lambda: 7.2,
  mu: 1,
  reps: 5,
  'simjs-jobs': undefined,
  'simjs-reps': 3,
  seed: 1,
});
const JOBS = options.jobs;
const C = options.servers;
const LAMBDA = options.lambda;
const MU = options.mu;
const SIMJS_JOBS = options['simjs-jobs'] ?? JOBS;
const MODEL = { servers: C, lambda: LAMBDA, mu: MU };

function parseArgs(argv, defaults) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (!flag.startsWith('--') || !(flag.slice(2) in defaults)) {
      console.error(`unknown option ${flag}; options: ${Object.keys(defaults).map((k) => `--${k}`).join(' ')}`);
      process.exit(2);
    }
    const value = Number(argv[++i]);
    if (!Number.isFinite(value)) {
      console.error(`${flag} needs a number`);
      process.exit(2);
    }
    out[flag.slice(2)] = value;
  }
  return out;
}

// ---------------------------------------------------------------- harness
function measureAll(runners) {
  for (const r of runners) r.fn(Math.min(r.jobs, 100_000), options.seed + 1000, MODEL); // JIT warm-up
  const times = runners.map(() => []);
  const results = [];
  const rounds = Math.max(...runners.map((r) => r.reps));
  for (let round = 0; round < rounds; round++) {
    runners.forEach((r, i) => {
      if (round >= r.reps) return;
      const t0 = performance.now();
      results[i] = r.fn(r.jobs, options.seed, MODEL);
      times[i].push((performance.now() - t0) / 1000);
    });
  }
  return runners.map((r, i) => {
    const wall = median(times[i]);
    const res = results[i];
    return { name: r.name, times: times[i], wall, min: Math.min(...times[i]), ...res, eventsPerSec: res.events / wall, jobsPerSec: res.jobs / wall };
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median over rounds of (events/s of a) / (events/s of b). */
function rateRatio(a, b) {
  const n = Math.min(a.times.length, b.times.length);
  const ratios = [];
  for (let k = 0; k < n; k++) ratios.push(a.events / a.times[k] / (b.events / b.times[k]));
  return median(ratios);
}

const wq = erlangCWq(C, LAMBDA, MU);
console.log(`M/M/${C}: lambda=${LAMBDA}/s mu=${MU}/s rho=${(LAMBDA / (C * MU)).toFixed(3)}; Erlang C Wq=${wq.toFixed(4)} s`);
console.log(`jobs=${JOBS} (simjs ${SIMJS_JOBS}), median of ${options.reps} interleaved reps (simjs ${options['simjs-reps']}) after a warm-up run; node ${process.version}`);

const runners = [
  { name: 'bare heap', fn: runBareHeap, jobs: JOBS, reps: options.reps },
  { name: 'engine', fn: runEngine, jobs: JOBS, reps: options.reps },
];
if (SIMJS_JOBS > 0) runners.push({ name: 'simjs 2.0.3', fn: runSimjs, jobs: SIMJS_JOBS, reps: options['simjs-reps'] });
const rows = measureAll(runners);
const fmt = (x, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
console.log('');
console.log('runner        wall(s)  min(s)    events/s      jobs/s   mean wait(s)');
for (const r of rows) {
  console.log(
    `${r.name.padEnd(12)} ${fmt(r.wall, 3).padStart(8)} ${fmt(r.min, 3).padStart(7)} ${fmt(r.eventsPerSec).padStart(12)} ${fmt(r.jobsPerSec).padStart(11)}   ${r.meanWait.toFixed(4)}`,
  );
}
const [heap, ours, simjs] = rows;
console.log('');
console.log(`ours/heap  (events/s, median of per-round ratios): ${rateRatio(ours, heap).toFixed(3)}   target >= 0.8`);
if (simjs) console.log(`ours/simjs (events/s, median of per-round ratios): ${rateRatio(ours, simjs).toFixed(2)}    target >= 3`);
console.log(`engine wall for ${fmt(JOBS)} jobs: ${ours.wall.toFixed(3)} s   target < 2 s (1M jobs)`);
