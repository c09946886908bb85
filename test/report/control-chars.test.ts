/**
 * Control, bidirectional and invisible format characters in user text (a scenario description, a
 * workload name, a report title, a trace path) never reach a page, a Markdown summary or the terminal
 * raw: each is shown as a visible escape (`\u202e`), while JSON data keeps the character itself.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeControlChars } from '../../src/support/escape-control-chars.js';
import { runCli } from '../../src/cli/main.js';
import { renderHtmlReport } from '../../src/report/html-report.js';
import { md, renderMarkdownReport } from '../../src/report/markdown-report.js';
import { buildReport } from '../../src/report/report-model.js';
import { escapeHtml, jsonForScript } from '../../src/report/html/safe-html.js';
import { printable } from '../../src/traces/issue-sink.js';
import { asJson, clusterScenario, run } from './report-fixtures.js';

// RLO, LRM, RLM, FSI, PDI, ALM, NEL (C1), CSI (C1), ESC, BEL, CR, ZWSP, BOM
const HOSTILE = ['\u202e', '\u200e', '\u200f', '\u2068', '\u2069', '\u061c', '\u0085', '\u009b', '\u001b', '\u0007', '\r', '\u200b', '\ufeff'];
const RAW = new RegExp(`[${HOSTILE.join('')}]`, 'u');
const description = `cheap ${HOSTILE.join('x')} plan`;

describe('control and bidirectional characters', () => {
  it('are written as visible escapes, tab and newline kept by default', () => {
    expect(escapeControlChars('a\u202eb\u001b[31mc\td\ne\u0085')).toBe('a\\u202eb\\x1b[31mc\td\ne\\u0085');
    expect(escapeControlChars('a\tb\nc\rd', 'none')).toBe('a\\x09b\\x0ac\\x0dd');
    // joiners that scripts and emoji need are kept
    expect(escapeControlChars('\u200c\u200d')).toBe('\u200c\u200d');
  });

  it('never reach HTML text raw, and JSON data keeps them', () => {
    expect(escapeHtml('<b>\u202e</b>')).toBe('&lt;b&gt;\\u202e&lt;/b&gt;');
    const json = jsonForScript({ d: description });
    expect(json).not.toMatch(RAW);
    expect((JSON.parse(json) as { d: string }).d).toBe(description);
  });

  it('never reach Markdown or trace messages raw', () => {
    expect(md('a\u202eb')).toBe('a\\\\u202eb');
    expect(printable('row\u202e\u001b', 80)).toBe('row\\u202e\\x1b');
  });

  it('are neutralised in the HTML and Markdown reports of a result whose description holds them', () => {
    const base = clusterScenario(4);
    const result = asJson(run({ ...base, description, workloads: base.workloads.map((w) => ({ ...w, name: 'jobs' })) }));
    const model = buildReport([{ result }], { title: `title ${HOSTILE.join('')}`, command: 'simulate report a.json' });
    const page = renderHtmlReport(model);
    expect(page).not.toMatch(RAW);
    expect(page).toContain('cheap \\u202ex\\u200ex');
    expect(page).toContain('title \\u202e\\u200e');
    const summary = renderMarkdownReport(model);
    expect(summary).not.toMatch(RAW);
  });

  it('are escaped on the terminal, also in --json output, which stays valid JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'control-chars-'));
    try {
      const file = join(dir, 's.yaml');
      writeFileSync(
        file,
        `name: s\ndescription: ${JSON.stringify(description)}\nhorizon: 10 h\ncosts: none\nreference: { device: g, precision: bf16 }\nprofiles:\n  g: { id: g, kind: gpu, name: g, vendor: t, peak: { bf16: 100 TFLOPS } }\n  n: { id: n, kind: node, name: n, vendor: t, accelerators: { profile: g, count: 1 } }\nsites:\n  lab: { nodes: { type: n, count: 1 } }\nworkloads:\n  - name: jobs\n    arrivals: { rate: 1 /h }\n    devices: 1\n    work: { reference_time: 10 min }\n`,
      );
      let stdout = '';
      let stderr = '';
      const code = await runCli(['run', file, '--json'], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
      expect(code).toBe(0);
      expect(stdout).not.toMatch(RAW);
      expect(stderr).not.toMatch(RAW);
      expect((JSON.parse(stdout) as { scenario: { description: string } }).scenario.description).toBe(description);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
