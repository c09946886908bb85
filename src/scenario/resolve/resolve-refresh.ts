import type { EmbodiedFigure, RefreshStep } from '../../cost/cost-inputs.js';
import type { NodeProfile, Tranche } from '../../model/types.js';
import type { ScenarioInput } from '../scenario-schema.js';
import type { FieldPath, ResolveContext } from './resolve-context.js';
import { dateLabel, secondsOf, type DateReading } from './resolve-dates.js';
import { nodePower } from './resolve-site-costs.js';

type PoolInput = NonNullable<ScenarioInput['sites'][string]['nodes']>;

/** What resolving a pool's refreshes needs beside the pool. */
export interface RefreshContext {
  readonly reading: DateReading;
  /** s, the planning horizon: a refresh at or after it would never be counted */
  readonly planningHorizon: number;
  readonly idlePowerFraction: number;
  readonly costs: ScenarioInput['costs'];
}

/**
 * The refreshes of an on-prem pool, in date order: each new generation's node profile, price and power
 * resolved, each date read against the start. Located problems: a refresh at the start or past the planning
 * horizon, out of order, a new node without price or power (with costs on), and a purchase that would come
 * online after a refresh has retired the pool's nodes (a retirement before the purchase).
 */
export function resolveRefresh(pool: PoolInput, path: FieldPath, tranches: readonly Tranche[], ctx: ResolveContext, rc: RefreshContext): RefreshStep[] | undefined {
  if (!pool.refresh) return undefined;
  const steps: RefreshStep[] = [];
  let previous = 0;
  pool.refresh.forEach((step, i) => {
    const stepPath = [...path, 'refresh', i];
    const at = secondsOf(step.at, [...stepPath, 'at'], rc.reading, ctx.fail);
    if (at === undefined) return;
    if (at <= previous) {
      ctx.fail(
        [...stepPath, 'at'],
        at === 0 ? 'is the start of the scenario: nothing is retired yet' : 'is not after the previous refresh',
        at === 0 ? "give the first generation as the pool's type and count" : 'list the refreshes in date order',
      );
      return;
    }
    if (at >= rc.planningHorizon) {
      ctx.fail(
        [...stepPath, 'at'],
        `is at or after the end of the planning horizon (${dateLabel(rc.reading.start, rc.planningHorizon, rc.reading.zone)}): it would never be counted`,
        'move it inside the horizon, or lengthen planning.horizon',
      );
      return;
    }
    previous = at;
    // like for like: without a type the pool keeps its current generation's
    const type =
      step.type ??
      pool.refresh
        ?.slice(0, i)
        .reverse()
        .find((st) => st.type !== undefined)?.type ??
      pool.type;
    const node = ctx.guard(() => ctx.resolver.get(type, 'node', { src: ctx.src, path: [...stepPath, step.type ? 'type' : 'count'] }));
    if (!node) return;
    const unit = node.accelerators ?? node.cpus;
    const price = step.capex_per_node ?? node.price;
    const power = nodePower(node, rc.idlePowerFraction);
    if (rc.costs === 'tco' && price === undefined) {
      ctx.fail(
        [...stepPath, step.type ? 'type' : 'count'],
        `node profile '${node.id}' has no price and the refresh sets no capex_per_node: the TCO cannot cost the new generation`,
        'give capex_per_node on the refresh, or a price in the profile',
      );
    }
    if (rc.costs === 'tco' && power === undefined) {
      ctx.fail([...stepPath, step.type ? 'type' : 'count'], `node profile '${node.id}' has no power figure: the TCO cannot cost its energy`, 'give power: {max: …} in the profile');
    }
    const embodied = generationEmbodied(pool, i, node, steps.at(-1), stepPath, ctx);
    steps.push({ at, node, nodes: step.count, devicesPerNode: unit?.count ?? 1, capexPerNode: price ?? 0, ...(power && { power }), ...(embodied && { embodied }) });
  });
  const first = steps[0];
  if (first) {
    tranches.forEach((t, i) => {
      // the pool's own count is tranche 0 at time 0, before any refresh; purchases follow it
      const purchase = pool.count > 0 ? i - 1 : i;
      if (purchase < 0 || t.onlineAt < first.at) return;
      ctx.fail(
        [...path, 'purchases', purchase, 'ordered'],
        `a retirement before the purchase: these nodes come online on ${dateLabel(rc.reading.start, t.onlineAt, rc.reading.zone)}, after the refresh on ${dateLabel(rc.reading.start, first.at, rc.reading.zone)} has retired the pool's nodes`,
        `order them so they are online before the refresh, or add them to the refresh's count`,
      );
    });
  }
  return steps;
}

/**
 * A refresh step's embodied carbon: its own figure, else — like for like, the same node as the generation before
 * — that generation's. Only when the pool reports embodied carbon: a step giving one on a pool that does not, or a
 * new kind of node without one, is a located problem (the plan would carry part of its fleet's manufacture only).
 */
function generationEmbodied(pool: PoolInput, i: number, node: NodeProfile, previous: RefreshStep | undefined, stepPath: FieldPath, ctx: ResolveContext): EmbodiedFigure | undefined {
  const own = pool.refresh?.[i]?.embodied_carbon;
  if (!pool.embodied_carbon) {
    if (own) ctx.fail([...stepPath, 'embodied_carbon'], "is given, but the pool's first generation has none", 'give the pool embodied_carbon too, or drop it here');
    return undefined;
  }
  if (own) return { kgPerNode: own.per_system_kg + own.per_device_kg * (node.accelerators?.count ?? 0), life: own.life };
  const before = previous ? { node: previous.node, figure: previous.embodied } : { node: undefined, figure: undefined };
  const sameAsBefore = previous ? before.node?.id === node.id : node.id === pool.type;
  if (!sameAsBefore) {
    ctx.fail([...stepPath, 'embodied_carbon'], `is required: the pool reports embodied carbon, and '${node.id}' is a new kind of node`, 'give per_system_kg, per_device_kg, life and a source for it');
    return undefined;
  }
  if (before.figure) return before.figure;
  const e = pool.embodied_carbon;
  return { kgPerNode: e.per_system_kg + e.per_device_kg * (node.accelerators?.count ?? 0), life: e.life };
}
