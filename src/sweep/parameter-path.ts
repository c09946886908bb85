import { scenarioSchema } from '../scenario/scenario-schema.js';
import { keysAt } from '../scenario/schema-problems.js';
import { closest } from '../support/closest-name.js';

/** A concrete location in a scenario: map keys and sequence indexes. */
export type ScenarioPath = readonly (string | number)[];

export class PathError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'PathError';
  }
}

/**
 * Splits a parameter path: `sites.onprem.nodes.count`, `workloads[0].arrivals.rate`,
 * `workloads[fine-tuning].arrivals.rate` or `workloads.fine-tuning.arrivals.rate`. Bracketed segments
 * may hold dots (`sites["eu.west"]`). @throws PathError for an empty or malformed path.
 */
export function splitPath(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  const fail = (why: string) => {
    throw new PathError(`'${text}' is not a field path: ${why}`, "write it like 'sites.onprem.nodes.count' or 'workloads[0].arrivals.rate'");
  };
  if (text.trim() === '') fail('it is empty');
  while (i < text.length) {
    if (text[i] === '[') {
      const end = text.indexOf(']', i);
      if (end < 0) fail(`'[' at ${i + 1} is never closed`);
      let inner = text.slice(i + 1, end).trim();
      if (/^(["']).*\1$/.test(inner)) inner = inner.slice(1, -1);
      if (inner === '') fail(`empty [] at ${i + 1}`);
      out.push(inner);
      i = end + 1;
      if (i < text.length && text[i] !== '.' && text[i] !== '[') fail(`expected '.' or '[' after ']' at ${i + 1}`);
      if (text[i] === '.') i++;
      continue;
    }
    let j = i;
    while (j < text.length && text[j] !== '.' && text[j] !== '[') j++;
    const seg = text.slice(i, j).trim();
    if (seg === '') fail(`empty segment at ${i + 1}`);
    out.push(seg);
    i = j;
    if (text[i] === '.') {
      i++;
      if (i === text.length) fail('it ends with a dot');
    }
  }
  return out;
}

/**
 * Resolves a parameter path against the base scenario (a plain YAML value): sequence items are taken
 * by index or by their `name`. Every segment but the last must exist; the last may be a field the base
 * leaves to its default (e.g. `scheduler`) when the scenario schema accepts it there.
 * @throws PathError naming the first segment that does not exist, with the nearest names as a hint.
 */
export function resolvePath(base: unknown, text: string): ScenarioPath {
  const segments = splitPath(text);
  const keys: (string | number)[] = [];
  let node: unknown = base;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const last = i === segments.length - 1;
    const where = keys.length === 0 ? 'the scenario' : `'${formatKeys(keys)}'`;
    if (Array.isArray(node)) {
      let index: number;
      if (/^\d+$/.test(seg)) {
        index = Number(seg);
        if (index >= node.length)
          throw new PathError(`${where} has ${node.length} item(s); there is no item ${index}`, `indexes start at 0; or name the item, e.g. '${formatKeys(keys)}[${itemNames(node)[0] ?? 'name'}]'`);
      } else {
        index = node.findIndex((item) => item !== null && typeof item === 'object' && (item as Record<string, unknown>)['name'] === seg);
        if (index < 0) {
          const names = itemNames(node);
          const near = closest(seg, names);
          throw new PathError(`${where} has no item named '${seg}'`, near ? `did you mean '${near}'?` : names.length > 0 ? `items: ${names.join(', ')}` : 'give an index such as [0]');
        }
      }
      keys.push(index);
      node = node[index];
      continue;
    }
    if (node !== null && typeof node === 'object') {
      const map = node as Record<string, unknown>;
      if (Object.hasOwn(map, seg)) {
        keys.push(seg);
        node = map[seg];
        continue;
      }
      const allowed = keysAt(scenarioSchema, keys, base);
      if (last && allowed.includes(seg)) {
        keys.push(seg);
        node = undefined;
        continue;
      }
      const present = Object.keys(map);
      const candidates = [...new Set([...present, ...allowed])];
      const near = closest(seg, candidates);
      const message = `${where} has no field '${seg}'`;
      throw new PathError(message, near ? `did you mean '${near}'?` : candidates.length > 0 ? `fields there: ${candidates.join(', ')}` : undefined);
    }
    throw new PathError(`${where} is a single value (${JSON.stringify(node) ?? 'nothing'}), it has no field '${seg}'`, `address the value itself: '${formatKeys(keys)}'`);
  }
  return keys;
}

function itemNames(items: readonly unknown[]): string[] {
  return items.flatMap((item) => {
    const name = item !== null && typeof item === 'object' ? (item as Record<string, unknown>)['name'] : undefined;
    return typeof name === 'string' ? [name] : [];
  });
}

/** Dotted display of a concrete path, the same form as scenario error fields: `workloads[0].arrivals.rate`. */
export function formatKeys(keys: ScenarioPath): string {
  let out = '';
  for (const k of keys) out += typeof k === 'number' ? `[${k}]` : out === '' ? k : `.${k}`;
  return out;
}

/** The inverse of `formatKeys` for error fields: `workloads[0].arrivals.rate` → ['workloads', 0, 'arrivals', 'rate']. */
export function parseKeys(field: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

/** True when `prefix` is `keys` or one of its ancestors. */
export function startsWith(keys: ScenarioPath, prefix: ScenarioPath): boolean {
  return prefix.length <= keys.length && prefix.every((k, i) => keys[i] === k);
}

/** Sets `value` at `keys` in a plain object tree (created by structuredClone, so owned by the caller). */
export function setAt(root: Record<string, unknown>, keys: ScenarioPath, value: unknown): void {
  let node: unknown = root;
  for (let i = 0; i < keys.length - 1; i++) node = (node as Record<string | number, unknown>)[keys[i]!];
  (node as Record<string | number, unknown>)[keys[keys.length - 1]!] = value;
}
