import { z } from 'zod';
import { quantity } from './quantity-schema.js';
import { timeOrDate } from './refresh-schema.js';

/**
 * Scenario fields of power-capped facilities (issue 16, item 1): an on-prem site's power envelope, its
 * dated upgrades, its rack density and cooling, and a pool's power cap. The resolver
 * (src/scenario/resolve/resolve-power.ts) reads the dates against the start and decides when each
 * tranche can be energised; here only the form is checked.
 */
export const sitePowerSchema = z
  .strictObject({
    envelope: quantity('power', 'facility power the site can draw from the grid at the start (IT load × PUE), e.g. 5 MW'),
    upgrades: z
      .array(
        z.strictObject({
          at: timeOrDate('when the upgrade is ordered (a date, or a span from the start)'),
          to: quantity('power', 'the facility envelope once the upgrade is done, e.g. 8 MW'),
          lead_time: quantity('time', 'from the order to the extra power being available (substation works)', { allowZero: true }).prefault('0 s'),
        }),
      )
      .max(100)
      .default([])
      .describe('substation upgrades: the envelope grows to `to` at at + lead_time; each must raise it'),
    rack_density: quantity('power', "IT power one rack may draw, e.g. 40 kW; at most the cooling kind's limit"),
    cooling: z.enum(['air', 'liquid']).describe('air (hosts air-cooled systems only) or liquid (direct-to-chip; hosts both)'),
    pue: z.number().min(1).max(5).optional().describe("facility PUE (default: the cooling kind's, docs/sites-and-placement.md); replaces costs.pue for the energy cost"),
  })
  .describe('a power-capped facility: nodes come online only when the envelope and cooling allow (docs/sites-and-placement.md, Power)');

export type SitePowerInput = z.output<typeof sitePowerSchema>;

/** A pool's power cap: a share of each node's maximum power; throughput scales as cap^exponent. */
export const powerCapSchema = z
  .number()
  .gt(0)
  .max(1)
  .describe("on-prem: run each node at this share of its maximum power (e.g. 0.8); its devices' compute throughput scales by power_cap^power_cap_exponent");
export const powerCapExponentSchema = z.number().min(0).max(3).describe('k in throughput ∝ power_cap^k (default 1: linear, an ASSUMPTION; docs/sites-and-placement.md, Power capping)');
