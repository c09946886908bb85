// Scratch: isolate Simulation overhead vs ServerPool overhead (not part of the report).
import { performance } from 'node:perf_hooks';
import { runBareHeap } from './mmc-models.js';
const { RandomStreams, ServerPool, Simulation } = await import(process.env.ENGINE ?? '../dist/engine/index.js');
const M = { servers: 8, lambda: 7.2, mu: 1 };
const C = 8, LAMBDA = 7.2, MU = 1;
function streams(seed) { const rs = new RandomStreams(seed); return { arrivals: rs.stream('arrivals'), service: rs.stream('service') }; }

function simOnly(jobs, seed) {
  const { arrivals, service } = streams(seed);
  const sim = new Simulation();
  let q = new Float64Array(1 << 20); let qHead = 0, qLen = 0, busy = 0, arrived = 0, totalWait = 0;
  function startService(t) { totalWait += sim.now - t; busy++; sim.schedule(-Math.log1p(-service.uniform()) / MU, departure, undefined); }
  function arrival() {
    arrived++;
    if (busy < C) startService(sim.now); else { q[(qHead + qLen++) & ((1 << 20) - 1)] = sim.now; }
    if (arrived < jobs) sim.schedule(-Math.log1p(-arrivals.uniform()) / LAMBDA, arrival, undefined);
  }
  function departure() { busy--; if (qLen > 0) { const t = q[qHead]; qHead = (qHead + 1) & ((1 << 20) - 1); qLen--; startService(t); } }
  sim.schedule(-Math.log1p(-arrivals.uniform()) / LAMBDA, arrival, undefined);
  sim.run();
  return totalWait / arrived;
}
function engine(jobs, seed) {
  const { arrivals, service } = streams(seed);
  const sim = new Simulation();
  const pool = new ServerPool(sim, C);
  let arrived = 0, totalWait = 0;
  function arrival() { arrived++; pool.request(1, start, sim.now); if (arrived < jobs) sim.schedule(-Math.log1p(-arrivals.uniform()) / LAMBDA, arrival, undefined); }
  function start(t) { totalWait += sim.now - t; sim.schedule(-Math.log1p(-service.uniform()) / MU, departure, undefined); }
  function departure() { pool.release(1); }
  sim.schedule(-Math.log1p(-arrivals.uniform()) / LAMBDA, arrival, undefined);
  sim.run();
  return totalWait / arrived;
}
function engineSmi(jobs, seed) {
  const { arrivals, service } = streams(seed);
  const sim = new Simulation();
  const pool = new ServerPool(sim, C);
  const at = new Float64Array(1 << 20);
  let arrived = 0, totalWait = 0;
  function arrival() { at[arrived & 0xfffff] = sim.now; arrived++; pool.request(1, start, arrived - 1); if (arrived < jobs) sim.schedule(-Math.log1p(-arrivals.uniform()) / LAMBDA, arrival, undefined); }
  function start(j) { totalWait += sim.now - at[j & 0xfffff]; sim.schedule(-Math.log1p(-service.uniform()) / MU, departure, undefined); }
  function departure() { pool.release(1); }
  sim.schedule(-Math.log1p(-arrivals.uniform()) / LAMBDA, arrival, undefined);
  sim.run();
  return totalWait / arrived;
}
function rngOnly(jobs, seed) {
  const { arrivals, service } = streams(seed); let s = 0;
  for (let i = 0; i < jobs; i++) { s += -Math.log1p(-arrivals.uniform()) / LAMBDA; s += -Math.log1p(-service.uniform()) / MU; }
  return s;
}
const fns = { bare: (n, s) => runBareHeap(n, s, M).meanWait, simOnly, engine, engineSmi };
const times = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
for (const fn of Object.values(fns)) fn(100000, 5);
for (let round = 0; round < 21; round++) {
  for (const [name, fn] of Object.entries(fns)) { const t0 = performance.now(); fn(1e6, 1); times[name].push(performance.now() - t0); }
}
for (const [name, ts] of Object.entries(times)) {
  const sorted = [...ts].sort((a, b) => a - b);
  const ratios = ts.map((t, r) => times.bare[r] / t).sort((a, b) => a - b);
  console.log(name.padEnd(10), 'median', sorted[10].toFixed(1), 'min', sorted[0].toFixed(1), 'speed vs bare (median of per-round ratios)', ratios[10].toFixed(3));
}
