import type { NodeProfile, StorageProfile } from '../../model/types.js';
import { closest } from '../../support/closest-name.js';

/** Storage metrics: a measured aggregate bandwidth, GB/s (10⁹ bytes/s), as fio, IOR or a data loader reports it. */
export const storageMetrics = ['read_gbps', 'write_gbps'] as const;
export type StorageMetric = (typeof storageMetrics)[number];
export const isStorageMetric = (metric: string): metric is StorageMetric => (storageMetrics as readonly string[]).includes(metric);

/** Where the measured data lived: the nodes' own drives, a parallel file system, an object store (as a scenario's `storage:`). */
export const storageAttachments = ['node-local', 'parallel-fs', 'object-store'] as const;
export type StorageAttachmentKind = (typeof storageAttachments)[number];

/** The profile class each attachment reads from: a node-local row measures NVMe drives, and so on. */
const CLASS_OF: Readonly<Record<StorageAttachmentKind, StorageProfile['class']>> = { 'node-local': 'nvme', 'parallel-fs': 'parallel-fs', 'object-store': 'object-store' };

/** The CSV columns of a storage row (docs/calibration.md); filled on an inference or training row they are refused. */
export const STORAGE_COLUMNS = ['attachment', 'node', 'nodes', 'capacity_tib', 'connections'] as const;
type StorageColumn = (typeof STORAGE_COLUMNS)[number];

/** A storage measurement: `nodes` nodes of type `node` reading (writing) together from one attachment. */
export interface StorageSetup {
  readonly kind: 'storage';
  readonly direction: 'read' | 'write';
  readonly attachment: StorageAttachmentKind;
  /** the nodes the clients ran on: their drives (node-local) and their storage NICs (the network bound) */
  readonly node: NodeProfile;
  readonly nodes: number;
  /** bytes provisioned (parallel-fs: throughput scales with it) */
  readonly capacity?: number;
  /** concurrent connections in total (object-store: throughput is per connection) */
  readonly connections?: number;
}

/** The node profiles a storage row may name (the catalog's nodes and cloud instances). */
export interface NodeLookup {
  readonly get: (id: string) => NodeProfile | undefined;
  readonly ids: () => readonly string[];
}

/** What `--profile` names: a storage profile (its id and class), or a compute device (no class). */
export interface CalibrationTarget {
  readonly id: string;
  readonly storageClass?: StorageProfile['class'];
  /** false when the storage profile publishes no write bandwidth (the model then writes at the read figure) */
  readonly publishesWrite?: boolean;
}

/** The field readers of one CSV row (calibration-points.ts builds them), each failing as a located input error. */
export interface StorageRowReader {
  readonly text: (column: StorageColumn) => string | undefined;
  readonly number: (column: StorageColumn, opts?: { integer?: boolean; fallback?: number }) => number;
  readonly choice: <T extends string>(column: StorageColumn, options: readonly T[]) => T;
  readonly fail: (column: StorageColumn | 'metric', message: string, hint?: string) => never;
}

const TiB = 2 ** 40;

/**
 * The setup of a storage row, checked against the profile being fitted: the attachment must read from the
 * profile's class, a node-local row's node must hold the drive, a parallel-fs row gives its capacity and an
 * object-store row its connections (and neither the other's).
 * @throws InputError (through `r.fail`) at the first bad field
 */
export function storageSetup(metric: StorageMetric, r: StorageRowReader, nodes: NodeLookup | undefined, target: CalibrationTarget | undefined): StorageSetup {
  // the model writes at the read figure where no write figure is published: a write measurement would fit the read factor to writes
  if (metric === 'write_gbps' && target?.publishesWrite === false)
    r.fail(
      'metric',
      `${target.id} publishes no write bandwidth (the model writes at its read figure), so a write measurement cannot fit its factor`,
      'fit read_gbps rows, or add write_bandwidth to the profile',
    );
  const attachment = r.choice('attachment', storageAttachments);
  if (target?.storageClass !== undefined && CLASS_OF[attachment] !== target.storageClass) {
    const fits = storageAttachments.find((a) => CLASS_OF[a] === target.storageClass);
    r.fail('attachment', `'${attachment}' does not read from ${target.id}, whose class is ${target.storageClass}`, `its rows are ${fits ?? 'of another kind'}`);
  }
  const nodeId = r.text('node') ?? r.fail('node', 'is empty', 'the node profile the clients ran on: its drives and storage NICs bound the bandwidth');
  const node = nodes?.get(nodeId);
  if (!node) {
    const near = nodes ? closest(nodeId, nodes.ids()) : undefined;
    r.fail('node', `no node profile '${nodeId}'`, near ? `did you mean '${near}'? (simulate profiles lists them)` : 'simulate profiles lists the nodes and cloud instances');
  }
  const found = node;
  if (attachment === 'node-local' && target?.storageClass !== undefined && !found.storage.some((d) => d.profile.id === target.id)) {
    const holds = found.storage.map((d) => d.profile.id).join(', ') || 'no drives';
    r.fail('node', `${found.id} holds no ${target.id} drives (it holds ${holds})`, 'name the node whose drives were measured');
  }
  const only = (column: StorageColumn, kind: StorageAttachmentKind) => {
    if (attachment !== kind && r.text(column) !== undefined) r.fail(column, `is for ${kind} rows, and this row is ${attachment}`, 'leave it empty on this row');
  };
  only('capacity_tib', 'parallel-fs');
  only('connections', 'object-store');
  return {
    kind: 'storage',
    direction: metric === 'read_gbps' ? 'read' : 'write',
    attachment,
    node: found,
    nodes: r.number('nodes', { integer: true, fallback: 1 }),
    ...(attachment === 'parallel-fs' && { capacity: r.number('capacity_tib') * TiB }),
    ...(attachment === 'object-store' && { connections: r.number('connections', { integer: true }) }),
  };
}
