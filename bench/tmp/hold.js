import { performance } from 'node:perf_hooks';
const { RandomStreams, Simulation } = await import(process.env.ENGINE);
function hold(pending, events) {
  const u = new RandomStreams(1).stream('hold');
  const sim = new Simulation();
  let left = events;
  function ev() { if (left-- > 0) sim.schedule(-Math.log1p(-u.uniform()), ev, undefined); }
  for (let i = 0; i < pending; i++) sim.schedule(-Math.log1p(-u.uniform()), ev, undefined);
  sim.run();
  return sim.eventsProcessed;
}
for (const pending of [10, 1000, 100000]) {
  hold(pending, 200000);
  const ts = [];
  for (let r = 0; r < 7; r++) { const t0 = performance.now(); hold(pending, 2e6); ts.push(performance.now() - t0); }
  ts.sort((a, b) => a - b);
  console.log(pending, 'pending: median', ts[3].toFixed(1), 'ms for 2M events');
}
