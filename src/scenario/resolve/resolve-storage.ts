import type { PoolSpec, StorageAttachment } from '../../model/types.js';
import type { ScenarioInput } from '../scenario-schema.js';
import type { FieldPath, ResolveContext } from './resolve-context.js';

type StorageInput = Extract<ScenarioInput['workloads'][number], { kind: 'data' }>['storage'];

/** Where a workload's data lives: the nodes' own drives, or a shared parallel file system or object store profile. */
export function resolveStorage(st: StorageInput, path: FieldPath, pool: PoolSpec, ctx: ResolveContext): StorageAttachment {
  const { fail } = ctx;
  if (st === 'local') {
    if (pool.node.storage.length === 0) fail(path, `pool '${pool.id}' nodes (${pool.node.id}) have no local drives`, 'name a parallel-fs or object-store profile');
    return { kind: 'node-local' };
  }
  const profile = ctx.guard(() => ctx.resolver.get(st.profile, 'storage', { src: ctx.src, path: [...path, 'profile'] }));
  if (profile?.class === 'parallel-fs') {
    if (st.capacity === undefined) fail([...path, 'capacity'], `is required for the parallel file system '${profile.id}'`, 'its throughput scales with provisioned capacity');
    return { kind: 'parallel-fs', profile, capacity: st.capacity ?? 1 };
  }
  if (profile?.class === 'object-store') {
    if (st.connections === undefined) fail([...path, 'connections'], `is required for the object store '${profile.id}'`, 'its throughput is per connection');
    return { kind: 'object-store', profile, connections: st.connections ?? 1 };
  }
  if (profile) fail([...path, 'profile'], `'${profile.id}' is a ${profile.class} drive, not shared storage`, "use 'local' for the nodes' own drives");
  return { kind: 'node-local' };
}
