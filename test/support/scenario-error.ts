import { InputError } from '../../src/support/input-error.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';

/** The one-line message a user sees for scenario `text` loaded as `file`; fails the test when the text loads. */
export function scenarioErrorOf(text: string, file = 'case.yaml'): string {
  try {
    parseScenario(text, file);
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
  throw new Error('expected an InputError, got none');
}
