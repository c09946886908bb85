import { z } from 'zod';
import { fraction, quantity } from './quantity-schema.js';
import { profileId, sourceSchema } from './profile-schema.js';
import { parseFraction, parseQuantity, QuantityError } from './units.js';
import { isTimeZone, parseInstant } from '../support/calendar.js';

/**
 * Scenario fields of the calendar and of fleet refresh, resale and price paths (issue 16, items 0 and 2):
 * a start instant, a site's time zone, times given as a date or a span from the start, dated refreshes of a
 * pool, a resale curve and price paths. Dates are read against the start (and the site's zone) by the
 * resolvers; here they are only checked for form.
 */

const YEAR = 365.25 * 86_400;
const LOOKS_LIKE_DATE = /^\d{4}-\d{2}-\d{2}/;

/** `start: 2026-01-01T00:00:00Z`: simulation time 0 as an instant, normalised to UTC with milliseconds. */
export const startInstant = z
  .string()
  .describe('simulation time 0 as an ISO 8601 instant with its zone, e.g. 2026-01-01T00:00:00Z or 2026-01-01T00:00+01:00; absent: time 0 is an unnamed midnight')
  .transform((text, ctx) => {
    const ms = parseInstant(text);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `'${text}' is not an ISO 8601 date-time with a zone (write e.g. 2026-01-01T00:00:00Z or 2026-01-01T00:00+01:00)` });
      return z.NEVER;
    }
    return new Date(ms).toISOString();
  });

/** `time_zone: Europe/Berlin`: the IANA zone a site's local dates are read in. */
export const timeZone = z
  .string()
  .max(64)
  .describe('IANA time zone of the site (e.g. Europe/Berlin): dates it gives without a zone are read in it (default UTC)')
  .refine((z) => isTimeZone(z), { message: 'is not an IANA time zone this runtime knows (e.g. Europe/Berlin, America/New_York, UTC)' });

/** A date to read against the scenario's start, as written (`2026-06-01`, `2026-06-01T09:00`, or with a zone). */
export interface DatedTime {
  readonly date: string;
}
/** s from the start, or a date the resolver turns into them */
export type TimeOrDate = number | DatedTime;

/** A time from the start (`90 d`) or a date (`2026-06-01`, read in the site's zone; needs the scenario's `start`). */
export function timeOrDate(description: string) {
  return z
    .string({ error: (iss) => (iss.input === undefined ? 'is required' : `expected a time such as '90 days' or a date such as 2026-06-01, got ${JSON.stringify(iss.input)}`) })
    .describe(`${description} (a time from the start such as '90 days', or a date such as 2026-06-01 when the scenario has a start)`)
    .transform((text, ctx): TimeOrDate => {
      if (LOOKS_LIKE_DATE.test(text.trim())) return { date: text.trim() };
      try {
        const s = parseQuantity(text, 'time');
        if (s >= 0) return s;
        ctx.addIssue({ code: 'custom', message: `'${text}' must be zero or more` });
      } catch (err) {
        if (!(err instanceof QuantityError)) throw err;
        ctx.addIssue({ code: 'custom', message: err.message + (err.hint ? `; ${err.hint}` : '') });
      }
      return z.NEVER;
    });
}

/** A signed yearly change written `-15 %`, `+3 %` or -0.15. */
const yearlyChange = z
  .union([z.number(), z.string()])
  .describe("change per year, e.g. '-15 %' or '+3 %'")
  .transform((v, ctx) => {
    try {
      const g = parseFraction(v);
      if (Number.isFinite(g)) return g;
    } catch (err) {
      if (!(err instanceof QuantityError)) throw err;
    }
    ctx.addIssue({ code: 'custom', message: `'${String(v)}' is not a signed percentage such as '-15 %' or '+3 %'` });
    return z.NEVER;
  });

/** How a price moves over the planning horizon, as a multiplier of the stated price (1 at the start). */
export const pricePathSchema = z
  .union([
    z.strictObject({
      change_per_year: yearlyChange,
      linear: z.boolean().default(false).describe('false: compounded, × (1 + g)^years; true: linear, × (1 + g × years)'),
    }),
    z.strictObject({
      points: z
        .array(z.strictObject({ at: timeOrDate('when the price reaches this multiple'), factor: z.number().describe('multiple of the stated price, e.g. 0.8') }))
        .min(1)
        .max(1000)
        .describe('dated multiples of the stated price, linear between points, 1 at the start, the last held after'),
    }),
  ])
  .describe("a price that moves over the planning horizon: {change_per_year: '-15 %'} (compounded; linear: true for a straight line) or {points: [{at: 2027-01-01, factor: 0.8}, …]}");
export type PricePathInput = z.output<typeof pricePathSchema>;

/** What owned hardware fetches second-hand, as a fraction of its price, by age. */
export const resaleSchema = z
  .union([
    z.strictObject({
      curve: z.literal('straight-line'),
      life: quantity('time', 'age at which the value reaches the floor', { max: 30 * YEAR }),
      floor: fraction('value left at the end of life, share of the price', 1, { allowZero: true }).default(0),
    }),
    z.strictObject({
      curve: z.literal('declining-balance'),
      rate: fraction('share of the remaining value lost each year', 1, { allowZero: true }),
    }),
    z.strictObject({
      curve: z.literal('points'),
      points: z
        .array(z.strictObject({ age: quantity('time', 'age of the hardware', { max: 30 * YEAR }), value: fraction('resale value, share of the price paid', 1, { allowZero: true }) }))
        .min(1)
        .max(100)
        .describe('a published resale curve: value at each age, linear between, 1 at age 0, the last held after'),
      source: sourceSchema.describe('where the curve comes from (url, title, note with kind and date)'),
    }),
  ])
  .describe(
    'second-hand value of the owned hardware by age: what a refresh sells the old generation for, and what the fleet held at the horizon is worth (its residual value, credited in cash and NPV)',
  );
export type ResaleInput = z.output<typeof resaleSchema>;

/** One refresh of an on-prem pool: from `at`, its nodes are `count` new ones of `type`; the old ones are sold. */
/** Embodied (manufacturing) carbon of a pool's nodes, amortised over their life (docs/cost-model.md, "Carbon by the hour"). */
export const embodiedCarbonSchema = z
  .strictObject({
    per_system_kg: z.number().min(0).max(1e7).describe('kg CO2e to make one node without its accelerators (chassis, CPUs, memory, drives, NICs)'),
    per_device_kg: z.number().min(0).max(1e6).default(0).describe('kg CO2e to make one accelerator (with its memory), counted once per device of the node'),
    life: quantity('time', 'years the embodied carbon is spread over (e.g. the depreciation life)'),
    source: sourceSchema.describe('where the figures come from (url, title, note with kind ESTIMATE and date)'),
  })
  .describe('on-prem: embodied carbon of the nodes, reported apart from operational CO2e (cost_analysis.co2e.embodied_t)');

export const refreshStep = z
  .strictObject({
    at: timeOrDate('when the new generation is bought and online, and the old one retired and sold'),
    type: profileId.optional().describe("node profile of the new generation (default: the pool's current generation's, a like-for-like refresh)"),
    count: z.int().min(1).max(1_000_000).describe('nodes of the new generation'),
    capex_per_node: quantity('money', "price of one new node (default: the new node profile's price)", { max: 1e9 }).optional(),
    embodied_carbon: embodiedCarbonSchema.optional().describe("the new generation's embodied carbon, when the pool gives one (default: the previous generation's, for a like-for-like refresh)"),
  })
  .describe('a fleet refresh: the pool becomes count × type at `at`; every node it held before is retired then and sold at its resale value');
export type RefreshStepInput = z.output<typeof refreshStep>;
