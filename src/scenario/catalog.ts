import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { defaultCatalogDir } from './default-catalog-dir.js';
import { InputError, type InputProblem } from '../support/input-error.js';
import { profileSchema, type ProfileInput } from './profile-schema.js';
import { schemaProblems } from './schema-problems.js';
import { locate, readYamlFile, type YamlSource } from './yaml-file.js';

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
  problems.push(...unsourcedNumbers(profile, src));
  if (problems.length > 0) throw new InputError(problems);
  return { profile, src };
}

/** Every number in a catalog profile needs a `sources` entry for its path or a prefix of it. */
function unsourcedNumbers(profile: ProfileInput, src: YamlSource): InputProblem[] {
  const keys = Object.keys(profile.sources);
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
  walk(profile, []);
  return out;
}

/** Profiles by id from a folder of YAML files, loaded and validated on first use. */
export class Catalog {
  private readonly cache = new Map<string, LoadedProfile>();
  private files: Map<string, string> | undefined;

  constructor(readonly dir: string = defaultCatalogDir()) {}

  ids(): string[] {
    return [...this.index().keys()].sort();
  }

  has(id: string): boolean {
    return this.index().has(id);
  }

  /** @throws InputError if the file is invalid; undefined if no such profile. */
  get(id: string): LoadedProfile | undefined {
    const hit = this.cache.get(id);
    if (hit) return hit;
    const file = this.index().get(id);
    if (file === undefined) return undefined;
    const loaded = loadProfileFile(file);
    this.cache.set(id, loaded);
    return loaded;
  }

  private index(): Map<string, string> {
    if (this.files === undefined) {
      let names: string[];
      try {
        names = readdirSync(this.dir).filter((f) => /\.ya?ml$/.test(f));
      } catch (err) {
        throw InputError.single({ file: this.dir, line: 0, col: 0, field: '', message: `cannot read the profile catalog: ${(err as Error).message}` });
      }
      this.files = new Map(names.sort().map((f) => [f.replace(/\.ya?ml$/, ''), join(this.dir, f)]));
    }
    return this.files;
  }
}
