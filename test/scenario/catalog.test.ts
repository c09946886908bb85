import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalog, loadProfileFile } from '../../src/scenario/catalog.js';
import { InputError } from '../../src/support/input-error.js';
import { ProfileResolver } from '../../src/scenario/profile-resolver.js';
import { nodePower } from '../../src/scenario/resolve/resolve-site-costs.js';
import type { ProfileInput } from '../../src/scenario/profile-schema.js';

const catalog = new Catalog();
const all: ProfileInput[] = catalog.ids().map((id) => catalog.get(id)!.profile);
const byKind = (kind: string) => all.filter((p) => p.kind === kind);
const find = (kind: string, pattern: RegExp) => all.filter((p) => p.kind === kind && pattern.test(`${p.id} ${p.name}`));

describe('the bundled hardware catalog', () => {
  it('loads every file: valid schema, id = file name, a source for every number', () => {
    // Catalog.get throws InputError on any of those; reaching here means all passed.
    expect(all.length).toBeGreaterThanOrEqual(25);
  });

  it('covers the devices the product promises', () => {
    expect(byKind('cpu').length).toBeGreaterThanOrEqual(1);
    for (const pattern of [/a100.*80/i, /h100/i, /h200/i, /b200/i, /b300/i, /l40s/i, /mi300x/i]) expect(find('gpu', pattern).length, String(pattern)).toBeGreaterThanOrEqual(1);
    for (const pattern of [/v5e/i, /v5p/i]) expect(find('tpu', pattern).length, String(pattern)).toBeGreaterThanOrEqual(1);
    expect(byKind('fpga').length).toBeGreaterThanOrEqual(1);
    const storage = byKind('storage') as Extract<ProfileInput, { kind: 'storage' }>[];
    for (const cls of ['nvme', 'object-store'])
      expect(
        storage.some((s) => s.class === cls),
        cls,
      ).toBe(true);
    const nets = byKind('network') as Extract<ProfileInput, { kind: 'network' }>[];
    const has = (cls: string, gbit: number) => nets.some((n) => n.class === cls && Math.abs(n.bandwidth - (gbit * 1e9) / 8) < 1e6);
    expect(has('infiniband', 200), 'InfiniBand HDR 200 Gb/s').toBe(true);
    expect(has('infiniband', 400), 'InfiniBand NDR 400 Gb/s').toBe(true);
    expect(has('ethernet', 100), '100 GbE').toBe(true);
    expect(has('ethernet', 400), '400 GbE').toBe(true);
    expect(byKind('node').some((n) => n.kind === 'node' && n.accelerators !== undefined)).toBe(true);
  });

  it('prices cloud instances on demand, reserved and spot', () => {
    const instances = byKind('cloud-instance') as Extract<ProfileInput, { kind: 'cloud-instance' }>[];
    expect(instances.length).toBeGreaterThanOrEqual(3);
    expect(instances.some((i) => i.pricing.on_demand && (i.pricing.reserved_1y || i.pricing.reserved_3y) && i.pricing.spot)).toBe(true);
    for (const i of instances) {
      const { on_demand, reserved_1y, reserved_3y } = i.pricing;
      // A commitment never costs more per hour than on demand.
      if (on_demand && reserved_1y) expect(reserved_1y, i.id).toBeLessThanOrEqual(on_demand);
      if (reserved_1y && reserved_3y) expect(reserved_3y, i.id).toBeLessThanOrEqual(reserved_1y);
    }
  });

  it('agrees with datasheet figures for the two reference GPUs', () => {
    // NVIDIA A100 datasheet: 312 TFLOPS dense BF16, 2,039 GB/s (80GB SXM). H100 SXM datasheet: 989 TFLOPS
    // dense BF16 (1,979 with sparsity), 3.35 TB/s, 80 GB, up to 700 W.
    const a100 = find('gpu', /a100.*80/i)[0] as Extract<ProfileInput, { peak: unknown }>;
    const h100 = find('gpu', /h100.*sxm/i)[0] as Extract<ProfileInput, { peak: unknown }>;
    expect(a100.peak.bf16! / 1e12).toBeCloseTo(312, 0);
    expect(a100.memory!.bandwidth / 1e9).toBeCloseTo(2039, -1);
    expect(h100.peak.bf16! / 1e12).toBeCloseTo(989, -1);
    expect(h100.memory!.bandwidth / 1e12).toBeCloseTo(3.35, 2);
    expect(h100.memory!.capacity! / 1e9).toBeCloseTo(80, 0);
    expect(h100.power?.max).toBe(700);
  });

  it('prices every node (with a sourced price) and every cloud instance on demand, and gives every node a power figure', () => {
    // Nothing in the catalog is silently free (issue 12): a scenario costing an unpriced node fails.
    const resolver = new ProfileResolver(catalog, new Map());
    const nodes = byKind('node') as Extract<ProfileInput, { kind: 'node' }>[];
    expect(nodes.length).toBeGreaterThanOrEqual(5);
    for (const n of nodes) {
      expect(n.price, `${n.id}: price`).toBeGreaterThan(0);
      expect(n.sources['price']?.note, `${n.id}: sources.price.note says list price, quote or estimate`).toMatch(/LIST PRICE|QUOTE|ESTIMATE/);
      const node = resolver.get(n.id, 'node', { src: catalog.get(n.id)!.src, path: [] });
      expect(nodePower(node, 0.25)?.max, `${n.id}: power`).toBeGreaterThan(0);
    }
    for (const i of byKind('cloud-instance') as Extract<ProfileInput, { kind: 'cloud-instance' }>[]) {
      expect(i.pricing.on_demand, `${i.id}: on-demand price`).toBeGreaterThan(0);
    }
  });

  it('composes every node and instance from existing devices of the right kind', () => {
    const resolver = new ProfileResolver(catalog, new Map());
    for (const p of [...byKind('node'), ...byKind('cloud-instance')]) {
      const node = resolver.get(p.id, 'node', { src: catalog.get(p.id)!.src, path: [] });
      if (node.cpus) expect(node.cpus.profile.kind, p.id).toBe('cpu');
      expect(node.accelerators ?? node.cpus, p.id).toBeDefined();
      if (node.accelerators) expect(['gpu', 'tpu', 'asic', 'fpga'], p.id).toContain(node.accelerators.profile.kind);
    }
  });

  it('every number is plausible: dense peaks per device below 25 PFLOPS (fp6/fp4 below 100), memory bandwidth below 30 TB/s', () => {
    for (const p of all) {
      if (p.kind === 'gpu' || p.kind === 'tpu' || p.kind === 'asic' || p.kind === 'fpga' || p.kind === 'cpu') {
        // Blackwell Ultra's dense NVFP4 is 15 PFLOPS; the block-scaled 4/6-bit formats get a wider bound.
        // Rubin (announced, rubin-vr200) has about 16.7 PFLOPS FP8 and 22 TB/s HBM4, hence 25 PFLOPS and 30 TB/s.
        for (const [precision, v] of Object.entries(p.peak)) expect(v, `${p.id} ${precision}`).toBeLessThan(precision === 'fp4' || precision === 'fp6' ? 100e15 : 25e15);
        if (p.memory) expect(p.memory.bandwidth, p.id).toBeLessThan(30e12);
        if (p.power?.idle !== undefined) expect(p.power.idle, p.id).toBeLessThan(p.power.max);
      }
    }
  });
});

describe('a bad profile is rejected with a located message', () => {
  const dir = mkdtempSync(join(tmpdir(), 'profiles-'));
  const write = (name: string, lines: string[]) => {
    const f = join(dir, `${name}.yaml`);
    writeFileSync(f, `${lines.join('\n')}\n`);
    return f;
  };
  const good = [
    'id: x',
    'kind: gpu',
    'name: X',
    'vendor: v',
    'peak: { bf16: 100 TFLOPS }',
    'memory: { capacity: 80 GB, bandwidth: 2 TB/s }',
    'power: { max: 400 W }',
    'sources:',
    '  peak: { url: "https://example.org/x", title: "x" }',
    '  memory: { url: "https://example.org/x", title: "x" }',
    '  power: { url: "https://example.org/x", title: "x" }',
  ];
  const messageOf = (f: string) => {
    try {
      loadProfileFile(f);
    } catch (err) {
      if (err instanceof InputError) return err.message;
      throw err;
    }
    return 'no error';
  };

  it('accepts the well-formed base case', () => {
    expect(messageOf(write('x', good))).toBe('no error');
  });
  it('a missing field', () => {
    const f = write(
      'x',
      good.filter((l) => !l.startsWith('vendor:')),
    );
    expect(messageOf(f)).toBe(`${f}:1:1: vendor: is required (hint: maker or cloud provider)`);
  });
  it('a number without a source', () => {
    const f = write(
      'x',
      good.filter((l) => !l.startsWith('  power:')),
    );
    expect(messageOf(f)).toBe(`${f}:7:15: power.max: has no source (hint: add sources.power: {url, title})`);
  });
  it('an id that is not the file name', () => {
    const f = write('y', good);
    expect(messageOf(f)).toBe(`${f}:1:5: id: is 'x' but the file is named 'y.yaml' (hint: rename one of them)`);
  });
  it('absurd values: zero bandwidth, negative price, a 1 EFLOPS GPU', () => {
    const f = write('x', [...good.slice(0, 4), 'peak: { bf16: 1000 PFLOPS }', 'memory: { capacity: 80 GB, bandwidth: 0 TB/s }', 'power: { max: 400 W }', 'price: -1 USD', ...good.slice(7)]);
    expect(messageOf(f)).toBe(
      [
        `${f}:5:15: peak.bf16: '1000 PFLOPS' is implausibly large (more than 100000000000000000 FLOP/s) (hint: dense peak (a throughput such as '989 TFLOPS' or '1979 TOPS'))`,
        `${f}:6:39: memory.bandwidth: '0 TB/s' must be greater than zero (hint: peak memory bandwidth (a bandwidth such as '3.35 TB/s' or '400 Gbit/s'))`,
        `${f}:8:8: price: '-1 USD' must be greater than zero (hint: purchase price per unit (an amount such as '30000 USD'))`,
      ].join('\n'),
    );
  });
});
