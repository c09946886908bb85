import type { PoolSpec, Tranche } from '../../model/types.js';
import { COOLING } from '../../model/power/cooling-kinds.js';
import { cappedThroughput, energise, type EnvelopeStep } from '../../model/power/power-envelope.js';
import type { PowerWait, SitePower } from '../../model/power/site-power.js';
import type { ScenarioInput } from '../scenario-schema.js';
import type { Fail, FieldPath } from './resolve-context.js';
import { secondsOf, type DateReading } from './resolve-dates.js';

type PoolInput = NonNullable<ScenarioInput['sites'][string]['nodes']>;
type SiteInput = ScenarioInput['sites'][string];

/** A resolved pool with the input it came from and where that input sits in the file. */
export interface PoolWithInput {
  readonly spec: PoolSpec;
  readonly input: PoolInput;
  readonly path: FieldPath;
}

const MW = 1e6;
const mw = (w: number): string => (w >= MW || w === 0 ? `${Number((w / MW).toPrecision(4))} MW` : `${Number((w / 1000).toPrecision(4))} kW`);

/**
 * A pool run under a power cap: each node's maximum power × cap (its idle draw no higher), and its devices'
 * compute peaks × cap^k (memory bandwidth unchanged: a capped GPU lowers its clocks, not its memory).
 */
export function capPool(spec: PoolSpec, cap: number, exponent: number): PoolSpec {
  const share = cappedThroughput(cap, exponent);
  const scale = (peaks: Readonly<Record<string, number | undefined>>) => Object.fromEntries(Object.entries(peaks).map(([k, v]) => [k, v === undefined ? v : v * share]));
  const device = { ...spec.device, peak: scale(spec.device.peak), ...(spec.device.peakSparse && { peakSparse: scale(spec.device.peakSparse) }) };
  const power = spec.power && { ...spec.power, max: spec.power.max * cap, idle: Math.min(spec.power.idle, spec.power.max * cap) };
  return { ...spec, device, ...(power && { power }) };
}

/**
 * Applies a site's power caps and, with a `power` block, its envelope: every tranche is energised when the
 * envelope has room for it (its `onlineAt` moves later when it waits); a tranche no upgrade makes room for,
 * a rack denser than the cooling, or a system the cooling cannot host is a located problem.
 */
export function resolvePower(site: SiteInput, siteName: string, pools: readonly PoolWithInput[], reading: DateReading, fail: Fail): { pools: PoolSpec[]; power?: SitePower } {
  const caps: Record<string, { cap: number; exponent: number; throughput: number }> = {};
  const capped = pools.map(({ spec, input, path }) => {
    if (input.power_cap === undefined) {
      if (input.power_cap_exponent !== undefined) fail([...path, 'power_cap_exponent'], 'has no power_cap to apply to', 'set power_cap: 0.8, or remove it');
      return spec;
    }
    if (site.kind === 'cloud') fail([...path, 'power_cap'], 'applies to owned (on-prem or edge) pools only', 'a cloud instance runs at the power its provider sets');
    else if (!site.power) fail([...path, 'power_cap'], `applies on a power-capped site, and site '${siteName}' has no power block`, 'add power: {envelope, rack_density, cooling} to the site');
    if (!spec.power) fail([...path, 'power_cap'], `node '${spec.node.id}' has no power figure to cap`, 'add power to the node profile');
    const exponent = input.power_cap_exponent ?? 1;
    caps[spec.id] = { cap: input.power_cap, exponent, throughput: cappedThroughput(input.power_cap, exponent) };
    return capPool(spec, input.power_cap, exponent);
  });
  if (site.kind === 'cloud' || !site.power) return { pools: capped };
  const input = site.power;
  const at: FieldPath = ['sites', siteName, 'power'];
  const cooling = COOLING[input.cooling];
  const pue = input.pue ?? cooling.pue;
  if (input.rack_density > cooling.maxRackDensity) {
    fail(
      [...at, 'rack_density'],
      `${mw(input.rack_density)} per rack is denser than ${input.cooling} cooling allows (${mw(cooling.maxRackDensity)})`,
      input.cooling === 'air' ? 'use cooling: liquid, or lower rack_density' : 'lower rack_density',
    );
  }
  const steps: EnvelopeStep[] = [{ at: 0, watts: input.envelope }];
  input.upgrades.forEach((u, i) => {
    const ordered = secondsOf(u.at, [...at, 'upgrades', i, 'at'], reading, fail);
    if (ordered === undefined) return;
    const prev = steps.at(-1);
    if (prev && u.to <= prev.watts) fail([...at, 'upgrades', i, 'to'], `${mw(u.to)} does not raise the envelope (${mw(prev.watts)} before it)`, 'upgrades must grow the envelope, in date order');
    else if (prev && ordered + u.lead_time < prev.at) fail([...at, 'upgrades', i, 'at'], 'is done before the upgrade listed before it', 'list upgrades in date order');
    else steps.push({ at: ordered + u.lead_time, watts: u.to });
  });
  const demands: { pool: PoolSpec; tranche: Tranche; path: FieldPath }[] = [];
  let racks = 0;
  let peakIt = 0;
  capped.forEach((spec, p) => {
    const { input: poolInput, path } = pools[p] as PoolWithInput;
    const kind = spec.node.cooling ?? 'air';
    if (!cooling.hosts.includes(kind))
      fail([...path, 'type'], `'${spec.node.id}' needs ${kind} cooling but site '${siteName}' is ${input.cooling}-cooled`, `use cooling: ${kind} on the site, or an ${input.cooling}-cooled system`);
    if (!spec.power) {
      fail([...path, 'type'], `'${spec.node.id}' has no power figure, so it cannot be placed within the site's power envelope`, 'add power to the node profile');
      return;
    }
    const perRack = Math.floor(input.rack_density / spec.power.max);
    if (perRack < 1)
      fail(
        [...path, 'type'],
        `one '${spec.node.id}' draws ${mw(spec.power.max)}, more than a rack's ${mw(input.rack_density)}`,
        'raise rack_density (with cooling that allows it), or cap the pool (power_cap)',
      );
    racks += Math.ceil(spec.nodeCount / Math.max(perRack, 1));
    peakIt += spec.nodeCount * spec.power.max;
    spec.tranches.forEach((tranche, i) => {
      const first = poolInput.count > 0 ? 1 : 0;
      demands.push({ pool: spec, tranche, path: i < first ? [...path, 'count'] : [...path, 'purchases', i - first] });
    });
  });
  const when = energise(
    steps,
    demands.map((d) => ({ nodes: d.tranche.nodes, deliveredAt: d.tranche.onlineAt, facilityWattsPerNode: (d.pool.power?.max ?? 0) * pue })),
  );
  const waits: PowerWait[] = [];
  const shifted = new Map<PoolSpec, Tranche[]>();
  const needOf = (d: (typeof demands)[number]) => d.tranche.nodes * (d.pool.power?.max ?? 0) * pue;
  const energised = demands.reduce((w, d, i) => w + (when[i] === undefined ? 0 : needOf(d)), 0);
  // energised first come, first served: the earliest delivery refused blocks the rest, so only it is reported
  const refused = demands
    .map((d, i) => ({ d, i }))
    .filter(({ i }) => when[i] === undefined)
    .sort((a, b) => a.d.tranche.onlineAt - b.d.tranche.onlineAt || a.i - b.i)[0];
  if (refused) {
    const { d } = refused;
    fail(
      d.path,
      `${d.tranche.nodes} nodes of ${d.pool.id} need ${mw(needOf(d))} of facility power (IT × PUE ${pue}) on top of ${mw(energised)} energised before them, but the envelope never exceeds ${mw(steps.at(-1)?.watts ?? 0)}`,
      `add an upgrade to at least ${mw(energised + needOf(d))}, cap the pool (power_cap), or buy fewer nodes`,
    );
  }
  demands.forEach((d, i) => {
    const energisedAt = when[i];
    if (energisedAt === undefined) return;
    if (energisedAt > d.tranche.onlineAt) waits.push({ pool: d.pool.id, nodes: d.tranche.nodes, deliveredAt: d.tranche.onlineAt, energisedAt });
    const list = shifted.get(d.pool) ?? [];
    list.push({ ...d.tranche, onlineAt: energisedAt });
    shifted.set(d.pool, list);
  });
  const out = capped.map((spec) => ({ ...spec, tranches: shifted.get(spec) ?? spec.tranches }));
  const power: SitePower = {
    cooling: input.cooling,
    pue,
    envelope: input.envelope,
    finalEnvelope: steps.at(-1)?.watts ?? input.envelope,
    steps,
    peakIt,
    rackDensity: input.rack_density,
    racks,
    coolingCapex: peakIt * cooling.capexPerWatt,
    coolingCapexPerWatt: cooling.capexPerWatt,
    waits,
    caps,
  };
  return { pools: out, power };
}
