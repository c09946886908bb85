import { isRecord } from '../support/is-record.js';
import { createHash } from 'node:crypto';
import type { SweepResultHeader } from './sweep-result-header.js';
import type { VariantRecord } from './variant-record.js';

/**
 * JSON with every object's keys in sorted order: the same text for the same content whatever order a
 * writer or an editor put the keys in. Numbers and strings print as JSON.stringify prints them, which
 * round-trips through JSON.parse exactly.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (!isRecord(v) || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) Object.defineProperty(sorted, k, { value: v[k], enumerable: true, writable: true, configurable: true });
    return sorted;
  });
}

export const DIGEST_ALGORITHM = 'sha256 of canonical JSON (keys sorted)';

export function contentDigest(value: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(value)).digest('hex')}`;
}

/**
 * The digests a sweep results file carries (`digests`, after the analysis): one of the header (the
 * sweep definition, the shard, the metric units) and one per variant record, in file order. `merge`
 * recomputes them and refuses a file whose content changed since it was written. They catch edits and
 * damage; they are not a signature: whoever can edit the file can recompute them.
 */
export interface ContentDigests {
  readonly algorithm: string;
  readonly header: string;
  readonly variants: readonly string[];
}

/** Everything in a results file but the variants, the analysis and the digests: what the header digest covers. */
export function headerOf(file: SweepResultHeader & { readonly variants?: unknown; readonly analysis?: unknown; readonly digests?: unknown }): SweepResultHeader {
  const { variants: _v, analysis: _a, digests: _d, ...header } = file;
  return header;
}

/** Collects the digests of a results file as it is streamed out. */
export class DigestCollector {
  private readonly variants: string[] = [];
  private readonly headerDigest: string;

  constructor(header: SweepResultHeader) {
    this.headerDigest = contentDigest(header);
  }

  add(record: VariantRecord): void {
    this.variants.push(contentDigest(record));
  }

  finish(): ContentDigests {
    return { algorithm: DIGEST_ALGORITHM, header: this.headerDigest, variants: this.variants };
  }
}
