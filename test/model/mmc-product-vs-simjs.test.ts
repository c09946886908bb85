/**
 * M/M/c through the product path — the scenario text a user would write, parsed by `parseScenario` and
 * run by `simulate`, the code behind `simulate scenario.yaml` — checked against an independent DES,
 * simjs 2.0.3 (a Facility with FCFS), and against Erlang C from src/metrics/queueing-theory.ts.
 *
 * The servers are c nodes of one device each, so a job's placement goes through the pool's node
 * search (test/model/queueing-theory.test.ts covers one node of c devices).
 *
 * 1. Common random numbers: simjs is fed the inter-arrival and service times the product drew (read
 *    through the `onJob` hook), so FCFS waits must agree customer by customer.
 * 2. Independent randomness (simjs's own Mersenne Twister against the product's streams): mean waits
 *    agree with each other and with Erlang C within 99 % intervals over replications.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { recordValidation } from '../support/validation-ledger.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/simulate/simulate.js';
import { mmcMeanWait } from '../../src/metrics/queueing-theory.js';
import { describeInterval, tInterval } from '../support/stats.js';

// ---- simjs: the bundle exports nothing under require and only sets window.Sim.
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

function isSimjsApi(value: unknown): value is SimjsApi {
  return (typeof value === 'function' || (typeof value === 'object' && value !== null)) && 'Facility' in value && 'Entity' in value && 'Random' in value;
}

function loadSimjs(): SimjsApi {
  const hadWindow = 'window' in globalThis;
  if (!hadWindow) Reflect.set(globalThis, 'window', globalThis);
  try {
    createRequire(import.meta.url)('simjs/sim.js');
    const window: unknown = Reflect.get(globalThis, 'window');
    const sim: unknown = typeof window === 'object' && window !== null ? Reflect.get(window, 'Sim') : undefined;
    if (!isSimjsApi(sim)) throw new Error('simjs did not set window.Sim');
    return sim;
  } finally {
    if (!hadWindow) Reflect.deleteProperty(globalThis, 'window');
  }
}
const Simjs = loadSimjs();

const HOUR = 3600;
const C = 4;
const RATE_PER_HOUR = 3.2; // ρ = 0.8 with a mean service of 1 h
const WQ = mmcMeanWait(RATE_PER_HOUR / HOUR, 1 / HOUR, C);

/** M/M/C as a user writes it: Poisson arrivals, exponential service, C nodes of one device each. */
function mmcScenarioYaml(horizonHours: number, replications: number, seed: number): string {
  return `
name: mm${C}-one-device-nodes
seed: ${seed}
horizon: ${horizonHours} h
warmup: 0 s
replications: ${replications}
costs: none
reference: { device: gpu, precision: bf16 }
profiles:
  gpu: { id: gpu, kind: gpu, name: one GPU, vendor: test, peak: { bf16: 100 TFLOPS } }
  cpu: { id: cpu, kind: cpu, name: one CPU, vendor: test, peak: { fp64: 1 TFLOPS } }
  node: { id: node, kind: node, name: one-GPU node, vendor: test, accelerators: { profile: gpu, count: 1 }, cpus: { profile: cpu, count: 1 } }
sites:
  lab: { nodes: { type: node, count: ${C} } }
workloads:
  - name: jobs
    arrivals: { rate: ${RATE_PER_HOUR} /h }
    devices: 1
    work: { reference_time: { kind: exponential, mean: 1 h } }
`;
}

/** One job as the product ran it, in submission order; start and end NaN when it never got there. */
interface JobRecord {
  submit: number;
  duration: number;
  start: number;
  end: number;
}

/** Runs one replication of the scenario and records every job through the `onJob` hook. */
function runProduct(horizonHours: number, seed: number): JobRecord[] {
  const jobs: JobRecord[] = [];
  const result = simulate(parseScenario(mmcScenarioYaml(horizonHours, 1, seed), 'mmc.yaml'), {
    onJob(event, job) {
      const record = jobs[job.id] ?? { submit: job.submit, duration: job.duration, start: NaN, end: NaN };
      jobs[job.id] = record;
      if (event === 'start') record.start = job.start;
      else record.end = job.end;
    },
  });
  expect(result.complete).toBe(true);
  return jobs;
}

/** simjs on the same model; returns each customer's wait, in arrival order. */
function runSimjs(customers: number, interarrival: () => number, service: () => number): Float64Array {
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
      // simjs knows no wait: it is what is left of the time in the facility once served.
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

/** Hands out the values in order, as a draw function; throws when they run out. */
function replay(values: readonly number[]): () => number {
  let next = 0;
  return () => {
    const value = values[next++];
    if (value === undefined) throw new Error('simjs asked for more draws than the product made');
    return value;
  };
}

describe(`M/M/${C} on ${C} one-device nodes, ρ = 0.8: the product against simjs 2.0.3`, () => {
  it('with the inter-arrival and service times the product drew, every customer waits the same time in simjs', () => {
    const jobs = runProduct(6_000, 17);
    const started = jobs.filter((j) => !Number.isNaN(j.start));
    // FCFS on one-device jobs: jobs start in submission order, so the started ones are a prefix.
    expect(started.length).toBeGreaterThan(18_000);
    expect(jobs.slice(0, started.length).every((j) => !Number.isNaN(j.start))).toBe(true);
    const served = jobs.filter((j) => !Number.isNaN(j.end));
    expect(Math.max(...served.map((j) => Math.abs(j.end - j.start - j.duration)))).toBeLessThan(1e-6);

    const gaps = jobs.map((j, i) => j.submit - (i === 0 ? 0 : (jobs[i - 1]?.submit ?? 0)));
    const waits = runSimjs(jobs.length, replay(gaps), replay(jobs.map((j) => j.duration)));
    let maxDifference = 0;
    let waited = 0;
    started.forEach((j, i) => {
      const wait = j.start - j.submit;
      maxDifference = Math.max(maxDifference, Math.abs(wait - (waits[i] ?? NaN)));
      if (wait > 0) waited++;
    });
    // Rounding only: simjs accumulates its clock from the gaps and derives the wait by subtraction.
    expect(maxDifference).toBeLessThan(1e-6);
    expect(waited).toBeGreaterThan(started.length * 0.3); // the queue was really exercised
  });

  it('with independent randomness, mean waits agree with each other and with Erlang C (99 % intervals)', () => {
    const horizonHours = 5_000;
    const warmupJobs = 500; // customers discarded from each replication: the run starts empty
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
    const productMeans: number[] = [];
    const simjsMeans: number[] = [];
    for (const seed of seeds) {
      const started = runProduct(horizonHours, seed).filter((j) => !Number.isNaN(j.start));
      const waits = started.slice(warmupJobs).map((j) => j.start - j.submit);
      productMeans.push(waits.reduce((a, b) => a + b, 0) / waits.length);
      const random = new Simjs.Random(seed);
      const customers = started.length;
      const theirs = runSimjs(
        customers,
        () => random.exponential(RATE_PER_HOUR / HOUR),
        () => random.exponential(1 / HOUR),
      );
      let sum = 0;
      for (let i = warmupJobs; i < customers; i++) sum += theirs[i] ?? NaN;
      simjsMeans.push(sum / (customers - warmupJobs));
    }
    const product = tInterval(productMeans, 0.99);
    const simjs = tInterval(simjsMeans, 0.99);
    recordValidation({
      area: 'Independent simulators',
      check: `M/M/${C} mean wait: our engine against simjs 2.0.3 on independent draws`,
      reference: simjs.mean,
      source: 'simjs 2.0.3 (an independent discrete-event library), same model, 8 replications',
      basis: 'independent simulator',
      ours: product.mean,
      unit: 's',
      bound: 'difference within the combined 99 % half-widths',
      interval: { low: product.low, high: product.high },
      pass: Math.abs(product.mean - simjs.mean) < Math.hypot(product.halfWidth, simjs.halfWidth),
    });
    expect(WQ, describeInterval('product mean wait (s)', product, WQ)).toBeGreaterThanOrEqual(product.low);
    expect(WQ, describeInterval('product mean wait (s)', product, WQ)).toBeLessThanOrEqual(product.high);
    expect(WQ, describeInterval('simjs mean wait (s)', simjs, WQ)).toBeGreaterThanOrEqual(simjs.low);
    expect(WQ, describeInterval('simjs mean wait (s)', simjs, WQ)).toBeLessThanOrEqual(simjs.high);
    expect(Math.abs(product.mean - simjs.mean)).toBeLessThan(Math.hypot(product.halfWidth, simjs.halfWidth));
    // The intervals are informative: a small share of Wq, not a free pass.
    expect(product.halfWidth).toBeLessThan(0.15 * WQ);
    expect(simjs.halfWidth).toBeLessThan(0.15 * WQ);
  });
});
