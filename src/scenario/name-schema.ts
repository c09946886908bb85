import { z } from 'zod';

/** A name in a scenario (a site, a pool, a workload, a team): safe in paths, ids and messages. */
export const name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must start with a letter or digit and use only letters, digits, _ . -')
  .max(80);
