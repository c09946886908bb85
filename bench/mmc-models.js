// The M/M/c model written three ways, for bench/run.js. Each runner takes
// (jobs, seed, model) with model = { servers, lambda, mu } and returns
// { events, jobs, meanWait }. All draw inter-arrival and service times from the
// same named RandomStreams in the same order, so they follow the same sample path.
import { createRequire } from 'node:module';
import { RandomStreams, ServerPool, Simulation } from '../dist/engine/index.js';

function streams(seed) {
  const rs = new RandomStreams(seed);
  return { arrivals: rs.stream('arrivals'), service: rs.stream('service') };
}

// ---------------------------------------------------------------- (a) bare heap
// Binary heap over typed arrays keyed (time, seq), payload = callback index;
// FIFO of waiting arrival times in a Float64Array ring. No pool abstraction,
// no validation, no statistics: the floor for this model.
export function runBareHeap(jobs, seed, { servers: C, lambda: LAMBDA, mu: MU }) {
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
export function runEngine(jobs, seed, { servers: C, lambda: LAMBDA, mu: MU }) {
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

export function runSimjs(jobs, seed, { servers: C, lambda: LAMBDA, mu: MU }) {
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
export function erlangCWq(c, lambda, mu) {
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

