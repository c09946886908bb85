import type { DataStream, Lake } from '../model/types.js';

/** How lakes and stream brokers are priced, in plain language (the cost basis prints it); absent without either. */
export function dataStorageBasis(scenario: { readonly streams?: readonly DataStream[]; readonly lakes?: readonly Lake[] }): string | undefined {
  const lakes = scenario.lakes ?? [];
  const streams = scenario.streams ?? [];
  if (lakes.length === 0 && streams.length === 0) return undefined;
  const held = lakes.filter((l) => l.initial > 0);
  const unpriced = streams.filter((s) => s.brokerStoragePrice === undefined).map((s) => s.name);
  const parts = [
    lakes.length > 0
      ? `Lakes (${lakes.map((l) => l.name).join(', ')}) are sized in closed form over the whole planning horizon from the declared rate of each stream written into them ` +
        `(its growth included), not from the simulated window: the window measures consumer lag and consumer nodes only. ` +
        (held.length > 0
          ? `Data held at the start has its ages spread evenly over ${held.map((l) => `${+(l.initialSpread / 86_400).toPrecision(4)} days (${l.name})`).join(', ')} (0: all new) and moves through the tiers and is deleted at the retention like any. `
          : '') +
        `Tier prices are charged on raw bytes (logical × redundancy); ` +
        `requests count one per object written, moved or read (object size: ${lakes.map((l) => `${l.name} ${+(l.objectSize / 1e6).toPrecision(4)} MB`).join(', ')}). ` +
        `Owned capacity is bought ahead of need (checked daily) and depreciated like the site's storage.`
      : '',
    streams.length > 0
      ? unpriced.length > 0
        ? `Broker disks of ${unpriced.join(', ')} (replication × the bytes within the retention) are reported but NOT PRICED (no broker_storage price).`
        : 'Broker disks are priced per byte-month of replication × the bytes within the retention.'
      : '',
  ];
  return parts.filter((p) => p !== '').join(' ');
}
