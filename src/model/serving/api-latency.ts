import { makeSampler, type RandomStream, type Sampler } from '../../engine/index.js';
import type { ApiLatency } from './api-offering.js';

/** z of the 90th percentile of the standard normal: a lognormal's p90 = median · e^(σ·z90). */
export const Z90 = 1.2815515655446004;

/**
 * Draws a managed API's latency for each request: time to first token and output speed, each lognormal with the
 * offering's median and tail percentile (σ = ln(p90 / median) / z90 for the TTFT, ln(median / p10) / z90 for the
 * speed), each from its own named stream so the two never shift each other's draws. Without a tail percentile
 * σ = 0: every request gets the median.
 */
export class ApiLatencySampler {
  private readonly ttft: Sampler;
  private readonly speed: Sampler;

  constructor(latency: ApiLatency, ttftStream: RandomStream, speedStream: RandomStream) {
    const ttftSigma = latency.ttftP90 === undefined ? 0 : Math.log(latency.ttftP90 / latency.ttftMedian) / Z90;
    const speedSigma = latency.speedP10 === undefined ? 0 : Math.log(latency.speedMedian / latency.speedP10) / Z90;
    this.ttft = makeSampler({ kind: 'lognormal', mu: Math.log(latency.ttftMedian), sigma: ttftSigma }, ttftStream);
    this.speed = makeSampler({ kind: 'lognormal', mu: Math.log(latency.speedMedian), sigma: speedSigma }, speedStream);
  }

  /** One request's time to first token (s) and time per output token after it (s). */
  draw(): { readonly ttft: number; readonly tpot: number } {
    return { ttft: this.ttft(), tpot: 1 / this.speed() };
  }
}
