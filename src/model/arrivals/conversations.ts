import FlatQueue from 'flatqueue';
import type { PrefixRef } from '../serving/prefix-cache.js';

/** One request of a conversation: what a chat API is sent for one turn. */
export interface ConversationTurn {
  readonly session: number;
  /** 1 for the first turn */
  readonly turn: number;
  readonly system: number;
  readonly systemTokens: number;
  /** prompt tokens: the system prompt, every earlier turn's prompt tokens and output, and the new user tokens */
  readonly input: number;
  readonly output: number;
  /** of the prompt, the tokens sent or produced before (system prompt and earlier turns): what a cache can hold */
  readonly reusableTokens: number;
}

/** Where a conversation source draws from: each a sampler over its own random stream. */
export interface ConversationDraws {
  /** absolute time of the next conversation start after `now` (a Poisson or diurnal clock) */
  readonly nextStart: (now: number) => number;
  /** turns of a conversation (rounded, at least 1) */
  readonly turns: () => number;
  /** s between a turn's arrival and the next one's (the response and the user's think time; negative = 0) */
  readonly gap: () => number;
  /** a system prompt's index in [0, count) by its popularity */
  readonly system: () => number;
  readonly userTokens: () => number;
  readonly outputTokens: () => number;
}

interface Conversation {
  readonly session: number;
  readonly system: number;
  readonly turns: number;
  turn: number;
  /** tokens of every earlier turn (prompt past the system prompt, and output) */
  history: number;
}

/**
 * Multi-turn conversations (sessions): they start as the `nextStart` process says, each picks a system prompt
 * by popularity and a number of turns, and its turns follow one another `gap` apart. Turn n's prompt is the
 * system prompt, all earlier turns' user tokens and outputs, and its new user tokens: what chat APIs resend.
 * Open loop: a turn's gap runs from the previous turn's arrival, not its answer (the generator does not see
 * the service), so give gaps that include the response time.
 *
 * `next(now)` is the time of the next turn of any conversation (a start, or a later turn), `take()` the turn
 * due then; a later turn due with a new start comes first. Same draws ⇒ same turns (the heap is deterministic).
 */
export class ConversationSource {
  private readonly pending = new FlatQueue<Conversation>();
  private nextStart: number | undefined;
  private sessions = 0;

  constructor(
    private readonly systemTokens: readonly number[],
    private readonly draws: ConversationDraws,
  ) {}

  /** Time of the next turn after `now` (the next start is drawn once, then kept). */
  next(now: number): number {
    if (this.nextStart === undefined) this.nextStart = this.draws.nextStart(now);
    const turn = this.pending.peekValue();
    return turn !== undefined && turn <= this.nextStart ? turn : this.nextStart;
  }

  /** The turn due at `now` (the time `next` gave). */
  take(now: number): ConversationTurn {
    const turnAt = this.pending.peekValue();
    let c: Conversation;
    if (turnAt !== undefined && (this.nextStart === undefined || turnAt <= this.nextStart)) {
      c = this.pending.pop() as Conversation;
    } else {
      this.nextStart = undefined;
      const system = this.draws.system();
      c = { session: this.sessions++, system, turns: Math.max(1, Math.round(this.draws.turns())), turn: 0, history: 0 };
    }
    const systemTokens = this.systemTokens[c.system] ?? 0;
    const user = Math.max(1, Math.round(this.draws.userTokens()));
    const output = Math.max(1, Math.round(this.draws.outputTokens()));
    c.turn++;
    const reusable = systemTokens + c.history;
    const turn: ConversationTurn = { session: c.session, turn: c.turn, system: c.system, systemTokens, input: reusable + user, output, reusableTokens: reusable };
    c.history += user + output;
    if (c.turn < c.turns) {
      this.pending.push(c, now + Math.max(0, this.draws.gap()));
    }
    return turn;
  }
}

/**
 * A system prompt index in [0, count) with P(k) ∝ 1 / (k + 1)^exponent (Zipf; 0 = uniform), from uniform
 * draws by inverting the cumulative weights.
 */
export function zipfChooser(count: number, exponent: number, uniform: () => number): () => number {
  const cumulative: number[] = [];
  let total = 0;
  for (let k = 0; k < count; k++) {
    total += 1 / Math.pow(k + 1, exponent);
    cumulative.push(total);
  }
  return () => {
    const u = uniform() * total;
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] as number) > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/**
 * The prefixes of a request trace's conversations (a `session` column): a request's reusable prefix is what its
 * conversation sent and got before (the previous request's prompt and output), when its prompt is at least that
 * long (a chat API resends the history); a shorter prompt means the history was cut, and nothing is reused. A
 * trace says nothing of system prompts: none is shared between conversations.
 */
export class TracedConversations {
  private readonly sessions = new Map<string, { readonly id: number; sent: number }>();

  prefix(session: string, input: number, output: number): PrefixRef {
    let s = this.sessions.get(session);
    if (!s) {
      s = { id: this.sessions.size, sent: 0 };
      this.sessions.set(session, s);
    }
    const reusable = s.sent <= input ? s.sent : 0;
    s.sent = input + output;
    return { system: -1, systemTokens: 0, session: s.id, reusableTokens: reusable };
  }
}
