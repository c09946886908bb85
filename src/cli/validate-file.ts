import type { Catalog } from '../scenario/catalog.js';
import { resolveScenario } from '../scenario/load-scenario.js';
import { readYamlFile } from '../scenario/yaml-file.js';
import { loadSweep } from '../sweep/load-sweep.js';
import { isSweepDocument } from '../sweep/sweep-file-kind.js';

/**
 * Checks one scenario or sweep file (decided by its top-level keys, see `isSweepDocument`) without
 * running it, and returns the `ok …` line `simulate validate` prints for it.
 * @throws InputError with every located problem, as `simulate run` and `simulate sweep` would report them.
 */
export function validateFile(file: string, catalog: Catalog): string {
  // read once: a FIFO (`validate <(…)`) gives its content to the first reader only
  const source = readYamlFile(file);
  if (isSweepDocument(source.value)) {
    const plan = loadSweep(file, { catalog, source });
    const count = plan.space.count.toLocaleString('en-US');
    return `ok ${file}: sweep ${plan.name}, ${count} variant(s) × ${plan.replications} replication(s), ${plan.parameters.length} parameter(s)`;
  }
  const s = resolveScenario(source, { catalog });
  const pools = s.sites.reduce((n, site) => n + site.pools.length, 0);
  return `ok ${file}: ${s.workloads.length} workload(s), ${pools} pool(s), ${s.replications} replication(s)`;
}
