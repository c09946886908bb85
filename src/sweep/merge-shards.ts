import { mustAt, mustGet } from '../support/must-get.js';
import { codeOf, isRecord, messageOf } from '../support/is-record.js';
import { jsonParseProblem, nonJsonKind } from '../support/json-parse-problem.js';
import { InputError, type InputProblem } from '../support/input-error.js';
import { readBoundedFile, RESULT_FILE_LIMIT } from '../support/read-bounded-file.js';
import { SweepAnalyser, type SweepAnalysis } from './analysis.js';
import type { FeasibilityRule } from '../metrics/feasibility.js';
import type { RobustSpec } from './robust-analysis.js';
import { compileResultExpression, resultNames, type ExpressionOrigin, type Gate, type Objective } from './sweep-expressions.js';
import { shardIndexes, shardSize, type Shard } from './shard.js';
import { filesBeside, SWEEP_RESULT_SCHEMA_VERSION, writeSweepOutputs, type SweepOutputFiles, type SweepResultFile, type SweepResultHeader, type WriteSweepOutputsOptions } from './sweep-output.js';
import type { VariantRecord } from './variant-record.js';
import { checkShardContent } from './check-shard-content.js';

const problem = (file: string, message: string, hint?: string): InputProblem => ({ file, line: 0, col: 0, field: '', message, ...(hint && { hint }) });

/** Reads a sweep results file (a shard's or a whole sweep's). @throws InputError: unreadable, truncated, corrupted or not a sweep result. */
export function readSweepResult(file: string): SweepResultFile {
  let text: string;
  try {
    text = readBoundedFile(file, RESULT_FILE_LIMIT).toString('utf8');
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw InputError.single(problem(file, `cannot read: ${codeOf(err) ?? messageOf(err)}`));
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const kind = nonJsonKind(text);
    const interrupted = 'the shard that wrote it was interrupted or the file was damaged in transfer; run that shard again';
    if (kind !== undefined)
      throw InputError.single(problem(file, `is not a sweep results file: ${kind}`, text.trim() === '' ? interrupted : "pass the shard-<i>-of-<n>.json files written by 'simulate sweep --shard i/n'"));
    const { reason, truncated, line, col } = jsonParseProblem(messageOf(err), text);
    throw InputError.single({
      ...problem(file, `is not valid JSON${truncated ? ': the file is truncated' : ''} (${reason})`, interrupted),
      ...(line > 0 && { line, col }),
    });
  }
  const bad = (why: string) => InputError.single(problem(file, `is not a sweep results file: ${why}`, "pass the shard-<i>-of-<n>.json files written by 'simulate sweep --shard i/n'"));
  if (!isRecord(value) || Array.isArray(value)) throw bad('it is not a JSON object');
  const major = (s: unknown) => (typeof s === 'string' ? s.split('.')[0] : undefined);
  if (value['kind'] === 'sweep-result' && major(value['schemaVersion']) !== major(SWEEP_RESULT_SCHEMA_VERSION)) {
    throw InputError.single(
      problem(file, `has sweep result schema ${String(value['schemaVersion'])}; this tool reads ${major(SWEEP_RESULT_SCHEMA_VERSION)}.x`, 'merge with the same tool version that ran the shards'),
    );
  }
  checkSweepResultShape(value, bad);
  const problems = checkShardContent(file, text, value);
  if (problems.length > 0) throw new InputError(problems);
  return value;
}

/** Checks the parts of a sweep results file merging reads; throws `bad(why)` at the first damaged one. */
function checkSweepResultShape(v: Record<string, unknown>, bad: (why: string) => InputError): asserts v is Record<string, unknown> & SweepResultFile {
  if (v['kind'] !== 'sweep-result') throw bad(`its kind is ${JSON.stringify(v['kind']) ?? 'missing'}${v['scenario'] !== undefined ? ' (it looks like a single scenario result)' : ''}`);
  const sweep = v['sweep'];
  if (!isRecord(sweep) || typeof sweep['hash'] !== 'string' || typeof sweep['variants'] !== 'number' || !Array.isArray(sweep['parameters'])) throw bad('its "sweep" section is missing or damaged');
  const variants = v['variants'];
  if (!Array.isArray(variants)) throw bad('its "variants" list is missing');
  const shard = v['shard'];
  const whole = (x: unknown): x is number => Number.isInteger(x);
  if (shard !== undefined && !(isRecord(shard) && whole(shard['index']) && whole(shard['count']) && shard['index'] >= 1 && shard['index'] <= shard['count'])) throw bad('its "shard" is damaged');
  variants.forEach((r: unknown, i) => {
    if (!isRecord(r) || !Number.isInteger(r['index']) || !isRecord(r['metrics']) || typeof r['result'] !== 'object' || !isRecord(r['parameters'])) throw bad(`variant entry ${i} is damaged`);
  });
}

export interface MergeResult {
  readonly files: SweepOutputFiles;
  readonly analysis: SweepAnalysis;
  readonly html: boolean;
  readonly header: SweepResultHeader;
  readonly shards: number;
}

/**
 * Checks that `inputs` are all the shards of one sweep (same hash, same shard count, each shard once,
 * each holding exactly its variants) and writes the merged results beside `out` (JSON, CSV, Markdown):
 * the same bytes a single-process run of the sweep writes. `asserts` are gates added as in `sweep --assert`.
 * @throws InputError naming the files at fault; the signal's reason when `options.signal` aborts (nothing written).
 */
export async function mergeShards(
  inputs: readonly string[],
  out: string,
  asserts: readonly string[] = [],
  options: WriteSweepOutputsOptions & { readonly feasibility?: FeasibilityRule } = {},
): Promise<MergeResult> {
  if (inputs.length === 0) throw InputError.single(problem('merge', 'needs at least one shard file'));
  const shards: { file: string; data: SweepResultFile }[] = [];
  for (const file of inputs) {
    shards.push({ file, data: readSweepResult(file) });
    // a stop signal is seen between shards (reading one is synchronous)
    await new Promise((resolve) => setImmediate(resolve));
    options.signal?.throwIfAborted();
  }
  const [first] = shards;
  if (first === undefined) throw new Error('internal: no shard read');
  const problems: InputProblem[] = [];
  for (const s of shards.slice(1)) {
    if (s.data.sweep.hash !== first.data.sweep.hash) {
      problems.push(
        problem(
          s.file,
          `belongs to another sweep than ${first.file}: sweep '${s.data.sweep.name}' ${s.data.sweep.hash.slice(0, 19)}… vs '${first.data.sweep.name}' ${first.data.sweep.hash.slice(0, 19)}…`,
          'the sweep file, its base scenario, the hardware catalog or the tool version differ; merge only shards of one run and re-run the odd ones',
        ),
      );
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  const shardOf = (d: SweepResultFile): Shard => d.shard ?? { index: 1, count: 1 };
  const count = shardOf(first.data).count;
  for (const s of shards) {
    const sh = shardOf(s.data);
    if (sh.count !== count)
      problems.push(problem(s.file, `is shard ${sh.index}/${sh.count} but ${first.file} is shard ${shardOf(first.data).index}/${count}`, 'all shards of a run must use the same n in --shard i/n'));
  }
  if (problems.length > 0) throw new InputError(problems);
  const byIndex = new Map<number, { file: string; data: SweepResultFile }>();
  for (const s of shards) {
    const k = shardOf(s.data).index;
    const seen = byIndex.get(k);
    if (seen) problems.push(problem(s.file, `is shard ${k}/${count} again: ${seen.file} is the same shard`, 'pass each shard once'));
    else byIndex.set(k, s);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((k) => !byIndex.has(k));
  if (missing.length > 0) {
    const list = missing.length > 10 ? `${missing.slice(0, 10).join(', ')}… (${missing.length} in all)` : missing.join(', ');
    problems.push(
      problem(
        'merge',
        `shard${missing.length > 1 ? 's' : ''} ${list} of ${count} ${missing.length > 1 ? 'are' : 'is'} missing`,
        `run 'simulate sweep <sweep.yaml> --shard ${missing[0]}/${count}' and pass its shard-${missing[0]}-of-${count}.json too`,
      ),
    );
  }
  const total = first.data.sweep.variants;
  for (const [k, s] of byIndex) {
    const expected = shardSize({ index: k, count }, total);
    const got = s.data.variants;
    let i = 0;
    let wrong: string | undefined;
    for (const index of shardIndexes({ index: k, count }, total)) {
      if (got[i]?.index !== index) {
        const found = got[i];
        wrong = found === undefined ? `variant ${index} is missing` : `variant ${index} expected at position ${i}, found variant ${found.index}`;
        break;
      }
      i++;
    }
    if (wrong === undefined && got.length !== expected) wrong = `it has ${got.length} variants, shard ${k}/${count} of ${total} has ${expected}`;
    if (wrong !== undefined) problems.push(problem(s.file, `does not hold the variants of shard ${k}/${count}: ${wrong}`, 'the file was edited or damaged; run that shard again'));
  }
  if (problems.length > 0) throw new InputError(problems);

  const { shard: _shard, variants: _variants, analysis: _analysis, digests: _digests, ...header } = first.data;
  const def = header.sweep;
  const known = resultNames(def.parameters.map((p) => p.name));
  const origin = (field: string): ExpressionOrigin => ({ file: first.file, line: 0, col: 0, field });
  const objectives: Objective[] = def.objectives.map((o, i) => ({
    direction: o.direction,
    text: o.expression,
    expr: compileResultExpression(o.expression, origin(`sweep.objectives[${i}]`), known),
    origin: origin(`sweep.objectives[${i}]`),
  }));
  const gate = (text: string, o: ExpressionOrigin): Gate => ({ text, expr: compileResultExpression(text, o, known), origin: o });
  const constraints = def.constraints.map((c, i) => gate(c, origin(`sweep.constraints[${i}]`)));
  const assertions = [...def.assertions.map((a, i) => gate(a, origin(`sweep.assertions[${i}]`))), ...asserts.map((a) => gate(a, { file: `--assert '${a}'`, line: 0, col: 0, field: '' }))];
  const records = function* (): Generator<VariantRecord> {
    const lists = Array.from({ length: count }, (_, k) => mustGet(byIndex, k + 1, 'shard').data.variants);
    for (let index = 0; index < total; index++) yield mustAt(mustAt(lists, index % count, 'shard'), Math.floor(index / count), 'variant');
  };
  const files = filesBeside(out);
  const analyser = new SweepAnalyser({
    objectives,
    constraints,
    assertions,
    best: def.best,
    ...(options.feasibility !== undefined && { feasibility: options.feasibility }),
    ...(def.robust && { robust: robustSpecOf(def) }),
  });
  const { analysis, html } = await writeSweepOutputs(files, header, records(), analyser, options);
  return { files, analysis, html, header, shards: count };
}

/** The robust analysis's spec as the sweep definition records it: the roles of its values parameters and the quantile. */
function robustSpecOf(def: SweepResultFile['sweep']): RobustSpec {
  const named = (role: 'decision' | 'assumption') => def.parameters.filter((p) => p.role === role).map((p) => p.name);
  return { decisions: named('decision'), assumptions: named('assumption'), quantile: def.robust?.quantile ?? 1 };
}
