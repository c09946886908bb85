import { defaultModelCardsDir } from './default-catalog-dir.js';
import { modelCardSchema, type ModelCard } from './model-card-schema.js';
import { readSourcedFile } from './sourced-file.js';
import type { YamlSource } from './yaml-file.js';
import { YamlFolder } from './yaml-folder.js';

export interface LoadedModelCard {
  readonly card: ModelCard;
  readonly src: YamlSource;
}

/** Validates one model card file: schema, id = file name, and a source for every number. @throws InputError */
export function loadModelCardFile(file: string): LoadedModelCard {
  const { value, src } = readSourcedFile(file, modelCardSchema);
  return { card: value, src };
}

/** Model cards by id from a folder of YAML files, loaded and validated on first use. */
export class ModelCards extends YamlFolder<LoadedModelCard> {
  constructor(dir: string = defaultModelCardsDir()) {
    super(dir, loadModelCardFile, 'the model cards');
  }
}
