import { z } from 'zod';
import { profileId, sourceSchema } from './profile-schema.js';

/**
 * Schema of a model card (models/<id>.yaml, models/README.md): the architecture figures the performance
 * models need, each with a public source, as hardware profiles carry theirs. Upper bounds reject absurd
 * values, an order of magnitude above the largest published models.
 */
const count = (what: string, max: number) => z.int().min(1).max(max).describe(what);

export const modelCardSchema = z
  .strictObject({
    id: profileId.describe('model card id: the file name without .yaml'),
    name: z.string().min(1).describe('human-readable name'),
    vendor: z.string().min(1).describe('who published the model'),
    released: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM')
      .describe('month of release, YYYY-MM'),
    architecture: z.enum(['dense', 'moe']).describe('dense, or mixture-of-experts (moe: give active_params and experts)'),
    params: z.number().positive().max(1e14).describe('total parameters'),
    active_params: z.number().positive().max(1e14).optional().describe('parameters active per token (moe only)'),
    layers: count('transformer layers (num_hidden_layers)', 10_000),
    hidden_size: count('model width (hidden_size)', 1_000_000),
    attention_heads: count('query heads (num_attention_heads)', 10_000),
    kv_heads: count('key/value heads (num_key_value_heads; = attention_heads without grouped-query attention)', 10_000),
    head_dim: count('dimension of one head', 10_000),
    intermediate_size: count('width of the MLP (intermediate_size) of a dense model: sizes LoRA adapters on its gate, up and down projections', 10_000_000).optional(),
    vocab_size: count('vocabulary size', 10_000_000),
    context_length: count('longest context the model is published for, tokens', 100_000_000),
    experts: z
      .strictObject({
        routed: count('routed experts per MoE layer', 100_000),
        active: count('routed experts each token uses', 100_000),
        shared: z.int().min(0).max(100_000).describe('experts every token uses besides the routed ones'),
        moe_layers: z.int().min(1).max(10_000).optional().describe('layers with experts (the others are dense), for the all-to-alls of expert parallelism; default every layer'),
      })
      .optional()
      .describe('experts per MoE layer (moe only)'),
    kv_cache_bytes_per_token_bf16: z
      .number()
      .positive()
      .max(1e9)
      .optional()
      .describe("KV-cache bytes per token in 16 bits where attention does not store kv_heads × head_dim per layer (e.g. DeepSeek's latent attention); the note says how"),
    sources: z.record(z.string(), sourceSchema).default({}).describe('dotted field path (or a prefix of it; several, comma-separated) → source; every number needs one'),
  })
  .superRefine((card, ctx) => {
    const moe = card.architecture === 'moe';
    if (moe !== (card.active_params !== undefined)) ctx.addIssue({ code: 'custom', path: ['active_params'], message: moe ? 'a moe model needs active_params' : 'only a moe model has active_params' });
    if (moe !== (card.experts !== undefined)) ctx.addIssue({ code: 'custom', path: ['experts'], message: moe ? 'a moe model needs experts' : 'only a moe model has experts' });
    if (card.active_params !== undefined && card.active_params > card.params)
      ctx.addIssue({ code: 'custom', path: ['active_params'], message: `is ${card.active_params}, more than params (${card.params})` });
    if (card.kv_heads > card.attention_heads) ctx.addIssue({ code: 'custom', path: ['kv_heads'], message: `is ${card.kv_heads}, more than attention_heads (${card.attention_heads})` });
    if (card.experts && card.experts.active > card.experts.routed)
      ctx.addIssue({ code: 'custom', path: ['experts', 'active'], message: `is ${card.experts.active}, more than routed (${card.experts.routed})` });
  });

export type ModelCard = z.infer<typeof modelCardSchema>;
