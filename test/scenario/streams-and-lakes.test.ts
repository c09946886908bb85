import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { priceScenario } from '../../src/cost/price-scenario.js';
import { sensitivity } from '../../src/cost/sensitivity.js';

const SOURCE = "{ url: 'https://aws.amazon.com/s3/pricing/', title: Amazon S3 pricing }";
const scenario = (site: string, lake: string) => `
name: lakes
horizon: 1 day
sites:
  dc: { pools: { cpu: { type: cpu-2s-epyc9654, count: 2 } } }
  aws:
    kind: cloud
    nodes: { type: aws-p5.48xlarge, count: 0, max: 1, autoscale: {} }
    costs: { storage: ${site} }
lakes:
  - ${lake}
workloads:
  - { name: etl, site: dc, arrivals: { rate: 1 /h }, devices: 2, work: { flops: 1e15 FLOP, precision: fp32, efficiency: 10 % } }
`;

describe('lakes against their sites', () => {
  it('resolves erasure coding as (data + parity) / data and tiers in the order data moves through them', () => {
    const t = parseScenario(
      scenario(
        '0 GB',
        `{ name: l, site: aws, redundancy: { erasure: { data: 8, parity: 3 } }, retention: 1 year, tiers: [{ name: hot, price: 0.023 USD/GB/month, source: ${SOURCE} }, { name: cold, price: 0.004 USD/GB/month, source: ${SOURCE} }], lifecycle: [{ after: 30 days, to: cold }] }`,
      ),
    );
    const lake = t.lakes![0]!;
    expect(lake.overhead).toBeCloseTo(11 / 8, 12);
    expect(lake.tiers.map((x) => [x.name, x.enterAge])).toEqual([
      ['hot', 0],
      ['cold', 30 * 86_400],
    ]);
    // 0.023 USD/GB/month in USD per byte-second
    expect(lake.tiers[0]!.price).toBeCloseTo(0.023 / 1e9 / ((365.25 * 86_400) / 12), 20);
  });

  it('refuses a cloud site that would bill the same data twice: its flat storage and a lake', () => {
    expect(() => parseScenario(scenario('50 TB', `{ name: l, site: aws, redundancy: { replication: 1 }, tiers: [{ name: s, price: 0.023 USD/GB/month, source: ${SOURCE} }] }`))).toThrow(
      "lakes[0].site: site 'aws' already bills 50 TB of flat storage (costs.storage) and this lake would bill its data again",
    );
  });

  it('refuses storage that would be free: a cloud tier without a price, an owned lake buying no capacity', () => {
    expect(() => parseScenario(scenario('0 GB', '{ name: l, site: aws, redundancy: { replication: 1 }, tiers: [{ name: s }] }'))).toThrow('lakes[0].tiers[0].price: is required on a cloud site');
    expect(() => parseScenario(scenario('0 GB', '{ name: l, site: dc, redundancy: { replication: 3 }, tiers: [{ name: hdd }] }'))).toThrow('lakes[0].tiers: an owned lake needs capacity_purchase');
  });
});

describe('lake tiers and rules', () => {
  it('refuses a tier no lifecycle rule reaches', () => {
    expect(() =>
      parseScenario(
        scenario(
          '0 GB',
          `{ name: l, site: aws, redundancy: { replication: 1 }, tiers: [{ name: hot, price: 0.023 USD/GB/month, source: ${SOURCE} }, { name: cold, price: 0.004 USD/GB/month, source: ${SOURCE} }] }`,
        ),
      ),
    ).toThrow("lakes[0].tiers[1].name: no lifecycle rule moves data into tier 'cold'");
  });
});

describe('streams and lakes: more located refusals', () => {
  it('refuses initial data spread over more ages than the lake keeps', () => {
    expect(() =>
      parseScenario(
        scenario(
          '0 GB',
          `{ name: l, site: aws, initial: 10 TB, initial_spread: 2 years, retention: 1 year, redundancy: { replication: 1 }, tiers: [{ name: s, price: 0.023 USD/GB/month, source: ${SOURCE} }] }`,
        ),
      ),
    ).toThrow('lakes[0].initial_spread: spreads the initial data over 730.5 d of ages, but the lake keeps data 365.3 d (retention)');
  });

  it('refuses more consumer nodes than the pool has', () => {
    const yaml = scenario('0 GB', `{ name: l, site: aws, redundancy: { replication: 1 }, tiers: [{ name: s, price: 0.023 USD/GB/month, source: ${SOURCE} }] }`).replace(
      'workloads:',
      'streams:\n  - { name: e, site: dc, rate: 1 GB/h, partitions: 4, retention: 1 day, consumers: { pool: cpu, nodes: 3, rate_per_node: 1 MB/s } }\nworkloads:',
    );
    expect(() => parseScenario(yaml)).toThrow('streams[0].consumers.nodes: 3 consumer nodes, but pool dc/cpu has 2');
  });
});

describe('data volume in the sensitivity table', () => {
  it('is a row only with streams, and a cloud lake fed from empty moves its cost linearly: base − low = high − base', () => {
    const lake = `{ name: l, site: aws, redundancy: { replication: 1 }, retention: 90 days, tiers: [{ name: s, price: 0.023 USD/GB/month, requests: 0.005, source: ${SOURCE} }] }`;
    const withStream = scenario('0 GB', lake).replace(
      'workloads:',
      'links: [{ between: [dc, aws], bandwidth: 10 Gbit/s }]\nstreams:\n  - { name: e, site: dc, rate: 10 TB/day, partitions: 4, retention: 1 day, consumers: { pool: cpu, nodes: 1, rate_per_node: 1 GB/s }, sink: { lake: l } }\nworkloads:',
    );
    const ledger = { window: 86_400, pools: {}, transfers: {} };
    const none = { jobsCompleted: 0, tokensServed: 0, trainingTokens: 0 };
    const rows = sensitivity(priceScenario(parseScenario(withStream)), ledger, none);
    const data = rows.rows.find((r) => r.driver === 'data_volume')!;
    expect(data.high_value - rows.base_value).toBeCloseTo(rows.base_value - data.low_value, 3);
    expect(data.swing).toBeGreaterThan(0);
    expect(sensitivity(priceScenario(parseScenario(scenario('0 GB', lake))), ledger, none).rows.map((r) => r.driver)).not.toContain('data_volume');
  });
});
