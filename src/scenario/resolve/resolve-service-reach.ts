import { storageBandwidth } from '../../model/performance/index.js';
import type { PoolSpec, Site, WorkloadPlacement } from '../../model/types.js';
import type { ServicePlacementSpec, ServiceReach, UserRegion } from '../../model/serving/service-reach.js';
import type { ScenarioInput } from '../scenario-schema.js';
import type { FieldPath, ResolveContext } from './resolve-context.js';

type InferenceInput = Extract<ScenarioInput['workloads'][number], { kind: 'inference' }>;

/** What a service's reach is resolved against. */
export interface ReachSetting {
  readonly sites: readonly Site<PoolSpec>[];
  readonly regions: ScenarioInput['regions'];
}

/**
 * A service's other pools, burst sites, users, routing and cold start (issue 15, services that move), checked
 * against the sites, residency and regions. Undefined when the service uses none of them (and scales no lower
 * than one replica): it is then the single-pool service it always was. `checkPool` checks a replica fits a pool
 * other than home (its devices' memory, tensor parallelism inside a node).
 */
export function resolveServiceReach(
  w: InferenceInput,
  home: PoolSpec,
  placement: WorkloadPlacement,
  setting: ReachSetting,
  at: (...p: FieldPath) => FieldPath,
  ctx: ResolveContext,
  checkPool: (pool: PoolSpec, field: FieldPath) => void,
): ServiceReach | undefined {
  const { fail } = ctx;
  const min = w.replicas === undefined ? 1 : typeof w.replicas === 'number' ? w.replicas : w.replicas.min;
  const used = w.also_at !== undefined || w.burst !== undefined || w.routing !== undefined || w.users !== undefined || w.cold_start !== undefined || min === 0;
  if (!used) return undefined;
  if (w.devices)
    fail(at('devices'), 'a service on several pools, with users or with a cold start runs on whole devices', 'remove devices, or the service’s also_at, burst, routing, users and cold_start');
  if (w.trace === undefined && w.arrivals && 'kind' in w.arrivals && w.arrivals.kind === 'offline' && w.users) {
    fail(at('users'), 'an offline batch has no users waiting on the network', 'remove users');
  }
  const site = (name: string) => setting.sites.find((s) => s.name === name);
  const allowed = (name: string, field: FieldPath) => {
    if (placement.allowedSites.includes(name)) return true;
    fail(field, `site '${name}' is not allowed by the service's residency tags`, `allowed: ${placement.allowedSites.join(', ')}`);
    return false;
  };
  const placements: ServicePlacementSpec[] = [{ pool: home.id, site: home.site, role: 'home', replicas: min }];
  const addPool = (pool: PoolSpec, role: ServicePlacementSpec['role'], replicas: number, field: FieldPath) => {
    if (placements.some((p) => p.pool === pool.id)) {
      fail(field, `pool '${pool.id}' is already one of the service's pools`, 'name each pool once');
      return;
    }
    checkPool(pool, field);
    const perReplica = w.expert_parallel ?? w.tensor_parallel;
    if (replicas * perReplica > pool.deviceCount) fail(field, `${replicas} replicas × ${perReplica} devices need ${replicas * perReplica} devices but pool '${pool.id}' has ${pool.deviceCount}`);
    placements.push({ pool: pool.id, site: pool.site, role, replicas });
  };
  (w.also_at ?? []).forEach((a, i) => {
    const field = at('also_at', i, 'site');
    const s = site(a.site);
    if (!s) return fail(field, `unknown site '${a.site}'`, `one of: ${setting.sites.map((x) => x.name).join(', ')}`);
    if (!allowed(a.site, field)) return;
    const pool = a.pool === undefined ? (s.pools.length === 1 ? s.pools[0] : undefined) : s.pools.find((p) => p.name === a.pool);
    if (!pool)
      return fail(
        a.pool === undefined ? field : at('also_at', i, 'pool'),
        a.pool === undefined ? `site '${a.site}' has ${s.pools.length} pools` : `site '${a.site}' has no pool '${a.pool}'`,
        `pools: ${s.pools.map((p) => p.name).join(', ')}`,
      );
    addPool(pool, 'also', a.replicas, field);
  });
  if (w.burst) {
    if (typeof w.replicas === 'number') fail(at('burst'), 'bursts replicas the autoscaler asks for, but the service has a fixed number', 'give replicas: {min, max}');
    w.burst.to.forEach((name, i) => {
      const field = at('burst', 'to', i);
      const s = site(name);
      if (!s) return fail(field, `unknown site '${name}'`, `one of: ${setting.sites.map((x) => x.name).join(', ')}`);
      if (s.edge) return fail(field, `'${name}' is an edge site: it has no burst capacity`, 'burst to an on-prem or cloud site; serve from the edge with also_at');
      if (!allowed(name, field)) return;
      for (const pool of s.pools) addPool(pool, 'burst', 0, field);
    });
  }
  const routing = w.routing ?? 'least-loaded';
  if (routing === 'slo-aware' && w.slo.ttft === undefined)
    fail(at('routing'), 'slo-aware routing compares predicted TTFTs with slo.ttft, which the service does not set', "set slo: {ttft: '2 s'}, or choose another routing");
  if (routing === 'nearest' && w.users === undefined) fail(at('routing'), 'nearest routing needs users: without regions every pool is equally near', 'add users: [{region: …, share: 1}]');
  const users = resolveUsers(w, placements, setting, at, fail);
  if (min === 0 && w.cold_start === undefined) fail(at('replicas', 'min'), 'is 0 (scale to zero): a replica starting on a request needs a cold start', "add cold_start: {container_start: '30 s'}");
  let coldStart: ServiceReach['coldStart'];
  if (w.cold_start) {
    const cs = w.cold_start;
    const readBandwidth: number[] = [];
    const readFrom: string[] = [];
    for (const p of placements) {
      const pool = setting.sites.flatMap((s) => s.pools).find((x) => x.id === p.pool);
      if (!pool) continue;
      if (cs.read_bandwidth !== undefined) {
        readBandwidth.push(cs.read_bandwidth);
        readFrom.push('cold_start.read_bandwidth');
      } else if (pool.node.storage.length === 0) {
        fail(at('cold_start'), `pool '${pool.id}' runs on ${pool.node.id}, which has no local drives to load the weights from`, "give cold_start.read_bandwidth, e.g. '2 GB/s'");
      } else {
        const read = storageBandwidth({ kind: 'node-local' }, pool.node, 1);
        readBandwidth.push(read.read);
        readFrom.push(read.formula);
      }
    }
    coldStart = { containerStart: cs.container_start, readBandwidth, readFrom };
  }
  return { placements, routing, users, ...(coldStart && { coldStart }) };
}

/** Each user region's share and round trip to every site the service may run on; a region without a route is an error. */
function resolveUsers(w: InferenceInput, placements: readonly ServicePlacementSpec[], setting: ReachSetting, at: (...p: FieldPath) => FieldPath, fail: ResolveContext['fail']): UserRegion[] {
  if (!w.users) return [];
  const total = w.users.reduce((sum, u) => sum + u.share, 0);
  if (Math.abs(total - 1) > 1e-6) fail(at('users'), `the shares sum to ${total}, not 1`, 'give each region its fraction of the requests');
  const seen = new Set<string>();
  return w.users.flatMap((u, i) => {
    const field = at('users', i, 'region');
    if (seen.has(u.region)) fail(field, `region '${u.region}' is listed twice`);
    seen.add(u.region);
    const region = setting.regions?.[u.region];
    if (!region) {
      fail(
        field,
        `unknown region '${u.region}'`,
        setting.regions ? `one of: ${Object.keys(setting.regions).join(', ')}` : "add regions: {<name>: {rtt: {<site>: '30 ms'}}} at the top of the scenario",
      );
      return [];
    }
    const rtt: number[] = [];
    for (const p of placements) {
      const r = region.rtt[p.site];
      if (r === undefined) fail(field, `region '${u.region}' has no route to site '${p.site}', where the service may run`, `add regions.${u.region}.rtt.${p.site}, e.g. '40 ms'`);
      rtt.push(r ?? 0);
    }
    return [{ region: u.region, share: u.share, rtt }];
  });
}

/** Edge sites have no burst capacity: the jobs' placement policy may not burst to one either. */
export function checkEdgeBurstTargets(input: ScenarioInput, sites: readonly Site<PoolSpec>[], fail: ResolveContext['fail']): void {
  (input.policy.burst?.to ?? []).forEach((name, i) => {
    if (sites.find((s) => s.name === name)?.edge) fail(['policy', 'burst', 'to', i], `'${name}' is an edge site: it has no burst capacity`, 'burst to an on-prem or cloud site');
  });
}
