/** Typed catalog profiles for the performance tests (loaded once per file). */
import type { ComputeDeviceProfile, NetworkProfile, NodeProfile, StorageProfile } from '../../src/model/types.js';
import { Catalog } from '../../src/scenario/catalog.js';
import { ProfileResolver } from '../../src/scenario/profile-resolver.js';

const catalog = new Catalog();
const resolver = new ProfileResolver(catalog, new Map());
const at = (id: string) => ({ src: catalog.get(id)!.src, path: [] });

export const nodeProfile = (id: string): NodeProfile => resolver.get(id, 'node', at(id));
export const deviceProfile = (id: string): ComputeDeviceProfile => resolver.get(id, 'device', at(id));
export const storageProfile = (id: string): StorageProfile => resolver.get(id, 'storage', at(id));
export const networkProfile = (id: string): NetworkProfile => resolver.get(id, 'network', at(id));

/** (predicted − published) / published */
export const relativeError = (predicted: number, published: number): number => (predicted - published) / published;
