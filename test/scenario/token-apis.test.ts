// Managed-API offerings (token-apis/<id>.yaml, src/scenario/token-apis.ts): every bundled offering validates with a
// source for every figure; a broken one is reported at its line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listTokenApis } from '../../src/cli/list-token-apis.js';
import { ModelCards } from '../../src/scenario/model-cards.js';
import { TokenApis } from '../../src/scenario/token-apis.js';
import { InputError } from '../../src/support/input-error.js';

const apis = new TokenApis();
const scratch = mkdtempSync(join(tmpdir(), 'token-apis-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the bundled managed-API offerings', () => {
  it('all validate, at least four, each naming a model card that exists', () => {
    const out = listTokenApis(apis, false);
    expect(out.problems).toEqual([]);
    expect(apis.ids().length).toBeGreaterThanOrEqual(4);
    const cards = new ModelCards();
    for (const id of apis.ids()) {
      const model = apis.get(id)?.offering.model;
      if (model !== undefined) expect(cards.has(model), `${id} names ${model}`).toBe(true);
    }
  });

  it('carry the list prices and limits their sources state', () => {
    // https://docs.fireworks.ai/serverless/pricing: GPT OSS 120B $0.15 / $0.015 cached / $0.60 per 1M tokens
    expect(apis.get('fireworks-gpt-oss-120b')?.offering.price).toEqual({ input: 0.15, cached_input: 0.015, output: 0.6 });
    // https://console.groq.com/docs/rate-limits: llama-3.3-70b-versatile 30 RPM, 12K TPM
    expect(apis.get('groq-llama-3.3-70b')?.offering.rate_limits).toMatchObject({ requests_per_minute: 30, tokens_per_minute: 12000 });
  });
});

describe('an offering that is wrong', () => {
  const write = (name: string, text: string) => writeFileSync(join(scratch, `${name}.yaml`), text);

  it('is refused without a source for a price, at the figure', () => {
    write('x', 'id: x\nprovider: P\nprovider_model: m\npriced_on: 2026-10\nprice: { input: 1, output: 2 }\n');
    const err = (() => {
      try {
        new TokenApis(scratch).get('x');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toContain('x.yaml:5:17: price.input: has no source');
  });

  it('is refused with a p90 below its median', () => {
    write(
      'y',
      'id: y\nprovider: P\nprovider_model: m\npriced_on: 2026-10\nprice: { input: 1, output: 2 }\nlatency: { ttft: { median: 1, p90: 0.5 } }\nsources: { price: { url: "https://e.x", title: t }, latency: { url: "https://e.x", title: t } }\n',
    );
    expect(() => new TokenApis(scratch).get('y')).toThrow(/latency\.ttft\.p90: is 0\.5, below the median 1/);
  });
});
