import { basename } from 'node:path';
import { InputError, type InputProblem } from '../support/input-error.js';
import { defaultModelCardsDir } from './default-catalog-dir.js';
import { unsourcedNumbers } from './catalog.js';
import { modelCardSchema, type ModelCard } from './model-card-schema.js';
import { schemaProblems } from './schema-problems.js';
import { locate, readYamlFile, type YamlSource } from './yaml-file.js';
import { YamlFolder } from './yaml-folder.js';

export interface LoadedModelCard {
  readonly card: ModelCard;
  readonly src: YamlSource;
}

/** Validates one model card file: schema, id = file name, and a source for every number. @throws InputError */
export function loadModelCardFile(file: string): LoadedModelCard {
  const src = readYamlFile(file);
  const parsed = modelCardSchema.safeParse(src.value, { reportInput: true });
  if (!parsed.success) throw new InputError(schemaProblems(parsed.error.issues, src, modelCardSchema));
  const card = parsed.data;
  const problems: InputProblem[] = [];
  const expected = basename(file).replace(/\.ya?ml$/, '');
  if (card.id !== expected) problems.push({ file, ...locate(src, ['id']), field: 'id', message: `is '${card.id}' but the file is named '${expected}.yaml'`, hint: 'rename one of them' });
  problems.push(...unsourcedNumbers(card, card.sources, src));
  if (problems.length > 0) throw new InputError(problems);
  return { card, src };
}

/** Model cards by id from a folder of YAML files, loaded and validated on first use. */
export class ModelCards extends YamlFolder<LoadedModelCard> {
  constructor(dir: string = defaultModelCardsDir()) {
    super(dir, loadModelCardFile, 'the model cards');
  }
}
