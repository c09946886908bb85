import { performance } from 'node:perf_hooks';
import { runBareHeap } from '../mmc-models.js';
const M = { servers: 8, lambda: 7.2, mu: 1 };
const variants = process.argv.slice(2);
const src = (await import('node:fs')).readFileSync(new URL('../mmc-models.js', import.meta.url), 'utf8');
const body = src.slice(src.indexOf('export function runEngine'), src.indexOf('// ---------------------------------------------------------------- (c) simjs'));
const fns = { bare: (n, s) => runBareHeap(n, s, M) };
for (const v of variants) {
  const E = await import(`./${v}/index.js`);
  // A separate copy of the model per engine, so call sites stay monomorphic.
  const make = new Function('RandomStreams', 'ServerPool', 'Simulation', 'streams', body.replace('export function runEngine', 'return function runEngine'));
  const streams = (seed) => { const rs = new E.RandomStreams(seed); return { arrivals: rs.stream('arrivals'), service: rs.stream('service') }; };
  const run = make(E.RandomStreams, E.ServerPool, E.Simulation, streams);
  fns[v] = (n, s) => run(n, s, M);
}
for (const f of Object.values(fns)) f(100000, 5);
const times = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
const R = 21;
for (let r = 0; r < R; r++) for (const [k, f] of Object.entries(fns)) { const t0 = performance.now(); f(1e6, 1); times[k].push(performance.now() - t0); }
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
for (const k of Object.keys(fns)) console.log(k.padEnd(8), 'median', med(times[k]).toFixed(1), 'ms  ratio vs bare', med(times[k].map((t, r) => times.bare[r] / t)).toFixed(3));
