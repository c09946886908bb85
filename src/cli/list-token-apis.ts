import type { TokenApis } from '../scenario/token-apis.js';
import type { TokenApiOffering } from '../scenario/token-api-schema.js';
import { InputError } from '../support/input-error.js';
import { formatNumber } from '../report/format-units.js';

/** Validates every managed-API offering and formats a listing (text table or JSON). */
export function listTokenApis(apis: TokenApis, json: boolean): { text: string; problems: string[] } {
  const problems: string[] = [];
  const valid: TokenApiOffering[] = [];
  for (const id of apis.ids()) {
    try {
      const loaded = apis.get(id);
      if (loaded) valid.push(loaded.offering);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push(...err.message.split('\n'));
    }
  }
  if (json) return { text: `${JSON.stringify(valid, null, 2)}\n`, problems };
  const usd = (n: number) => `$${formatNumber(n)}`;
  const rows = [['id', 'model', 'USD / M tokens in, out (cached)', 'rate limits', 'latency']];
  for (const o of valid) {
    const p = o.price;
    const price = `${usd(p.input)}, ${usd(p.output)}${p.cached_input === undefined ? '' : ` (${usd(p.cached_input)})`} as of ${o.priced_on}`;
    const r = o.rate_limits;
    const limits = r
      ? [
          r.requests_per_minute !== undefined && `${formatNumber(r.requests_per_minute)} req/min`,
          r.tokens_per_minute !== undefined && `${formatNumber(r.tokens_per_minute)} tok/min`,
          r.input_tokens_per_minute !== undefined && `${formatNumber(r.input_tokens_per_minute)} prompt tok/min`,
          r.output_tokens_per_minute !== undefined && `${formatNumber(r.output_tokens_per_minute)} output tok/min`,
        ]
          .filter(Boolean)
          .join(', ') + ` (${r.tier})`
      : 'none published';
    const { ttft, output_speed: speed } = o.latency;
    const latency = [ttft && `TTFT ${formatNumber(ttft.median)} s`, speed && `${formatNumber(speed.median)} tok/s`].filter(Boolean).join(', ') || 'not published';
    rows.push([o.id, o.model ?? o.provider_model, price, limits, latency]);
  }
  const widths = [0, 1, 2, 3].map((col) => Math.max(...rows.map((r) => (r[col] ?? '').length)));
  const text = rows.map((r) => r.map((cell, col) => (col < 4 ? cell.padEnd(widths[col] ?? 0) : cell)).join('  ')).join('\n');
  return { text: `${text}\n${valid.length} offering(s) in ${apis.dir}\n`, problems };
}
