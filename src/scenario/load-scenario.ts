import type { ResolvedScenario } from './scenario.js';
import { resolveScenario, type LoadOptions } from './resolve/resolve-scenario.js';
import { parseYaml, readYamlFile } from './yaml-file.js';

export { resolveScenario, type LoadOptions };

/** Reads, validates and resolves a scenario file into a frozen, typed scenario. @throws InputError */
export function loadScenario(file: string, options: LoadOptions = {}): ResolvedScenario {
  return resolveScenario(readYamlFile(file), options);
}

/** Same as `loadScenario` for YAML text already in memory; `file` names it in messages. */
export function parseScenario(text: string, file = '<scenario>', options: LoadOptions = {}): ResolvedScenario {
  return resolveScenario(parseYaml(text, file), options);
}
