/**
 * Differential test against an independent DES: simjs 2.0.3 (Facility, FCFS) and our
 * Simulation + ServerPool on the same M/M/c model.
 *
 * 1. Common random numbers: both are fed the identical inter-arrival and service
 *    sequences, so FCFS waits must agree customer by customer.
 * 2. Independent randomness (simjs's own Mersenne Twister vs our streams), several
 *    seeds each: the mean waits must agree with each other and with Erlang C within
 *    99% confidence intervals over replications.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { RandomStreams, ServerPool, Simulation } from '../../src/engine/index.js';

// ---- simjs loader: the bundle exports nothing under require and only sets window.Sim.
interface SimjsRequest {
  done(callback: () => void): SimjsRequest;
}
interface SimjsEntity {
  time(): number;
  setTimer(delay: number): SimjsRequest;
  useFacility(facility: unknown, duration: number): SimjsRequest;
}
interface SimjsApi {
  Sim: new () => { addEntity(klass: unknown): unknown; simulate(endTime: number): void };
  Entity: new (...args: never[]) => SimjsEntity;
  Facility: (new (name: string, discipline: number, servers: number) => unknown) & { FCFS: number };
  Random: new (seed: number) => { exponential(lambda: number): number };
}

function loadSimjs(): SimjsApi {
  const g = globalThis as { window?: unknown };
  const hadWindow = 'window' in g;
  if (!hadWindow) g.window = globalThis;
  try {
    createRequire(import.meta.url)('simjs/sim.js');
    const sim = (g.window as { Sim?: SimjsApi }).Sim;
    if (sim === undefined) throw new Error('simjs did not set window.Sim');
    return sim;
  } finally {
    if (!hadWindow) delete g.window;
  }
}
const Simjs = loadSimjs();

// ---- M/M/c theory
/** Erlang C: probability an arrival waits in M/M/c with offered load a = λ/μ < c. */
function erlangC(c: number, a: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const last = (term * a) / c / (1 - a / c);
  return last / (sum + last);
}
function mmcMeanWait(c: number, lambda: number, mu: number): number {
  return erlangC(c, lambda / mu) / (c * mu - lambda);
}

const C = 4;
const LAMBDA = 3.2; // ρ = 0.8
const MU = 1;
const WQ = mmcMeanWait(C, LAMBDA, MU);

type Draw = () => number;

/** Our engine: returns per-customer waits (customer order = arrival order). */
function runOurs(customers: number, interarrival: Draw, service: Draw): Float64Array {
  const sim = new Simulation();
  const pool = new ServerPool(sim, C);
  const waits = new Float64Array(customers);
  let arrived = 0;
  const depart = (): void => pool.release(1);
  const start = (customer: number): void => {
    waits[customer] = sim.now - arrivalTimes[customer]!;
    sim.schedule(serviceTimes[customer]!, depart, undefined);
  };
  const arrivalTimes = new Float64Array(customers);
  const serviceTimes = new Float64Array(customers);
  const arrive = (): void => {
    const customer = arrived++;
    arrivalTimes[customer] = sim.now;
    serviceTimes[customer] = service();
    pool.request(1, start, customer);
    if (arrived < customers) sim.schedule(interarrival(), arrive, undefined);
  };
  sim.schedule(interarrival(), arrive, undefined);
  sim.run();
  return waits;
}

/** simjs: same model with an Entity and a FCFS Facility; service drawn at arrival, as above. */
function runSimjs(customers: number, interarrival: Draw, service: Draw): Float64Array {
  const sim = new Simjs.Sim();
  const facility = new Simjs.Facility('servers', Simjs.Facility.FCFS, C);
  const waits = new Float64Array(customers);
  let arrived = 0;
  class Source extends Simjs.Entity {
    start(): void {
      this.setTimer(interarrival()).done(() => this.arrive());
    }
    arrive(): void {
      const customer = arrived++;
      const at = this.time();
      const duration = service();
      this.useFacility(facility, duration).done(() => {
        waits[customer] = this.time() - at - duration;
      });
      if (arrived < customers) this.setTimer(interarrival()).done(() => this.arrive());
    }
  }
  sim.addEntity(Source);
  sim.simulate(Infinity);
  return waits;
}

function mean(xs: Float64Array, from = 0): number {
  let sum = 0;
  for (let i = from; i < xs.length; i++) sum += xs[i]!;
  return sum / (xs.length - from);
}

/** Mean and standard error over replications. */
function summary(values: number[]): { mean: number; se: number } {
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1);
  return { mean: m, se: Math.sqrt(variance / values.length) };
}

describe('differential: simjs 2.0.3 vs our engine on M/M/4, ρ = 0.8', () => {
  it('with common random numbers, every customer waits the same time in both', () => {
    const customers = 20_000;
    const streams = (seed: number) => {
      const rs = new RandomStreams(seed);
      const a = rs.stream('arrivals');
      const s = rs.stream('service');
      return {
        interarrival: () => -Math.log1p(-a.uniform()) / LAMBDA,
        service: () => -Math.log1p(-s.uniform()) / MU,
      };
    };
    const one = streams(17);
    const ours = runOurs(customers, one.interarrival, one.service);
    const two = streams(17);
    const theirs = runSimjs(customers, two.interarrival, two.service);
    let maxDifference = 0;
    let waited = 0;
    for (let i = 0; i < customers; i++) {
      maxDifference = Math.max(maxDifference, Math.abs(ours[i]! - theirs[i]!));
      if (ours[i]! > 0) waited++;
    }
    // simjs derives the wait as (end − arrival − service): rounding only.
    expect(maxDifference).toBeLessThan(1e-9);
    expect(waited).toBeGreaterThan(customers * 0.3); // the queue was really exercised
  });

  it('with independent randomness, mean waits agree with each other and with Erlang C (99% CIs)', () => {
    const customers = 200_000;
    const warmup = 10_000; // customers discarded from each replication
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
    const oursMeans: number[] = [];
    const simjsMeans: number[] = [];
    for (const seed of seeds) {
      const rs = new RandomStreams(seed);
      const a = rs.stream('arrivals');
      const s = rs.stream('service');
      oursMeans.push(
        mean(runOurs(customers, () => -Math.log1p(-a.uniform()) / LAMBDA, () => -Math.log1p(-s.uniform()) / MU), warmup),
      );
      const random = new Simjs.Random(seed);
      simjsMeans.push(mean(runSimjs(customers, () => random.exponential(LAMBDA), () => random.exponential(MU)), warmup));
    }
    const ours = summary(oursMeans);
    const theirs = summary(simjsMeans);
    const t99 = 3.499; // Student t, 7 degrees of freedom, two-sided 99%
    expect(Math.abs(ours.mean - WQ)).toBeLessThan(t99 * ours.se);
    expect(Math.abs(theirs.mean - WQ)).toBeLessThan(t99 * theirs.se);
    expect(Math.abs(ours.mean - theirs.mean)).toBeLessThan(t99 * Math.hypot(ours.se, theirs.se));
    // The intervals are informative: a few percent of Wq, not a free pass.
    expect(t99 * ours.se).toBeLessThan(0.05 * WQ);
    expect(t99 * theirs.se).toBeLessThan(0.05 * WQ);
  });
});
