// M/M/c benchmark: (a) a bare typed-array heap loop, (b) our engine (Simulation +
// ServerPool through the public API), (c) simjs 2.0.3 (Facility, FCFS).
//
// All three draw inter-arrival and service times from the same named RandomStreams,
// in the same order, so they simulate the same sample path: their mean waits agree
// to rounding and the timings compare engine overhead only.
//
// Usage: npm run bench -- [--jobs 1000000] [--servers 8] [--lambda 7.2] [--mu 1]
//                         [--reps 5] [--simjs-jobs N] [--simjs-reps 3] [--seed 1]
//        (or, after `npx tsc -p tsconfig.build.json`: node bench/run.js [options])
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
function measure(name, fn, jobs, reps) {
  fn(Math.min(jobs, 100_000), options.seed + 1000, MODEL); // warm-up (JIT)
  const times = [];
  let result;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    result = fn(jobs, options.seed, MODEL);
    times.push((performance.now() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  const wall = times[Math.floor(times.length / 2)];
  return { name, wall, min: times[0], ...result, eventsPerSec: result.events / wall, jobsPerSec: result.jobs / wall };
}

const wq = erlangCWq(C, LAMBDA, MU);
console.log(`M/M/${C}: lambda=${LAMBDA}/s mu=${MU}/s rho=${(LAMBDA / (C * MU)).toFixed(3)}; Erlang C Wq=${wq.toFixed(4)} s`);
console.log(`jobs=${JOBS} (simjs ${SIMJS_JOBS}), median of ${options.reps} reps (simjs ${options['simjs-reps']}) after a warm-up run; node ${process.version}`);

const rows = [
  measure('bare heap', runBareHeap, JOBS, options.reps),
  measure('engine', runEngine, JOBS, options.reps),
];
if (SIMJS_JOBS > 0) rows.push(measure('simjs 2.0.3', runSimjs, SIMJS_JOBS, options['simjs-reps']));
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
console.log(`ours/heap  (events/s): ${(ours.eventsPerSec / heap.eventsPerSec).toFixed(3)}   target >= 0.8`);
if (simjs) console.log(`ours/simjs (events/s): ${(ours.eventsPerSec / simjs.eventsPerSec).toFixed(2)}    target >= 3`);
console.log(`engine wall for ${fmt(JOBS)} jobs: ${ours.wall.toFixed(3)} s   target < 2 s (1M jobs)`);
