/**
 * One federated round's client phase in closed form (docs/pipelines.md, "Federated learning"). Each
 * selected client downloads the global model, computes its local update and uploads it, one after the
 * other, on its own links and device: nothing is shared between clients, so each client's timeline is
 * a sum of three durations and the round needs no events of its own until it closes.
 */

/** One selected client's round: phase durations (s) and, if it drops, where. */
export interface ClientWork {
  readonly download: number;
  readonly compute: number;
  readonly upload: number;
  /** the client drops at this fraction of its total time, in [0, 1); undefined: it does not drop */
  readonly dropAt: number | undefined;
}

/** What a round's client phase gives. Byte counts are what crossed the links, partial transfers included. */
export interface ClientPhase {
  /** s after the round started at which it closes: every client reported or dropped, or the deadline */
  readonly close: number;
  readonly reports: number;
  /** dropped before the deadline (or with no deadline) */
  readonly dropouts: number;
  /** still working at the deadline (including clients that would have dropped after it) */
  readonly stragglers: number;
  readonly bytesUp: number;
  readonly bytesDown: number;
  /** s of device compute, summed over clients */
  readonly computeSeconds: number;
}

/** How far a phase of `length` s got when the client stopped `into` s after the phase began: a fraction in [0, 1]. */
function doneFraction(into: number, length: number): number {
  if (into <= 0) return length === 0 ? (into === 0 ? 1 : 0) : 0;
  return into >= length ? 1 : into / length;
}

/**
 * Plays the client phase of a round. Each client stops at its end (report), at its drop point, or at
 * the deadline, whichever comes first; the server closes the round when the last client stopped, and
 * at the deadline at the latest. A client reports when it ends before (or at) the deadline without
 * dropping.
 */
export function playClientPhase(clients: readonly ClientWork[], sizes: { readonly download: number; readonly update: number }, deadline: number | undefined): ClientPhase {
  const limit = deadline ?? Infinity;
  let close = 0;
  let reports = 0;
  let dropouts = 0;
  let stragglers = 0;
  let bytesUp = 0;
  let bytesDown = 0;
  let computeSeconds = 0;
  for (const c of clients) {
    const total = c.download + c.compute + c.upload;
    const stop = c.dropAt === undefined ? total : c.dropAt * total;
    const end = Math.min(stop, limit);
    close = Math.max(close, end);
    if (stop > limit) stragglers++;
    else if (c.dropAt !== undefined) dropouts++;
    else reports++;
    bytesDown += sizes.download * doneFraction(end, c.download);
    computeSeconds += c.compute * doneFraction(end - c.download, c.compute);
    bytesUp += sizes.update * doneFraction(end - c.download - c.compute, c.upload);
  }
  return { close, reports, dropouts, stragglers, bytesUp, bytesDown, computeSeconds };
}

/** Fraction of clients online at time `t` (s from midnight of day 0): the mean, shaped by a daily cycle when given, clipped to [0, 1]. */
export function onlineFraction(availability: number, t: number, diurnal: { readonly amplitude: number; readonly peakHour: number } | undefined): number {
  if (!diurnal) return availability;
  const day = 86_400;
  const shaped = availability * (1 + diurnal.amplitude * Math.cos(2 * Math.PI * (t / day - diurnal.peakHour / 24)));
  return Math.min(1, Math.max(0, shaped));
}
