import { performance } from 'node:perf_hooks';
const A = await import('./v3/index.js');
const B = await import('./v6/index.js');
function holdA(E, pending, events) {
  const u = new E.RandomStreams(1).stream('hold');
  const sim = new E.Simulation();
  let left = events;
  function ev() { if (left-- > 0) sim.schedule(-Math.log1p(-u.uniform()), ev, undefined); }
  for (let i = 0; i < pending; i++) sim.schedule(-Math.log1p(-u.uniform()), ev, undefined);
  sim.run();
  return sim.eventsProcessed;
}
function holdB(E, pending, events) {
  const u = new E.RandomStreams(1).stream('hold');
  const sim = new E.Simulation();
  let left = events;
  function ev() { if (left-- > 0) sim.schedule(-Math.log1p(-u.uniform()), ev, undefined); }
  for (let i = 0; i < pending; i++) sim.schedule(-Math.log1p(-u.uniform()), ev, undefined);
  sim.run();
  return sim.eventsProcessed;
}
for (const pending of [10, 1000, 100000]) {
  holdA(A, pending, 200000); holdB(B, pending, 200000);
  const ra = []; const rb = [];
  for (let r = 0; r < 11; r++) {
    let t0 = performance.now(); holdA(A, pending, 2e6); const ta = performance.now() - t0;
    t0 = performance.now(); holdB(B, pending, 2e6); const tb = performance.now() - t0;
    ra.push(ta); rb.push(ta / tb);
  }
  ra.sort((a, b) => a - b); rb.sort((a, b) => a - b);
  console.log(pending, 'pending: binary median', ra[5].toFixed(1), 'ms; 4-ary speedup (median ratio)', rb[5].toFixed(3));
}
