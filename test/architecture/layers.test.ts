/**
 * One-way layers, no cycles (docs/architecture.md): every import in src/ goes down the layer order
 * of .dependency-cruiser.cjs, and no file imports itself back through others. The fixture tree shows
 * that each rule fires, so a passing run on src/ means something.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cruise, type IConfiguration, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import { beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const fixtureRoot = fileURLToPath(new URL('./fixture', import.meta.url));
const config: IConfiguration = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as IConfiguration;

/** The rule violations of the tree under `baseDir` (its `src/` folder), one line each. */
async function violations(baseDir: string): Promise<IViolation[]> {
  const { output } = await cruise(['src'], { ...config.options, baseDir, validate: true, ruleSet: { forbidden: config.forbidden ?? [] } });
  if (typeof output === 'string') throw new Error(`dependency-cruiser returned text, not a result: ${output.slice(0, 200)}`);
  return (output satisfies ICruiseResult).summary.violations;
}

function describeViolation(v: IViolation): string {
  const path = v.cycle === undefined ? `${v.from} → ${v.to}` : [v.from, ...v.cycle.map((step) => step.name)].join(' → ');
  return `${v.rule.name}: ${path}`;
}

describe('layers of src/', () => {
  let found: IViolation[] = [];
  beforeAll(async () => {
    found = await violations(repoRoot);
  });

  it('has no import cycle and no import against the layer order', () => {
    const offending = found.map(describeViolation);
    expect(offending, `import cycles or imports against the layer order (docs/architecture.md):\n${offending.join('\n')}`).toEqual([]);
  });

  it('reports each kind of violation on a fixture tree, naming the offending edges', async () => {
    const found = (await violations(fixtureRoot)).map(describeViolation).sort();
    expect(found).toEqual(
      [
        // a cycle inside one folder, and a type-only cycle across two layers (each cycle reported once)
        'no-circular: src/support/a.ts → src/support/b.ts → src/support/a.ts',
        'no-circular: src/cost/price.ts → src/model/job.ts → src/cost/price.ts',
        // a lower layer importing a higher one (type-only imports count), and a peer importing its peer
        'layer-order:model: src/model/job.ts → src/cost/price.ts',
        'layer-order:traces: src/traces/read.ts → src/cost/price.ts',
        // the engine stays pure: nothing from Node, nothing else of src/
        'engine-imports-no-node: src/engine/clock.ts → fs',
        'engine-is-self-contained: src/engine/clock.ts → src/support/a.ts',
        // files outside every layer folder, and imports of them
        'not-in-a-layer: src/stray.ts → src/support/b.ts',
        'import-outside-layers: src/support/write.ts → src/stray.ts',
      ].sort(),
    );
  });
});
