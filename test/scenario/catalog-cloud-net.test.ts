import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/scenario/catalog.js';
import type { ProfileInput } from '../../src/scenario/profile-schema.js';

/**
 * The 800G network generation and the 2025-2026 NVIDIA cloud instances on AWS and Azure (issue 14), pinned to
 * the published figures their profiles carry. Prices are stored in USD/s and bandwidths in B/s, so the
 * expectations convert back to the units the sources print.
 */
const catalog = new Catalog();
type Net = Extract<ProfileInput, { kind: 'network' }>;
type Instance = Extract<ProfileInput, { kind: 'cloud-instance' }>;
const net = (id: string) => catalog.get(id)!.profile as Net;
const instance = (id: string) => catalog.get(id)!.profile as Instance;
const perHour = (usdPerSecond: number | undefined) => (usdPerSecond ?? Number.NaN) * 3600;
const gbit = (bytesPerSecond: number) => (bytesPerSecond * 8) / 1e9;

const newInstances = ['aws-p5e.48xlarge', 'aws-p5en.48xlarge', 'aws-p6-b200.48xlarge', 'aws-p6e-gb200.36xlarge', 'azure-nd96isr-h200-v5', 'azure-nd128isr-ndr-gb200-v6'];

describe('800G network ports', () => {
  it('ConnectX-8 SuperNIC: 800 Gb/s XDR InfiniBand and 800 Gb/s Ethernet (2 x 400GbE)', () => {
    // https://docs.nvidia.com/networking/display/connectx8supernic/introduction - "InfiniBand and Ethernet
    // networking at up to 800 gigabits per second".
    const ib = net('ib-xdr-connectx8');
    expect(ib.class).toBe('infiniband');
    expect(gbit(ib.bandwidth)).toBeCloseTo(800, 6);
    const eth = net('eth-800gbe-connectx8');
    expect(eth.class).toBe('ethernet');
    expect(gbit(eth.bandwidth)).toBeCloseTo(800, 6);
  });

  it('AWS EFA: p5en 16 x 200 Gb/s EFAv3 and p6-b200 8 x 400 Gb/s EFAv4 both add up to 3,200 Gb/s', () => {
    // https://aws.amazon.com/blogs/aws/new-amazon-ec2-p5en-instances-with-nvidia-h200-tensor-core-gpus-and-efav3-networking/
    // https://aws.amazon.com/blogs/aws/new-amazon-ec2-p6-b200-instances-powered-by-nvidia-blackwell-gpus-to-accelerate-ai-innovations/
    for (const id of ['aws-p5en.48xlarge', 'aws-p6-b200.48xlarge']) {
      const total = instance(id)
        .network.filter((n) => n.role === 'compute')
        .reduce((sum, n) => sum + n.count * gbit(net(n.profile).bandwidth), 0);
      expect(total, id).toBeCloseTo(3200, 6);
    }
  });
});

describe('NVIDIA cloud instances on AWS and Azure', () => {
  it('p5en.48xlarge: 63.296 USD/h on demand in us-east-1, 8 x H200', () => {
    // https://aws.amazon.com/ec2/pricing/on-demand/ (AWS Price List, read 2026-09; dstack PR 4110, 2026-08).
    const p5en = instance('aws-p5en.48xlarge');
    expect(p5en.region).toBe('us-east-1');
    expect(perHour(p5en.pricing.on_demand)).toBeCloseTo(63.296, 6);
    expect(p5en.accelerators).toEqual({ profile: 'h200-sxm-141gb', count: 8 });
  });

  it('p6-b200.48xlarge: 113.9328 USD/h on demand in us-east-1, 8 x B200', () => {
    // https://aws.amazon.com/ec2/pricing/on-demand/ (AWS Price List, read 2026-09).
    const p6 = instance('aws-p6-b200.48xlarge');
    expect(perHour(p6.pricing.on_demand)).toBeCloseTo(113.9328, 6);
    expect(p6.accelerators).toEqual({ profile: 'b200-sxm-180gb', count: 8 });
  });

  it('GB200 trays: 4 GPUs + 2 Grace, one 18-tray NVLink domain, liquid-cooled; AWS tray = UltraServer x72 / 18', () => {
    // https://aws.amazon.com/ec2/capacityblocks/pricing/ - u-p6e-gb200x72 761.904 USD/h (Capacity Blocks, 2026-10).
    // https://github.com/MicrosoftDocs/azure-compute-docs (nd-gb200-v6 summary): "groups of 18 ND GB200 v6 VMs".
    for (const id of ['aws-p6e-gb200.36xlarge', 'azure-nd128isr-ndr-gb200-v6']) {
      const tray = instance(id);
      expect(tray.accelerators, id).toEqual({ profile: 'b200-gb200', count: 4 });
      expect(tray.cpus, id).toEqual({ profile: 'nvidia-grace', count: 2 });
      expect(tray.scale_up, id).toEqual({ profile: 'nvlink5', domain_nodes: 18 });
      expect(tray.cooling, id).toBe('liquid');
    }
    expect(perHour(instance('aws-p6e-gb200.36xlarge').pricing.on_demand) * 18).toBeCloseTo(761.904, 6);
    // Azure Retail Prices API, pay-as-you-go, 108.16 USD per VM-hour (2026-09).
    expect(perHour(instance('azure-nd128isr-ndr-gb200-v6').pricing.on_demand)).toBeCloseTo(108.16, 6);
  });

  it('Azure ND H200 v5: 84.80 USD/h pay-as-you-go; reservations are the whole-term prices over the term hours', () => {
    // Azure Retail Prices API, East US 2, 2026-09: 1-year 407,526 USD and 3-year 1,109,592 USD per VM.
    const nd = instance('azure-nd96isr-h200-v5');
    expect(perHour(nd.pricing.on_demand)).toBeCloseTo(84.8, 6);
    expect(perHour(nd.pricing.reserved_1y)).toBeCloseTo(407_526 / 8760, 4);
    expect(perHour(nd.pricing.reserved_3y)).toBeCloseTo(1_109_592 / 26_280, 4);
  });

  it('every new instance has a dated on-demand price, and a commitment never costs more per hour than on demand', () => {
    for (const id of newInstances) {
      const i = instance(id);
      const { on_demand, reserved_1y, reserved_3y, spot } = i.pricing;
      expect(on_demand, id).toBeGreaterThan(0);
      expect(i.price_as_of, id).toMatch(/^2026-\d\d$/);
      if (reserved_1y !== undefined) expect(reserved_1y, id).toBeLessThanOrEqual(on_demand!);
      if (reserved_3y !== undefined) expect(reserved_3y, id).toBeLessThanOrEqual(reserved_1y ?? on_demand!);
      if (spot !== undefined) expect(spot, id).toBeLessThan(on_demand!);
    }
  });

  it('instances sold only through Capacity Blocks say so and bill by the day', () => {
    // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/capacity-blocks-how.html - blocks of 1-182 days, paid upfront.
    for (const id of ['aws-p5e.48xlarge', 'aws-p6e-gb200.36xlarge']) {
      const i = instance(id);
      expect(i.sources['pricing.on_demand']?.note, id).toMatch(/CAPACITY BLOCK/);
      expect(i.billing, id).toEqual({ increment: 86_400, minimum: 86_400 });
      expect(i.pricing.reserved_1y, id).toBeUndefined();
    }
  });
});
