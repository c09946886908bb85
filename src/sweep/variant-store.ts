import { isRecord } from '../support/is-record.js';
import { existsSync, mkdirSync } from 'node:fs';
import { readBoundedFile, RESULT_FILE_LIMIT } from '../support/read-bounded-file.js';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../support/write-atomic.js';
import type { VariantFile, VariantRecord } from './variant-record.js';

/**
 * One file per finished variant under `<dir>/variants/`, named from the variant index only
 * (`variants/000/000123.json`, a thousand per folder), written atomically (temp + rename): an
 * interrupted sweep leaves only complete files, and a re-run skips every variant whose file is valid
 * for the same sweep. No user text ever becomes part of a file name.
 */
export class VariantStore {
  private readonly root: string;
  private readonly width: number;
  private readonly made = new Set<string>();

  constructor(
    dir: string,
    /** `SweepPlan.variantsHash`: files of another sweep (or another version of this one) are not reused */
    private readonly key: string,
    variants: number,
  ) {
    this.root = join(dir, 'variants');
    this.width = Math.max(6, String(Math.max(0, variants - 1)).length);
  }

  /** The file of variant `index` (a non-negative integer). */
  path(index: number): string {
    if (!(Number.isSafeInteger(index) && index >= 0)) throw new RangeError(`bad variant index ${index}`);
    const name = String(index).padStart(this.width, '0');
    return join(this.root, String(Math.floor(index / 1000)).padStart(3, '0'), `${name}.json`);
  }

  /** Whether variant `index` has a file (valid or not): a cheap count of the variants a run may skip. */
  has(index: number): boolean {
    return existsSync(this.path(index));
  }

  /** The stored record of `index`, or undefined when there is none, or it is unreadable, truncated or of another sweep. */
  read(index: number): VariantRecord | undefined {
    let text: string;
    try {
      text = readBoundedFile(this.path(index), RESULT_FILE_LIMIT).toString('utf8');
    } catch {
      return undefined;
    }
    try {
      const file: unknown = JSON.parse(text);
      if (!isRecord(file) || file['sweep'] !== this.key) return undefined;
      const r = file['record'];
      return isStoredRecord(r, index) ? r : undefined;
    } catch {
      return undefined;
    }
  }

  write(record: VariantRecord): void {
    const file = this.path(record.index);
    const dir = dirname(file);
    if (!this.made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.made.add(dir);
    }
    const content: VariantFile = { sweep: this.key, record };
    writeFileAtomic(file, `${JSON.stringify(content)}\n`);
  }
}

/** The record of variant `index` as this store writes it (the parts a resumed sweep reads). */
function isStoredRecord(r: unknown, index: number): r is VariantRecord {
  return isRecord(r) && r['index'] === index && typeof r['metrics'] === 'object' && typeof r['result'] === 'object';
}
