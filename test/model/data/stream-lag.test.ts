import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytesArrived, bytesArrivedIntegral, MONTH, rateProfile, streamBytesBetween } from '../../../src/model/data/stream-rate.js';
import { FluidLag } from '../../../src/model/data/fluid-lag.js';
import { parseScenario } from '../../../src/scenario/load-scenario.js';
import { simulate } from '../../../src/simulate/simulate.js';
import { propertyRuns } from '../../support/property-runs.js';

const DAY = 86_400;
const H = 3600;

describe('a stream’s rate profile in closed form', () => {
  it('a flat rate ingests rate × span; a diurnal one ingests exactly rate × day over each whole day', () => {
    expect(streamBytesBetween({ rate: 1e6 }, 0, 3 * H)).toBeCloseTo(1e6 * 3 * H, 0);
    // the cosine integrates to 0 over a day, whatever its phase
    const diurnal = { rate: 1e6, diurnal: { amplitude: 0.8, peakHour: 17 } };
    expect(streamBytesBetween(diurnal, 5 * H, 5 * H + DAY)).toBeCloseTo(1e6 * DAY, -1);
    // half a day around the peak: rate × (T/2 + a·(day/2π)·(sin(π/2) − sin(−π/2))) = rate × (43200 + 0.8 × 27501.9)
    expect(streamBytesBetween(diurnal, 11 * H, 23 * H)).toBeCloseTo(1e6 * (43_200 + (0.8 * 2 * DAY) / (2 * Math.PI)), -2);
  });

  it('10 % monthly growth puts rate × month × g / ln(1 + g) = 1.04921 × rate × month into the first month', () => {
    const grown = { rate: 1, monthlyGrowth: 0.1 };
    expect(streamBytesBetween(grown, 0, MONTH) / MONTH).toBeCloseTo(0.1 / Math.log(1.1), 9);
    // and 1.1 times as much into the second
    expect(streamBytesBetween(grown, MONTH, 2 * MONTH) / streamBytesBetween(grown, 0, MONTH)).toBeCloseTo(1.1, 9);
  });

  it('∫A (the lake’s byte-seconds) is the integral of A: checked by Simpson’s rule on random profiles', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e9, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 24, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 1, max: 200 * DAY, noNaN: true }),
        (rate, amplitude, peakHour, monthlyGrowth, t) => {
          const p = rateProfile({ rate, diurnal: { amplitude, peakHour }, monthlyGrowth });
          const n = 2000;
          const h = t / n;
          let simpson = bytesArrived(p, 0) + bytesArrived(p, t);
          for (let i = 1; i < n; i++) simpson += (i % 2 === 1 ? 4 : 2) * bytesArrived(p, i * h);
          simpson *= h / 3;
          expect(Math.abs(bytesArrivedIntegral(p, t) - simpson)).toBeLessThanOrEqual(1e-6 * simpson + 1e-6 * rate * t);
          // and A never decreases
          expect(bytesArrived(p, t)).toBeGreaterThanOrEqual(bytesArrived(p, t / 2));
        },
      ),
      { numRuns: propertyRuns(40) },
    );
  });
});

describe('consumer lag: a fluid queue', () => {
  // rate r (1 + 0.5 cos(2π (t − 12 h)/day)), capacity c = 1.25 r. Lag builds while the rate exceeds c:
  // cos θ > 0.5, i.e. |t − 12 h| < 4 h, from 08:00 to 16:00. At 16:00 the backlog is
  //   ∫ from −4 h to 4 h of (λ − c) = r (−0.25 × 8 h + 0.5 × (day/2π) × 2 sin(π/3)) = r × (−7200 + 11,908.7) = 4708.7 r,
  // its maximum; it then drains while λ < c, by the time T with ∫ from 08:00 to T of (λ − c) = 0.
  const r = 1e6;
  const profile = rateProfile({ rate: r, diurnal: { amplitude: 0.5, peakHour: 12 } });
  const backlog = (t: number) => bytesArrived(profile, t) - bytesArrived(profile, 8 * H) - 1.25 * r * (t - 8 * H);

  it('lags from 08:00 by 4708.7 × rate bytes at most, at 16:00, and only until the backlog drains', () => {
    const lag = new FluidLag(profile, 60, 0);
    lag.advance(8 * H - 60, 1.25 * r);
    expect(lag.result().lagging_seconds).toBe(0);
    lag.advance(DAY, 1.25 * r);
    const res = lag.result();
    const peak = r * (-7200 + (0.5 * DAY * Math.sqrt(3)) / (2 * Math.PI));
    expect(peak / r).toBeCloseTo(4708.7, 1);
    expect(res.lag_bytes.max).toBeCloseTo(peak, -4); // within 10 kB of 4.7 GB
    // the drain time, found on the hand-derived backlog by bisection (it is past 16:00)
    let lo = 16 * H;
    let hi = DAY;
    while (hi - lo > 1) {
      const mid = (lo + hi) / 2;
      if (backlog(mid) > 0) lo = mid;
      else hi = mid;
    }
    expect(Math.abs(res.lagging_seconds - (lo - 8 * H))).toBeLessThanOrEqual(120);
    // the backlog has drained by midnight: every byte that arrived was processed
    expect(lag.done).toBeCloseTo(bytesArrived(profile, DAY), -3);
    // the oldest byte at the peak backlog is 16:00 − A⁻¹(A(16:00) − Q): minutes, not hours, at most 2 h
    expect(res.lag_seconds.max).toBeGreaterThan(0);
    expect(res.lag_seconds.max).toBeLessThan(2 * H);
  });

  it('never lags when the consumers keep up with the peak', () => {
    const lag = new FluidLag(profile, 60, 0);
    lag.advance(3 * DAY, 1.5 * r);
    const res = lag.result();
    expect(res.lag_bytes.max).toBe(0);
    expect(res.lagging_seconds).toBe(0);
    expect(res.ingested_bytes).toBeCloseTo(3 * DAY * r, -2);
  });
});

const streamScenario = (nodes: number, jobDevices: number) => `
name: stream
horizon: 1 day
costs: none
sites:
  dc: { pools: { cpu: { type: cpu-2s-epyc9654, count: 4 } } }
streams:
  - name: events
    site: dc
    rate: 40 GB/h
    diurnal: { amplitude: 0.5, peak_hour: 12 }
    partitions: 2
    retention: 1 day
    consumers: { pool: cpu, nodes: ${nodes}, rate_per_node: 7 MB/s }
workloads:
  - name: etl
    kind: batch
    arrivals: { rate: 1 /s, max_jobs: 1 }
    devices: ${jobDevices}
    work: { flops: { kind: constant, value: 1e15 FLOP }, precision: fp32, efficiency: 10 % }
`;

describe('streams in a run', () => {
  it('consumers hold their nodes: a job needing the whole pool never starts, one fitting beside them does', () => {
    // 4 nodes × 2 sockets; the consumers hold 2 nodes (4 sockets)
    const blocked = simulate(parseScenario(streamScenario(2, 8)));
    expect(blocked.replications[0]!.jobs.completed).toBe(0);
    const fits = simulate(parseScenario(streamScenario(2, 4)));
    expect(fits.replications[0]!.jobs.completed).toBe(1);
    // the consumers' 4 sockets are busy all day: at least 4 × 86,400 busy device-seconds in the ledger
    expect(fits.replications[0]!.usage.pools['dc/cpu']!.busy_device_seconds).toBeGreaterThanOrEqual(4 * DAY);
  });

  it('capacity is capped by partitions: 3 consumers on 2 partitions read at 2 × 7 MB/s and lag at the peak', () => {
    // 40 GB/h = 11.1 MB/s mean, 16.7 MB/s peak; 2 × 7 = 14 MB/s: lag while cos θ > (14/11.11 − 1)/0.5 = 0.52
    const r = simulate(parseScenario(streamScenario(3, 2)));
    const s = r.replications[0]!.streams!['events']!;
    expect(s.capacity_bytes_per_second).toBe(14e6);
    expect(s.lag_bytes.max).toBeGreaterThan(0);
    expect(s.ingested_bytes).toBeCloseTo(40e9 * 24, -3);
    expect(s.broker_bytes_end).toBeCloseTo(3 * 40e9 * 24, -3); // replication 3 (default) × a day's bytes
  });
});

describe('a sink on another site', () => {
  it('sends the processed bytes × ratio over the link, hour by hour: they count as bytes sent from the brokers’ site', () => {
    const yaml = `
name: sink
horizon: 1 day
warmup: 2 h
costs: none
sites:
  dc: { pools: { cpu: { type: cpu-2s-epyc9654, count: 2 } } }
  aws: { kind: cloud, nodes: { type: aws-p5.48xlarge, count: 0, max: 1, autoscale: {} } }
links: [{ between: [dc, aws], bandwidth: 10 Gbit/s }]
streams:
  - { name: events, site: dc, rate: 36 GB/h, partitions: 4, retention: 1 day, consumers: { pool: cpu, nodes: 1, rate_per_node: 100 MB/s }, sink: { lake: archive, ratio: 0.5 } }
lakes:
  - name: archive
    site: aws
    redundancy: { replication: 1 }
    tiers: [{ name: standard, price: 0.023 USD/GB/month, source: { url: 'https://aws.amazon.com/s3/pricing/', title: Amazon S3 pricing } }]
workloads:
  - { name: etl, site: dc, arrivals: { rate: 1 /s, max_jobs: 1 }, devices: 2, work: { flops: 1e15 FLOP, precision: fp32, efficiency: 10 % } }
`;
    const r = simulate(parseScenario(yaml)).replications[0]!;
    // a flat 10 MB/s read as it arrives (capacity 100 MB/s), sent each hour: the batches at 02:00 … 24:00 start
    // within the window (a transfer counts when it starts, as staging counts one), 23 hours of 36 GB × 0.5 = 414 GB
    expect(r.usage.transfers['dc->aws']).toBeCloseTo(23 * 18e9, -3);
    expect(r.streams!['events']!.lag_bytes.max).toBe(0);
  });
});

describe('retention deletes what the consumers did not read', () => {
  it('with no consumer, the brokers hold one retention of bytes and the rest expires: after 3 days of 1 MB/s at 1 day, 2 days expired', () => {
    const flat = rateProfile({ rate: 1e6 });
    const lag = new FluidLag(flat, 60, 0, 86_400);
    lag.advance(3 * 86_400, 0);
    const res = lag.result();
    expect(res.lag_bytes.max).toBeCloseTo(86_400 * 1e6, -3);
    expect(res.expired_bytes).toBeCloseTo(2 * 86_400 * 1e6, -3);
    // the oldest byte still there is a day old
    expect(res.lag_seconds.max).toBeCloseTo(86_400, -1);
  });
});
