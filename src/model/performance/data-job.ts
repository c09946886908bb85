import type { NodeProfile } from '../types.js';
import { storageBandwidth, type StorageAttachment, type StorageBandwidth } from './storage-bandwidth.js';

export interface DataJobInput {
  /** bytes read from `source` */
  readonly readBytes: number;
  /** bytes written to `sink` */
  readonly writeBytes: number;
  readonly source: StorageAttachment;
  /** default: the source */
  readonly sink?: StorageAttachment;
  readonly node: NodeProfile;
  /** nodes the job runs on */
  readonly nodes: number;
  /** bytes/s of input one node can process (CPU-bound transform rate); absent: not a limit */
  readonly processingRatePerNode?: number;
  /** bytes/s of the link between the site and remote storage (e.g. a WAN or Direct Connect), one direction; absent: not a limit */
  readonly siteLinkBandwidth?: number;
}

export type DataJobConstraint = 'storage-read' | 'storage-write' | 'network' | 'processing';

export interface DataJobEstimate {
  readonly source: StorageBandwidth;
  readonly sink: StorageBandwidth;
  /** s per bound; a bound that does not apply is 0 */
  readonly bounds: Readonly<Record<DataJobConstraint, number>>;
  /** bytes/s the nodes (and the site link) move to/from remote storage, one direction */
  readonly networkBandwidth: number;
  /** s = max of the bounds */
  readonly time: number;
  /** the largest bound (ties: read, write, network, processing) */
  readonly binding: DataJobConstraint;
}

/**
 * A streaming read–transform–write job (ETL, tokenisation, checkpoint copy): every stage runs
 * concurrently on a pipeline of chunks, so the job takes as long as its slowest stage —
 *   storage read   = readBytes / source read bandwidth
 *   storage write  = writeBytes / sink write bandwidth (read bandwidth where no write figure is published)
 *   network        = max(remote bytes in, remote bytes out) / min(nodes × storage-NIC bandwidth, site link)
 *                    (NICs are full duplex: reads and writes use opposite directions)
 *   processing     = readBytes / (nodes × processing rate per node)
 *   time = max of the four. Start-up latency and per-object overheads are not modelled.
 * @throws RangeError on negative sizes or remote storage with no NIC to reach it
 */
export function dataJobEstimate(input: DataJobInput): DataJobEstimate {
  for (const [name, v] of [
    ['readBytes', input.readBytes],
    ['writeBytes', input.writeBytes],
  ] as const) {
    if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`${name} must be a finite number ≥ 0, got ${v}`);
  }
  const source = storageBandwidth(input.source, input.node, input.nodes);
  const sink = input.sink ? storageBandwidth(input.sink, input.node, input.nodes) : source;
  const remoteIn = source.remote ? input.readBytes : 0;
  const remoteOut = sink.remote ? input.writeBytes : 0;
  let networkBandwidth = Math.min(source.remote ? source.network : Infinity, sink.remote ? sink.network : Infinity);
  if (input.siteLinkBandwidth !== undefined) {
    if (!(input.siteLinkBandwidth > 0)) throw new RangeError(`siteLinkBandwidth must be > 0, got ${input.siteLinkBandwidth}`);
    if (source.remote || sink.remote) networkBandwidth = Math.min(networkBandwidth, input.siteLinkBandwidth);
  }
  const remoteBytes = Math.max(remoteIn, remoteOut);
  if (remoteBytes > 0 && !(networkBandwidth > 0)) throw new RangeError(`node ${input.node.id} has no storage or compute NIC to reach remote storage`);
  let processing = 0;
  if (input.processingRatePerNode !== undefined) {
    if (!(input.processingRatePerNode > 0)) throw new RangeError(`processingRatePerNode must be > 0, got ${input.processingRatePerNode}`);
    processing = input.readBytes / (input.nodes * input.processingRatePerNode);
  }
  const bounds: Record<DataJobConstraint, number> = {
    'storage-read': input.readBytes / source.read,
    'storage-write': input.writeBytes / sink.write,
    network: remoteBytes > 0 ? remoteBytes / networkBandwidth : 0,
    processing,
  };
  let binding: DataJobConstraint = 'storage-read';
  for (const k of ['storage-write', 'network', 'processing'] as const) if (bounds[k] > bounds[binding]) binding = k;
  return { source, sink, bounds, networkBandwidth, time: bounds[binding], binding };
}
