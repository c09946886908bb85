import type { Demand, Placement } from './placement.js';
import type { RunningSet } from './running-set.js';

/**
 * EASY backfill's view of the cluster at the shadow time S (see easy-backfill.ts): the cluster as it
 * is now, minus the running jobs expected to end by S, plus the backfilled jobs that will still run
 * then. Two implementations give the same answers where both apply:
 * - MirrorShadow (mirror-shadow.ts): a second Cluster — exact for every pool shape and request;
 * - CountingShadow (counting-shadow.ts): free-device counts per pool — exact, and O(1) per job
 *   instead of O(devices), when the head asks for whole devices on pools of one-device nodes.
 */
export interface ShadowView {
  /** Σ free milli-units at the shadow time (a quick bound: a job that takes more than is left for the head cannot be admitted). */
  readonly freeMilli: number;
  /**
   * Frees running jobs in order of expected end until the head fits; returns the shadow time S (∞ if
   * the head fits nowhere even then). Afterwards the view shows the cluster at S.
   */
  reserve(head: Demand, now: number, running: RunningSet): number;
  /** A job backfilled now that ends by S: allocated on the cluster, free again at S. */
  gone(p: Placement): void;
  /** A job placed now that still runs at S: kept, and true, if the head still fits at S; else undone. */
  admits(p: Placement): boolean;
  /** Between the scan's first and last allocation on the cluster (a mirror ignores them). */
  beginScan(): void;
  endScan(): void;
  /** Drops the shadow-time state, so that the view can be left unused. */
  restore(): void;
}
