import { mustAt } from '../support/must-get.js';
import type { Catalog } from '../scenario/catalog.js';
import { InputError } from '../support/input-error.js';
import { ProfileResolver } from '../scenario/profile-resolver.js';
import type { ProfileInput } from '../scenario/profile-schema.js';
import { formatNumber } from '../report/format-units.js';

/** Validates every profile in the catalog and formats a listing (text table or JSON). */
export function listProfiles(catalog: Catalog, kind: string | undefined, json: boolean): { text: string; problems: string[] } {
  const problems = new Set<string>();
  const profiles: ProfileInput[] = [];
  // Nodes and instances are also composed from the profiles they name, so a reference to a missing or
  // broken profile is reported where the node names it.
  const resolver = new ProfileResolver(catalog, new Map());
  for (const id of catalog.ids()) {
    try {
      const loaded = catalog.get(id);
      if (loaded === undefined) throw new Error(`internal: the catalog lists '${id}' but has no such profile`);
      const p = loaded.profile;
      if (p.kind === 'node' || p.kind === 'cloud-instance') resolver.get(id, 'node', { src: loaded.src, path: ['id'] });
      if (kind === undefined || p.kind === kind) profiles.push(p);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      for (const line of err.message.split('\n')) problems.add(line);
    }
  }
  if (json) return { text: `${JSON.stringify(profiles, null, 2)}\n`, problems: [...problems] };
  const rows = [['id', 'kind', 'name', 'key figures']];
  for (const p of profiles) rows.push([p.id, p.kind, p.name, keyFigures(p)]);
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => mustAt(r, c, 'cell').length)));
  const text = rows
    .map((r) =>
      r
        .map((cell, c) => (c < 3 ? cell.padEnd(mustAt(widths, c, 'column width')) : cell))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
  return { text: `${text}\n${profiles.length} profile(s) in ${catalog.dir}\n`, problems: [...problems] };
}

function keyFigures(p: ProfileInput): string {
  const parts: string[] = [];
  const si = (x: number, unit: string) => `${formatNumber(x)} ${unit}`;
  switch (p.kind) {
    case 'cpu':
    case 'gpu':
    case 'tpu':
    case 'asic':
    case 'fpga': {
      const best = p.peak.bf16 ?? p.peak.fp16 ?? p.peak.fp32 ?? p.peak.int8;
      const prec = p.peak.bf16 ? 'bf16' : p.peak.fp16 ? 'fp16' : p.peak.fp32 ? 'fp32' : 'int8';
      if (best) parts.push(`${formatNumber(best / 1e12)} T ${prec}`);
      if (p.peak.fp4) parts.push(`${formatNumber(p.peak.fp4 / 1e12)} T fp4`);
      if (p.memory?.capacity) parts.push(si(p.memory.capacity / 1e9, 'GB'));
      if (p.memory) parts.push(si(p.memory.bandwidth / 1e12, 'TB/s'));
      if (p.power) parts.push(si(p.power.max, 'W'));
      if (p.price) parts.push(`${formatNumber(p.price)} USD`);
      if (p.efficiency?.inference_compute !== undefined) parts.push(`inference compute ${formatNumber(p.efficiency.inference_compute)} fitted`);
      if (p.efficiency?.moe_inference !== undefined) parts.push(`MoE ${formatNumber(p.efficiency.moe_inference)} of that fitted`);
      if (p.efficiency?.training_mfu !== undefined) parts.push(`training MFU ${formatNumber(p.efficiency.training_mfu)} fitted`);
      break;
    }
    case 'storage':
      parts.push(p.class, `read ${formatNumber(p.read_bandwidth / 1e9)} GB/s`);
      if (p.capacity) parts.push(si(p.capacity / 1e12, 'TB'));
      break;
    case 'network':
      parts.push(p.class, `${formatNumber((p.bandwidth * 8) / 1e9)} Gbit/s`);
      break;
    case 'node':
    case 'cloud-instance':
      if (p.accelerators) parts.push(`${p.accelerators.count} × ${p.accelerators.profile}`);
      if (p.cpus) parts.push(`${p.cpus.count} × ${p.cpus.profile}`);
      if (p.kind === 'cloud-instance' && p.pricing.on_demand) parts.push(`${formatNumber(p.pricing.on_demand * 3600)} USD/h on demand`);
      if (p.kind === 'node' && p.price) parts.push(`${formatNumber(p.price)} USD`);
      if (p.scale_up && p.scale_up.domain_nodes > 1) parts.push(`scale-up domain of ${p.scale_up.domain_nodes} nodes`);
      if (p.cooling === 'liquid') parts.push('liquid-cooled');
      break;
  }
  return parts.join(', ');
}
