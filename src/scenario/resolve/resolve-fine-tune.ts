import { ADAPTABLE_PROJECTIONS, loraAdapterParams, QLORA_BASE_BYTES_PER_PARAM, type FineTuneSpec, type Projection } from '../../model/performance/fine-tuning.js';
import { bytesPerElement } from '../../model/performance/precision.js';
import type { TrainingWorkload } from '../../model/types.js';
import type { ScenarioInput } from '../scenario-schema.js';
import type { FieldPath, ResolveContext } from './resolve-context.js';
import { resolveCard } from './resolve-served-model.js';

type TrainingInput = Extract<ScenarioInput['workloads'][number], { kind: 'training' }>;
type FineTuneInput = NonNullable<TrainingInput['fine_tune']>;

/** LoRA's usual rank when none is given (the LoRA paper's experiments use 1–64; PEFT's default is 8, QLoRA's 64; 16 sits between). */
const DEFAULT_RANK = 16;

/**
 * The base model, the tokens and the fine-tuning spec of a `fine_tune` block: the card gives the parameters and
 * the shapes the adapters are sized from; tokens come as tokens or as steps × batch tokens.
 */
export function resolveFineTune(
  w: TrainingInput & { fine_tune: FineTuneInput },
  at: (...p: FieldPath) => FieldPath,
  ctx: ResolveContext,
): Pick<TrainingWorkload, 'params' | 'activeParams' | 'card' | 'tokens' | 'fineTune'> {
  const ft = w.fine_tune;
  const placeholder = { params: { kind: 'constant', value: 1 }, tokens: { kind: 'constant', value: 1 } } as const;
  if (ft.tokens !== undefined && ft.steps !== undefined) ctx.fail(at('fine_tune', 'steps'), 'give tokens or steps, not both');
  if (ft.tokens === undefined && ft.steps === undefined) ctx.fail(at('fine_tune'), 'needs tokens or steps', 'e.g. steps: 2000 (tokens = steps × batch.tokens)');
  const tokens = ft.tokens ?? { kind: 'constant' as const, value: (ft.steps ?? 1) * w.batch.tokens };
  if (ft.method === 'full') {
    if (ft.rank !== undefined) ctx.fail(at('fine_tune', 'rank'), 'is a LoRA setting: full fine-tuning trains every weight', 'use method: lora, or drop rank');
    if (ft.target_modules !== undefined) ctx.fail(at('fine_tune', 'target_modules'), 'is a LoRA setting: full fine-tuning trains every weight', 'use method: lora, or drop target_modules');
  }
  const card = resolveCard(ft.base, at('fine_tune', 'base'), ctx);
  // an unresolved card has been reported; the placeholder never reaches a run (resolving throws at the end)
  if (!card) return { ...placeholder, tokens };
  const model = { params: { kind: 'constant' as const, value: card.params }, ...(card.active_params !== undefined && { activeParams: card.active_params }), card: card.id, tokens };
  if (ft.method === 'full') return { ...model, fineTune: { method: 'full', base: card.id, adapterParams: 0, baseBytesPerParam: bytesPerElement[w.precision] } };

  const rank = ft.rank ?? DEFAULT_RANK;
  const targets: readonly Projection[] = ft.target_modules === undefined || ft.target_modules === 'all-linear' ? ADAPTABLE_PROJECTIONS : ft.target_modules;
  const mlp = targets.some((t) => t === 'gate_proj' || t === 'up_proj' || t === 'down_proj');
  if (mlp && card.architecture === 'moe') {
    ctx.fail(
      at('fine_tune', 'target_modules'),
      `${card.id} is a mixture-of-experts model: adapters on its expert MLPs are not sized here`,
      'target the attention projections: [q_proj, k_proj, v_proj, o_proj]',
    );
    return { ...model, ...placeholder, tokens };
  }
  if (mlp && card.intermediate_size === undefined) {
    ctx.fail(
      at('fine_tune', 'target_modules'),
      `the card ${card.id} gives no intermediate_size to size adapters on the MLP projections`,
      'target the attention projections, or add intermediate_size (with its source) to the card',
    );
    return { ...model, ...placeholder, tokens };
  }
  const shape = {
    layers: card.layers,
    hiddenSize: card.hidden_size,
    attentionHeads: card.attention_heads,
    kvHeads: card.kv_heads,
    headDim: card.head_dim,
    ...(card.intermediate_size !== undefined && { intermediateSize: card.intermediate_size }),
  };
  const fineTune: FineTuneSpec = {
    method: ft.method,
    base: card.id,
    adapterParams: loraAdapterParams(shape, rank, targets),
    baseBytesPerParam: ft.method === 'qlora' ? QLORA_BASE_BYTES_PER_PARAM : bytesPerElement[w.precision],
    rank,
    targets,
  };
  return { ...model, fineTune };
}
