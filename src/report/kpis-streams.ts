import { pathKpi, unionKeys, type KpiFamily } from './kpi-definition.js';
import { summaryKeys, valueAt } from './result-document.js';

/** Rows of streaming ingestion (issue 18), present only when a result has streams: consumer lag and how busy the consumers were. */
export const streams: KpiFamily = {
  id: 'streams',
  expand: (results) =>
    unionKeys(results, (r) => summaryKeys(r, ['streams'])).flatMap((s) => {
      const p = ['streams', s];
      const id = `streams[${s}]`;
      return [
        pathKpi({ id: `${id}.lag_seconds.p99`, label: `stream ${s}: consumer lag p99`, group: 'Streaming ingestion', unit: 'seconds', better: 'lower' }, [...p, 'lag_seconds', 'p99']),
        pathKpi({ id: `${id}.lag_seconds.max`, label: `stream ${s}: consumer lag max`, group: 'Streaming ingestion', unit: 'seconds', better: 'lower' }, [...p, 'lag_seconds', 'max']),
        pathKpi({ id: `${id}.lag_bytes.max`, label: `stream ${s}: bytes behind, max`, group: 'Streaming ingestion', unit: 'number', suffix: 'B', better: 'lower' }, [...p, 'lag_bytes', 'max']),
        pathKpi({ id: `${id}.expired_bytes`, label: `stream ${s}: bytes expired unread`, group: 'Streaming ingestion', unit: 'number', suffix: 'B', better: 'lower' }, [...p, 'expired_bytes']),
        pathKpi({ id: `${id}.lagging_fraction`, label: `stream ${s}: time lagging`, group: 'Streaming ingestion', unit: 'fraction', better: 'lower' }, [...p, 'lagging_fraction']),
        pathKpi({ id: `${id}.consumer_utilisation`, label: `stream ${s}: consumer utilisation`, group: 'Streaming ingestion', unit: 'fraction', better: 'neither' }, [...p, 'consumer_utilisation']),
      ];
    }),
};

/** With lakes: each site's storage over the horizon, owned (capex and opex) and cloud, as rows of their own. */
export const siteStorage: KpiFamily = {
  id: 'site-storage',
  expand: (results) =>
    results.some((r) => valueAt(r, ['lakes']) !== undefined)
      ? unionKeys(results, (r) => summaryKeys(r, ['cost', 'per_site'])).flatMap((site) => {
          const p = ['cost', 'per_site', site, 'by_category'];
          return [
            pathKpi({ id: `cost.site[${site}].storage`, label: `site ${site}: storage (owned)`, group: 'Cost', unit: 'usd', better: 'lower', horizonTotal: true }, [...p, 'storage']),
            pathKpi({ id: `cost.site[${site}].cloud_storage`, label: `site ${site}: cloud storage`, group: 'Cost', unit: 'usd', better: 'lower', horizonTotal: true }, [...p, 'cloud_storage']),
          ];
        })
      : [],
};
