import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { InputError, type InputProblem } from '../support/input-error.js';
import { readBoundedFile, YAML_FILE_LIMIT } from '../support/read-bounded-file.js';

/** Largest YAML input accepted: scenarios and profiles are hand-written; anything bigger is a mistake or an attack. */
export const MAX_YAML_BYTES = YAML_FILE_LIMIT.bytes;
/** Aliases are legitimate in moderation (shared blocks); exponential expansion (billion laughs) is not. */
export const MAX_ALIAS_COUNT = 1000;

/** A parsed YAML document that can still say where each value came from. */
export interface YamlSource {
  readonly file: string;
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
  readonly value: unknown;
}

/** Reads and parses a YAML file. @throws InputError for size, encoding, syntax or alias problems. */
export function readYamlFile(file: string): YamlSource {
  let bytes: Buffer;
  try {
    bytes = readBoundedFile(file, YAML_FILE_LIMIT);
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw InputError.single({ file, line: 0, col: 0, field: '', message: 'is a folder, not a file', hint: 'name a .yaml file' });
    if (code === 'ENOENT') throw InputError.single({ file, line: 0, col: 0, field: '', message: 'cannot read: ENOENT', hint: 'no such file: check the path and the current folder' });
    throw InputError.single({ file, line: 0, col: 0, field: '', message: `cannot read: ${code ?? (err as Error).message}` });
  }
  return parseYaml(bytes, file);
}

/** Parses YAML text or bytes (bytes must be UTF-8). `file` names the source in messages. */
export function parseYaml(input: string | Uint8Array, file: string): YamlSource {
  if (typeof input !== 'string' && input[0] === 0x1f && input[1] === 0x8b) {
    throw InputError.single({ file, line: 0, col: 0, field: '', message: 'is gzip-compressed, not YAML text', hint: 'give the uncompressed .yaml file' });
  }
  // YAML allows a lone CR as a line break (classic Mac OS); the parser reads only LF and CRLF, and took
  // such a file for one comment line. Same length, so every offset and column stays true.
  const text = (typeof input === 'string' ? input : decodeUtf8(input, file)).replace(/\r(?!\n)/g, '\n');
  if (/^\ufeff?\s*(<!doctype html|<html[\s>])/i.test(text.slice(0, 512))) {
    throw InputError.single({
      file,
      line: 0,
      col: 0,
      field: '',
      message: 'is an HTML page (a report?), not YAML',
      hint: 'give the scenario or sweep .yaml file; `simulate report` reads .json results',
    });
  }
  if (text.length > MAX_YAML_BYTES) {
    throw InputError.single({ file, line: 0, col: 0, field: '', message: `is larger than ${MAX_YAML_BYTES} bytes` });
  }
  const lineCounter = new LineCounter();
  const deep = flowDepthExceeded(text, MAX_FLOW_DEPTH);
  if (deep !== undefined) {
    const lineStart = text.lastIndexOf('\n', deep - 1) + 1;
    const line = text.slice(0, lineStart).split('\n').length;
    throw InputError.single({
      file,
      line,
      col: deep - lineStart + 1,
      field: '',
      message: `lists and mappings nested more than ${MAX_FLOW_DEPTH} deep`,
      hint: 'flatten the structure; scenarios need only a few levels',
    });
  }
  // logLevel 'error': the library's warnings (e.g. on collection-valued keys) must not reach stderr
  // as process warnings; such input fails validation with a located message instead.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true, logLevel: 'error' });
  if (doc.errors.length > 0) {
    throw new InputError(
      doc.errors.slice(0, 1).map((e): InputProblem => {
        const pos = lineCounter.linePos(e.pos[0]);
        const key = e.code === 'DUPLICATE_KEY' ? /^\s*([^:#]+?)\s*:/.exec(text.slice(e.pos[0]))?.[1] : undefined;
        const { message, hint } = yamlMessage(e.code, e.message);
        return { file, line: pos.line, col: pos.col, field: key ?? '', message, ...(hint !== undefined && { hint }) };
      }),
    );
  }
  if (doc.contents === null) {
    throw InputError.single({ file, line: 0, col: 0, field: '', message: 'is empty (no YAML content)', hint: 'write the fields as YAML key: value lines' });
  }
  refuseProtoKeys(doc, lineCounter, file);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const text = (err as Error).message;
    const unresolved = /^Unresolved alias[^:]*: (.*)$/.exec(text);
    const alias = firstAlias(doc, unresolved?.[1]);
    const pos = alias ? lineCounter.linePos(alias) : { line: 1, col: 1 };
    if (unresolved) {
      throw InputError.single({ file, ...pos, field: '', message: `alias '*${unresolved[1]}' names no anchor defined before it`, hint: `define '&${unresolved[1]}' earlier in the file` });
    }
    if (/alias/i.test(text)) {
      throw InputError.single({
        file,
        ...pos,
        field: '',
        message: `too many alias expansions (more than ${MAX_ALIAS_COUNT}); this looks like an alias bomb`,
        hint: 'write the repeated blocks out, or share fewer of them',
      });
    }
    throw InputError.single({ file, ...pos, field: '', message: `cannot read the YAML: ${text}` });
  }
  if (isResultDocument(value)) {
    throw InputError.single({
      file,
      line: 0,
      col: 0,
      field: '',
      message: 'is a result file written by simulate, not a scenario or sweep',
      hint: '`simulate report FILE` reads results; give the .yaml file that produced it',
    });
  }
  return { file, doc, lineCounter, value };
}

/** A simulation result or sweep results file (JSON is YAML, so one parses here without complaint). */
function isResultDocument(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return typeof v['schemaVersion'] === 'string' && (typeof v['scenario'] === 'object' || v['kind'] === 'sweep-result');
}

/** Deepest nesting of flow collections ([…], {…}) accepted; the YAML parser recurses per level. */
const MAX_FLOW_DEPTH = 100;

/**
 * Offset of the bracket that opens a flow collection deeper than `max`, ignoring quoted text and
 * comments; undefined when there is none. (Block nesting deep enough to matter needs lines indented by
 * thousands of spaces, and the parser reports it as too deep anyway.)
 */
function flowDepthExceeded(text: string, max: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > max) return i;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      if (depth > 0) depth--;
    } else if ((c === 0x22 /* " */ || c === 0x27) /* ' */ && /[\s:[{,-]/.test(text[i - 1] ?? ' ')) {
      // skip a quoted scalar ('' escapes a single quote, \ escapes in double quotes); stop at a line end if unclosed
      for (i++; i < text.length && text.charCodeAt(i) !== c && text.charCodeAt(i) !== 0x0a; i++) if (c === 0x22 && text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x23 /* # */ && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i < text.length && text.charCodeAt(i) !== 0x0a) i++;
    }
  }
  return undefined;
}

/**
 * A `__proto__` key survives YAML parsing, but every later step builds plain objects, where assigning
 * `__proto__` sets the prototype instead of adding a field: the entry would vanish without a word
 * (a site, a profile, a sweep parameter). Refused where it is written. (`constructor`, `toString` and
 * other inherited names are ordinary own keys and are kept.)
 */
function refuseProtoKeys(doc: Document.Parsed, lineCounter: LineCounter, file: string): void {
  visit(doc, {
    Pair(_key, pair, path) {
      if (!isScalar(pair.key) || pair.key.value !== '__proto__') return undefined;
      const pos = lineCounter.linePos(pair.key.range?.[0] ?? 0);
      throw InputError.single({
        file,
        ...pos,
        field: fieldOf(path, '__proto__'),
        message: 'is not allowed as a key: JavaScript objects give __proto__ a special meaning, so the entry would be silently lost',
        hint: 'rename it',
      });
    },
  });
}

/** The dotted field path (`workloads[0].arrivals`) of a visitor path, followed by `last`. */
function fieldOf(path: readonly unknown[], last: string): string {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const node = path[i];
    if (isPair(node) && isScalar(node.key)) out += `${out === '' ? '' : '.'}${String(node.key.value)}`;
    else if (isSeq(node) && i + 1 < path.length) out += `[${node.items.indexOf(path[i + 1])}]`;
  }
  return `${out === '' ? '' : `${out}.`}${last}`;
}

/** Offset of the first alias node (named `name`, when given), for locating alias problems. */
function firstAlias(doc: Document.Parsed, name?: string): number | undefined {
  let at: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (name !== undefined && node.source !== name) return undefined;
      at = node.range?.[0];
      return visit.BREAK;
    },
  });
  return at;
}

function yamlMessage(code: string, message: string): { message: string; hint?: string } {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  switch (code) {
    case 'DUPLICATE_KEY':
      return { message: 'duplicate key: this field is already set above in the same block', hint: 'keep one of them' };
    case 'MULTIPLE_DOCS':
      return { message: "a second YAML document starts here ('---'); the file must hold exactly one", hint: "remove the '---' line and merge the documents, or split them into separate files" };
    case 'RESOURCE_EXHAUSTION':
      return { message: 'YAML nesting is too deep to read', hint: 'flatten the structure; scenarios need only a few levels' };
    default:
      return { message: `YAML syntax error: ${first}` };
  }
}

function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Find the first bad byte to report its line.
    let line = 1;
    let col = 1;
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (let i = 0; i < bytes.length; i++) {
      try {
        decoder.decode(bytes.subarray(0, i + 1), { stream: true });
      } catch {
        break;
      }
      if (bytes[i] === 0x0a) {
        line++;
        col = 1;
      } else if ((bytes[i]! & 0xc0) !== 0x80) col++;
    }
    throw InputError.single({ file, line, col, field: '', message: 'is not valid UTF-8 text', hint: 'save the file as UTF-8' });
  }
}

/**
 * 1-based line and column of the value at `path`; when the path does not exist (a missing field),
 * the position of the deepest existing ancestor. With `keyName`, the position of that key inside the
 * map at `path` (used for unknown keys).
 */
export function locate(src: YamlSource, path: readonly PropertyKey[], keyName?: string): { line: number; col: number } {
  let p = [...path];
  for (;;) {
    const node = p.length === 0 ? src.doc.contents : src.doc.getIn(p as unknown[], true);
    if (node !== undefined && node !== null && typeof node === 'object') {
      if (keyName !== undefined && isMap(node)) {
        const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && it.key.value === keyName);
        const keyRange = pair && isScalar(pair.key) ? pair.key.range : undefined;
        if (keyRange) return src.lineCounter.linePos(keyRange[0]);
      }
      const range = (node as { range?: [number, number, number] }).range;
      if (range) return src.lineCounter.linePos(range[0]);
    }
    if (p.length === 0) return { line: 1, col: 1 };
    p = p.slice(0, -1);
    keyName = undefined;
  }
}
