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
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { RandomStreams, ServerPool, Simulation } from '../dist/engine/index.js';

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

function streams(seed) {
  const rs = new RandomStreams(seed);
  return { arrivals: rs.stream('arrivals'), service: rs.stream('service') };
}

// ---------------------------------------------------------------- (a) bare heap
// Binary heap over typed arrays keyed (time, seq), payload = callback index;
// FIFO of waiting arrival times in a Float64Array ring. No pool abstraction,
// no validation, no statistics: the floor for this model.
function runBareHeap(jobs, seed) {
  const { arrivals, service } = streams(seed);
  let cap = 64;
  let hTime = new Float64Array(cap);
  let hSeq = new Float64Array(cap);
  let hType = new Int32Array(cap);
  let size = 0;
  let seq = 0;
  let now = 0;
  function push(time, type) {
    if (size === cap) {
      cap *= 2;
      const t = new Float64Array(cap); t.set(hTime); hTime = t;
      const s = new Float64Array(cap); s.set(hSeq); hSeq = s;
      const y = new Int32Array(cap); y.set(hType); hType = y;
    }
    const key = seq++;
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = hTime[p];
      if (pt < time || (pt === time && hSeq[p] < key)) break;
      hTime[i] = pt; hSeq[i] = hSeq[p]; hType[i] = hType[p];
      i = p;
    }
    hTime[i] = time; hSeq[i] = key; hType[i] = type;
  }
  function pop() {
    const type = hType[0];
    const n = --size;
    if (n > 0) {
      const time = hTime[n], key = hSeq[n], ty = hType[n];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        let ct = hTime[c];
        const r = c + 1;
        if (r < n) {
          const rt = hTime[r];
          if (rt < ct || (rt === ct && hSeq[r] < hSeq[c])) { c = r; ct = rt; }
        }
        if (time < ct || (time === ct && key < hSeq[c])) break;
        hTime[i] = ct; hSeq[i] = hSeq[c]; hType[i] = hType[c];
        i = c;
      }
      hTime[i] = time; hSeq[i] = key; hType[i] = ty;
    }
    return type;
  }
  let qCap = 1024;
  let q = new Float64Array(qCap);
  let qHead = 0;
  let qLen = 0;
  let busy = 0;
  let arrived = 0;
  let totalWait = 0;
  let events = 0;

  function startService(arrivalTime) {
    totalWait += now - arrivalTime;
    busy++;
    push(now - Math.log1p(-service.uniform()) / MU, 1);
  }
  function arrival() {
    arrived++;
    if (busy < C) startService(now);
    else {
      if (qLen === qCap) {
        const nq = new Float64Array(qCap * 2);
        for (let k = 0; k < qLen; k++) nq[k] = q[(qHead + k) & (qCap - 1)];
        q = nq; qHead = 0; qCap *= 2;
      }
      q[(qHead + qLen++) & (qCap - 1)] = now;
    }
    if (arrived < jobs) push(now - Math.log1p(-arrivals.uniform()) / LAMBDA, 0);
  }
  function departure() {
    busy--;
    if (qLen > 0) {
      const t = q[qHead];
      qHead = (qHead + 1) & (qCap - 1);
      qLen--;
      startService(t);
    }
  }
  const callbacks = [arrival, departure];
  push(-Math.log1p(-arrivals.uniform()) / LAMBDA, 0);
  while (size > 0) {
    now = hTime[0];
    const type = pop();
    events++;
    callbacks[type]();
  }
  return { events, jobs: arrived, meanWait: totalWait / arrived };
}

// ---------------------------------------------------------------- (b) our engine
function runEngine(jobs, seed) {
  const { arrivals, service } = streams(seed);
  const sim = new Simulation();
  const pool = new ServerPool(sim, C, { name: 'servers' });
  let arrived = 0;
  let totalWait = 0;
  function arrival() {
    arrived++;
    pool.request(1, start, sim.now);
    if (arrived < jobs) sim.schedule(-Math.log1p(-arrivals.uniform()) / LAMBDA, arrival, undefined);
  }
  function start(arrivalTime) {
    totalWait += sim.now - arrivalTime;
    sim.schedule(-Math.log1p(-service.uniform()) / MU, departure, undefined);
  }
  function departure() {
    pool.release(1);
  }
  sim.schedule(-Math.log1p(-arrivals.uniform()) / LAMBDA, arrival, undefined);
  sim.run();
  return { events: sim.eventsProcessed, jobs: arrived, meanWait: totalWait / arrived, utilisation: pool.utilisation() };
}

// ---------------------------------------------------------------- (c) simjs
function loadSimjs() {
  const g = globalThis;
  const hadWindow = 'window' in g;
  if (!hadWindow) g.window = g;
  createRequire(import.meta.url)('simjs/sim.js');
  const Sim = g.window.Sim;
  if (!hadWindow) delete g.window;
  return Sim;
}
const SimJS = loadSimjs();

function runSimjs(jobs, seed) {
  const { arrivals, service } = streams(seed);
  const sim = new SimJS.Sim();
  const facility = new SimJS.Facility('servers', SimJS.Facility.FCFS, C);
  let arrived = 0;
  class Source extends SimJS.Entity {
    start() {
      this.setTimer(-Math.log1p(-arrivals.uniform()) / LAMBDA).done(this.arrive);
    }
    arrive() {
      arrived++;
      this.useFacility(facility, -Math.log1p(-service.uniform()) / MU);
      if (arrived < jobs) this.setTimer(-Math.log1p(-arrivals.uniform()) / LAMBDA).done(this.arrive);
    }
  }
  sim.addEntity(Source);
  sim.simulate(Infinity);
  const waits = facility.queueStats().durationSeries;
  return { events: 2 * arrived, jobs: arrived, meanWait: waits.average(), servedCount: waits.count() };
}

// ---------------------------------------------------------------- Erlang C
function erlangCWq(c, lambda, mu) {
  const a = lambda / mu;
  const rho = a / c;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const last = (term * a) / c / (1 - rho);
  return last / (sum + last) / (c * mu - lambda);
}

// ---------------------------------------------------------------- harness
function measure(name, fn, jobs, reps) {
  fn(Math.min(jobs, 100_000), options.seed + 1000); // warm-up (JIT)
  const times = [];
  let result;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    result = fn(jobs, options.seed);
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
