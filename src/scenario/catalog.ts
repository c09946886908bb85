import { basename } from 'node:path';
import { defaultCatalogDir } from './default-catalog-dir.js';
import { InputError, type InputProblem } from '../support/input-error.js';
import { profileSchema, type ProfileInput } from './profile-schema.js';
import { schemaProblems } from './schema-problems.js';
import { locate, readYamlFile, type YamlSource } from './yaml-file.js';
import { YamlFolder } from './yaml-folder.js';

export { defaultCatalogDir } from './default-catalog-dir.js';

export interface LoadedProfile {
  readonly profile: ProfileInput;
  readonly src: YamlSource;
}

/** Validates one profile file: schema, id = file name, and a source for every number. @throws InputError */
export function loadProfileFile(file: string): LoadedProfile {
  const src = readYamlFile(file);
  const parsed = profileSchema.safeParse(src.value, { reportInput: true });
  if (!parsed.success) throw new InputError(schemaProblems(parsed.error.issues, src, profileSchema));
  const profile = parsed.data;
  const problems: InputProblem[] = [];
  const expected = basename(file).replace(/\.ya?ml$/, '');
  if (profile.id !== expected) {
    problems.push({ file, ...locate(src, ['id']), field: 'id', message: `is '${profile.id}' but the file is named '${expected}.yaml'`, hint: 'rename one of them' });
  }
  problems.push(...unsourcedNumbers(profile, profile.sources, src));
  if (problems.length > 0) throw new InputError(problems);
  return { profile, src };
}

/** Every number in a catalog file (a profile, a model card) needs a `sources` entry for its path or a prefix of it (a key may list several, comma-separated). */
export function unsourcedNumbers(value: object, sources: Readonly<Record<string, unknown>>, src: YamlSource): InputProblem[] {
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
      for (const [k, v] of Object.entries(value)) if (k !== 'sources') walk(v, [...path, k]);
    }
  };
  walk(value, []);
  return out;
}

/** Profiles by id from a folder of YAML files, loaded and validated on first use. */
export class Catalog extends YamlFolder<LoadedProfile> {
  constructor(dir: string = defaultCatalogDir()) {
    super(dir, loadProfileFile, 'the profile catalog');
  }
}
