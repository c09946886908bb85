/**
 * The timeline's threads of one pool: a thread per node and lane. A job holds a lane on every node
 * its devices lie on; jobs on one node at the same time hold different lanes, each the lowest free
 * one, so a lane's slices follow one another without overlapping and there are never more lanes on
 * a node than jobs it ran at once.
 */

/** A thread of the timeline: `lane` (from 0) of `node` (the pool's node index, from 0). */
export interface LaneTrack {
  readonly tid: number;
  readonly node: number;
  readonly lane: number;
  /** its thread_name has been written */
  named: boolean;
}

export class NodeLanes {
  /** per node: its lanes, by lane number; `busy` while a job holds it */
  private readonly nodes = new Map<number, { track: LaneTrack; busy: boolean }[]>();
  private nextTid = 1;

  constructor(private readonly devicesPerNode: number) {}

  /** The lanes a run on these devices (pool device indices) takes: one on each node they lie on, nodes ascending. */
  take(deviceIds: Int32Array): LaneTrack[] {
    const nodes = [...new Set(Array.from(deviceIds, (d) => Math.floor(d / this.devicesPerNode)))].sort((a, b) => a - b);
    return nodes.map((node) => {
      const lanes = this.nodes.get(node) ?? [];
      this.nodes.set(node, lanes);
      let free = lanes.find((l) => !l.busy);
      if (free === undefined) {
        free = { track: { tid: this.nextTid++, node, lane: lanes.length, named: false }, busy: false };
        lanes.push(free);
      }
      free.busy = true;
      return free.track;
    });
  }

  /** The run holding these lanes ended. */
  give(tracks: readonly LaneTrack[]): void {
    for (const t of tracks) {
      const lane = this.nodes.get(t.node)?.[t.lane];
      if (lane === undefined || !lane.busy) throw new RangeError(`lane ${t.lane} of node ${t.node} was not taken`);
      lane.busy = false;
    }
  }
}
