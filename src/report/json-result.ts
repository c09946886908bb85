import type { SimulationResult } from '../simulate/simulate.js';

/** The result as JSON text: 2-space indent, key order as built, trailing newline — byte-stable for a given input. */
export function resultToJson(result: SimulationResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
