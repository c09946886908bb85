import type { Source } from '../profile-types.js';

/**
 * What each cooling kind of a power-capped site gives: its PUE, the densest rack it can cool, what it costs
 * to build per kW of IT load, and which systems it can host. Figures are published ranges or estimates from
 * them, each with its source (like the hardware catalog); docs/sites-and-placement.md (Power) lists them.
 */
export type CoolingKind = 'air' | 'liquid';

export interface CoolingFigures {
  /** facility energy ÷ IT energy */
  readonly pue: number;
  /** W of IT load one rack may draw */
  readonly maxRackDensity: number;
  /** USD per W of IT load the cooling plant is built for */
  readonly capexPerWatt: number;
  /** the systems (node profiles' `cooling`) it can host */
  readonly hosts: readonly CoolingKind[];
  readonly sources: Readonly<Record<'pue' | 'max_rack_density' | 'capex_per_kw', Source>>;
}

const HVAC_TABLE: Source = {
  url: 'https://hvac.best/?p=13301',
  title: 'HVAC.best - Liquid Cooling vs Air Cooling in Data Centers: Cost, Performance, ROI (May 2026)',
  note: 'ESTIMATE (trade article, read 2026-12): air cooling 20-30 kW per rack at PUE 1.3-1.6; direct-to-chip 50-100+ kW at PUE 1.1-1.3 with a 10-15 % higher initial cost.',
};
const BUILD_COST: Source = {
  url: 'https://legacy.thenextgentechinsider.com/data-center-cooling-cost-efficiency-green-solutions',
  title: 'Data center cooling: cost, efficiency and green solutions',
  note: 'ESTIMATE (read 2026-12): high-density build cost about 12,000 USD per kW. ASSUMPTION: cooling is 20 % of it, 2,400 USD/kW for air; liquid adds the midpoint of the 10-15 % premium above (2,700 USD/kW).',
};

export const COOLING: Readonly<Record<CoolingKind, CoolingFigures>> = {
  air: {
    pue: 1.45,
    maxRackDensity: 30_000,
    capexPerWatt: 2.4,
    hosts: ['air'],
    sources: {
      pue: { ...HVAC_TABLE, note: `${HVAC_TABLE.note ?? ''} PUE 1.45 is the midpoint of the air range.` },
      max_rack_density: { ...HVAC_TABLE, note: `${HVAC_TABLE.note ?? ''} 30 kW is the top of the air range.` },
      capex_per_kw: BUILD_COST,
    },
  },
  liquid: {
    pue: 1.2,
    maxRackDensity: 140_000,
    capexPerWatt: 2.7,
    hosts: ['air', 'liquid'],
    sources: {
      pue: { ...HVAC_TABLE, note: `${HVAC_TABLE.note ?? ''} PUE 1.2 is the midpoint of the direct-to-chip range.` },
      max_rack_density: {
        url: 'https://introl.com/blog/why-nvidia-gb300-nvl72-blackwell-ultra-matters',
        title: 'Introl - Why NVIDIA GB300 NVL72 (Blackwell Ultra) matters',
        note: 'ESTIMATE (read 2026-12): an NVL72 rack runs on about 132 kW of power shelves, direct-to-chip liquid-cooled; 140 kW leaves it its margin (the hardware-profiles/gb200-nvl72-tray.yaml sources).',
      },
      capex_per_kw: BUILD_COST,
    },
  },
};
