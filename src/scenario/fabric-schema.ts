import { z } from 'zod';
import { fabricPlacements, fabricTopologies } from '../model/fabric/fabric-types.js';
import { profileId } from './profile-schema.js';

/** A pool's leaf/spine scale-out fabric (docs/sites-and-placement.md "Fabric topology"). Opt-in: without it every job sees its NICs alone. */
export const fabricSchema = z
  .strictObject({
    topology: z.enum(fabricTopologies).describe('fat-tree: every NIC of a node on its leaf; rail-optimised: NIC i of each node of a leaf on that leaf’s rail switch i'),
    nodes_per_leaf: z.int().min(1).max(100_000).describe('consecutive nodes of the pool behind one leaf (or one set of rail switches)'),
    oversubscription: z.number().positive().max(64).default(1).describe("a leaf's node-facing bandwidth ÷ its uplink bandwidth (1: non-blocking; 2: half as much up as down)"),
    placement: z.enum(fabricPlacements).default('first-fit').describe('multi-node jobs: first-fit (default) takes the lowest-indexed free nodes; leaf-first fills one leaf before crossing to another'),
    switch: profileId.optional().describe('owned pools: network profile of the switch every leaf and spine is built of (needs ports and price)'),
    optics: profileId.optional().describe('owned pools: network profile of the transceiver every cabled port takes (needs price)'),
  })
  .describe('the pool’s two-tier leaf/spine fabric: jobs that cross leaves share the uplinks; owned pools pay for its switches and optics');
