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
