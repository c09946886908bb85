/** Inputs of cases-smaller.yaml written at test time (see `generate:` in cases.yaml). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { MAX_BLANK_LINES_IN_A_ROW } from '../../src/traces/blank-run.js';

/** `head`, then more blank lines in a row than any trace may hold, then `tail`, gzip-compressed (150 kB in ≈ 200 bytes). */
function blankLinesGzip(file: string, head: string, tail: string): void {
  writeFileSync(file, gzipSync(`${head}${'\n'.repeat(MAX_BLANK_LINES_IN_A_ROW + 50_000)}${tail}`));
}
const swfJob = (n: number) => `${n} ${n * 5} -1 60 1 -1 -1 1 120 -1 1 1 1 -1 1 -1 -1 -1\n`;

/** The generators, given the corpus's replay scenario (an SWF trace workload reading `file`). */
export const smallerGenerators = (replayScenario: (file: string) => string) =>
  ({
    /** an SWF trace, gzip-compressed, whose first job is followed by 150,000 blank lines */
    'blank-lines-gzip': (dir: string) => {
      blankLinesGzip(join(dir, 'blank.swf.gz'), swfJob(1), swfJob(2));
      const file = join(dir, 'blank-lines.yaml');
      writeFileSync(file, replayScenario('blank.swf.gz'));
      return file;
    },
    /** a CSV trace, gzip-compressed: a header and one row, then 150,000 blank lines and another row */
    'blank-lines-gzip-csv': (dir: string) => {
      blankLinesGzip(join(dir, 'blank.csv.gz'), 'submit,gpus,runtime\n0,1,60\n', '5,1,60\n');
      const file = join(dir, 'blank-lines-csv.yaml');
      writeFileSync(file, replayScenario('blank.csv.gz').replace('format: swf', 'format: csv, columns: { submit: submit, devices: gpus, runtime: runtime }'));
      return file;
    },
  }) satisfies Record<string, (dir: string) => string>;
