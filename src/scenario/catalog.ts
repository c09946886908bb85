import { defaultCatalogDir } from './default-catalog-dir.js';
import { profileSchema, type ProfileInput } from './profile-schema.js';
import { readSourcedFile } from './sourced-file.js';
import type { YamlSource } from './yaml-file.js';
import { YamlFolder } from './yaml-folder.js';

export { defaultCatalogDir } from './default-catalog-dir.js';

export interface LoadedProfile {
  readonly profile: ProfileInput;
  readonly src: YamlSource;
}

/** Validates one profile file: schema, id = file name, and a source for every number. @throws InputError */
export function loadProfileFile(file: string): LoadedProfile {
  const { value, src } = readSourcedFile(file, profileSchema);
  return { profile: value, src };
}

/** Profiles by id from a folder of YAML files, loaded and validated on first use. */
export class Catalog extends YamlFolder<LoadedProfile> {
  constructor(dir: string = defaultCatalogDir()) {
    super(dir, loadProfileFile, 'the profile catalog');
  }
}
