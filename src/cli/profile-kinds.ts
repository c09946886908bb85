import type { ProfileInput } from '../scenario/profile-schema.js';

/** Every profile kind, in the order `simulate profiles --kind` lists them. */
export const PROFILE_KINDS = ['cpu', 'gpu', 'tpu', 'asic', 'fpga', 'storage', 'network', 'node', 'cloud-instance'] as const satisfies readonly ProfileInput['kind'][];
