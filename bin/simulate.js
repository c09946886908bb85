#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm ci` / `npm install` (the `prepare` script).
import { existsSync } from 'node:fs';
import module from 'node:module';

// Node 22.1+ keeps V8's compiled code between runs (in the OS temporary folder, as tsc does): the CLI and
// mathjs are parsed once, not at every start. Older Node has no such cache and starts as before.
module.enableCompileCache?.();

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('simulate: dist/ is missing; run `npm run build` (npm ci does it for you)\n');
  process.exit(3);
}
const { runCli } = await import(main.href);
const code = await runCli(process.argv.slice(2));
// A failed write to stdout or stderr (a full disk) has already set exit code 2 (cli-io.ts): keep it over a 0.
if (code !== 0 || !process.exitCode) process.exitCode = code;
