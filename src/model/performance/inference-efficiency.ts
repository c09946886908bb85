import type { ComputeDeviceProfile } from '../types.js';
import { defaultComputeEfficiency, defaultMemoryEfficiency, defaultMoeInferenceEfficiency, type SourcedDefault } from './defaults.js';

/**
 * Which efficiency applies: the caller's, else the device profile's fitted one (its source names the
 * published result it was fitted on), else the default of the device kind (sourced or an ASSUMPTION).
 */
function efficiencyChoice(given: number | undefined, device: ComputeDeviceProfile, fitted: number | undefined, fallback: SourcedDefault, field: string): SourcedDefault {
  if (given !== undefined) return { value: given, source: 'input' };
  if (fitted !== undefined) {
    // a figure with a source of its own (a calibrated profile's `efficiency.inference_compute`) names that one
    const src = device.sources[`efficiency.${field}`] ?? device.sources['efficiency'];
    return { value: fitted, source: `fitted in profile ${device.id}${src ? ` on ${src.title}` : ''}` };
  }
  return fallback;
}

export interface InferenceEfficiencies {
  /** fraction of the usable compute peak */
  readonly compute: SourcedDefault;
  /** fraction of the memory bandwidth (MBU) */
  readonly memory: SourcedDefault;
}

/**
 * The compute and memory efficiencies of an inference replica. The profile's (or the kind's) figures were fitted on
 * dense models; a mixture-of-experts model runs at `moe_inference` of them (`defaultMoeInferenceEfficiency` says
 * why). A figure the caller gives is taken as the one achieved for this very model, so the MoE factor is not applied
 * to it (a calibration fitted on an MoE deployment already contains it).
 */
export function inferenceEfficiencies(device: ComputeDeviceProfile, given: { readonly compute: number | undefined; readonly memory: number | undefined }, moe: boolean): InferenceEfficiencies {
  const compute = efficiencyChoice(given.compute, device, device.efficiency?.inferenceCompute, defaultComputeEfficiency[device.kind], 'inference_compute');
  const memory = efficiencyChoice(given.memory, device, device.efficiency?.inferenceMemory, defaultMemoryEfficiency[device.kind], 'inference_memory');
  if (!moe) return { compute, memory };
  const factor = efficiencyChoice(undefined, device, device.efficiency?.moeInference, defaultMoeInferenceEfficiency[device.kind], 'moe_inference');
  const scaled = (e: SourcedDefault, wasGiven: boolean): SourcedDefault =>
    wasGiven ? e : { value: e.value * factor.value, source: `${e.source}; × ${factor.value} for a mixture of experts (${factor.source})` };
  return { compute: scaled(compute, given.compute !== undefined), memory: scaled(memory, given.memory !== undefined) };
}
