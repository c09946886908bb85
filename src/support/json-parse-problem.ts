/** Where and why JSON.parse refused a text, for a located one-line message. */
export interface JsonParseProblem {
  /** short reason, without V8's position suffix */
  readonly reason: string;
  /** the text stops before the value is complete */
  readonly truncated: boolean;
  /** 1-based; 0 when nothing can be pointed at (an empty file) */
  readonly line: number;
  readonly col: number;
}

/**
 * Reads V8's JSON.parse error message: "… in JSON at position N", Node 20's "Unexpected token 'x',
 * …context… is not valid JSON", or "Unexpected end of JSON input" (no position: the text ends too
 * early, so the place to point at is its end).
 */
export function jsonParseProblem(message: string, text: string): JsonParseProblem {
  let reason = message.replace(/\s+/g, ' ').slice(0, 200);
  let pos: number | undefined;
  const at = /position (\d+)/.exec(message);
  const token = /^Unexpected token '(.)', (\.\.\.)?"([\s\S]*?)"(\.\.\.)? is not valid JSON$/.exec(message);
  if (at) {
    reason = message.replace(/\s+/g, ' ').replace(/ in JSON at position \d+.*$/, '');
    pos = Number(at[1]);
  } else if (token) {
    // V8 quotes up to 10 characters either side of the token
    const context = token[3]!;
    const start = text.indexOf(context);
    reason = `unexpected '${token[1]}'`;
    pos = start < 0 ? undefined : start + (token[2] ? 10 : context.indexOf(token[1]!));
  }
  // (the files read here hold one object or array: one that does not close was cut short)
  const truncated = text.trim() === '' || /end of (JSON )?input/i.test(reason) || !/[}\]]$/.test(text.trimEnd());
  if (pos === undefined && truncated && text.length > 0) pos = text.length;
  const { line, col } = pos === undefined ? { line: 0, col: 0 } : lineCol(text, pos);
  return { reason, truncated, line, col };
}

/** 1-based line and column of a character offset. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, col: offset - start + 1 };
}

/**
 * What a text that is not JSON at all looks like, for a message that says so instead of calling it a
 * truncated JSON file: undefined when it starts like JSON (an object or array, then cut or damaged).
 */
export function nonJsonKind(text: string): string | undefined {
  const head = text.replace(/^\ufeff/, '').trimStart();
  if (head === '') return text === '' ? 'the file is empty (0 bytes)' : 'the file holds only blank space';
  if (head.startsWith('{') || head.startsWith('[')) return undefined;
  const start = head.slice(0, 512);
  if (start.charCodeAt(0) === 0x1f && (start.charCodeAt(1) === 0x8b || start.charCodeAt(1) === 0xfffd)) return 'it is gzip-compressed data';
  // eslint-disable-next-line no-control-regex -- control characters are what marks binary data
  if (/[\u0000-\u0008\u000e-\u001a\ufffd]/.test(start)) return 'it is binary data, not text';
  if (/^<!doctype html|^<html[\s>]/i.test(start)) return 'it looks like an HTML page (a report?)';
  if (start.startsWith('<')) return 'it looks like XML or HTML';
  const firstLine = start.split(/\r\n|\r|\n/, 1)[0]!;
  if (/^(#|---|[A-Za-z_][\w-]*:(\s|$))/.test(firstLine)) return 'it looks like YAML (a scenario or sweep file?)';
  if (/^[^,;\t]+([,;\t][^,;\t]*)+$/.test(firstLine)) return 'it looks like CSV';
  return undefined;
}
