// The prefix cache by hand (src/model/serving/prefix-cache.ts): LRU order, blocks, tiers, and properties that
// must hold whatever is stored and looked up.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PrefixCache, type PrefixRef } from '../../src/model/serving/prefix-cache.js';
import { propertyRuns } from '../support/property-runs.js';

/** A request of conversation `session` behind system prompt `system` of `systemTokens`, `reusable` tokens sent before. */
const ref = (system: number, systemTokens: number, session = 1000 + system, reusable = systemTokens): PrefixRef => ({ system, systemTokens, session, reusableTokens: reusable });

describe('prefix cache', () => {
  it('evicts the least recently used prefix when a new one needs the room', () => {
    const c = new PrefixCache(100, []);
    c.store(ref(1, 40), 40);
    c.store(ref(2, 40), 40);
    expect(c.used()).toBe(80);
    // touching 1 makes 2 the least recent: storing 3 evicts 2, not 1
    expect(c.lookup(ref(1, 40), 41).tokens).toBe(40);
    c.store(ref(3, 40), 40);
    expect(c.used()).toBe(80);
    expect(c.evictions).toBe(1);
    expect(c.peek(ref(2, 40), 41)).toBe(0);
    expect(c.peek(ref(1, 40), 41)).toBe(40);
    expect(c.peek(ref(3, 40), 41)).toBe(40);
  });

  it('shrinks to what running sequences leave, least recent first', () => {
    const c = new PrefixCache(100, []);
    c.store(ref(1, 30), 30);
    c.store(ref(2, 30), 30);
    c.store(ref(3, 30), 30);
    c.resize(65);
    expect(c.used()).toBe(60);
    expect(c.peek(ref(1, 30), 31)).toBe(0);
    c.resize(0);
    expect(c.used()).toBe(0);
    expect(c.evictions).toBe(3);
    expect(c.drops).toBe(3);
  });

  it('evicts a conversation before its system prompt, and a conversation is no use without it', () => {
    const c = new PrefixCache(150, []);
    // conversation 7 behind system prompt 1: 40 system tokens, 60 more
    c.store(ref(1, 40, 7, 0), 100);
    expect(c.used()).toBe(100);
    const turn2 = ref(1, 40, 7, 100);
    expect(c.peek(turn2, 130)).toBe(100);
    // a new 40-token prompt needs room: the conversation (60) goes, its system prompt stays
    c.store(ref(2, 90), 90);
    expect(c.peek(turn2, 130)).toBe(40);
    // another conversation behind the same prompt reuses only the system prompt
    expect(c.peek(ref(1, 40, 8, 40), 60)).toBe(40);
  });

  it('caches whole blocks only, and leaves at least one prompt token to compute', () => {
    const c = new PrefixCache(1000, [], 16);
    c.store(ref(1, 40), 40);
    // 40 tokens = 2 whole blocks of 16
    expect(c.used()).toBe(32);
    expect(c.peek(ref(1, 40), 100)).toBe(32);
    const d = new PrefixCache(1000, [], 1);
    d.store(ref(1, 40), 40);
    // a prompt that is the system prompt alone recomputes its last token
    expect(d.peek(ref(1, 40), 40)).toBe(39);
  });

  it('demotes what HBM evicts to DRAM, and a DRAM hit costs its tokens × seconds per token and comes back to HBM', () => {
    const perToken = 2e-6;
    const c = new PrefixCache(100, [{ name: 'dram', capacityTokens: 1000, secondsPerToken: perToken }]);
    c.store(ref(1, 60), 60);
    c.store(ref(2, 60), 60);
    expect(c.used(0)).toBe(60);
    expect(c.used(1)).toBe(60);
    const hit = c.lookup(ref(1, 60), 100);
    expect(hit.tokens).toBe(60);
    expect(hit.perTier).toEqual([0, 60]);
    expect(hit.loadSeconds).toBeCloseTo(60 * perToken, 15);
    // promoted: prompt 1 in HBM, prompt 2 pushed down in its place
    expect(c.used(0)).toBe(60);
    expect(c.lookup(ref(1, 60), 100).loadSeconds).toBe(0);
    expect(c.lookup(ref(2, 60), 100).perTier).toEqual([0, 60]);
  });

  it('drops what the last tier evicts', () => {
    const c = new PrefixCache(50, [{ name: 'dram', capacityTokens: 50, secondsPerToken: 1e-6 }]);
    c.store(ref(1, 50), 50);
    c.store(ref(2, 50), 50);
    c.store(ref(3, 50), 50);
    expect(c.drops).toBe(1);
    expect(c.peek(ref(1, 50), 60)).toBe(0);
    expect(c.peek(ref(2, 50), 60)).toBe(50);
  });

  it('never holds more than a tier can, and never hits more than the reusable part of the prompt but one token', () => {
    const op = fc.record({
      store: fc.boolean(),
      system: fc.integer({ min: 0, max: 4 }),
      session: fc.integer({ min: 0, max: 8 }),
      tokens: fc.integer({ min: 1, max: 400 }),
      resize: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.integer({ min: 1, max: 32 }), (ops, block) => {
        const c = new PrefixCache(
          500,
          [
            { name: 'dram', capacityTokens: 300, secondsPerToken: 1e-6 },
            { name: 'nvme', capacityTokens: 200, secondsPerToken: 1e-5 },
          ],
          block,
        );
        for (const o of ops) {
          const r = ref(o.system, 10 + 30 * o.system, o.session, Math.min(o.tokens, 10 + 30 * o.system + o.tokens));
          if (o.resize !== undefined) c.resize(o.resize);
          if (o.store) c.store(r, o.tokens + r.systemTokens);
          else {
            const prompt = r.reusableTokens + 5;
            const hit = c.lookup(r, prompt);
            expect(hit.tokens).toBeLessThanOrEqual(Math.min(prompt - 1, r.reusableTokens));
            expect(hit.tokens % block).toBe(0);
            expect(hit.perTier.reduce((a, b) => a + b, 0)).toBe(hit.tokens);
          }
          for (let i = 0; i < 3; i++) expect(c.used(i)).toBeLessThanOrEqual(c.capacity(i));
        }
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
