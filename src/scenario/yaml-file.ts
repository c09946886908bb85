import { readFileSync, statSync } from 'node:fs';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { InputError, type InputProblem } from '../input-error.js';

/** Largest YAML input accepted: scenarios and profiles are hand-written; anything bigger is a mistake or an attack. */
export const MAX_YAML_BYTES = 4 * 1024 * 1024;
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
  let size: number;
  try {
    size = statSync(file).size;
  } catch (err) {
    throw InputError.single({ file, line: 0, col: 0, field: '', message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
  }
  if (size > MAX_YAML_BYTES) {
    throw InputError.single({ file, line: 0, col: 0, field: '', message: `is ${size} bytes; YAML inputs are limited to ${MAX_YAML_BYTES} bytes` });
  }
  return parseYaml(readFileSync(file), file);
}

/** Parses YAML text or bytes (bytes must be UTF-8). `file` names the source in messages. */
export function parseYaml(input: string | Uint8Array, file: string): YamlSource {
  const text = typeof input === 'string' ? input : decodeUtf8(input, file);
  if (text.length > MAX_YAML_BYTES) {
    throw InputError.single({ file, line: 0, col: 0, field: '', message: `is larger than ${MAX_YAML_BYTES} bytes` });
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  if (doc.errors.length > 0) {
    throw new InputError(
      doc.errors.slice(0, 1).map((e): InputProblem => {
        const pos = lineCounter.linePos(e.pos[0]);
        const key = e.code === 'DUPLICATE_KEY' ? /^\s*([^:#]+?)\s*:/.exec(text.slice(e.pos[0]))?.[1] : undefined;
        return { file, line: pos.line, col: pos.col, field: key ?? '', message: yamlMessage(e.code, e.message) };
      }),
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const message = /alias/i.test((err as Error).message)
      ? `too many alias expansions (more than ${MAX_ALIAS_COUNT}); this looks like an alias bomb`
      : (err as Error).message;
    throw InputError.single({ file, line: 1, col: 1, field: '', message });
  }
  return { file, doc, lineCounter, value };
}

function yamlMessage(code: string, message: string): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return code === 'DUPLICATE_KEY' ? 'duplicate key: this field is already set above in the same block' : `YAML syntax error: ${first}`;
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
