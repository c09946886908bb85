/**
 * Most blank lines in a row a trace may hold. Exports put a blank line here and there; none writes a
 * hundred thousand in a row. Without a bound, a file of nothing but blank lines (200 MB of newlines
 * gzip to 200 kB) was read to its end with no output for half a minute and then called "empty".
 * Refusing after this many costs a few milliseconds (≈ 0.1 µs per blank line) whatever the file's size,
 * and needs no progress display to explain a wait, so it holds in CI logs and library use alike.
 */
export const MAX_BLANK_LINES_IN_A_ROW = 100_000;

/** Counts consecutive blank (empty or whitespace-only) lines; throws TRACE_BLANK_LINES past the limit. */
export class BlankRun {
  private run = 0;

  constructor(private readonly limit = MAX_BLANK_LINES_IN_A_ROW) {}

  /** Line `line` (1-based) was blank or not. @throws Error with code TRACE_BLANK_LINES and `line` past the limit. */
  see(line: number, blank: boolean): void {
    if (!blank) {
      this.run = 0;
      return;
    }
    if (++this.run > this.limit) {
      throw Object.assign(
        new Error(`${this.limit.toLocaleString('en-US')} blank lines in a row (from line ${(line - this.run + 1).toLocaleString('en-US')}): no trace export has these; reading stopped`),
        {
          code: 'TRACE_BLANK_LINES',
          line,
        },
      );
    }
  }
}

/** True for an empty or whitespace-only line (cheap for ordinary lines: they fail at their first character). */
export function isBlankLine(text: string): boolean {
  return text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === '');
}
