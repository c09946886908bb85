import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/scenario/catalog.js';
import { ProfileResolver } from '../../src/scenario/profile-resolver.js';
import { nodePower } from '../../src/scenario/resolve/resolve-site-costs.js';
import type { ProfileInput } from '../../src/scenario/profile-schema.js';

/**
 * Power and cooling per system (issue 14): the planning economics need every node's power at idle and
 * at full load and whether it must be liquid-cooled. The figures are the catalog's; these tests hold
 * them to their sources and to each other.
 */
type System = Extract<ProfileInput, { kind: 'node' | 'cloud-instance' }>;

const catalog = new Catalog();
const resolver = new ProfileResolver(catalog, new Map());
const systems: System[] = catalog
  .ids()
  .map((id) => catalog.get(id)!.profile)
  .filter((p): p is System => p.kind === 'node' || p.kind === 'cloud-instance');
const resolved = (s: System) => resolver.get(s.id, 'node', { src: catalog.get(s.id)!.src, path: [] });
const provenance = /MEASURED|DATASHEET|ESTIMATE/;

describe('power and cooling of every catalog system', () => {
  it('covers the node and cloud-instance profiles', () => {
    expect(systems.length).toBeGreaterThanOrEqual(30);
  });

  it('every node has a maximum power, its own or its parts’, and the idle draw the model uses is below it', () => {
    const nodes = systems.filter((s) => s.kind === 'node');
    expect(nodes.length).toBeGreaterThanOrEqual(12);
    for (const s of nodes) {
      const power = nodePower(resolved(s), 0.25);
      expect(power?.max, `${s.id}: power.max`).toBeGreaterThan(0);
      expect(power?.idle, `${s.id}: idle below max`).toBeLessThan(power?.max ?? 0);
    }
  });

  it('cloud instances have a power figure except the TPU and Trainium2 ones, whose chips publish none', () => {
    // Google publishes no TPU chip power and AWS no Trainium2 power, so those device profiles leave
    // power out rather than guess; a cloud site only uses power for energy and emissions estimates,
    // and its cost basis prints 'no power figure published' for these. The list is pinned so that a new unpowered instance is a decision.
    const unpowered: string[] = [];
    for (const s of systems.filter((x) => x.kind === 'cloud-instance')) {
      const power = nodePower(resolved(s), 0.25);
      if (!power) unpowered.push(s.id);
      else expect(power.idle, `${s.id}: idle below max`).toBeLessThan(power.max);
    }
    expect(unpowered.sort()).toEqual(['aws-trn2.48xlarge', 'aws-trn2u.48xlarge', 'gcp-ct5lp-hightpu-8t', 'gcp-ct5p-hightpu-4t', 'gcp-ct6e-standard-4t', 'gcp-ct6e-standard-8t']);
  });

  it('every system says whether it is air- or liquid-cooled, with a source', () => {
    for (const s of systems) {
      expect(['air', 'liquid'], `${s.id}: cooling`).toContain(s.cooling);
      expect(s.sources['cooling']?.url, `${s.id}: sources.cooling.url`).toMatch(/^https:\/\//);
    }
  });

  it('the NVL72 rack trays, bought or rented, are liquid-cooled; 8-GPU HGX/DGX H100 and B200 systems are not', () => {
    const racks = systems.filter((s) => s.scale_up?.domain_nodes === 18);
    // gb200-nvl72-tray, gb300-nvl72-tray, vera-rubin-nvl72-tray, aws-p6e-gb200.36xlarge, azure-nd128isr-ndr-gb200-v6
    expect(racks.map((s) => s.id).sort()).toEqual(['aws-p6e-gb200.36xlarge', 'azure-nd128isr-ndr-gb200-v6', 'gb200-nvl72-tray', 'gb300-nvl72-tray', 'vera-rubin-nvl72-tray']);
    for (const s of racks) expect(s.cooling, s.id).toBe('liquid');
    for (const id of ['dgx-h100', 'dgx-h200', 'dgx-b200', 'dgx-b300']) expect(systems.find((s) => s.id === id)?.cooling, id).toBe('air');
  });

  it('a rack-scale tray’s maximum power is its share of the rack figure its note gives', () => {
    // The tray carries 1/domain_nodes of the rack's power (switch trays and power shelves included),
    // so the note's rack figure divided by the trays must come back to the tray's power.max.
    const trays = systems.filter((s) => (s.scale_up?.domain_nodes ?? 1) > 1 && s.power);
    expect(trays.length).toBeGreaterThanOrEqual(4);
    for (const s of trays) {
      const trayW = s.power!.max;
      const n = s.scale_up!.domain_nodes;
      const note = s.sources['power.max']?.note ?? s.sources['power']?.note ?? '';
      const rackFiguresW = [...note.matchAll(/(\d+(?:\.\d+)?)\s*kW/g)].map((m) => Number(m[1]) * 1000).filter((w) => w > trayW * 2);
      const shares = rackFiguresW.map((w) => w / n);
      expect(
        shares.some((share) => Math.abs(share - trayW) / trayW < 0.02),
        `${s.id}: a rack figure in the note / ${n} ≈ ${trayW} W (rack figures found: ${rackFiguresW.join(', ')} W)`,
      ).toBe(true);
    }
  });

  it('every published idle figure is sourced and says what kind of figure it is; a MEASURED one names where it was measured', () => {
    const withIdle = systems.filter((s) => s.power?.idle !== undefined);
    expect(withIdle.length).toBeGreaterThanOrEqual(1);
    for (const s of withIdle) {
      const source = s.sources['power.idle'];
      expect(source, `${s.id}: sources['power.idle'] (not only a power prefix)`).toBeDefined();
      expect(source!.note, `${s.id}: the idle note says MEASURED, DATASHEET or ESTIMATE`).toMatch(provenance);
      expect(source!.note, `${s.id}: the idle note gives the date it was read or published`).toMatch(/20\d\d/);
      if (/MEASURED/.test(source!.note ?? '')) expect(source!.url, `${s.id}: a measured idle figure links its measurement`).toMatch(/^https:\/\//);
    }
  });

  it('the GB200 NVL72 tray idles at NVIDIA’s 1 kW (DPS device specification), well under its 6.67 kW share', () => {
    const tray = systems.find((s) => s.id === 'gb200-nvl72-tray')!;
    expect(tray.power).toEqual({ idle: 1000, max: 6670 });
    expect(tray.sources['power.idle']!.url).toContain('docs.nvidia.com/datacenter/dps');
    // The rented GB200 trays are the same compute tray: the same idle draw, from the same source.
    for (const id of ['aws-p6e-gb200.36xlarge', 'azure-nd128isr-ndr-gb200-v6']) {
      const cloud = systems.find((s) => s.id === id)!;
      expect(cloud.power?.idle, id).toBe(1000);
      expect(cloud.sources['power.idle']!.url, id).toBe(tray.sources['power.idle']!.url);
    }
  });
});
