import type { ComputeDeviceProfile, NetworkProfile, NodeProfile, Profile, StorageProfile } from '../model/types.js';
import { computeDeviceKinds, type ComputeDeviceKind } from '../model/profile-types.js';
import type { Catalog } from './catalog.js';
import { formatPath, InputError, type InputProblem } from '../support/input-error.js';
import type { ProfileInput } from './profile-schema.js';
import { closest } from '../support/closest-name.js';
import { locate, type YamlSource } from './yaml-file.js';

/** Where a profile reference was written, for error messages. */
export interface RefSite {
  readonly src: YamlSource;
  readonly path: readonly (string | number)[];
}

type Kind = Profile['kind'];
type ByKind = {
  device: ComputeDeviceProfile;
  storage: StorageProfile;
  network: NetworkProfile;
  node: NodeProfile;
};
const kindsOf: Record<keyof ByKind, readonly Kind[]> = {
  device: computeDeviceKinds,
  storage: ['storage'],
  network: ['network'],
  node: ['node', 'cloud-instance'],
};

/**
 * Resolves profile ids to typed profiles, composing nodes from their devices. Inline profiles (from
 * the scenario) shadow catalog ones with the same id. Results are cached and frozen.
 */
export class ProfileResolver {
  private readonly resolved = new Map<string, Profile>();

  constructor(
    private readonly catalog: Catalog,
    private readonly inline: ReadonlyMap<string, { profile: ProfileInput; at: RefSite }>,
  ) {}

  /** @throws InputError naming `ref` when the id is unknown or of the wrong kind. */
  get<K extends keyof ByKind>(id: string, want: K, ref: RefSite): ByKind[K] {
    const profile = this.resolve(id, ref);
    if (!kindsOf[want].includes(profile.kind)) {
      throw this.problem(ref, `'${id}' is a ${profile.kind} profile, but a ${kindsOf[want].join(' or ')} profile is needed here`, "'simulate profiles' lists them with their kinds");
    }
    return profile as ByKind[K];
  }

  private resolve(id: string, ref: RefSite): Profile {
    const done = this.resolved.get(id);
    if (done) return done;
    const local = this.inline.get(id);
    let input: ProfileInput;
    let at: RefSite;
    if (local) {
      input = local.profile;
      at = local.at;
    } else {
      const loaded = this.catalog.get(id);
      if (!loaded) {
        const near = closest(id, [...this.inline.keys(), ...this.catalog.ids()]);
        throw this.problem(ref, `unknown profile '${id}'`, near ? `did you mean '${near}'? ('simulate profiles' lists them)` : "'simulate profiles' lists the catalog");
      }
      input = loaded.profile;
      at = { src: loaded.src, path: [] };
    }
    // Guards against a node that (indirectly) lists itself.
    this.resolved.set(id, { kind: 'storage' } as Profile);
    const profile = deepFreeze(this.compose(input, at));
    this.resolved.set(id, profile);
    return profile;
  }

  private compose(p: ProfileInput, at: RefSite): Profile {
    if (p.kind === 'storage') {
      // `calibration` is provenance for readers of the file; the model does not use it
      const { calibration: _provenance, ...storage } = p;
      return stripUndefined(storage) as Profile;
    }
    if (p.kind !== 'node' && p.kind !== 'cloud-instance') return p.kind === 'network' ? (stripUndefined({ ...p }) as Profile) : composeDevice(p);
    const sub = (...path: (string | number)[]): RefSite => ({ src: at.src, path: [...at.path, ...path] });
    const { accelerators, cpus, storage, network, scale_up, ...rest } = p;
    const node: NodeProfile = {
      ...(stripUndefined(rest) as Omit<NodeProfile, 'cpus' | 'storage' | 'network'>),
      ...(accelerators && { accelerators: { profile: this.get(accelerators.profile, 'device', sub('accelerators', 'profile')), count: accelerators.count } }),
      ...(cpus && { cpus: { profile: this.get(cpus.profile, 'device', sub('cpus', 'profile')), count: cpus.count } }),
      storage: storage.map((s, i) => ({ profile: this.get(s.profile, 'storage', sub('storage', i, 'profile')), count: s.count })),
      network: network.map((n, i) => ({ profile: this.get(n.profile, 'network', sub('network', i, 'profile')), count: n.count, role: n.role })),
      ...(scale_up && { scale_up: { profile: this.get(scale_up.profile, 'network', sub('scale_up', 'profile')), domainNodes: scale_up.domain_nodes } }),
    };
    if (node.cpus && node.cpus.profile.kind !== 'cpu') {
      throw this.problem(sub('cpus', 'profile'), `'${node.cpus.profile.id}' is a ${node.cpus.profile.kind}, not a cpu`);
    }
    return node;
  }

  private problem(ref: RefSite, message: string, hint?: string): InputError {
    const p: InputProblem = { file: ref.src.file, ...locate(ref.src, ref.path), field: formatPath(ref.path), message, ...(hint && { hint }) };
    return InputError.single(p);
  }
}

/** The model spells the device's nested fields in camelCase; sparse peaks and MIG partitions carry over. */
function composeDevice(p: Extract<ProfileInput, { kind: ComputeDeviceKind }>): ComputeDeviceProfile {
  // `calibration` is provenance for readers of the file; the model does not use it
  const { peak_sparse, partitioning, efficiency, calibration: _provenance, ...rest } = p;
  return {
    ...(stripUndefined(rest) as Omit<ComputeDeviceProfile, 'peakSparse' | 'partitioning' | 'efficiency'>),
    ...(peak_sparse && { peakSparse: peak_sparse }),
    ...(efficiency && {
      efficiency: {
        ...(efficiency.inference_compute !== undefined && { inferenceCompute: efficiency.inference_compute }),
        ...(efficiency.inference_memory !== undefined && { inferenceMemory: efficiency.inference_memory }),
        ...(efficiency.training_mfu !== undefined && { trainingMfu: efficiency.training_mfu }),
        ...(efficiency.collective !== undefined && { collective: efficiency.collective }),
        ...(efficiency.moe_inference !== undefined && { moeInference: efficiency.moe_inference }),
      },
    }),
    ...(partitioning && {
      partitioning: {
        computeSlices: partitioning.compute_slices,
        memorySlices: partitioning.memory_slices,
        profiles: partitioning.profiles.map((q) => ({ name: q.name, computeSlices: q.compute_slices, memorySlices: q.memory_slices, memory: q.memory, maxInstances: q.max_instances })),
      },
    }),
  };
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** zod output spells absent optional fields as `undefined`; the model's types leave them out. */
function stripUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
