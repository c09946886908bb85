import { z } from 'zod';
import { ADAPTABLE_PROJECTIONS } from '../model/performance/fine-tuning.js';
import { profileId } from './profile-schema.js';
import { distribution } from './quantity-schema.js';

/** A training workload that fine-tunes a named base model instead of training one from scratch (docs/pipelines.md, "Fine-tuning"). */
export const fineTuneSchema = z
  .strictObject({
    base: profileId.describe('the base model: a model card of models/ (simulate models lists them)'),
    method: z
      .enum(['full', 'lora', 'qlora'])
      .describe('full: every weight trained (6·N FLOP per token, Adam state for all); lora: rank-r adapters on a frozen base (4·(N+Nₐ)+2·Nₐ FLOP per token); qlora: lora over a 4-bit base'),
    rank: z.int().min(1).max(65_536).optional().describe('LoRA rank r (default 16)'),
    target_modules: z
      .union([z.literal('all-linear'), z.array(z.enum(ADAPTABLE_PROJECTIONS)).min(1)])
      .optional()
      .describe("projections that get adapters, by their PEFT names, or 'all-linear' (all seven; the default)"),
    tokens: distribution('count', 'tokens each job trains on').optional(),
    steps: z.int().min(1).max(1e12).optional().describe('optimizer steps per job (tokens = steps × batch tokens); instead of tokens'),
  })
  .describe('fine-tune a base model: give tokens or steps');
