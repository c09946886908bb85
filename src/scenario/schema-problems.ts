import { closest } from '../support/closest-name.js';
import type { z } from 'zod';
import { formatPath, type InputProblem } from '../support/input-error.js';
import { locate, type YamlSource } from './yaml-file.js';

/** Turns zod issues into located, human problems: one per issue, unions narrowed to the branch the user meant. */
export function schemaProblems(issues: readonly z.core.$ZodIssue[], src: YamlSource, schema: z.ZodType): InputProblem[] {
  const out: InputProblem[] = [];
  for (const issue of tightestBounds(flattenUnions(issues, []))) {
    const path = issue.path;
    if (issue.code === 'unrecognized_keys') {
      const allowed = keysAt(schema, path, src.value);
      for (const key of issue.keys) {
        const { line, col } = locate(src, path, key);
        // keys read from another form of a union field than the one zod narrowed to can hold the key itself: then
        // neither "did you mean" nor that form's keys would help, and the field's description says what it takes
        const otherForm = allowed.includes(key);
        const near = otherForm ? undefined : closest(key, allowed);
        const hint = near ? `did you mean '${near}'?` : otherForm ? describeAt(schema, path, src.value) : allowed.length > 0 ? `expected one of: ${allowed.join(', ')}` : undefined;
        out.push({ file: src.file, line, col, field: formatPath([...path, key]), message: 'unknown field', ...(hint !== undefined && { hint }) });
      }
      continue;
    }
    const { line, col } = locate(src, path);
    const missing = valueAt(src.value, path) === undefined && issue.code !== 'custom';
    const message = missing ? 'is required' : cleanMessage(issue, valueAt(src.value, path));
    // "is required" and "does not match any accepted form" teach nothing by themselves: the field's description says what it takes.
    const options = issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options) ? (issue.options as unknown[]) : undefined;
    // Every problem gets a hint: the accepted values, the naming rule, or what the field is (its description).
    const hint =
      missing && options !== undefined && options.length > 0
        ? `one of: ${options.map(String).join(', ')}`
        : issue.code === 'invalid_format' && issue.format === 'regex'
          ? 'names become ids and file names (reports/<name>.json): no spaces, slashes or leading dots'
          : / such as |must be one of /.test(message)
            ? undefined
            : describeAt(schema, path, src.value);
    out.push({ file: src.file, line, col, field: formatPath(path), message, ...(hint !== undefined && { hint }) });
  }
  // A misspelt field is reported once, as the typo with its hint, not again as a missing field.
  const typoTargets = new Set(out.filter((p) => p.hint?.startsWith('did you mean')).map((p) => p.field.replace(/[^.[\]]+$/, '') + /'(.*)'/.exec(p.hint!)![1]));
  return out.filter((p) => !(p.message === 'is required' && typoTargets.has(p.field)));
}

/** Of several bounds broken on one field (an integer's safe range and the field's own limit), keep the tightest. */
function tightestBounds(issues: z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const best = new Map<string, z.core.$ZodIssue>();
  const key = (i: z.core.$ZodIssue) => `${i.code}|${formatPath(i.path)}`;
  for (const i of issues) {
    if (i.code !== 'too_big' && i.code !== 'too_small') continue;
    const seen = best.get(key(i));
    const bound = (x: z.core.$ZodIssue) => Number(x.code === 'too_big' ? x.maximum : x.code === 'too_small' ? x.minimum : NaN);
    const tighter = !seen || (i.code === 'too_big' ? bound(i) < bound(seen) : bound(i) > bound(seen));
    if (tighter) best.set(key(i), i);
  }
  return issues.filter((i) => (i.code !== 'too_big' && i.code !== 'too_small') || best.get(key(i)) === i);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** How a zod type reads in a message about YAML. */
const TYPE_NAMES: Record<string, string> = {
  int: 'an integer',
  object: 'a mapping (key: value lines)',
  record: 'a mapping (key: value lines)',
  array: 'a list',
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
};

const show = (v: unknown): string => (v === undefined ? 'nothing' : typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? typeof v).slice(0, 80));

function cleanMessage(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${show(value)}`;
    case 'invalid_union':
      if ('discriminator' in issue && issue.discriminator !== undefined) {
        const options = ('options' in issue ? issue.options : undefined) ?? [];
        return `must be one of ${options.map((o) => JSON.stringify(o)).join(', ')}, got ${show(value)}`;
      }
      return issue.errors.length === 0 ? 'matches more than one accepted form' : `does not match any accepted form, got ${show(value)}`;
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const cmp = issue.code === 'too_small' ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
      if (issue.origin === 'array') return `needs ${issue.code === 'too_small' ? 'at least' : 'at most'} ${String(bound)} item(s), got ${Array.isArray(value) ? value.length : show(value)}`;
      if (issue.origin === 'string') return `needs ${issue.code === 'too_small' ? 'at least' : 'at most'} ${String(bound)} character(s)`;
      return `must be ${cmp} ${String(bound)}, got ${show(value)}`;
    }
    case 'invalid_type':
      if (issue.message.startsWith('expected ')) return issue.message;
      return `expected ${TYPE_NAMES[issue.expected] ?? `a ${issue.expected}`}, got ${show(value)}`;
    case 'invalid_format':
      return `${issue.message}, got ${show(value)}`;
    default:
      return issue.message;
  }
}

/**
 * A union reports the errors of every branch. Keep the branch the user most plausibly meant: the one
 * whose errors reach deepest into the input (it matched the most structure), then the one with fewest errors.
 */
function flattenUnions(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[]): z.core.$ZodIssue[] {
  const out: z.core.$ZodIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const branches = issue.errors.map((b) => flattenUnions(b, path));
      const score = (b: z.core.$ZodIssue[]) => Math.max(...b.map((i) => i.path.length + (i.code === 'invalid_type' && i.path.length === path.length ? -0.5 : 0)));
      // on a tie, the form the input's own fields fit best: fewest fields it does not know (`{kind: offline, jobs: 1}`
      // is the offline form with one unknown field, not the rate form with two), then fewest problems
      const unknownKeys = (b: z.core.$ZodIssue[]) => b.reduce((n, i) => n + (i.code === 'unrecognized_keys' ? i.keys.length : 0), 0);
      // first of all, a branch whose `kind` the input does not have is not the one meant (a federated workload with a bad
      // deadline is not an inference service missing its KV cache, however deep that branch's errors reach)
      const kindPath = [...path, 'kind'].join('.');
      const otherKind = (b: z.core.$ZodIssue[]) => (b.some((i) => i.code === 'invalid_value' && i.path.join('.') === kindPath) ? 1 : 0);
      branches.sort((a, b) => otherKind(a) - otherKind(b) || score(b) - score(a) || unknownKeys(a) - unknownKeys(b) || a.length - b.length);
      const best = branches[0]!;
      // All branches failed at the root with a type error: say what forms are accepted instead.
      if (score(best) <= path.length && best.every((i) => i.code === 'invalid_type')) {
        out.push({ ...issue, path });
      } else out.push(...best);
      continue;
    }
    out.push({ ...issue, path });
  }
  return out;
}

type Def = { type: string; [k: string]: unknown };
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

/** Field names the schema accepts at `path`, choosing union branches by the input's own shape. */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[], root: unknown): string[] {
  let node: unknown = schema;
  let value: unknown = root;
  for (let i = 0; ; i++) {
    node = unwrap(node, value);
    if (node === undefined) return [];
    const def = defOf(node);
    if (i === path.length) return def.type === 'object' ? Object.keys(def['shape'] as object) : [];
    const key = path[i]!;
    value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
    if (def.type === 'object') node = (def['shape'] as Record<string, unknown>)[String(key)];
    else if (def.type === 'record') node = def['valueType'];
    else if (def.type === 'array') node = def['element'];
    else return [];
  }
}

/** The schema's description of the field at `path` (the first one met while unwrapping), if any. */
export function describeAt(schema: z.ZodType, path: readonly PropertyKey[], root: unknown): string | undefined {
  let node: unknown = schema;
  let value: unknown = root;
  for (const key of path) {
    node = unwrap(node, value);
    if (node === undefined) return undefined;
    const def = defOf(node);
    value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
    if (def.type === 'object') node = (def['shape'] as Record<string, unknown>)[String(key)];
    else if (def.type === 'record') node = def['valueType'];
    else if (def.type === 'array') node = def['element'];
    else return undefined;
  }
  for (let guard = 0; guard < 50 && node !== undefined; guard++) {
    const text = (node as { description?: string }).description;
    if (text !== undefined) return text;
    const def = defOf(node);
    node = def.type === 'pipe' ? def['in'] : 'innerType' in def ? def['innerType'] : undefined;
  }
  return undefined;
}

function unwrap(node: unknown, value: unknown): unknown {
  for (let guard = 0; guard < 50 && node !== undefined; guard++) {
    const def = defOf(node);
    switch (def.type) {
      case 'optional':
      case 'default':
      case 'prefault':
      case 'nullable':
      case 'readonly':
        node = def['innerType'];
        break;
      case 'pipe':
        node = def['in'];
        break;
      case 'union':
        node = pickBranch(def['options'] as unknown[], value);
        break;
      default:
        return node;
    }
  }
  return node;
}

function pickBranch(options: unknown[], value: unknown): unknown {
  const objects = options.map((o) => unwrap(o, value)).filter((o) => o !== undefined && defOf(o).type === 'object');
  if (objects.length === 0) return options[0];
  const given = value !== null && typeof value === 'object' ? Object.keys(value) : [];
  let best = objects[0];
  let bestScore = -Infinity;
  for (const o of objects) {
    const shape = defOf(o)['shape'] as Record<string, unknown>;
    const kind = shape['kind'] !== undefined ? defOf(shape['kind']) : undefined;
    const kindMatches = kind?.type === 'literal' && (kind['values'] as unknown[]).includes((value as Record<string, unknown> | undefined)?.['kind']) ? 100 : 0;
    const score = kindMatches + given.filter((k) => k in shape).length;
    if (score > bestScore) {
      bestScore = score;
      best = o;
    }
  }
  return best;
}
