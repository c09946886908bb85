import { z } from 'zod';
import { profileId, sourceSchema } from './profile-schema.js';

/**
 * Schema of a managed-API offering (token-apis/<id>.yaml, token-apis/README.md): one provider serving one
 * model per token, with its list prices, the rate limits of a named tier and the latency public benchmarks
 * measured, each figure with a source. Plain numbers in fixed units (USD per million tokens, s, tokens/s):
 * a price sheet is quoted in those units, so there is nothing to convert.
 */
const usdPerMillion = (what: string) => z.number().min(0).max(10_000).describe(`${what}, USD per million tokens (list price)`);
const perMinute = (what: string) => z.int().min(1).max(1e12).optional().describe(`${what} per minute the tier admits`);

/** A lognormal latency figure: its median and, where published, one tail percentile. */
const seconds = z.number().positive().max(3600);
const tokensPerSecond = z.number().positive().max(1e6);

export const tokenApiSchema = z
  .strictObject({
    id: profileId.describe('offering id: the file name without .yaml'),
    provider: z.string().min(1).describe('who sells the tokens, e.g. Groq'),
    provider_model: z.string().min(1).describe("the provider's name of the model, as its API takes it"),
    model: profileId.optional().describe('the model card (models/<id>.yaml) of the model served, where one exists'),
    priced_on: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$/, 'must be YYYY-MM or YYYY-MM-DD')
      .describe('when the prices were read (YYYY-MM or YYYY-MM-DD)'),
    price: z
      .strictObject({
        input: usdPerMillion('prompt tokens'),
        output: usdPerMillion('generated tokens'),
        cached_input: usdPerMillion('prompt tokens served from the prompt cache').optional(),
      })
      .describe('list prices, USD per million tokens'),
    rate_limits: z
      .strictObject({
        tier: z.string().min(1).describe("the provider's tier or plan these limits belong to"),
        requests_per_minute: perMinute('requests'),
        tokens_per_minute: perMinute('tokens (prompt + generated)'),
        input_tokens_per_minute: perMinute('prompt tokens'),
        output_tokens_per_minute: perMinute('generated tokens'),
      })
      .optional()
      .describe('rate limits of one tier; absent where the provider publishes none (then none is enforced, and runs say so)'),
    latency: z
      .strictObject({
        ttft: z
          .strictObject({ median: seconds.describe('s, median time to first token'), p90: seconds.optional().describe('s, 90th percentile') })
          .optional()
          .describe('time to first token, s'),
        output_speed: z
          .strictObject({
            median: tokensPerSecond.describe('median output tokens per second after the first token'),
            p10: tokensPerSecond.optional().describe('the slowest decile: 10th percentile of output tokens per second'),
          })
          .optional()
          .describe('output speed, tokens/s'),
      })
      .default({})
      .describe('latency as published benchmarks measured it; without a tail percentile the figure is drawn as its median every time'),
    sources: z.record(z.string(), sourceSchema).default({}).describe('dotted field path (or a prefix; several comma-separated) → source; every number needs one'),
  })
  .superRefine((o, ctx) => {
    const t = o.latency.ttft;
    if (t?.p90 !== undefined && t.p90 < t.median) ctx.addIssue({ code: 'custom', path: ['latency', 'ttft', 'p90'], message: `is ${t.p90}, below the median ${t.median}` });
    const s = o.latency.output_speed;
    if (s?.p10 !== undefined && s.p10 > s.median) ctx.addIssue({ code: 'custom', path: ['latency', 'output_speed', 'p10'], message: `is ${s.p10}, above the median ${s.median}` });
    const r = o.rate_limits;
    if (r && r.requests_per_minute === undefined && r.tokens_per_minute === undefined && r.input_tokens_per_minute === undefined && r.output_tokens_per_minute === undefined)
      ctx.addIssue({ code: 'custom', path: ['rate_limits'], message: 'names a tier but no limit: give requests_per_minute or a tokens_per_minute figure, or leave rate_limits out' });
  });

export type TokenApiOffering = z.infer<typeof tokenApiSchema>;
