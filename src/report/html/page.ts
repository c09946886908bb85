import { createHash } from 'node:crypto';
import { html, trusted, type SafeHtml } from './safe-html.js';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * The Content-Security-Policy of a report: nothing may load (no network, no fonts, no images beyond
 * data: URIs); the one inline style sheet and the one inline script run only because their hashes
 * are listed. A `<script type="application/json">` data block is not executed and needs no entry.
 */
export function contentSecurityPolicy(css: string, js: string): string {
  return `default-src 'none'; style-src ${sha256(css)}; script-src ${sha256(js)}; img-src data:; base-uri 'none'; form-action 'none'`;
}

export interface PageParts {
  readonly title: string;
  readonly css: string;
  readonly js: string;
  readonly body: SafeHtml;
  /** JSON already escaped for a script block (jsonForScript) */
  readonly dataJson: string;
  readonly generator: string;
}

/** The whole document. The CSS and JS are our own constants (never user text), inserted verbatim so their hashes match. */
export function page(p: PageParts): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${trusted(contentSecurityPolicy(p.css, p.js))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="${p.generator}">
<title>${p.title}</title>
<style>${trusted(p.css)}</style>
</head>
<body>
${p.body}
<script type="application/json" id="report-data">${trusted(p.dataJson)}</script>
<script>${trusted(p.js)}</script>
</body>
</html>
`.value;
}
