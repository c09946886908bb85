import { bytesPerElement, defaultMfu } from '../../model/performance/index.js';
import type { ComputeDeviceProfile, FederatedWorkload, PoolSpec, Site } from '../../model/types.js';
import type { ScenarioInput } from '../scenario-schema.js';
import { formatGigabytes } from '../../support/format-quantity.js';
import type { FieldPath, ResolveContext } from './resolve-context.js';
import { resolveCard } from './resolve-served-model.js';

type FederatedInput = Extract<ScenarioInput['workloads'][number], { kind: 'federated' }>;

/**
 * A federated workload: its clients' site and device resolved, the bytes each round moves and the FLOP
 * each client computes worked out once (docs/pipelines.md gives every formula). The aggregation pool
 * is its home pool; its jobs never run elsewhere (the updates arrive there).
 */
export function resolveFederated(
  w: FederatedInput,
  pool: PoolSpec,
  sites: readonly Site<PoolSpec>[],
  residency: Readonly<Record<string, readonly string[]>>,
  at: (...p: FieldPath) => FieldPath,
  ctx: ResolveContext,
): FederatedWorkload | undefined {
  const c = w.clients;
  // the updates leave the clients' site for the aggregation site: residency tags must allow that site
  const barred = w.tags.find((t) => residency[t] !== undefined && !residency[t].includes(pool.site));
  if (barred !== undefined) ctx.fail(at('site'), `aggregates on '${pool.site}' but its tag '${barred}' only allows ${residency[barred]?.join(', ')}`, 'data residency: aggregate on an allowed site');
  const clientSite = sites.find((s) => s.name === c.site);
  if (!clientSite) ctx.fail(at('clients', 'site'), `unknown site '${c.site}'`, `one of: ${sites.map((s) => s.name).join(', ')} (declare the stores as a site of kind: edge)`);
  const device = ctx.guard(() => ctx.resolver.get(c.device, 'device', { src: ctx.src, path: at('clients', 'device') }));
  if (device && device.peak[w.local.precision] === undefined) {
    ctx.fail(at('local', 'precision'), `client device ${device.id} has no ${w.local.precision} peak`, `one of: ${Object.keys(device.peak).join(', ')}`);
  }
  const a = w.aggregation;
  if (pool.device.peak[a.precision] === undefined) {
    ctx.fail(at('aggregation', 'precision'), `pool '${pool.id}' runs on ${pool.device.id}, which has no ${a.precision} peak`, `one of: ${Object.keys(pool.device.peak).join(', ')}`);
  }
  if (pool.deviceCount > 0 && a.devices > pool.deviceCount) {
    ctx.fail(at('aggregation', 'devices'), `asks for ${a.devices} devices but pool '${pool.id}' has only ${pool.deviceCount}`, 'the aggregation could never start');
  }
  const card = w.model.card === undefined ? undefined : resolveCard(w.model.card, at('model', 'card'), ctx);
  const params = card?.params ?? w.model.params;
  if (!clientSite || !device || params === undefined) return undefined;
  const perParam = bytesPerElement[w.model.precision];
  const l = w.local;
  const samples = l.samples ?? (l.steps !== undefined && l.batch !== undefined ? l.steps * l.batch : (l.epochs ?? 0) * (l.dataset_samples ?? 0));
  // a language model's tokens: forward 2N and backward 4N FLOP per token, or 2N with LoRA (no weight gradients of the frozen weights)
  const localFlops = l.tokens !== undefined ? (l.fine_tuning === 'lora' ? 4 : 6) * params * l.tokens : (l.flops_per_sample ?? 0) * samples;
  // weights alone at the local precision: a lower bound of what training holds, so a model refused here never fits
  const weights = params * bytesPerElement[l.precision];
  const capacity = device.memory?.capacity;
  if (capacity !== undefined && weights > capacity) {
    ctx.fail(
      at('clients', 'device'),
      `the model's weights alone (${formatGigabytes(weights)} at ${l.precision}) exceed the ${formatGigabytes(capacity)} of ${device.id}`,
      'a smaller model, a lower local precision or a larger client device',
    );
  }
  const mfu = localMfu(l.mfu, device);
  const power = c.power ?? device.power?.max;
  return {
    name: w.name,
    ...(w.team !== undefined && { team: w.team }),
    tags: w.tags,
    kind: 'federated',
    pool: pool.id,
    priority: w.priority,
    alternatives: [],
    allowedSites: [pool.site],
    federated: {
      clients: {
        count: c.count,
        site: c.site,
        device,
        uplink: c.uplink,
        downlink: c.downlink,
        speed: c.speed ?? { kind: 'constant', value: 1 },
        availability: c.availability,
        ...(c.diurnal && { diurnal: { amplitude: c.diurnal.amplitude, peakHour: c.diurnal.peak_hour } }),
        dropout: c.dropout,
        ...(power !== undefined && { power }),
        ...(c.energy_price !== undefined && { energyPrice: c.energy_price }),
      },
      download: w.model.download_bytes ?? params * perParam,
      update: w.model.update_bytes ?? (params * perParam) / w.model.compression,
      model: { params, ...(card && { card: card.id }), precision: w.model.precision, compression: w.model.compression },
      local: { flops: localFlops, precision: l.precision, mfu: mfu.value, mfuSource: mfu.source },
      perRound: w.per_round,
      minReports: w.min_reports,
      ...(w.round_deadline !== undefined && { deadline: w.round_deadline }),
      selection: w.selection,
      schedule: w.every === undefined ? { kind: 'back-to-back' } : { kind: 'every', interval: w.every },
      retryAfter: w.retry_after,
      ...(w.max_rounds !== undefined && { maxRounds: w.max_rounds }),
      aggregation: { devices: a.devices, flops: a.flops, flopsPerReport: a.flops_per_report ?? 2 * params, precision: a.precision, efficiency: a.efficiency },
    },
  };
}

/** The clients' MFU: the scenario's, else the device profile's fitted one, else the device class default (its source or ASSUMPTION says which). */
function localMfu(given: number | undefined, device: ComputeDeviceProfile): { readonly value: number; readonly source: string } {
  if (given !== undefined) return { value: given, source: 'input' };
  const fitted = device.efficiency?.trainingMfu;
  if (fitted !== undefined) return { value: fitted, source: `fitted in profile ${device.id}` };
  const fallback = defaultMfu[device.kind];
  return { value: fallback.value, source: `ASSUMPTION: the ${device.kind} class default measured on large training jobs, not on this device (${fallback.source})` };
}
