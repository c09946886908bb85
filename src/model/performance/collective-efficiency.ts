import type { Link } from './collectives.js';
import { fraction } from './checks.js';

/**
 * A link as the device's collectives see it: `efficiency` × its published bandwidth (NCCL's bus bandwidth falls
 * short of the link rate; the fraction is fitted by `simulate calibrate`, docs/calibration.md). The same object
 * when no efficiency is given, so a profile without one is charged exactly as before.
 */
export function atCollectiveEfficiency<L extends Link>(link: L, efficiency: number | undefined): L;
export function atCollectiveEfficiency<L extends Link>(link: L | undefined, efficiency: number | undefined): L | undefined;
export function atCollectiveEfficiency<L extends Link>(link: L | undefined, efficiency: number | undefined): L | undefined {
  if (link === undefined || efficiency === undefined) return link;
  return { ...link, bandwidth: link.bandwidth * fraction('collectiveEfficiency', efficiency) };
}

interface WithLinks {
  readonly scaleUp?: Link;
  readonly expertParallel?: { readonly scaleOut?: Link };
  readonly collectiveEfficiency?: number;
  readonly device: { readonly efficiency?: { readonly collective?: number } };
}

/** A replica's spec with its links (tensor-parallel scale-up, expert-parallel scale-out) at its collective efficiency: the caller's, else the device profile's; the same spec without one. */
export function atCollectiveEfficiencyOf<S extends WithLinks>(spec: S): S {
  const e = spec.collectiveEfficiency ?? spec.device.efficiency?.collective;
  if (e === undefined) return spec;
  const ep = spec.expertParallel;
  return {
    ...spec,
    ...(spec.scaleUp && { scaleUp: atCollectiveEfficiency(spec.scaleUp, e) }),
    ...(ep?.scaleOut && { expertParallel: { ...ep, scaleOut: atCollectiveEfficiency(ep.scaleOut, e) } }),
  };
}
