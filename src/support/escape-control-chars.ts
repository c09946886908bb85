/**
 * The one definition of characters that must never reach a terminal or a page raw, because they change
 * how the text around them is shown instead of showing themselves:
 * - C0 controls (ESC starts terminal escape sequences; CR rewrites the line) and DEL;
 * - C1 controls U+0080–U+009F (U+009B is a one-byte CSI on some terminals);
 * - bidirectional controls (Trojan Source, CVE-2021-42574): U+061C, U+200E, U+200F, the embeddings and
 *   overrides U+202A–U+202E and the isolates U+2066–U+2069;
 * - invisible format characters that hide differences between names: U+200B, U+2060–U+2065, U+FEFF,
 *   U+FFF9–U+FFFB, and the line and paragraph separators U+2028, U+2029;
 * - U+FFFD, which stands for bytes that were not UTF-8.
 * Zero-width (non-)joiners U+200C/U+200D are left alone: scripts and emoji need them.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb\ufffd]/g;

/** Which whitespace controls stay as they are. */
export type KeptWhitespace = 'none' | 'tab-newline';

const kept: Readonly<Record<KeptWhitespace, string>> = { none: '', 'tab-newline': '\t\n' };

/**
 * `text` with every unsafe character written as a visible escape: `\x1b` below U+0020, `\u202e` above.
 * JSON text stays JSON: JSON.stringify never leaves a character below U+0020 raw, and `\u202e` is a
 * valid escape inside a JSON string. `keep` names the whitespace controls left as they are (default:
 * tab and newline).
 */
export function escapeControlChars(text: string, keep: KeptWhitespace = 'tab-newline'): string {
  const spare = kept[keep];
  return text.replace(UNSAFE, (c) => {
    if (spare.includes(c)) return c;
    const code = c.charCodeAt(0);
    return code < 0x20 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
