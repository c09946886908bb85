import type { ModelCards } from '../scenario/model-cards.js';
import type { ModelCard } from '../scenario/model-card-schema.js';
import { InputError } from '../support/input-error.js';
import { formatNumber } from '../report/format-units.js';

/** Validates every model card and formats a listing (text table or JSON). */
export function listModelCards(cards: ModelCards, json: boolean): { text: string; problems: string[] } {
  const problems: string[] = [];
  const valid: ModelCard[] = [];
  for (const id of cards.ids()) {
    try {
      const loaded = cards.get(id);
      if (loaded) valid.push(loaded.card);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push(...err.message.split('\n'));
    }
  }
  if (json) return { text: `${JSON.stringify(valid, null, 2)}\n`, problems };
  const billions = (n: number) => `${formatNumber(n / 1e9)} B`;
  const rows = [['id', 'architecture', 'parameters', 'key figures']];
  for (const c of valid) {
    const size = c.active_params === undefined ? billions(c.params) : `${billions(c.active_params)} of ${billions(c.params)} active`;
    const experts = c.experts ? `, ${c.experts.active} of ${c.experts.routed} experts${c.experts.shared > 0 ? ` + ${c.experts.shared} shared` : ''}` : '';
    rows.push([c.id, c.architecture, size, `${c.layers} layers, width ${c.hidden_size}, ${c.kv_heads} KV heads × ${c.head_dim}, context ${c.context_length}${experts}`]);
  }
  const widths = [0, 1, 2].map((col) => Math.max(...rows.map((r) => (r[col] ?? '').length)));
  const text = rows.map((r) => r.map((cell, col) => (col < 3 ? cell.padEnd(widths[col] ?? 0) : cell)).join('  ')).join('\n');
  return { text: `${text}\n${valid.length} model card(s) in ${cards.dir}\n`, problems };
}
