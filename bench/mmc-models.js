// The M/M/c model four ways, for bench/run.js. Every runner takes (model, seed) with
// model = { servers, lambda, mu, horizon } (rates per second, horizon in seconds) and returns
// { events, arrived, started, meanWait }: arrivals stop at the horizon and so does the run, so a
// saturated model (λ ≥ cμ) ends with a long queue instead of running for ever.
//
// (a) bare heap, (b) engine calendar and (d) simjs draw inter-arrival and service times from the same
// named RandomStreams in the same order, so they follow the same sample path and report the same mean
// wait. (c) the product draws from its own streams (another sample path, the same law).
import { createRequire } from 'node:module';
import { RandomStreams, Simulation } from '../dist/engine/index.js';
import { parseScenario } from '../dist/scenario/load-scenario.js';
import { simulate } from '../dist/simulate/simulate.js';

function streams(seed) {
  const rs = new RandomStreams(seed);
  return { arrivals: rs.stream('arrivals'), service: rs.stream('service') };
}

/** FIFO of waiting arrival times in a growable Float64Array ring. */
class WaitingLine {
  constructor() {
    this.ring = new Float64Array(1024);
    this.head = 0;
    this.length = 0;
  }
  push(time) {
    const capacity = this.ring.length;
    if (this.length === capacity) {
      const grown = new Float64Array(capacity * 2);
      for (let k = 0; k < this.length; k++) grown[k] = this.ring[(this.head + k) & (capacity - 1)];
      this.ring = grown;
      this.head = 0;
    }
    this.ring[(this.head + this.length++) & (this.ring.length - 1)] = time;
  }
  shift() {
    const time = this.ring[this.head];
    this.head = (this.head + 1) & (this.ring.length - 1);
    this.length--;
    return time;
  }
}

// ---------------------------------------------------------------- (a) bare heap
// Binary heap over typed arrays keyed (time, seq), payload = event type; no validation, no
// cancellation, no statistics beyond the mean wait: the floor for this model in JavaScript.
export function runBareHeap({ servers: C, lambda: LAMBDA, mu: MU, horizon }, seed) {
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
      const t = new Float64Array(cap);
      t.set(hTime);
      hTime = t;
      const s = new Float64Array(cap);
      s.set(hSeq);
      hSeq = s;
      const y = new Int32Array(cap);
      y.set(hType);
      hType = y;
    }
    const key = seq++;
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = hTime[p];
      if (pt < time || (pt === time && hSeq[p] < key)) break;
      hTime[i] = pt;
      hSeq[i] = hSeq[p];
      hType[i] = hType[p];
      i = p;
    }
    hTime[i] = time;
    hSeq[i] = key;
    hType[i] = type;
  }
  function pop() {
    const type = hType[0];
    const n = --size;
    if (n > 0) {
      const time = hTime[n],
        key = hSeq[n],
        ty = hType[n];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        let ct = hTime[c];
        const r = c + 1;
        if (r < n) {
          const rt = hTime[r];
          if (rt < ct || (rt === ct && hSeq[r] < hSeq[c])) {
            c = r;
            ct = rt;
          }
        }
        if (time < ct || (time === ct && key < hSeq[c])) break;
        hTime[i] = ct;
        hSeq[i] = hSeq[c];
        hType[i] = hType[c];
        i = c;
      }
      hTime[i] = time;
      hSeq[i] = key;
      hType[i] = ty;
    }
    return type;
  }
  const line = new WaitingLine();
  let busy = 0;
  let arrived = 0;
  let started = 0;
  let totalWait = 0;
  let events = 0;
  function startService(arrivalTime) {
    totalWait += now - arrivalTime;
    started++;
    busy++;
    push(now - Math.log1p(-service.uniform()) / MU, 1);
  }
  function arrival() {
    arrived++;
    if (busy < C) startService(now);
    else line.push(now);
    push(now - Math.log1p(-arrivals.uniform()) / LAMBDA, 0);
  }
  function departure() {
    busy--;
    if (line.length > 0) startService(line.shift());
  }
  const callbacks = [arrival, departure];
  push(-Math.log1p(-arrivals.uniform()) / LAMBDA, 0);
  while (size > 0 && hTime[0] <= horizon) {
    now = hTime[0];
    const type = pop();
    events++;
    callbacks[type]();
  }
  return { events, arrived, started, meanWait: totalWait / started };
}

// ---------------------------------------------------------------- (b) engine calendar
// The product's event calendar (src/engine/simulation.ts) with the same hand-written FIFO as (a): what
// the calendar costs over a bare heap (validation, cancellable handles, priorities, run guard).
export function runEngineCalendar({ servers: C, lambda: LAMBDA, mu: MU, horizon }, seed) {
  const { arrivals, service } = streams(seed);
  const sim = new Simulation();
  const line = new WaitingLine();
  let busy = 0;
  let arrived = 0;
  let started = 0;
  let totalWait = 0;
  function startService(arrivalTime) {
    totalWait += sim.now - arrivalTime;
    started++;
    busy++;
    sim.schedule(-Math.log1p(-service.uniform()) / MU, departure, undefined);
  }
  function arrival() {
    arrived++;
    if (busy < C) startService(sim.now);
    else line.push(sim.now);
    sim.schedule(-Math.log1p(-arrivals.uniform()) / LAMBDA, arrival, undefined);
  }
  function departure() {
    busy--;
    if (line.length > 0) startService(line.shift());
  }
  sim.schedule(-Math.log1p(-arrivals.uniform()) / LAMBDA, arrival, undefined);
  sim.run(horizon);
  return { events: sim.eventsProcessed, arrived, started, meanWait: totalWait / started };
}

// ---------------------------------------------------------------- (c) the product
/**
 * The M/M/c model as a scenario a user writes: Poisson arrivals, exponential service (`reference_time`
 * on the reference device itself, so a job runs exactly its draw), `servers` nodes of one device
 * each, FCFS, no costs, one replication, no warm-up.
 */
export function mmcScenarioYaml({ servers, lambda, mu, horizon }, seed) {
  return `
name: mm${servers}-bench
seed: ${seed}
horizon: ${horizon} s
warmup: 0 s
replications: 1
scheduler: fcfs
costs: none
limits: { max_queued: 1000000000 }
reference: { device: gpu, precision: bf16 }
profiles:
  gpu: { id: gpu, kind: gpu, name: one GPU, vendor: bench, peak: { bf16: 100 TFLOPS } }
  cpu: { id: cpu, kind: cpu, name: one CPU, vendor: bench, peak: { fp64: 1 TFLOPS } }
  node: { id: node, kind: node, name: one-GPU node, vendor: bench, accelerators: { profile: gpu, count: 1 }, cpus: { profile: cpu, count: 1 } }
sites:
  lab: { nodes: { type: node, count: ${servers} } }
workloads:
  - name: jobs
    arrivals: { rate: ${lambda} /s }
    devices: 1
    work: { reference_time: { kind: exponential, mean: ${1 / mu} s } }
`;
}

/** Parses the scenario text as `simulate scenario.yaml` does; untimed (bench/run.js times it once apart). */
export function productScenario(model, seed) {
  return parseScenario(mmcScenarioYaml(model, seed), 'mmc-bench.yaml');
}

/** `simulate(scenario)`: the code behind `simulate scenario.yaml` once the file is parsed. */
export function runProduct(model, seed, scenario = productScenario(model, seed)) {
  const result = simulate(scenario);
  const r = result.replications[0];
  if (!result.complete) throw new Error(`the product run stopped early: ${result.stopped_by}`);
  return { events: r.events, arrived: r.jobs.submitted, started: r.jobs.wait.count, meanWait: r.jobs.wait.mean };
}

// ---------------------------------------------------------------- (d) simjs
// simjs 2.0.3's bundle exports nothing under require and only sets window.Sim, so it is loaded with a
// window for the time of the require. Its Facility FCFS reports the waits of served customers only.
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

export function runSimjs({ servers: C, lambda: LAMBDA, mu: MU, horizon }, seed) {
  const { arrivals, service } = streams(seed);
  const sim = new SimJS.Sim();
  const facility = new SimJS.Facility('servers', SimJS.Facility.FCFS, C);
  let arrived = 0;
  let completed = 0;
  class Source extends SimJS.Entity {
    start() {
      this.setTimer(-Math.log1p(-arrivals.uniform()) / LAMBDA).done(this.arrive);
    }
    arrive() {
      arrived++;
      this.useFacility(facility, -Math.log1p(-service.uniform()) / MU).done(() => completed++);
      this.setTimer(-Math.log1p(-arrivals.uniform()) / LAMBDA).done(this.arrive);
    }
  }
  sim.addEntity(Source);
  sim.simulate(horizon);
  const waits = facility.queueStats().durationSeries;
  // Events as the other runners count them: arrivals plus departures.
  return { events: arrived + completed, arrived, started: waits.count(), meanWait: waits.average() };
}
