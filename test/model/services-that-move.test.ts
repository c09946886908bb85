import { describe, expect, it } from 'vitest';
import { priceScenario } from '../../src/cost/price-scenario.js';
import { runReplication as runPriced } from '../../src/model/run-replication.js';
import { choosePlacement, predictedTtft, type PlacementView } from '../../src/model/serving/service-routing.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';

/** Services that move (issue 15): routing, round trips, burst, cold starts and scale to zero. */
const run = (yaml: string) => runPriced(priceScenario(parseScenario(yaml)), 0);

const view = (v: Partial<PlacementView>): PlacementView => ({ ready: true, load: 0, waiting: 0, iteration: 0.02, prefillIteration: 0.05, slotIterations: 1, rtt: 0, price: 1, hasRoom: true, ...v });

describe('routing between pools (choosePlacement)', () => {
  it('nearest: the lowest round trip among pools with room, whatever their load', () => {
    const views = [view({ rtt: 0.03, load: 0 }), view({ rtt: 0.005, load: 40 }), view({ rtt: 0.001, hasRoom: false })];
    expect(choosePlacement('nearest', views, {})).toBe(1);
  });
  it('cheapest: the lowest price per device-hour among pools with room', () => {
    const views = [view({ price: 6.9 }), view({ price: 0.96 }), view({ price: 0.5, hasRoom: false })];
    expect(choosePlacement('cheapest', views, {})).toBe(1);
  });
  it('least-loaded: the fewest requests anywhere, ties to home', () => {
    expect(choosePlacement('least-loaded', [view({ load: 3 }), view({ load: 2 }), view({ load: 2 })], {})).toBe(1);
    expect(choosePlacement('least-loaded', [view({ load: 2 }), view({ load: 2 })], {})).toBe(0);
  });
  it('slo-aware: avoids a cheap pool whose queue would break the target, and uses it when it would not', () => {
    // cheap pool, full: (10 queued + this one) × 20 iterations between free slots × 20 ms = 4.4 s ahead; the dear one meets 1 s
    const overloaded = view({ price: 1, waiting: 10, slotIterations: 20, rtt: 0.02, hasRoom: false });
    const dear = view({ price: 7, waiting: 0, rtt: 0.09 });
    expect(predictedTtft(overloaded)).toBeCloseTo(11 * 20 * 0.02 + 0.05 + 0.02, 12);
    expect(predictedTtft(dear)).toBeCloseTo(0.05 + 0.09, 12);
    expect(choosePlacement('slo-aware', [overloaded, dear], { ttft: 1 })).toBe(1);
    expect(choosePlacement('slo-aware', [view({ price: 1, rtt: 0.02 }), dear], { ttft: 1 })).toBe(0);
    // a cheap pool meeting the TTFT target but decoding slower than the TPOT target is avoided too
    expect(choosePlacement('slo-aware', [view({ price: 1, iteration: 0.12 }), dear], { ttft: 1, tpot: 0.1 })).toBe(1);
    // none meets the target: the lowest prediction
    expect(choosePlacement('slo-aware', [overloaded, view({ price: 7, waiting: 5, slotIterations: 20, rtt: 0.09, hasRoom: false })], { ttft: 0.1 })).toBe(1);
  });
  it('no pool ready: undefined (the front end queues at a starting replica or starts one)', () => {
    expect(choosePlacement('nearest', [view({ ready: false }), view({ ready: false })], {})).toBeUndefined();
  });
});

/** One request every 1000 s of fixed size, on an 8B model: the service is idle when each arrives. */
function scenario(opts: {
  readonly home: string;
  readonly extra?: string;
  readonly service?: string;
  readonly sites?: string;
  readonly regions?: string;
  readonly replicas?: string;
  readonly horizon?: string;
}): string {
  return `name: moving
seed: 3
horizon: ${opts.horizon ?? '3 h'}
costs: none
${opts.regions ?? ''}
sites:
  dc: { nodes: { type: dgx-h100, count: 1 } }
  edge: { kind: edge, nodes: { type: dgx-a100-640gb, count: 1 } }
${opts.sites ?? ''}
workloads:
  - name: chat
    kind: inference
    site: ${opts.home}
    model: { card: llama-3.1-8b }
    arrivals: { interarrival: { kind: constant, value: 1000 s } }
    tokens: { input: 800, output: 200 }
    replicas: ${opts.replicas ?? '1'}
${opts.service ?? ''}
`;
}

const REGIONS = `regions:
  eu: { rtt: { dc: 30 ms, edge: 5 ms, cloud: 80 ms } }`;

describe('a service on several pools', () => {
  it('nearest sends every request to the edge, which runs at its own speed, and adds the round trip exactly once', () => {
    const moved = run(
      scenario({
        home: 'dc',
        regions: REGIONS,
        service: `    also_at: [{ site: edge, replicas: 1 }]
    routing: nearest
    users: [{ region: eu, share: 1 }]`,
      }),
    ).inference.chat;
    // the same requests (the same named streams) on a service homed at the edge, without users
    const atEdge = run(scenario({ home: 'edge' })).inference.chat;
    const atHome = run(scenario({ home: 'dc' })).inference.chat;
    expect(moved?.pools?.['edge/main']?.requests).toBe(moved?.submitted);
    expect(moved?.pools?.['dc/main']?.requests).toBe(0);
    expect(atEdge?.ttft.count).toBeGreaterThan(5);
    // A100 and H100 time these requests differently: the edge replica ran on A100s
    expect(Math.abs((atEdge?.tpot.mean ?? 0) - (atHome?.tpot.mean ?? 0))).toBeGreaterThan(1e-4);
    expect(moved?.tpot.mean).toBeCloseTo(atEdge?.tpot.mean ?? NaN, 12);
    // one round trip (5 ms) on time to first token and on end-to-end, none on time per output token
    expect((moved?.ttft.mean ?? 0) - (atEdge?.ttft.mean ?? 0)).toBeCloseTo(0.005, 12);
    expect((moved?.e2e.mean ?? 0) - (atEdge?.e2e.mean ?? 0)).toBeCloseTo(0.005, 12);
    expect((moved?.regions?.eu?.ttft.max ?? 0) - (atEdge?.ttft.max ?? 0)).toBeCloseTo(0.005, 12);
  });

  it("speculates on every pool with the draft on that pool's devices: the edge service decodes as a speculating service homed at the edge", () => {
    // a 1B-class draft spelled out (Llama 3.2 1B's shape: 16 layers, 8 KV heads of 64)
    const guess = `    speculative: { draft: { params: 1.24e9, precision: bf16, kv_cache: { layers: 16, kv_heads: 8, head_dim: 64 } }, tokens: 3, acceptance: 0.7 }`;
    const moved = run(
      scenario({
        home: 'dc',
        regions: REGIONS,
        service: `    also_at: [{ site: edge, replicas: 1 }]
    routing: nearest
    users: [{ region: eu, share: 1 }]
${guess}`,
      }),
    ).inference.chat;
    // the same requests and the same acceptance draws (the same named streams) on a speculating service homed at the edge
    const atEdge = run(scenario({ home: 'edge', service: guess })).inference.chat;
    const plainEdge = run(scenario({ home: 'edge' })).inference.chat;
    expect(moved?.pools?.['edge/main']?.requests).toBe(moved?.submitted);
    expect(moved?.tpot.mean).toBeCloseTo(atEdge?.tpot.mean ?? NaN, 12);
    expect((moved?.ttft.mean ?? 0) - (atEdge?.ttft.mean ?? 0)).toBeCloseTo(0.005, 12);
    // the speculation shows: fewer steps than tokens, and a shorter time per output token than without it
    expect(moved?.speculative?.tokens_per_step).toBeCloseTo((1 - 0.7 ** 4) / (1 - 0.7), 12);
    expect(moved?.speculative?.measured_tokens_per_step).toBeCloseTo(atEdge?.speculative?.measured_tokens_per_step ?? NaN, 12);
    expect(moved?.speculative?.measured_tokens_per_step).toBeGreaterThan(1.5);
    expect(moved?.tpot.mean ?? Infinity).toBeLessThan(plainEdge?.tpot.mean ?? 0);
  });

  it('spreads its experts on every pool: the service also at a second site serves there as an expert-parallel service homed there', () => {
    const moe = (home: string, extra = '') => `name: moving-moe
seed: 5
horizon: 2 h
costs: none
regions:
  eu: { rtt: { dc: 30 ms, far: 5 ms } }
sites:
  dc: { nodes: { type: dgx-h200, count: 2 } }
  far: { nodes: { type: dgx-h100, count: 2 } }
workloads:
  - name: chat
    kind: inference
    site: ${home}
    model: { card: deepseek-v3, precision: fp8 }
    arrivals: { interarrival: { kind: constant, value: 600 s } }
    tokens: { input: 800, output: 100 }
    replicas: 1
    tensor_parallel: 1
    expert_parallel: 16
${extra}`;
    const moved = run(
      moe(
        'dc',
        `    also_at: [{ site: far, replicas: 1 }]
    routing: nearest
    users: [{ region: eu, share: 1 }]`,
      ),
    );
    const there = run(moe('far')).inference.chat;
    const chat = moved.inference.chat;
    expect(chat?.pools?.['far/main']?.requests).toBe(chat?.submitted);
    expect(there?.tpot.count).toBeGreaterThan(5);
    // the far replica spans both H100 nodes: the same steps as a service homed there, its all-to-all over their NICs
    expect(chat?.tpot.mean).toBeCloseTo(there?.tpot.mean ?? NaN, 12);
    expect((chat?.ttft.mean ?? 0) - (there?.ttft.mean ?? 0)).toBeCloseTo(0.005, 12);
    // each pool's replica holds its 16 devices for the whole run
    expect(moved.pools['dc/main']?.mean_busy_devices).toBeCloseTo(16, 9);
    expect(moved.pools['far/main']?.mean_busy_devices).toBeCloseTo(16, 9);
  });

  it('a default service (no reach fields) keeps the single-pool result, with no new fields', () => {
    const plain = run(scenario({ home: 'dc' })).inference.chat;
    expect(plain?.pools).toBeUndefined();
    expect(plain?.regions).toBeUndefined();
    expect(plain?.cold_starts).toBeUndefined();
  });
});

describe('cheapest routing, end to end', () => {
  it('sends the requests to the owned pool, cheaper per device-hour than the on-demand cloud home, while it has room', () => {
    const result = run(`name: cheapest
seed: 4
horizon: 2 h
sites:
  dc: { nodes: { type: dgx-h100, count: 1 } }
  cloud: { kind: cloud, nodes: { type: aws-p5.48xlarge, count: 1 } }
workloads:
  - name: chat
    kind: inference
    site: cloud
    model: { card: llama-3.1-8b }
    arrivals: { interarrival: { kind: constant, value: 100 s } }
    tokens: { input: 800, output: 200 }
    replicas: 1
    also_at: [{ site: dc, replicas: 1 }]
    routing: cheapest
`).inference.chat;
    expect(result?.submitted).toBeGreaterThan(50);
    expect(result?.pools?.['dc/main']?.requests).toBe(result?.submitted);
    expect(result?.pools?.['cloud/main']?.requests).toBe(0);
  });
});

describe('burst', () => {
  /** Home: one DGX H100 holds two replicas of tensor-parallel 4; burst to a second owned site. */
  const burst = (rate: string) =>
    run(`name: burst
seed: 5
horizon: 40 min
costs: none
sites:
  dc: { nodes: { type: dgx-h100, count: 1 } }
  far: { nodes: { type: dgx-h200, count: 1 } }
workloads:
  - name: chat
    kind: inference
    site: dc
    model: { card: llama-3.1-70b, precision: fp8 }
    arrivals: { rate: ${rate} }
    tokens: { input: { kind: exponential, mean: 1000 }, output: { kind: exponential, mean: 250 } }
    tensor_parallel: 4
    replicas: { min: 1, max: 4, target_load: 16, interval: 30 s, scale_down_delay: 1 h }
    burst: { to: [far] }
`).inference.chat;

  it('opens no replica on the burst pool while the home pool has devices', () => {
    const quiet = burst('0.5 /s');
    expect(quiet?.pools?.['far/main']?.replicas_started).toBe(0);
    expect(quiet?.pools?.['far/main']?.requests).toBe(0);
  });

  it('opens replicas there only once the home pool is full (two replicas of four devices)', () => {
    const busy = burst('30 /s');
    expect(busy?.pools?.['dc/main']?.replicas_started).toBe(2);
    expect(busy?.pools?.['far/main']?.replicas_started).toBeGreaterThan(0);
    expect(busy?.pools?.['far/main']?.requests).toBeGreaterThan(0);
  });
});

describe('scale to zero with a cold start', () => {
  /** 8B in bf16 = 16.06 GB of weights read at 2 GB/s, plus a stated 12 s container start. */
  const cold = (where: string, replicas: string, extra = '') =>
    run(
      scenario({
        home: where,
        replicas,
        horizon: '2 h',
        sites: '  cloud: { kind: cloud, nodes: { type: aws-p5.48xlarge, count: 0, max: 1, provisioning_delay: 0 s, autoscale: { idle_timeout: 5 min } } }',
        service: `${extra}`,
      }),
    );

  it('the first token waits for the cold start: container start + weight bytes ÷ read bandwidth', () => {
    const warm = cold('dc', '1').inference.chat;
    const res = cold('dc', '{ min: 0, max: 1, interval: 30 s, scale_down_delay: 2 min }', "    cold_start: { container_start: 12 s, read_bandwidth: '2 GB/s' }").inference.chat;
    const weights = 8_030_261_248 * 2; // models/llama-3.1-8b.yaml params × 2 bytes (bf16)
    const coldStart = 12 + weights / 2e9;
    expect(res?.pools?.['dc/main']?.cold_start).toBeCloseTo(coldStart, 9);
    // every request arrives at an idle service scaled to zero (1000 s apart, drained after 2 min)
    expect(res?.cold_starts).toBe(res?.submitted);
    expect((res?.ttft.mean ?? 0) - (warm?.ttft.mean ?? 0)).toBeCloseTo(coldStart, 9);
    expect(res?.tpot.mean).toBeCloseTo(warm?.tpot.mean ?? NaN, 12);
  });

  it('returns its devices between requests: a cloud pool bills only the replica’s life and the idle timeout', () => {
    const result = cold('cloud', '{ min: 0, max: 1, interval: 30 s, scale_down_delay: 1 min }', "    cold_start: { container_start: 12 s, read_bandwidth: '2 GB/s' }");
    const usage = result.usage.pools['cloud/main'];
    const billed = usage?.billed_instance_seconds.on_demand ?? 0;
    const requests = result.inference.chat?.submitted ?? 0;
    expect(requests).toBeGreaterThan(3);
    expect(usage?.instance_starts).toBe(requests);
    // each request: cold start (≈ 20 s) + service (< 10 s) + scale-down (≤ 1.5 min) + idle timeout (5 min), far below the 2 h
    expect(billed).toBeLessThan(requests * (20 + 10 + 90 + 300 + 60));
    expect(billed).toBeGreaterThan(requests * 300);
  });
});
