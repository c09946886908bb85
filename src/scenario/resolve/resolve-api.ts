import type { ApiOffering, OverflowRule } from '../../model/serving/api-offering.js';
import { closest } from '../../support/closest-name.js';
import type { TokenApiOffering } from '../token-api-schema.js';
import type { FieldPath, ResolveContext } from './resolve-context.js';

/**
 * A managed-API offering a service names (token-apis/<id>.yaml), checked for what a run needs of it: a time to
 * first token and an output speed to draw each request's latency, and the same model the service serves (when
 * both name a model card). @returns undefined after recording a located problem
 */
export function resolveOffering(id: string, field: FieldPath, servedCard: string | undefined, ctx: ResolveContext): ApiOffering | undefined {
  const loaded = ctx.guard(() => ctx.apis.get(id));
  if (!loaded) {
    const ids = ctx.guard(() => ctx.apis.ids());
    if (ids && !ids.includes(id)) {
      const near = closest(id, ids);
      ctx.fail(field, `no managed-API offering '${id}'`, near ? `did you mean '${near}'? (simulate apis lists them)` : 'simulate apis lists the offerings');
    }
    return undefined;
  }
  const o = loaded.offering;
  const { ttft, output_speed: speed } = o.latency;
  if (!ttft || !speed) {
    const missing = [!ttft && 'time to first token', !speed && 'output speed'].filter(Boolean).join(' and ');
    const fields = [!ttft && 'latency.ttft', !speed && 'latency.output_speed'].filter(Boolean).join(' and ');
    ctx.fail(field, `offering '${id}' publishes no ${missing}, so its requests' latency cannot be drawn`, `add ${fields} with a source to token-apis/${id}.yaml, or pick another offering`);
    return undefined;
  }
  if (o.model !== undefined && servedCard !== undefined && o.model !== servedCard) {
    ctx.fail(field, `offering '${id}' serves ${o.model}, but this service serves ${servedCard}`, 'pick an offering of the same model (simulate apis lists them)');
    return undefined;
  }
  return toOffering(o, ttft, speed);
}

function toOffering(o: TokenApiOffering, ttft: { median: number; p90?: number | undefined }, speed: { median: number; p10?: number | undefined }): ApiOffering {
  const r = o.rate_limits;
  return {
    id: o.id,
    provider: o.provider,
    pricedOn: o.priced_on,
    price: { input: o.price.input, output: o.price.output, ...(o.price.cached_input !== undefined && { cachedInput: o.price.cached_input }) },
    ...(r && {
      rateLimits: {
        tier: r.tier,
        ...(r.requests_per_minute !== undefined && { requestsPerMinute: r.requests_per_minute }),
        ...(r.tokens_per_minute !== undefined && { tokensPerMinute: r.tokens_per_minute }),
        ...(r.input_tokens_per_minute !== undefined && { inputTokensPerMinute: r.input_tokens_per_minute }),
        ...(r.output_tokens_per_minute !== undefined && { outputTokensPerMinute: r.output_tokens_per_minute }),
      },
    }),
    latency: {
      ttftMedian: ttft.median,
      ...(ttft.p90 !== undefined && { ttftP90: ttft.p90 }),
      speedMedian: speed.median,
      ...(speed.p10 !== undefined && { speedP10: speed.p10 }),
    },
  };
}

/** The overflow rule of a self-hosted service: its offering and queue threshold. */
export function resolveOverflow(o: { offering: string; queue_per_replica: number }, field: FieldPath, servedCard: string | undefined, ctx: ResolveContext): OverflowRule | undefined {
  const offering = resolveOffering(o.offering, [...field, 'offering'], servedCard, ctx);
  return offering && { offering, queuePerReplica: o.queue_per_replica };
}
