import { z } from 'zod';
import { fraction, quantity } from './quantity-schema.js';
import { name } from './name-schema.js';

/**
 * The scenario fields of services that move (issue 15): user regions with their round trips to sites, and an
 * inference service's other pools, burst sites, routing policy, users and cold start. All optional: without them
 * a service is one set of replicas on its home pool.
 */

export const regions = z
  .record(
    name,
    z
      .strictObject({
        rtt: z
          .record(name, quantity('time', 'round trip from this region to the site', { allowZero: true }))
          .describe('site → round-trip time from this region, e.g. {onprem: 30 ms, edge: 5 ms}; a site missing here has no route from the region'),
      })
      .describe('a region users send requests from'),
  )
  .optional()
  .describe("where services' users are: region → round-trip times to the sites (workloads' users name them)");

export const serviceReachFields = {
  also_at: z
    .array(
      z.strictObject({
        site: name.describe('another site the service runs fixed replicas on (e.g. an edge site near users)'),
        pool: name.optional().describe('pool within the site (default: its only pool)'),
        replicas: z.int().min(1).max(100_000).describe('replicas there, held for the whole run'),
      }),
    )
    .max(64)
    .optional()
    .describe('fixed replicas on other sites, each on that pool’s hardware; the routing policy spreads requests over all pools'),
  burst: z
    .strictObject({
      to: z.array(name).min(1).max(64).describe('sites (never edge) whose pools take replicas the home pool has no devices for, in order of preference'),
    })
    .optional()
    .describe('with autoscaling: replicas the home pool cannot hold (every device held by replicas, or its quota reached) open on these sites'),
  routing: z
    .enum(['nearest', 'cheapest', 'least-loaded', 'slo-aware'])
    .optional()
    .describe(
      'how a request picks a pool: nearest (lowest round trip with room), cheapest (lowest price per device-hour with room), least-loaded (default: the replica with the fewest requests anywhere), slo-aware (cheapest whose predicted TTFT meets slo.ttft, else the lowest prediction)',
    ),
  users: z
    .array(
      z.strictObject({
        region: name.describe('a region of the scenario’s regions block'),
        share: fraction('fraction of the requests from this region (the shares sum to 1)'),
      }),
    )
    .min(1)
    .max(64)
    .optional()
    .describe('where requests come from: each draws its region; one round trip to the serving site is added to its TTFT and end-to-end latency'),
  cold_start: z
    .strictObject({
      container_start: quantity('time', 'time to start the serving container before the weights load (a figure you state: image cached, runtime up)', { allowZero: true }),
      read_bandwidth: quantity('byteRate', "rate the weights load at (default: the node's local drives, summed)").optional(),
    })
    .optional()
    .describe('every replica start waits for it: container_start + weight bytes ÷ read bandwidth; required with replicas.min 0 (scale to zero)'),
};
