import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../support/input-error.js';

/**
 * A folder of YAML files read by id (the file name without .yaml), each loaded and validated on first use:
 * the hardware profile catalog, the model cards.
 */
export class YamlFolder<T> {
  private readonly cache = new Map<string, T>();
  private files: Map<string, string> | undefined;

  constructor(
    readonly dir: string,
    private readonly load: (file: string) => T,
    /** what the folder holds, for the message when it cannot be read: 'the profile catalog' */
    private readonly what: string,
  ) {}

  ids(): string[] {
    return [...this.index().keys()].sort();
  }

  has(id: string): boolean {
    return this.index().has(id);
  }

  /** @throws InputError if the file is invalid; undefined if there is no such file. */
  get(id: string): T | undefined {
    const hit = this.cache.get(id);
    if (hit) return hit;
    const file = this.index().get(id);
    if (file === undefined) return undefined;
    const loaded = this.load(file);
    this.cache.set(id, loaded);
    return loaded;
  }

  private index(): Map<string, string> {
    if (this.files === undefined) {
      let names: string[];
      try {
        names = readdirSync(this.dir).filter((f) => /\.ya?ml$/.test(f));
      } catch (err) {
        throw InputError.single({ file: this.dir, line: 0, col: 0, field: '', message: `cannot read ${this.what}: ${(err as Error).message}` });
      }
      this.files = new Map(names.sort().map((f) => [f.replace(/\.ya?ml$/, ''), join(this.dir, f)]));
    }
    return this.files;
  }
}
