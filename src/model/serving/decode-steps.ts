import { decodeGrowth, decodeSteps, iterationDuration, speculativeGrowth, speculativeIterationDuration, speculativeKvTokens, type ReplicaModel } from '../performance/index.js';
import type { Request } from './replica-state.js';
import { StepTally, type ServiceSpec, type SpeculativeFigures } from './service-types.js';
import type { SpeculativeStep } from '../performance/index.js';

/**
 * What one iteration of a replica costs and yields: a plain decode step of one token per sequence, or with
 * speculative decoding (`spec.speculative`) a draft-and-verify step yielding E tokens per sequence on average
 * (performance/speculative-decoding.ts). A request takes its drawn (or expected) number of steps after its
 * first token, and the batch's context grows by E per sequence per step. It also counts, for the result, the
 * steps and tokens of the requests completed from the window's arrivals.
 */
export class DecodeStepModel {
  /** E, tokens per sequence per decode step: 1, more with speculative decoding */
  readonly tokensPerStep: number;
  /** tokens (prompt + output) one replica's KV cache holds, the draft's share taken out */
  readonly kvTokens: number;
  private readonly tally: StepTally;

  constructor(
    private readonly model: ReplicaModel,
    private readonly spec: ServiceSpec,
  ) {
    const step = spec.speculative;
    this.tokensPerStep = step?.tokensPerStep ?? 1;
    this.tally = spec.stepTally ?? new StepTally();
    this.kvTokens = step ? speculativeKvTokens(model, step.draft) : Number.isFinite(model.kvCapacityBytes) ? Math.floor(model.kvCapacityBytes / model.kvBytesPerToken) : Infinity;
  }

  /** Decode steps after the first token of a request of `outputTokens`: drawn per request when the spec draws them. */
  stepsFor(outputTokens: number): number {
    return this.spec.drawDecodeSteps ? this.spec.drawDecodeSteps(outputTokens) : decodeSteps(outputTokens, this.tokensPerStep);
  }

  /** s, an iteration of the replica (`iterationDuration`; with speculative decoding, a draft-and-verify step for each decoding sequence) */
  duration(decodeSequences: number, decodeContext: number, prefill: number, prefillContext = 0): number {
    const step = this.spec.speculative;
    if (step) return speculativeIterationDuration(this.model, step, decodeSequences, decodeContext, prefill, prefillContext);
    return iterationDuration(this.model, decodeSequences, decodeContext, prefill, prefillContext);
  }

  /** s each pure-decode iteration of `sequences` outlasts the one before (their contexts grow by E tokens each) */
  growth(sequences: number): number {
    const step = this.spec.speculative;
    return step ? speculativeGrowth(this.model, step, sequences) : decodeGrowth(this.model, sequences);
  }

  /** `req` completed: its steps and tokens join the window's counts (the measured tokens per step). */
  completed(req: Request): void {
    if (req.arrival >= this.spec.warmup) {
      this.tally.steps += req.steps;
      this.tally.tokens += req.output - 1;
    }
  }

  /** The context `req`'s steps added to the batch: its prompt, first token and E per step (the mean it was advanced by). */
  contextOf(req: Request): number {
    return req.input + 1 + req.steps * this.tokensPerStep;
  }

  /** The output tokens of `req` the per-step count did not cover (its last step's guesses beyond its output were never emitted); 0 without speculation. */
  uncountedOf(req: Request): number {
    return req.output - 1 - req.steps * this.tokensPerStep;
  }

  /** What the steps yielded, for a speculating service's result; undefined without speculation. */
  figures(): SpeculativeFigures | undefined {
    const step = this.spec.speculative;
    return step && speculativeFigures(step, this.tally);
  }
}

/** What the steps of `step` yielded over `tally`: the expected and the measured tokens per step. */
export function speculativeFigures(step: SpeculativeStep, tally: StepTally): SpeculativeFigures {
  const measured = tally.steps > 0 ? tally.tokens / tally.steps : NaN;
  return { tokens_per_step: step.tokensPerStep, draft_tokens: step.draftTokens, acceptance: step.acceptance, measured_tokens_per_step: measured };
}
