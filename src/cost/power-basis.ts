import type { SitePower } from '../model/power/site-power.js';
import { formatDay } from '../support/calendar.js';
import { COOLING } from '../model/power/cooling-kinds.js';

/** One delivery the envelope held back, as the result reports it. */
export interface PowerWaitResult {
  readonly pool: string;
  readonly nodes: number;
  readonly delivered_seconds: number;
  readonly energised_seconds: number;
  /** UTC days, with a scenario start only */
  readonly delivered_date?: string;
  readonly energised_date?: string;
}

/** `cost_analysis.power[site]`: a power-capped site's envelope, load and whether power bound the plan. */
export interface SitePowerResult {
  readonly cooling: string;
  readonly pue: number;
  readonly envelope_mw: number;
  readonly final_envelope_mw: number;
  /** IT load with every node energised at its (capped) maximum, and that × PUE */
  readonly peak_it_mw: number;
  readonly peak_facility_mw: number;
  readonly rack_density_kw: number;
  readonly racks: number;
  /** USD, in the site's installation capex */
  readonly cooling_capex: number;
  /** true when the envelope, not delivery, set when some nodes came online */
  readonly bound: boolean;
  readonly nodes_waiting_for_power: number;
  readonly waits: readonly PowerWaitResult[];
  /** pool id → power cap and the compute throughput share it leaves (cap^k) */
  readonly power_caps?: Readonly<Record<string, { readonly cap: number; readonly exponent: number; readonly throughput: number }>>;
}

/** What the power lines read: the sites' power summaries and the start (a resolved or a costed scenario). */
interface PoweredScenario {
  readonly sites: readonly { readonly name: string; readonly power?: SitePower | undefined }[];
  readonly start?: string | undefined;
}

const MW = 1e6;
const r = (x: number, digits = 4): number => Number(x.toPrecision(digits));

function dayOf(scenario: Pick<PoweredScenario, 'start'>): (t: number) => string {
  const start = scenario.start === undefined ? undefined : Date.parse(scenario.start);
  return (t) => (start === undefined ? `day ${r(t / 86_400)}` : formatDay(start + t * 1000));
}

/** Per power-capped site, the result's `power` entry; undefined when no site has `power:`. */
export function powerResults(scenario: PoweredScenario): Record<string, SitePowerResult> | undefined {
  const out: Record<string, SitePowerResult> = {};
  const start = scenario.start === undefined ? undefined : Date.parse(scenario.start);
  for (const site of scenario.sites) {
    const p = site.power;
    if (!p) continue;
    out[site.name] = {
      cooling: p.cooling,
      pue: p.pue,
      envelope_mw: r(p.envelope / MW),
      final_envelope_mw: r(p.finalEnvelope / MW),
      peak_it_mw: r(p.peakIt / MW),
      peak_facility_mw: r((p.peakIt * p.pue) / MW),
      rack_density_kw: r(p.rackDensity / 1000),
      racks: p.racks,
      cooling_capex: Math.round(p.coolingCapex),
      bound: p.waits.length > 0,
      nodes_waiting_for_power: p.waits.reduce((n, w) => n + w.nodes, 0),
      waits: p.waits.map((w) => ({
        pool: w.pool,
        nodes: w.nodes,
        delivered_seconds: w.deliveredAt,
        energised_seconds: w.energisedAt,
        ...(start !== undefined && { delivered_date: formatDay(start + w.deliveredAt * 1000), energised_date: formatDay(start + w.energisedAt * 1000) }),
      })),
      ...(Object.keys(p.caps).length > 0 && { power_caps: p.caps }),
    };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The cost basis's `power` line: each capped site's envelope, what waited for it, its cooling and caps. */
export function powerBasis(scenario: PoweredScenario): string | undefined {
  const dayAt = dayOf(scenario);
  const parts: string[] = [];
  for (const site of scenario.sites) {
    const p = site.power;
    const caps = Object.entries(site.power?.caps ?? {}).map(
      ([id, c]) =>
        `${id} capped at ${r(c.cap * 100, 3)} % of its maximum power, so ${r(c.throughput * 100, 3)} % of its compute throughput (cap^${c.exponent}, ${c.exponent === 1 ? 'linear: an ASSUMPTION' : 'the exponent the scenario gives'})`,
    );
    if (!p) continue;
    const upgrades = p.steps.slice(1).map((s) => `${r(s.watts / MW)} MW from ${dayAt(s.at)}`);
    const waits = p.waits.map((w) => `${w.nodes} nodes of ${w.pool} delivered ${dayAt(w.deliveredAt)} wait for power until ${dayAt(w.energisedAt)}`);
    const c = COOLING[p.cooling];
    parts.push(
      `Site ${site.name} can draw ${r(p.envelope / MW)} MW of facility power${upgrades.length > 0 ? ` (${upgrades.join(', ')})` : ''}; a node counts its maximum power × PUE ${p.pue} against it, and deliveries are energised first come, first served. ` +
        (waits.length > 0 ? `The plan is POWER-BOUND: ${waits.join('; ')}. ` : `No delivery waits for power (peak ${r((p.peakIt * p.pue) / MW)} MW). `) +
        `${p.cooling === 'liquid' ? 'Liquid (direct-to-chip)' : 'Air'} cooling: PUE ${p.pue}${p.pue === c.pue ? ` (${c.sources.pue.title}, ESTIMATE)` : ' (the scenario’s)'}, racks of ${r(p.rackDensity / 1000)} kW (${p.racks} racks), ` +
        `cooling plant ${r(p.coolingCapexPerWatt * 1000)} USD per kW of peak IT load = ${Math.round(p.coolingCapex)} USD in the installation capex (${(c.sources.capex_per_kw.note ?? '').replace(/\.$/, '')}).` +
        (caps.length > 0 ? ` ${caps.join('; ')}.` : ''),
    );
  }
  return parts.length > 0 ? parts.join(' ') : undefined;
}
