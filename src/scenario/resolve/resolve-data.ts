import type { CostedSite } from '../../cost/costed-scenario.js';
import type { DataStream, Lake, LakeTier, PoolSpec, SiteLink } from '../../model/types.js';
import type { LakeInput, StreamInput } from '../data-schema.js';
import type { ScenarioInput } from '../scenario-schema.js';
import type { Fail } from './resolve-context.js';

/** 1000 requests: the unit request prices are quoted in. */
const REQUESTS_PER_PRICE = 1000;

/**
 * Streams and lakes checked against the sites, pools, links and each other (docs/pipelines.md): a consumer
 * pool on the stream's own site, a sink naming a known lake (with a link when the lake is on another site),
 * lifecycle rules in age order below the retention, owned lakes that buy their capacity, and no cloud site
 * billing the same data twice (its flat `storage` and a lake). Absent sections stay absent.
 */
export function resolveData(input: ScenarioInput, sites: readonly CostedSite<PoolSpec>[], links: readonly SiteLink[], fail: Fail): { streams?: DataStream[]; lakes?: Lake[] } {
  const lakes = input.lakes?.map((l, i) => resolveLake(l, i, sites, fail));
  const lakeNames = (input.lakes ?? []).map((l) => l.name);
  const streams = input.streams?.map((s, i) => resolveStream(s, i, { sites, links, lakes: input.lakes ?? [] }, fail));
  unique(
    (input.streams ?? []).map((s) => s.name),
    'streams',
    fail,
  );
  unique(lakeNames, 'lakes', fail);
  return { ...(streams && { streams }), ...(lakes && { lakes }) };
}

function unique(names: readonly string[], section: string, fail: Fail): void {
  names.forEach((n, i) => {
    if (names.indexOf(n) < i) fail([section, i, 'name'], `'${n}' is already the name of ${section} entry ${names.indexOf(n)}`);
  });
}

function resolveStream(s: StreamInput, i: number, known: { sites: readonly CostedSite<PoolSpec>[]; links: readonly SiteLink[]; lakes: readonly LakeInput[] }, fail: Fail): DataStream {
  const at = (...p: (string | number)[]) => ['streams', i, ...p];
  const site = known.sites.find((x) => x.name === s.site);
  if (!site) fail(at('site'), `unknown site '${s.site}'`, `one of: ${known.sites.map((x) => x.name).join(', ')}`);
  const [poolSite, poolName] = s.consumers.pool.includes('/') ? s.consumers.pool.split('/', 2) : [s.site, s.consumers.pool];
  const pool = known.sites.find((x) => x.name === poolSite)?.pools.find((p) => p.name === poolName);
  const elsewhere = known.sites.filter((x) => x.name !== s.site && x.pools.some((p) => p.name === poolName)).map((x) => x.name);
  if (site && poolSite !== s.site) {
    fail(
      at('consumers', 'pool'),
      `pool '${s.consumers.pool}' is on site '${poolSite}', not on the stream's site '${s.site}'`,
      `consumers read from the brokers of their own site: use a pool of '${s.site}' (${site.pools.map((p) => p.name).join(', ')})`,
    );
  } else if (site && !pool) {
    fail(
      at('consumers', 'pool'),
      elsewhere.length > 0 ? `pool '${poolName}' is on site ${elsewhere.map((e) => `'${e}'`).join(', ')}, not on the stream's site '${s.site}'` : `site '${s.site}' has no pool '${poolName}'`,
      `consumers read from the brokers of their own site: use a pool of '${s.site}' (${site.pools.map((p) => p.name).join(', ')})`,
    );
  } else if (pool && s.consumers.nodes > pool.nodeCount) {
    fail(at('consumers', 'nodes'), `${s.consumers.nodes} consumer nodes, but pool ${pool.id} has ${pool.nodeCount}`, 'hold fewer nodes, or give the pool more');
  }
  if (s.sink) {
    const lake = known.lakes.find((l) => l.name === s.sink?.lake);
    if (!lake) {
      fail(at('sink', 'lake'), `unknown lake '${s.sink.lake}'`, known.lakes.length > 0 ? `one of: ${known.lakes.map((l) => l.name).join(', ')}` : 'add it under lakes:');
    } else if (lake.site !== s.site && !known.links.some((l) => l.between.includes(lake.site) && l.between.includes(s.site))) {
      fail(
        at('sink', 'lake'),
        `lake '${lake.name}' is on site '${lake.site}' and no link joins it to the stream's site '${s.site}'`,
        `add links: [{between: [${s.site}, ${lake.site}], bandwidth: …}]`,
      );
    }
  }
  return {
    name: s.name,
    site: s.site,
    rate: s.rate,
    ...(s.diurnal && { diurnal: { amplitude: s.diurnal.amplitude, peakHour: s.diurnal.peak_hour } }),
    ...(s.monthly_growth !== undefined && { monthlyGrowth: s.monthly_growth }),
    partitions: s.partitions,
    retention: s.retention,
    replication: s.replication,
    ...(s.broker_storage !== undefined && { brokerStoragePrice: s.broker_storage.price }),
    consumers: { pool: pool?.id ?? `${poolSite}/${poolName}`, nodes: s.consumers.nodes, ratePerNode: s.consumers.rate_per_node },
    ...(s.sink && { sink: { lake: s.sink.lake, ratio: s.sink.ratio } }),
  };
}

function resolveLake(l: LakeInput, i: number, sites: readonly CostedSite<PoolSpec>[], fail: Fail): Lake {
  const at = (...p: (string | number)[]) => ['lakes', i, ...p];
  const site = sites.find((x) => x.name === l.site);
  if (!site) fail(at('site'), `unknown site '${l.site}'`, `one of: ${sites.map((x) => x.name).join(', ')}`);
  const owned = site?.costs.kind === 'on-prem';
  if (site?.costs.kind === 'cloud' && site.costs.storageBytes > 0) {
    fail(
      at('site'),
      `site '${l.site}' already bills ${site.costs.storageBytes / 1e12} TB of flat storage (costs.storage) and this lake would bill its data again`,
      `put that data in the lake (initial:) and set the site's costs.storage to 0 GB`,
    );
  }
  if (site && !owned && l.capacity_purchase) fail(at('capacity_purchase'), `applies to owned storage, and site '${l.site}' is a cloud site`, 'give each tier a price per TB-month instead');
  l.tiers.forEach((t, j) => {
    if (site && !owned && t.price === undefined)
      fail(at('tiers', j, 'price'), `is required on a cloud site (what the provider charges per TB-month)`, "e.g. price: '0.023 USD/GB/month' with its source");
    if (l.tiers.findIndex((x) => x.name === t.name) < j) fail(at('tiers', j, 'name'), `tier '${t.name}' is listed twice`);
  });
  if (site && owned && !l.capacity_purchase && l.tiers.some((t) => t.price === undefined)) {
    fail(at('tiers'), `an owned lake needs capacity_purchase (or a price on every tier): its storage would be free`, 'add capacity_purchase: {increment, lead_time, price, source}');
  }
  if (l.initial_spread !== undefined && l.retention !== undefined && l.initial_spread > l.retention) {
    fail(
      at('initial_spread'),
      `spreads the initial data over ${days(l.initial_spread)} of ages, but the lake keeps data ${days(l.retention)} (retention)`,
      'data older than the retention is already deleted: spread it over the retention at most',
    );
  }
  const enterAges = new Map<string, number>([[l.tiers[0]?.name ?? '', 0]]);
  let last = 0;
  l.lifecycle.forEach((rule, j) => {
    const tier = l.tiers.findIndex((t) => t.name === rule.to);
    if (tier < 0) fail(at('lifecycle', j, 'to'), `unknown tier '${rule.to}'`, `one of: ${l.tiers.map((t) => t.name).join(', ')}`);
    else if (enterAges.has(rule.to)) fail(at('lifecycle', j, 'to'), `data is already in tier '${rule.to}' by then`, 'each rule moves data to a tier it has not been in');
    if (l.retention !== undefined && rule.after >= l.retention) {
      fail(
        at('lifecycle', j, 'after'),
        `moves data at ${days(rule.after)} but the lake deletes it at ${days(l.retention)} (retention)`,
        'move data before the retention deletes it, or lengthen the retention',
      );
    } else if (rule.after <= last) fail(at('lifecycle', j, 'after'), `rules must move data at increasing ages (${days(rule.after)} is not after ${days(last)})`);
    last = Math.max(last, rule.after);
    if (tier >= 0 && !enterAges.has(rule.to)) enterAges.set(rule.to, rule.after);
  });
  l.tiers.forEach((t, j) => {
    // a tier no rule moves data into would hold nothing and cost nothing: most likely a rule is missing
    if (j > 0 && !enterAges.has(t.name) && l.lifecycle.every((r) => r.to !== t.name)) {
      fail(at('tiers', j, 'name'), `no lifecycle rule moves data into tier '${t.name}'`, `add lifecycle: [{after: …, to: ${t.name}}], or remove the tier`);
    }
  });
  const tiers: LakeTier[] = l.tiers
    .filter((t) => enterAges.has(t.name))
    .map((t) => ({
      name: t.name,
      enterAge: enterAges.get(t.name) ?? 0,
      ...(t.price !== undefined && { price: t.price }),
      retrieval: t.retrieval,
      requestPrice: t.requests / REQUESTS_PER_PRICE,
      reads: t.reads,
    }))
    .sort((a, b) => a.enterAge - b.enterAge);
  const r = l.redundancy;
  const overhead = 'replication' in r ? r.replication : (r.erasure.data + r.erasure.parity) / r.erasure.data;
  const c = l.capacity_purchase;
  return {
    name: l.name,
    site: l.site,
    initial: l.initial,
    initialSpread: l.initial_spread ?? l.retention ?? 0,
    overhead,
    ...(l.retention !== undefined && { retention: l.retention }),
    objectSize: l.object_size,
    tiers,
    ...(c && { capacityPurchase: { increment: c.increment, leadTime: c.lead_time, pricePerByte: c.price, buyWhen: c.buy_when, installed: c.installed } }),
  };
}

function days(s: number): string {
  return `${+(s / 86_400).toPrecision(4)} d`;
}
