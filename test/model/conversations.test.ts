// The multi-turn generator (src/model/arrivals/conversations.ts): each turn resends the whole conversation,
// turns follow their gaps, conversations interleave in time order, system prompts by Zipf popularity.
import { describe, expect, it } from 'vitest';
import { ConversationSource, zipfChooser, type ConversationTurn } from '../../src/model/arrivals/index.js';

/** Draws that are constants, conversations starting at `starts`. */
function source(starts: readonly number[], turns: number, gap: number, systemTokens: readonly number[], user: number, output: number, system = () => 0): ConversationSource {
  let k = 0;
  return new ConversationSource(systemTokens, {
    nextStart: () => starts[k++] ?? Infinity,
    turns: () => turns,
    gap: () => gap,
    system,
    userTokens: () => user,
    outputTokens: () => output,
  });
}

function drain(s: ConversationSource, until: number): { time: number; turn: ConversationTurn }[] {
  const out: { time: number; turn: ConversationTurn }[] = [];
  let now = 0;
  for (;;) {
    const t = s.next(now);
    if (t > until) return out;
    out.push({ time: t, turn: s.take(t) });
    now = t;
  }
}

describe('multi-turn conversations', () => {
  it("turn n's prompt is the system prompt, every earlier turn's user tokens and output, and its new user tokens", () => {
    const turns = drain(source([5], 3, 10, [100], 20, 30), 1000);
    expect(turns.map((t) => t.time)).toEqual([5, 15, 25]);
    expect(turns.map((t) => t.turn.turn)).toEqual([1, 2, 3]);
    // 100 + (n − 1)·(20 + 30) sent before, + 20 new
    expect(turns.map((t) => t.turn.reusableTokens)).toEqual([100, 150, 200]);
    expect(turns.map((t) => t.turn.input)).toEqual([120, 170, 220]);
    expect(turns.every((t) => t.turn.output === 30 && t.turn.session === 0 && t.turn.systemTokens === 100)).toBe(true);
  });

  it('interleaves the turns of overlapping conversations in time order, each with its own history', () => {
    const turns = drain(
      source(
        [0, 4, 12],
        2,
        10,
        [100, 40],
        10,
        10,
        (() => {
          let i = 0;
          return () => i++ % 2;
        })(),
      ),
      1000,
    );
    expect(turns.map((t) => [t.time, t.turn.session, t.turn.turn])).toEqual([
      [0, 0, 1],
      [4, 1, 1],
      [10, 0, 2],
      [12, 2, 1],
      [14, 1, 2],
      [22, 2, 2],
    ]);
    expect(turns.filter((t) => t.turn.session === 1).map((t) => t.turn.input)).toEqual([50, 70]);
    expect(turns.filter((t) => t.turn.session === 2).map((t) => t.turn.system)).toEqual([0, 0]);
  });

  it('counts the turns it was told: N conversations of k turns are N·k requests', () => {
    const starts = Array.from({ length: 25 }, (_, i) => i * 3);
    expect(drain(source(starts, 4, 1.5, [10], 1, 1), 1e9)).toHaveLength(100);
  });

  it('picks system prompt k (from 1) with probability ∝ 1/k^s', () => {
    const n = 100_000;
    let i = 0;
    // evenly spread uniforms: the counts are the Zipf weights up to one draw each
    const pick = zipfChooser(4, 1, () => (i++ + 0.5) / n);
    const counts = [0, 0, 0, 0];
    for (let k = 0; k < n; k++) counts[pick()]! += 1;
    const total = 1 + 1 / 2 + 1 / 3 + 1 / 4;
    counts.forEach((c, k) => expect(Math.abs(c - (n * (1 / (k + 1))) / total)).toBeLessThanOrEqual(1));
    let j = 0;
    const uniform = zipfChooser(5, 0, () => (j++ + 0.5) / 1000);
    const even = [0, 0, 0, 0, 0];
    for (let k = 0; k < 1000; k++) even[uniform()]! += 1;
    expect(even).toEqual([200, 200, 200, 200, 200]);
  });
});
