import type { Readable } from 'node:stream';
import { BlankRun, isBlankLine, MAX_BLANK_LINES_IN_A_ROW } from './blank-run.js';
import { textChunks } from './text-chunks.js';

/**
 * Splits a byte stream into lines, yielding them in batches (one batch per decoded chunk) so the
 * per-line cost stays synchronous. UTF-8; `\n`, `\r\n` or lone `\r` (classic Mac OS) endings; a leading BOM is dropped; a last line
 * without a newline is still a line. The i-th line overall is line i (1-based) of the file.
 * Memory: one chunk plus the longest line; a line longer than `maxLineChars` (default 16 Mi) throws
 * an Error with code TRACE_LINE_TOO_LONG (a binary or damaged file), instead of buffering without end;
 * more than `maxBlankLines` blank lines in a row throw TRACE_BLANK_LINES (blank-run.ts), in bounded time.
 */
export async function* readLineBatches(stream: Readable, maxLineChars = 16 * 2 ** 20, maxBlankLines = MAX_BLANK_LINES_IN_A_ROW): AsyncGenerator<string[]> {
  const blanks = new BlankRun(maxBlankLines);
  let lineNo = 0;
  let rest = '';
  let first = true;
  for await (const chunk of textChunks(stream)) {
    let text = rest === '' ? chunk : rest + chunk;
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const lines: string[] = [];
    let start = 0;
    if (text.indexOf('\r') === -1) {
      // the common case: \n endings only
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        lines.push(text.slice(start, nl));
        start = nl + 1;
      }
    } else {
      // \r\n, or a lone \r (classic Mac OS); a \r at the end of the chunk waits for the next one, which may start with \n
      for (LINE_END.lastIndex = 0; ;) {
        const m = LINE_END.exec(text);
        if (m === null || (m[0] === '\r' && m.index === text.length - 1)) break;
        lines.push(text.slice(start, m.index));
        start = m.index + m[0].length;
      }
    }
    rest = text.slice(start);
    for (const line of lines) blanks.see(++lineNo, isBlankLine(line));
    if (rest.length > maxLineChars) {
      throw Object.assign(new Error(`a line is longer than ${maxLineChars} characters (not a text trace?)`), { code: 'TRACE_LINE_TOO_LONG' });
    }
    if (lines.length > 0) yield lines;
  }
  if (rest !== '') yield [rest.endsWith('\r') ? rest.slice(0, -1) : rest];
}

const LINE_END = /\r\n|\r|\n/g;
