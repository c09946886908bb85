import type { NetworkProfile, NodeProfile } from '../../model/types.js';
import type { PoolFabric } from '../../model/fabric/fabric-types.js';
import type { ScenarioInput } from '../scenario-schema.js';
import type { FieldPath, ResolveContext } from './resolve-context.js';

type FabricInput = NonNullable<NonNullable<ScenarioInput['sites'][string]['nodes']>['fabric']>;

/**
 * A pool's `fabric`, checked against the pool: leaves no larger than the pool, nodes with compute NICs
 * for it to carry, and on an owned pool whose costs are counted a switch (ports and price) and a
 * transceiver (price), since their prices are its capex. A cloud pool's fabric is the provider's: its
 * cost is in the instance price, so it takes no switch or optics.
 */
export function resolveFabric(fabric: FabricInput, node: NodeProfile, nodeCount: number, owned: boolean, costs: ScenarioInput['costs'], path: FieldPath, ctx: ResolveContext): PoolFabric | undefined {
  const { fail, guard, resolver, src } = ctx;
  const at = (...rest: string[]): FieldPath => [...path, 'fabric', ...rest];
  let ok = true;
  const problem = (p: FieldPath, message: string, hint?: string) => {
    fail(p, message, hint);
    ok = false;
  };
  if (fabric.nodes_per_leaf > nodeCount) {
    problem(
      at('nodes_per_leaf'),
      `is ${fabric.nodes_per_leaf} but the pool has ${nodeCount} node${nodeCount === 1 ? '' : 's'} (count and purchases)`,
      'at most the pool’s nodes; one leaf for the whole pool means no uplink is ever shared',
    );
  }
  if (!node.network.some((n) => n.role === 'compute')) {
    problem(at(), `node profile '${node.id}' has no NIC with role compute: the fabric would carry nothing`, 'remove fabric, or use a node with compute NICs');
  }
  const profile = (key: 'switch' | 'optics'): NetworkProfile | undefined => {
    const id = fabric[key];
    return id === undefined ? undefined : guard(() => resolver.get(id, 'network', { src, path: at(key) }));
  };
  const sw = profile('switch');
  const optics = profile('optics');
  const nicBandwidth = Math.max(0, ...node.network.filter((n) => n.role === 'compute').map((n) => n.profile.bandwidth));
  if (sw && sw.bandwidth < nicBandwidth)
    problem(at('switch'), `switch '${sw.id}' has ports of ${sw.bandwidth * 8e-9} Gbit/s, slower than the node's ${nicBandwidth * 8e-9} Gbit/s NICs`, 'pick a switch at least as fast as the NICs');
  if (!owned) {
    for (const key of ['switch', 'optics'] as const) {
      if (fabric[key] !== undefined) problem(at(key), 'applies to owned pools only', 'a cloud provider’s fabric is paid for in the instance price');
    }
  } else if (costs === 'tco') {
    const missing = (['switch', 'optics'] as const).filter((k) => fabric[k] === undefined);
    if (missing.length > 0) {
      problem(
        at(),
        `an owned pool’s fabric needs ${missing.join(' and ')}: its switches and the transceiver of every cabled port are capex`,
        'e.g. switch: switch-ndr-64p-400g, optics: optics-400g-qsfp-dd (simulate profiles lists them), or costs: none for a queue-only study',
      );
    }
    if (sw && (sw.ports === undefined || sw.price === undefined))
      problem(at('switch'), `network profile '${sw.id}' is not a priced switch: it needs ports and price`, 'name a switch profile (simulate profiles lists them)');
    if (optics && optics.price === undefined) problem(at('optics'), `network profile '${optics.id}' has no price`, 'give the transceiver a price with its source');
  }
  if (!ok) return undefined;
  return {
    topology: fabric.topology,
    nodesPerLeaf: fabric.nodes_per_leaf,
    oversubscription: fabric.oversubscription,
    placement: fabric.placement,
    ...(owned && sw && { switch: sw }),
    ...(owned && optics && { optics }),
  };
}
