import { z } from 'zod';
import { precisions } from '../model/types.js';
import { profileId } from './profile-schema.js';
import { fraction, quantity } from './quantity-schema.js';

/** The model an inference service serves, and the draft model that speculates for it (`speculativeDecoding`). */
const precision = z.enum(precisions);

/** A model card, or the model's figures spelled out. */
export const servedModel = z.union([
  z
    .strictObject({
      card: profileId.describe('a model card of models/ (simulate models lists them), e.g. llama-3.1-70b'),
      precision: precision.default('bf16').describe('weight precision: bf16/fp16 2 bytes per parameter, fp8/int8 1, int4 0.5'),
      kv_cache_precision: precision.optional().describe('KV-cache element precision; default bf16 (2 bytes)'),
    })
    .describe('a model card: its parameters, layers, KV heads and width'),
  z
    .strictObject({
      params: z.number().positive().finite().describe('parameters N, e.g. 70e9'),
      precision: precision.default('bf16').describe('weight precision: bf16/fp16 2 bytes per parameter, fp8/int8 1, int4 0.5'),
      kv_cache: z
        .union([
          z.strictObject({
            layers: z.int().min(1),
            kv_heads: z.int().min(1),
            head_dim: z.int().min(1),
            precision: precision.optional().describe('KV-cache element precision; default bf16 (2 bytes); fp8 as MLPerf submissions run'),
          }),
          z.strictObject({ bytes_per_token: quantity('bytes', 'KV-cache bytes per token of context') }),
        ])
        .describe('KV cache: from the architecture (bf16 unless precision says otherwise), or bytes per token'),
      hidden_size: z.int().min(1).optional().describe('model width (d_model, e.g. 8192 for Llama 2 70B): sizes the tensor-parallel all-reduces; estimated as √(params / 12·layers) when absent'),
      layers: z.int().min(1).optional().describe('transformer layers, for the tensor-parallel all-reduces when the KV cache is given in bytes per token (e.g. 1 for an MTP module or EAGLE head)'),
      active_params: z.number().positive().finite().optional().describe('a mixture of experts: parameters each token works with (2·active FLOP per token); needs `experts`'),
      experts: z
        .strictObject({ routed: z.int().min(1).describe('routed experts per MoE layer'), active: z.int().min(1).describe('routed experts each token picks') })
        .optional()
        .describe('a mixture of experts: its routed experts (with `active_params`)'),
    })
    .refine((m) => (m.active_params === undefined) === (m.experts === undefined), { message: "a mixture of experts needs both 'active_params' and 'experts'" })
    .describe('the model spelled out'),
]);

/**
 * Speculative decoding (Leviathan et al. 2023; Chen et al. 2023): named as vLLM's --speculative-config
 * (method, model, num_speculative_tokens) and TensorRT-LLM's max_draft_len. The acceptance rate is an input:
 * it depends on the pair of models and on the text, and engines report it (vLLM's spec-decode metrics).
 */
export const speculativeDecoding = z
  .strictObject({
    method: z
      .enum(['draft', 'mtp', 'eagle'])
      .default('draft')
      .describe(
        "what guesses the tokens: a small draft model, the model's own multi-token-prediction module (DeepSeek-V3 MTP), or an EAGLE head; the figures that count are the proposer's in `draft`",
      ),
    draft: servedModel.describe(
      "the proposer: a model card (e.g. llama-3.1-8b drafting for llama-3.1-405b), or its figures (an MTP module or EAGLE head: the parameters of its own layer, its KV cache of one layer); it runs on the replica's devices, split by the same tensor parallelism",
    ),
    tokens: z.int().min(1).max(32).describe('draft length k: tokens guessed per step (vLLM num_speculative_tokens, TensorRT-LLM max_draft_len)'),
    acceptance: fraction('α, the chance each guessed token is accepted (Leviathan et al. 2023); a step then yields (1 − α^(k+1)) / (1 − α) tokens', 1, { allowZero: true }),
  })
  .describe('speculative decoding: each decode step a proposer guesses `tokens` tokens and the target verifies them in one pass');
