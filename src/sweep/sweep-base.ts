import { dirname, resolve } from 'node:path';
import { InputError, type InputProblem } from '../support/input-error.js';
import type { Catalog } from '../scenario/catalog.js';
import { loadScenario, parseScenario } from '../scenario/load-scenario.js';
import { locate, readYamlFile, type YamlSource } from '../scenario/yaml-file.js';
import { parseKeys } from './parameter-path.js';
import type { SweepContext } from './sweep-context.js';
import type { SweepInput } from './sweep-schema.js';

/** The sweep's base scenario, validated as it is first, so its own problems keep their own positions. */
export interface SweepBase {
  /** the file the base scenario came from (the sweep file itself for an inline base) */
  readonly baseFile: string;
  /** a copy of the base scenario's YAML value, for the sweep to patch */
  readonly baseValue: Record<string, unknown>;
  /** a problem of the base scenario located where it is written: the base file, or the sweep's inline block */
  relocateToBase(p: InputProblem, note: string): InputProblem;
}

/** @throws InputError for a missing, doubled or invalid base scenario */
export function loadSweepBase(input: SweepInput, ctx: SweepContext, catalog: Catalog): SweepBase {
  const { file, src } = ctx;
  if ((input.base === undefined) === (input.scenario === undefined)) {
    if (input.base === undefined) ctx.fail([], 'needs a base scenario', "add 'base: my-scenario.yaml' (relative to this file) or an inline 'scenario:' block");
    else ctx.fail([], "has both 'base' and 'scenario'", 'keep one of them', 'scenario');
    ctx.done();
  }
  if (input.base !== undefined) {
    const baseFile = resolve(dirname(file), input.base);
    const baseSrc = readBase(baseFile, input.base, ctx);
    loadScenario(baseFile, { catalog });
    const relocateToBase = (p: InputProblem, note: string): InputProblem => ({ ...p, file: baseFile, ...locate(baseSrc, parseKeys(p.field)), message: `${p.message}${note}` });
    return { baseFile, baseValue: plainCopy(baseSrc.value), relocateToBase };
  }
  const relocateToBase = (p: InputProblem, note: string): InputProblem => ({
    ...p,
    file,
    ...locate(src, ['scenario', ...parseKeys(p.field)]),
    field: p.field === '' ? 'scenario' : `scenario.${p.field}`,
    message: `${p.message}${note}`,
  });
  const baseValue = plainCopy(input.scenario);
  try {
    parseScenario(JSON.stringify(baseValue), file, { catalog });
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    throw new InputError(err.problems.map((p) => relocateToBase(p, '')));
  }
  return { baseFile: file, baseValue, relocateToBase };
}

function readBase(baseFile: string, written: string, ctx: SweepContext): YamlSource {
  try {
    return readYamlFile(baseFile);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const first = err.problems[0];
    if (first?.line === 0) throw InputError.single({ ...ctx.at(['base']), field: 'base', message: `${written}: ${first.message}`, hint: 'the path is relative to the sweep file' });
    throw err;
  }
}

/** A copy of a YAML mapping the sweep may patch (the schema says the base is a mapping). */
function plainCopy(value: unknown): Record<string, unknown> {
  const copy: unknown = structuredClone(value);
  return typeof copy === 'object' && copy !== null && !Array.isArray(copy) ? Object.fromEntries(Object.entries(copy)) : {};
}
