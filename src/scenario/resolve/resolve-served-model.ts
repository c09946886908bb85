import { bytesPerElement } from '../../model/performance/index.js';
import type { InferenceWorkload } from '../../model/types.js';
import { closest } from '../../support/closest-name.js';
import type { ModelCard } from '../model-card-schema.js';
import type { ScenarioInput } from '../scenario-schema.js';
import type { FieldPath, ResolveContext } from './resolve-context.js';

type ServedModelInput = Extract<ScenarioInput['workloads'][number], { kind: 'inference' }>['model'];

/** The model an inference service serves, with the scenario field its size came from (for messages). */
export interface ServedModel {
  readonly model: InferenceWorkload['model'];
  /** where the parameter count was given: the card or `params` */
  readonly sizeField: FieldPath;
  /** a mixture-of-experts card's layers with experts, when it gives them (expert parallelism sizes its all-to-alls with them) */
  readonly moeLayers?: number;
}

/**
 * The served model: spelled out in the scenario, or read from a model card (models/<id>.yaml), whose layers,
 * KV heads, head dimension and width size the KV cache and the tensor-parallel all-reduces. A mixture-of-
 * experts card brings its active parameters, experts and MoE layers (`MoeSpec`); a replica holds every
 * expert, split by tensor parallelism, unless the workload gives `expert_parallel`.
 * `base`: where the model is written (`model`, or `speculative.draft` for a draft model).
 * @returns undefined after recording a problem
 */
export function resolveServedModel(m: ServedModelInput, at: (...p: FieldPath) => FieldPath, ctx: ResolveContext, base: FieldPath = ['model']): ServedModel | undefined {
  if (!('card' in m)) {
    const kv = m.kv_cache;
    const kvCache = 'layers' in kv ? { layers: kv.layers, kvHeads: kv.kv_heads, headDim: kv.head_dim, ...(kv.precision && { precision: kv.precision }) } : { bytesPerToken: kv.bytes_per_token };
    const moe = m.active_params !== undefined && m.experts ? { activeParams: m.active_params, experts: m.experts } : undefined;
    if (moe && (moe.activeParams > m.params || moe.experts.active > moe.experts.routed)) {
      ctx.fail(
        at(...base, 'active_params'),
        `a mixture of experts needs active_params ≤ params and experts.active ≤ experts.routed, got ${moe.activeParams} of ${m.params} and ${moe.experts.active} of ${moe.experts.routed}`,
      );
      return undefined;
    }
    const model = {
      params: m.params,
      weightPrecision: m.precision,
      kvCache,
      ...(m.hidden_size !== undefined && { hiddenSize: m.hidden_size }),
      ...(m.layers !== undefined && { layers: m.layers }),
      ...(moe && { moe }),
    };
    return { model, sizeField: at(...base, 'params') };
  }
  const field = at(...base, 'card');
  const card = resolveCard(m.card, field, ctx);
  if (!card) return undefined;
  const kvPrecision = m.kv_cache_precision ?? 'bf16';
  const kvCache =
    card.kv_cache_bytes_per_token_bf16 !== undefined
      ? { bytesPerToken: (card.kv_cache_bytes_per_token_bf16 * bytesPerElement[kvPrecision]) / 2 }
      : { layers: card.layers, kvHeads: card.kv_heads, headDim: card.head_dim, precision: kvPrecision };
  // a mixture of experts computes with its active parameters and reads the experts its batch routes to
  const moe = card.active_params !== undefined && card.experts ? { activeParams: card.active_params, experts: { routed: card.experts.routed, active: card.experts.active } } : undefined;
  const moeLayers = card.experts?.moe_layers;
  return {
    model: { params: card.params, weightPrecision: m.precision, kvCache, hiddenSize: card.hidden_size, layers: card.layers, card: card.id, ...(moe && { moe }) },
    sizeField: field,
    ...(moeLayers !== undefined && { moeLayers }),
  };
}

/** Model card `id`, or undefined after recording a located problem (no such card, with the nearest name; a broken file). */
export function resolveCard(id: string, field: FieldPath, ctx: ResolveContext): ModelCard | undefined {
  const loaded = ctx.guard(() => ctx.models.get(id));
  if (loaded) return loaded.card;
  const ids = ctx.guard(() => ctx.models.ids());
  if (ids && !ids.includes(id)) {
    const near = closest(id, ids);
    ctx.fail(field, `no model card '${id}'`, near ? `did you mean '${near}'? (simulate models lists them)` : 'simulate models lists the cards');
  }
  return undefined;
}
