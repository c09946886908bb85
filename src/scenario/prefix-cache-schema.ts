import { z } from 'zod';
import { distribution, quantity } from './quantity-schema.js';
import { parseFraction, parseQuantity, QuantityError } from './units.js';

/** The multi-turn conversations and the prefix cache of an inference service (docs/serving.md, "Prefix caching"). */

const TB = 1e12;

/** Multi-turn conversations instead of independent requests; `arrivals` is the workload arrivals schema (conversation starts). */
export function conversationsSchema<A extends z.ZodType>(arrivals: A) {
  return z
    .strictObject({
      arrivals: arrivals.describe('when conversations start: {rate: 2 /s}, with diurnal/growth, mmpp or interarrival as for any workload'),
      turns: distribution('count', 'requests (turns) per conversation, rounded, at least 1'),
      gap: distribution('time', "time from one turn's arrival to the next (the answer and the user's think time)"),
      system_prompts: z
        .strictObject({
          count: z.int().min(1).max(100_000).describe('distinct system prompts'),
          tokens: distribution('count', 'tokens of each system prompt (drawn once per prompt)'),
          popularity: z.number().min(0).max(10).default(1).describe('Zipf exponent: prompt k (from 1) is picked ∝ 1/k^popularity; 0 = uniform'),
        })
        .describe('the system prompts conversations start with, shared between conversations'),
      user_tokens: distribution('count', 'new user tokens per turn'),
      output: distribution('count', 'output tokens per turn'),
    })
    .describe("multi-turn chat: each turn's prompt is the system prompt, every earlier turn's prompt and answer, and its new user tokens");
}

const tier = (what: string, defaults: string) =>
  z
    .strictObject({
      capacity: quantity('bytes', `${what} capacity each replica's cache may use`, { max: 1000 * TB }).optional(),
      bandwidth: quantity('byteRate', `bandwidth from ${what} into the replica's HBM`, { max: 100 * TB }).optional(),
    })
    .describe(`an offload tier in ${what}: KV evicted from the tier above moves here; a hit costs its bytes ÷ bandwidth. ${defaults}`);

/** HBM for the cache: bytes ('20 GB') or a fraction of the replica's KV memory (0.3, '30 %'). */
const hbm = z
  .union([z.number(), z.string()])
  .describe("HBM set aside for the cache on each replica: bytes such as '20 GB', or a fraction of the KV memory such as 0.3 or '30 %'")
  .transform((v, ctx): { readonly bytes: number } | { readonly fraction: number } => {
    try {
      if (typeof v === 'number' || v.trim().endsWith('%')) {
        const f = parseFraction(v);
        if (Number.isFinite(f) && f > 0 && f < 1) return { fraction: f };
        ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)} must be a fraction above 0 and below 1 (running sequences need the rest)` });
        return z.NEVER;
      }
      const bytes = parseQuantity(v, 'bytes');
      if (bytes > 0) return { bytes };
      ctx.addIssue({ code: 'custom', message: `'${v}' must be greater than zero` });
      return z.NEVER;
    } catch (err) {
      if (!(err instanceof QuantityError)) throw err;
      ctx.addIssue({ code: 'custom', message: err.message + (err.hint ? `; ${err.hint}` : '') });
      return z.NEVER;
    }
  });

export const prefixCacheSchema = z
  .strictObject({
    hbm: hbm.optional(),
    block_tokens: z.int().min(1).max(4096).default(16).describe("tokens per KV block: only whole blocks are cached (vLLM's default 16)"),
    dram: tier('host DRAM', "Capacity defaults to the replica's share of the node profile's host memory (its devices ÷ the node's); the bandwidth must be given (profiles publish none).").optional(),
    nvme: tier('local NVMe', "Capacity and bandwidth default to the replica's share of the node profile's NVMe drives (capacity and read bandwidth).").optional(),
    routing: z
      .enum(['cache_aware', 'least_loaded'])
      .default('cache_aware')
      .describe('cache_aware: send a request to the replica holding the longest prefix of it unless that replica is overloaded (SGLang router, llm-d, Dynamo); least_loaded: as without a cache'),
    route_slack: z.int().min(0).max(1_000_000).default(32).describe('cache_aware: requests a replica may have beyond the least loaded one and still get a request for its cached prefix'),
  })
  .describe("prefix caching (vLLM automatic prefix caching, SGLang RadixAttention) with offload tiers (LMCache, Mooncake): a prompt's cached tokens are not prefilled again");
