/**
 * The layers of src/ and the rules between them (docs/architecture.md explains each folder).
 *
 * A folder may import its own files, any folder of a LOWER layer, and npm packages; never a folder of
 * a higher layer, and never its peer in the same layer (traces and cost are independent of each
 * other). No import cycles anywhere in src/, type-only imports included: a type import is a compile
 * dependency. src/index.ts, the library's public entry, sits above every layer and nothing imports it.
 *
 * Checked by test/architecture/layers.test.ts (part of `npm test`); `npm run layers` prints the same
 * violations with dependency-cruiser's own reporter.
 */

/** Lowest first. Each inner list is one layer; folders of src/. */
const LAYERS = [['support'], ['engine'], ['metrics'], ['model'], ['traces', 'cost'], ['scenario'], ['simulate'], ['planning'], ['report'], ['sweep'], ['cli']];

const FOLDERS = LAYERS.flat();
const anyOf = (folders) => `^src/(${folders.join('|')})/`;

/** One rule per folder: what it may not import (higher layers and its peers). */
const upwardRules = LAYERS.flatMap((layer, level) =>
  layer.map((folder) => {
    const above = LAYERS.slice(level + 1).flat();
    const peers = layer.filter((f) => f !== folder);
    const forbidden = [...peers, ...above];
    return {
      name: `layer-order:${folder}`,
      comment: `src/${folder}/ may import only ${LAYERS.slice(0, level).flat().join(', ') || 'nothing else in src'}; not ${forbidden.join(', ') || 'nothing else'} (and not src/index.ts)`,
      severity: 'error',
      from: { path: `^src/${folder}/` },
      to: { path: forbidden.length > 0 ? `${anyOf(forbidden)}|^src/index\\.ts$` : '^src/index\\.ts$' },
    };
  }),
);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'an import cycle: the files on it cannot be understood, tested or moved one at a time',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...upwardRules,
    {
      name: 'engine-is-self-contained',
      comment: 'the engine imports nothing else of src/, not even support: it is the kernel every layer may use (docs/architecture.md)',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { path: '^src/', pathNot: '^src/engine/' },
    },
    {
      name: 'engine-imports-no-node',
      comment: 'the engine imports nothing from Node (no fs, no process, no clock): a pure, deterministic kernel (docs/architecture.md)',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'not-in-a-layer',
      comment: `every src file lives in a layer folder (${FOLDERS.join(', ')}) or is src/index.ts: add a new folder to LAYERS in .dependency-cruiser.cjs and to docs/architecture.md`,
      severity: 'error',
      from: { path: '^src/', pathNot: `${anyOf(FOLDERS)}|^src/index\\.ts$` },
      to: {},
    },
    {
      name: 'import-outside-layers',
      comment: `an import of a src file outside the layer folders (${FOLDERS.join(', ')}): place that file in a layer`,
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/', pathNot: `${anyOf(FOLDERS)}|^src/index\\.ts$` },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // type-only imports are dependencies too (model/types.ts → cost was one)
    tsPreCompilationDeps: true,
    // .js specifiers resolve to the .ts sources (NodeNext style)
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
