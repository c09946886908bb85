/**
 * Child-process helper for the determinism tests: `node --import tsx test/support/print-result.ts
 * <scenario.yaml>` prints the scenario's result as JSON (resultToJson) on stdout, so a test can
 * compare the bytes of two separate processes.
 */
import { readFileSync } from 'node:fs';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { simulate } from '../../src/simulate/simulate.js';
import { resultToJson } from '../../src/report/json-result.js';

const file = process.argv[2];
if (!file) throw new Error('usage: print-result.ts <scenario.yaml>');
process.stdout.write(resultToJson(simulate(parseScenario(readFileSync(file, 'utf8'), file))));
