import type { NodePower, NodeProfile, Pool, Tranche } from '../model/types.js';
import type { UsageLedger } from '../model/usage-ledger.js';
import type { RefreshStep } from './cost-inputs.js';
import { addFlow, zeroMonths } from './planning-calendar.js';

/**
 * A later fleet configuration's usage: from `from` s (a refresh date) the projection reads its rates from
 * `ledger`, the window simulated with that configuration's fleet. The scenario's own ledger covers [0, the
 * first `from`).
 */
export interface UsagePhase {
  readonly from: number;
  readonly ledger: UsageLedger;
}

/** A span of the horizon and the ledger its rates come from. */
export interface UsageSpan {
  readonly from: number;
  readonly to: number;
  readonly ledger: UsageLedger;
}

/** The horizon cut into spans, one per fleet configuration: [0, p1) from `ledger`, [p1, p2) from phase 1's, … */
export function usageSpans(ledger: UsageLedger, phases: readonly UsagePhase[] | undefined, horizon: number): UsageSpan[] {
  const sorted = [...(phases ?? [])].sort((a, b) => a.from - b.from);
  const starts = [{ from: 0, ledger }, ...sorted];
  return starts.map((s, i) => ({ from: s.from, to: Math.min(horizon, starts[i + 1]?.from ?? horizon), ledger: s.ledger })).filter((s) => s.to > s.from);
}

/** A rate that depends on the configuration, as month buckets: Σ over spans of rate(span's ledger) over the span. */
export function spannedFlow(horizon: number, spans: readonly UsageSpan[], rateOf: (ledger: UsageLedger) => number): number[] {
  const months = zeroMonths(horizon);
  for (const s of spans) addFlow(months, horizon, s.from, s.to, rateOf(s.ledger));
  return months;
}

/** One generation of a pool's nodes: what they are, what they cost, and when they are held. */
export interface Generation {
  /** s the generation is retired (sold) at; Infinity when held past the horizon */
  readonly retireAt: number;
  readonly node: NodeProfile;
  readonly power?: NodePower;
  readonly devicesPerNode: number;
  readonly capexPerNode: number;
  readonly tranches: readonly Tranche[];
}

/**
 * A pool's generations: the nodes the scenario gives it (its tranches at its price), retired at the first
 * refresh, then each refresh's nodes, bought and online at its date and retired at the next.
 */
export function generationsOf(pool: Pool, tranches: readonly Tranche[], capexPerNode: number, refresh: readonly RefreshStep[] | undefined): Generation[] {
  const steps = refresh ?? [];
  const first: Generation = {
    retireAt: steps[0]?.at ?? Infinity,
    node: pool.node,
    ...(pool.power && { power: pool.power }),
    devicesPerNode: pool.devicesPerNode,
    capexPerNode,
    tranches,
  };
  return [
    first,
    ...steps.map((st, i) => ({
      retireAt: steps[i + 1]?.at ?? Infinity,
      node: st.node,
      ...(st.power && { power: st.power }),
      devicesPerNode: st.devicesPerNode,
      capexPerNode: st.capexPerNode,
      tranches: [{ nodes: st.nodes, orderedAt: st.at, onlineAt: st.at }],
    })),
  ];
}
