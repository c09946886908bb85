import { fileURLToPath } from 'node:url';

/** The catalog shipped with the tool: `hardware-profiles/` at the package root. (Its own file: the CLI needs it to declare options, before it loads the catalog reader.) */
export function defaultCatalogDir(): string {
  return fileURLToPath(new URL('../../hardware-profiles/', import.meta.url));
}

/** The model cards shipped with the tool: `models/` at the package root. */
export function defaultModelCardsDir(): string {
  return fileURLToPath(new URL('../../models/', import.meta.url));
}

/** The managed-API offerings shipped with the tool: `token-apis/` at the package root. */
export function defaultTokenApisDir(): string {
  return fileURLToPath(new URL('../../token-apis/', import.meta.url));
}
