import type { Readable } from 'node:stream';
import { messageOf } from '../support/is-record.js';
import type { IssueSink } from './issue-sink.js';
import { textChunks } from './text-chunks.js';

/** One element of a top-level JSON array: its parsed value, or the text that failed to parse. */
export type JsonArrayElement = { ok: true; value: unknown; line: number } | { ok: false; error: string; line: number };

/** Where the scanner is, for error messages when the stream fails. */
export interface JsonCursor {
  line: number;
}

// Scanner phases: before '[', expecting an element, inside one, after one, after ']'.
const BEFORE = 0;
const BETWEEN = 1;
const IN = 2;
const AFTER = 3;
const DONE = 4;

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const NEWLINE = 10;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff;
}

/**
 * Streams the elements of a top-level JSON array one by one: a small scanner finds each element's
 * extent (tracking strings, escapes and nesting depth), then JSON.parse reads that element alone.
 * Memory: one chunk plus the largest element (capped by `maxElementChars`; larger is a fatal error).
 * Structural errors (not an array, junk between elements, array not closed) are fatal `json-syntax`;
 * an element whose text does not parse is yielded with ok: false so the caller can skip it.
 * `line` is the 1-based line where the element starts.
 */
export async function* readJsonArray(stream: Readable, sink: IssueSink, cursor: JsonCursor, maxElementChars = 64 * 2 ** 20): AsyncGenerator<JsonArrayElement> {
  let phase: number = BEFORE;
  let line = 1;
  let depth = 0;
  let inString = false;
  let escape = false;
  let parts: string[] = [];
  let partsLength = 0;
  let elementLine = 0;
  let sawContent = false;
  let sawAnyText = false;
  let endsWithNewline = false;
  let elements = 0;
  cursor.line = 1;
  const syntax = (message: string): never => sink.fatal(line, 'json-syntax', message);
  for await (const chunk of textChunks(stream)) {
    if (chunk.length > 0) {
      sawAnyText = true;
      endsWithNewline = chunk.endsWith('\n');
    }
    let start = -1; // where the current element begins in this chunk
    if (phase === IN) start = 0;
    const out: JsonArrayElement[] = [];
    const finish = (endExclusive: number): void => {
      parts.push(chunk.slice(start, endExclusive));
      const text = parts.join('');
      parts = [];
      partsLength = 0;
      start = -1;
      elements++;
      try {
        const value: unknown = JSON.parse(text);
        out.push({ ok: true, value, line: elementLine });
      } catch (err) {
        out.push({ ok: false, error: messageOf(err), line: elementLine });
      }
      phase = AFTER;
    };
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (phase === IN) {
        if (inString) {
          if (escape) escape = false;
          else if (c === BACKSLASH) escape = true;
          else if (c === QUOTE) {
            inString = false;
            if (depth === 0) finish(i + 1);
          } else if (c === NEWLINE) line++;
          continue;
        }
        if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          if (depth > 0) {
            depth--;
            if (depth === 0) finish(i + 1);
          } else {
            finish(i); // a scalar element ended by the array's ']'
            i--;
          }
        } else if (depth === 0 && (c === COMMA || isSpace(c))) {
          finish(i);
          i--;
        } else if (c === NEWLINE) line++;
        continue;
      }
      if (c === NEWLINE) line++;
      if (isSpace(c)) continue;
      sawContent = true;
      switch (phase) {
        case BEFORE:
          if (c !== OPEN_BRACKET) syntax(`expected a JSON array ('['), found '${String.fromCharCode(c)}'`);
          phase = BETWEEN;
          break;
        case BETWEEN:
          if (c === CLOSE_BRACKET) {
            if (elements > 0) syntax("expected an element after ',', found ']'");
            phase = DONE;
            break;
          }
          if (c === COMMA) syntax("expected an element, found ','");
          phase = IN;
          start = i;
          elementLine = line;
          cursor.line = line;
          depth = 0;
          inString = false;
          escape = false;
          i--; // scan the first character as part of the element
          break;
        case AFTER:
          if (c === COMMA) phase = BETWEEN;
          else if (c === CLOSE_BRACKET) phase = DONE;
          else syntax(`expected ',' or ']' after the element that starts on line ${elementLine}, found '${String.fromCharCode(c)}'`);
          break;
        case DONE:
          syntax(`unexpected '${String.fromCharCode(c)}' after the end of the top-level array`);
          break;
        default:
          break;
      }
    }
    if (phase === IN && start !== -1) {
      parts.push(chunk.slice(start));
      partsLength += chunk.length - start;
      if (partsLength > maxElementChars) {
        sink.fatal(elementLine, 'json-syntax', `array element longer than ${maxElementChars} characters (unclosed string or bracket?)`);
      }
    }
    for (const element of out) yield element;
  }
  if (!sawContent) {
    sink.report(
      0,
      'empty-file',
      'error',
      line === 1 && !sawAnyText ? 'the file is empty' : `the file has no rows: its ${(endsWithNewline ? line - 1 : line).toLocaleString('en-US')} line(s) are all blank`,
    );
    return;
  }
  if (phase !== DONE) {
    sink.fatal(
      line,
      'json-syntax',
      phase === IN ? `the element that starts on line ${elementLine} is not closed at end of file (truncated?)` : 'the top-level array is not closed at end of file (truncated?)',
    );
  }
  if (elements === 0) sink.report(1, 'header-only', 'error', 'the JSON array is empty: no records');
}
