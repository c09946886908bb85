import { basename } from 'node:path';
import type { z } from 'zod';
import { InputError, type InputProblem } from '../support/input-error.js';
import { schemaProblems } from './schema-problems.js';
import { locate, readYamlFile, type YamlSource } from './yaml-file.js';

/**
 * Reads one file of a sourced catalog (a hardware profile, a model card) and validates it: the schema, the
 * id equal to the file name, and a source for every number. @throws InputError with every problem, located
 */
export function readSourcedFile<S extends z.ZodType<{ readonly id: string; readonly sources: Readonly<Record<string, unknown>> }>>(
  file: string,
  schema: S,
): { readonly value: z.infer<S>; readonly src: YamlSource } {
  const src = readYamlFile(file);
  const parsed = schema.safeParse(src.value, { reportInput: true });
  if (!parsed.success) throw new InputError(schemaProblems(parsed.error.issues, src, schema));
  const value = parsed.data;
  const problems: InputProblem[] = [];
  const expected = basename(file).replace(/\.ya?ml$/, '');
  if (value.id !== expected) {
    problems.push({ file, ...locate(src, ['id']), field: 'id', message: `is '${value.id}' but the file is named '${expected}.yaml'`, hint: 'rename one of them' });
  }
  problems.push(...unsourcedNumbers(value, value.sources, src));
  if (problems.length > 0) throw new InputError(problems);
  return { value, src };
}

/** Every number in a catalog file (a profile, a model card) needs a `sources` entry for its path or a prefix of it (a key may list several, comma-separated). */
function unsourcedNumbers(value: object, sources: Readonly<Record<string, unknown>>, src: YamlSource): InputProblem[] {
  // one source may name several fields it gives, separated by commas: `layers, hidden_size, kv_heads`
  const keys = Object.keys(sources).flatMap((k) => k.split(',').map((part) => part.trim()));
  const covered = (path: string) => keys.some((k) => path === k || path.startsWith(`${k}.`));
  const out: InputProblem[] = [];
  const walk = (value: unknown, path: (string | number)[]) => {
    if (typeof value === 'number') {
      const dotted = path.join('.');
      if (path[0] !== 'released' && !covered(dotted)) {
        out.push({ file: src.file, ...locate(src, path), field: dotted, message: 'has no source', hint: `add sources.${dotted.split('.')[0]}: {url, title}` });
      }
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
    else if (value !== null && typeof value === 'object') {
      // `calibration` (written by simulate calibrate) is itself the provenance of the fitted figures: its numbers are the fit's own
      for (const [k, v] of Object.entries(value)) if (k !== 'sources' && !(k === 'calibration' && path.length === 0)) walk(v, [...path, k]);
    }
  };
  walk(value, []);
  return out;
}
