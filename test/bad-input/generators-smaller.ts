/** Inputs of cases-smaller.yaml written at test time (see `generate:` in cases.yaml). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { MAX_BLANK_LINES_IN_A_ROW } from '../../src/traces/blank-run.js';

const replayScenario = (file: string, format: string, extra = '') => `name: blank-replay
horizon: 10 h
reference: { device: ref-gpu, precision: bf16 }
profiles:
  ref-gpu: { id: ref-gpu, kind: gpu, name: Reference GPU, vendor: test, peak: { bf16: 100 TFLOPS }, memory: { capacity: 80 GB, bandwidth: 2 TB/s } }
  node4: { id: node4, kind: node, name: four GPUs, vendor: test, accelerators: { profile: ref-gpu, count: 4 } }
sites:
  lab: { nodes: { type: node4, count: 2 } }
workloads:
  - name: replay
    kind: trace
    trace: { file: ${file}, format: ${format}${extra} }
`;

/** `head`, then more blank lines in a row than any trace may hold, then `tail`, gzip-compressed (150 kB in ≈ 200 bytes). */
function blankLinesGzip(file: string, head: string, tail: string): void {
  writeFileSync(file, gzipSync(`${head}${'\n'.repeat(MAX_BLANK_LINES_IN_A_ROW + 50_000)}${tail}`));
}
const swfJob = (n: number) => `${n} ${n * 5} -1 60 1 -1 -1 1 120 -1 1 1 1 -1 1 -1 -1 -1\n`;

export const smallerGenerators = {
  /** an SWF trace, gzip-compressed, whose first job is followed by 150,000 blank lines */
  'blank-lines-gzip': (dir: string) => {
    blankLinesGzip(join(dir, 'blank.swf.gz'), swfJob(1), swfJob(2));
    const file = join(dir, 'blank-lines.yaml');
    writeFileSync(file, replayScenario('blank.swf.gz', 'swf'));
    return file;
  },
  /** a CSV trace, gzip-compressed: a header and one row, then 150,000 blank lines and another row */
  'blank-lines-gzip-csv': (dir: string) => {
    blankLinesGzip(join(dir, 'blank.csv.gz'), 'submit,gpus,runtime\n0,1,60\n', '5,1,60\n');
    const file = join(dir, 'blank-lines-csv.yaml');
    writeFileSync(file, replayScenario('blank.csv.gz', 'csv', ', columns: { submit: submit, devices: gpus, runtime: runtime }'));
    return file;
  },
} satisfies Record<string, (dir: string) => string>;
