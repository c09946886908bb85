import { formatPath, InputError, type InputProblem } from '../support/input-error.js';
import { codeOf, isRecord, messageOf } from '../support/is-record.js';
import { jsonParseProblem, lineCol, nonJsonKind } from '../support/json-parse-problem.js';
import { readBoundedFile, RESULT_FILE_LIMIT } from '../support/read-bounded-file.js';
import type { ReportInput } from './report-model.js';
import type { ResultDocument } from './result-document.js';

/** Major version of the result schema reports understand (docs/result-schema.md). */
export const SUPPORTED_RESULT_MAJOR = 1;

/**
 * Reads and checks a saved result (`simulate … -o FILE`): JSON syntax, schema version and the fields
 * every report needs. Throws InputError naming the file, line, column and field.
 */
export function readResultFile(file: string): ResultDocument {
  const inputs = readReportInputs(file);
  const [only] = inputs;
  if (inputs.length !== 1 || only === undefined || only.parameters !== undefined) {
    throw InputError.single({ file, line: 0, col: 0, field: '', message: 'a sweep results file, not one simulation result', hint: 'read it with readReportInputs' });
  }
  return only.result;
}

/**
 * Report inputs from one file: a simulation result (one input), or a sweep results file
 * (`kind: "sweep-result"`, src/sweep/sweep-output.ts: one input per variant, with its parameters).
 */
export function readReportInputs(file: string): ReportInput[] {
  let text: string;
  try {
    text = readBoundedFile(file, RESULT_FILE_LIMIT).toString('utf8');
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw InputError.single({ file, line: 0, col: 0, field: '', message: `cannot read the file (${codeOf(err) ?? messageOf(err)})` });
  }
  return parseReportInputs(text, file);
}

const NOT_A_RESULT_HINT = 'expected a result written by `simulate scenario.yaml -o FILE` or a sweep results file';
const NOT_JSON_HINT = 'give the .json result files: `simulate scenario.yaml -o FILE` writes one, a sweep writes sweep.json (scenario YAML files go to `simulate compare`)';

export function parseResultJson(text: string, file: string): ResultDocument {
  const inputs = parseReportInputs(text, file);
  const [only] = inputs;
  if (inputs.length !== 1 || only === undefined || only.parameters !== undefined)
    throw InputError.single({ file, line: 0, col: 0, field: '', message: 'a sweep results file, not one simulation result' });
  return only.result;
}

export function parseReportInputs(text: string, file: string): ReportInput[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const kind = nonJsonKind(text);
    if (kind !== undefined) throw InputError.single({ file, line: 0, col: 0, field: '', message: `is not a JSON result: ${kind}`, hint: NOT_JSON_HINT });
    const { reason, truncated, line, col } = jsonParseProblem(messageOf(err), text);
    throw InputError.single({ file, line, col, field: '', message: `not valid JSON: ${truncated ? `the file is truncated (${reason})` : reason}`, hint: NOT_A_RESULT_HINT });
  }
  const problems: InputProblem[] = [];
  const at = (path: readonly (string | number)[], message: string, hint?: string) => {
    const keys: string[] = [];
    for (const k of path) {
      if (typeof k === 'number') break;
      keys.push(k);
    }
    const { line, col } = locate(text, keys);
    problems.push({ file, line, col, field: formatPath(path), message, ...(hint !== undefined && { hint }) });
  };
  if (!isRecord(doc) || Array.isArray(doc)) {
    at([], 'not a simulation result: expected a JSON object', NOT_A_RESULT_HINT);
    throw new InputError(problems);
  }
  const d = doc;
  if (d.kind === 'sweep-result') {
    if (!Array.isArray(d.variants) || d.variants.length === 0) {
      at(['variants'], 'missing, empty or not an array');
      throw new InputError(problems);
    }
    const inputs = d.variants.map((v: unknown, i: number): ReportInput | undefined => {
      if (!isRecord(v)) {
        at(['variants', i], 'not an object');
        return undefined;
      }
      const params = v.parameters;
      const parameters = isRecord(params) && !Array.isArray(params) ? params : undefined;
      if (parameters === undefined) at(['variants', i, 'parameters'], 'missing or not an object');
      const result = v.result;
      if (!checkResult(result, ['variants', i, 'result'], at) || parameters === undefined) return undefined;
      return { result, parameters, source: `${file}#${typeof v.index === 'number' ? v.index : i}` };
    });
    // every undefined above reported a problem
    if (problems.length > 0) throw new InputError(problems);
    return inputs.filter((input) => input !== undefined);
  }
  if (!checkResult(d, [], at) || problems.length > 0) throw new InputError(problems);
  return [{ result: d, source: file }];
}

type At = (path: readonly (string | number)[], message: string, hint?: string) => void;

/**
 * Checks the fields of a result every report needs (those ResultDocument declares; the rest is read by
 * path); reports problems through `at`, and is true when there were none.
 */
function checkResult(value: unknown, prefix: readonly (string | number)[], at: At): value is ResultDocument {
  let ok = true;
  const bad: At = (path, message, hint) => {
    ok = false;
    at(path, message, hint);
  };
  if (!isRecord(value) || Array.isArray(value)) {
    bad(prefix, 'not a simulation result: expected a JSON object', NOT_A_RESULT_HINT);
    return false;
  }
  const d = value;
  if (typeof d.schemaVersion !== 'string') {
    bad(prefix, 'not a simulation result: no schemaVersion', NOT_A_RESULT_HINT);
    return false;
  }
  const major = Number(d.schemaVersion.split('.')[0]);
  if (major !== SUPPORTED_RESULT_MAJOR) bad([...prefix, 'schemaVersion'], `result schema ${d.schemaVersion} is not supported`, `this tool reads result schema ${SUPPORTED_RESULT_MAJOR}.x`);
  const s = d.scenario;
  if (!isRecord(s)) bad([...prefix, 'scenario'], 'missing or not an object');
  else {
    if (typeof s.name !== 'string') bad([...prefix, 'scenario', 'name'], 'missing or not a string');
    for (const key of ['seed', 'horizon', 'warmup', 'replications']) {
      if (typeof s[key] !== 'number' || !Number.isFinite(s[key])) bad([...prefix, 'scenario', key], 'missing or not a number');
    }
  }
  if (d.summary === null || typeof d.summary !== 'object' || Array.isArray(d.summary)) bad([...prefix, 'summary'], 'missing or not an object');
  if (!Array.isArray(d.replications) || !d.replications.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r))) {
    bad([...prefix, 'replications'], 'missing or not an array of objects');
  }
  const v = d.variant;
  if (v !== undefined) {
    const params = isRecord(v) ? v.parameters : undefined;
    if (params === null || typeof params !== 'object' || Array.isArray(params)) bad([...prefix, 'variant', 'parameters'], 'missing or not an object');
  }
  return ok;
}

/**
 * Where the key path appears in the (valid JSON) text: each key searched as an object key at its own
 * depth inside the previous key's value; 0:0 when not found.
 */
function locate(text: string, path: readonly string[]): { line: number; col: number } {
  if (path.length === 0) return { line: 0, col: 0 };
  let depth = 0;
  let matched = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth < matched) return { line: 0, col: 0 };
    } else if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      let j = i + 1;
      while (j < text.length && /\s/.test(text.charAt(j))) j++;
      if (text[j] !== ':' || depth !== matched + 1) continue;
      let key: unknown;
      try {
        key = JSON.parse(text.slice(start, i + 1));
      } catch {
        continue;
      }
      if (key !== path[matched]) continue;
      matched++;
      if (matched === path.length) return lineCol(text, start);
    }
  }
  return { line: 0, col: 0 };
}
