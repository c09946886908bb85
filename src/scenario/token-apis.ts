import { defaultTokenApisDir } from './default-catalog-dir.js';
import { readSourcedFile } from './sourced-file.js';
import { tokenApiSchema, type TokenApiOffering } from './token-api-schema.js';
import type { YamlSource } from './yaml-file.js';
import { YamlFolder } from './yaml-folder.js';

export interface LoadedTokenApi {
  readonly offering: TokenApiOffering;
  readonly src: YamlSource;
}

/** Validates one managed-API offering file: schema, id = file name, and a source for every number. @throws InputError */
export function loadTokenApiFile(file: string): LoadedTokenApi {
  const { value, src } = readSourcedFile(file, tokenApiSchema);
  return { offering: value, src };
}

/** Managed-API offerings by id from a folder of YAML files (token-apis/), loaded and validated on first use. */
export class TokenApis extends YamlFolder<LoadedTokenApi> {
  constructor(dir: string = defaultTokenApisDir()) {
    super(dir, loadTokenApiFile, 'the managed-API offerings');
  }
}
