import { isRecord, messageOf } from '../support/is-record.js';
import type { InputProblem } from '../support/input-error.js';
import { canonicalJson, contentDigest, headerOf } from './content-digest.js';
import type { SweepResultFile } from './sweep-output.js';
import type { VariantSpace } from './variant-space.js';
import { variantSpaceOf } from './variant-space-of.js';

const ESTIMATE_NUMBERS = ['mean', 'sd', 'n'] as const;
const ESTIMATE_BOUNDS = ['half_width', 'low', 'high'] as const;
const HINT = 'the file was edited or damaged after the sweep wrote it: run that shard again';

/**
 * The line of each variant in a results file as the sweep writes it (one variant per line after
 * `"variants": [`), or 0 for every variant when the file was reformatted.
 */
function variantLines(text: string, count: number): (i: number) => number {
  const at = text.indexOf('\n  "variants": [\n');
  if (at < 0) return () => 0;
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i <= at; i = text.indexOf('\n', i + 1)) line++;
  return (i) => (i < count ? line + 1 + i : 0);
}

/** A metric that is not an estimate of numbers (`"NaN"`, a string, a missing mean), described; undefined when it is fine. */
function badEstimate(value: unknown): string | undefined {
  if (!isRecord(value) || Array.isArray(value)) return `is ${JSON.stringify(value)}, not an estimate {mean, half_width, low, high, sd, n}`;
  const e = value;
  for (const k of ESTIMATE_NUMBERS) if (typeof e[k] !== 'number') return `has ${k} ${JSON.stringify(e[k]) ?? 'missing'}, not a number`;
  for (const k of ESTIMATE_BOUNDS) if (e[k] !== null && typeof e[k] !== 'number') return `has ${k} ${JSON.stringify(e[k]) ?? 'missing'}, not a number or null`;
  return undefined;
}

/**
 * Checks what `merge` relies on in one results file, after its structure was checked: every metric
 * an estimate of numbers, the content digests (the header's and each variant's) recomputed and equal,
 * and each variant's parameters those of its index in the sweep's variant space.
 * @returns one problem per fault, located at the variant's line.
 */
export function checkShardContent(file: string, text: string, data: SweepResultFile): InputProblem[] {
  const problems: InputProblem[] = [];
  const lineOf = variantLines(text, data.variants.length);
  const at = (i: number, message: string, hint = HINT): InputProblem => {
    const line = lineOf(i);
    return { file, line, col: line > 0 ? 5 : 0, field: '', message, hint };
  };
  data.variants.forEach((r, i) => {
    for (const [name, value] of Object.entries(r.metrics)) {
      const why = badEstimate(value);
      if (why !== undefined) problems.push(at(i, `variant ${r.index}: metric '${name}' ${why}`));
    }
  });
  if (problems.length > 0) return problems;

  // (a file of schema 1.0 has no digests, whatever its type says; one may be damaged)
  const d: unknown = data.digests;
  const variantDigests = isRecord(d) ? d['variants'] : undefined;
  if (!isRecord(d) || typeof d['header'] !== 'string' || !Array.isArray(variantDigests)) {
    return [
      {
        file,
        line: 0,
        col: 0,
        field: '',
        message: `has no content digests (sweep result schema ${String(data.schemaVersion)}; merge needs 1.1 or later)`,
        hint: 'run that shard again with this tool version',
      },
    ];
  }
  if (contentDigest(headerOf(data)) !== d['header']) {
    problems.push({ file, line: 0, col: 0, field: '', message: 'its sweep definition or header does not match its digest', hint: HINT });
  }
  if (variantDigests.length !== data.variants.length) {
    problems.push({ file, line: 0, col: 0, field: '', message: `has ${data.variants.length} variants but ${variantDigests.length} variant digests`, hint: HINT });
    return problems;
  }
  data.variants.forEach((r, i) => {
    if (contentDigest(r) !== variantDigests[i]) problems.push(at(i, `variant ${r.index}: its content does not match its digest`));
  });
  if (problems.length > 0) return problems;

  let space: VariantSpace;
  try {
    space = variantSpaceOf(data.sweep);
  } catch (err) {
    return [{ file, line: 0, col: 0, field: '', message: `its sweep parameters cannot be read back: ${messageOf(err)}`, hint: HINT }];
  }
  data.variants.forEach((r, i) => {
    let expected: string;
    try {
      expected = canonicalJson(space.variant(r.index).parameters);
    } catch (err) {
      problems.push(at(i, `variant ${r.index}: not a variant of sweep '${data.sweep.name}' (${messageOf(err)})`));
      return;
    }
    if (canonicalJson(r.parameters) !== expected) {
      problems.push(at(i, `variant ${r.index}: parameters ${canonicalJson(r.parameters)} are not those of variant ${r.index} of sweep '${data.sweep.name}' (${expected})`));
    }
  });
  return problems;
}
