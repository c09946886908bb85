import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { runReplication as runPriced, type ReplicationOptions } from '../../src/model/run-replication.js';
import { priceScenario } from '../../src/cost/price-scenario.js';
import type { ResolvedScenario } from '../../src/scenario/scenario.js';

/** A replication of a loaded scenario, priced as a run is built (src/simulate.ts does the same). */
const runReplication = (s: ResolvedScenario, replication: number, options?: ReplicationOptions) => runPriced(priceScenario(s), replication, options);

/**
 * A 70B FP8 chat service on p5.48xlarge instances (8 × H100, TP 2 → 4 replicas per instance),
 * autoscaled from zero instances. Load alternates between a quiet hour (2 requests/s) and a busy
 * hour (25 requests/s): replicas must follow it, within [min, max], and instances with them.
 */
function chat(replicas: string): string {
  return `name: chat-autoscale
seed: 9
horizon: 4 h
reference: { device: h100-sxm-80gb, precision: bf16 }
sites:
  cloud:
    kind: cloud
    nodes: { type: aws-p5.48xlarge, count: 0, max: 4, provisioning_delay: 2 min, autoscale: { idle_timeout: 5 min } }
workloads:
  - name: chat
    kind: inference
    model: { params: 70.6e9, precision: fp8, kv_cache: { layers: 80, kv_heads: 8, head_dim: 128 } }
    arrivals: { mmpp: { rates: [2 /s, 25 /s], mean_sojourn: [1 h, 1 h] } }
    tokens: { input: { kind: exponential, mean: 1000 }, output: { kind: exponential, mean: 250 } }
    replicas: ${replicas}
    tensor_parallel: 2
    slo: { ttft: 2 s, tpot: 100 ms }
`;
}

describe('inference replica autoscaling', () => {
  // the autoscaled run, shared by both checks (each run serves about 300,000 requests)
  let autoscaled: ReturnType<typeof runReplication> | undefined;
  const autoscaledRun = () => (autoscaled ??= runReplication(parseScenario(chat('{ min: 1, max: 12, target_load: 32, scale_down_delay: 5 min, interval: 30 s }')), 0));

  it('replicas follow the load within [min, max]; instances follow the replicas', () => {
    const r = autoscaledRun();
    const online = r.timeseries['cloud/main']!.online_devices;
    const busy = r.timeseries['cloud/main']!.busy_devices;
    // replicas hold 2 devices each: busy devices = 2 × live replicas, between 2 and 24
    expect(Math.min(...busy.slice(5))).toBeGreaterThanOrEqual(2);
    expect(Math.max(...busy)).toBeLessThanOrEqual(24);
    // it scaled up and back down at least once
    expect(Math.max(...busy)).toBeGreaterThanOrEqual(8);
    const peak = busy.indexOf(Math.max(...busy));
    expect(Math.min(...busy.slice(peak))).toBeLessThan(Math.max(...busy));
    // never more instances online than the quota, and instances are released as replicas go
    expect(Math.max(...online)).toBeLessThanOrEqual(32);
    expect(Math.min(...online.slice(peak))).toBeLessThan(Math.max(...online));
    expect(r.inference['chat']!.completed).toBeGreaterThan(0);
  });

  it('serves the busy hours better than the minimum alone and costs less than the maximum all the time', () => {
    const auto = autoscaledRun();
    const fixedMin = runReplication(parseScenario(chat('1')), 0);
    const fixedMax = runReplication(parseScenario(chat('12')), 0);
    const billed = (r: typeof auto) => r.usage.pools['cloud/main']!.billed_instance_seconds.on_demand ?? 0;
    expect(auto.inference['chat']!.slo_attainment).toBeGreaterThan(fixedMin.inference['chat']!.slo_attainment + 0.1);
    expect(billed(auto)).toBeLessThan(billed(fixedMax));
  });
});
