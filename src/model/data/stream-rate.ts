import type { DataStream } from './data-types.js';

/** s in a day, and in a month (1/12 of a 365.25-day year, as the planning calendar counts months). */
const DAY = 86_400;
export const MONTH = (365.25 * DAY) / 12;
const OMEGA = (2 * Math.PI) / DAY;

/** The parts of a rate profile the closed forms need. */
export interface RateProfile {
  /** B/s mean at t = 0 */
  readonly rate: number;
  readonly amplitude: number;
  /** phase of the peak, radians: 2π × peakHour / 24 */
  readonly phase: number;
  /** 1/s continuous growth: ln(1 + monthly growth) / month */
  readonly k: number;
}

/** A stream's rate profile: λ(t) = rate · e^{kt} · (1 + amplitude · cos(ωt − phase)), ω = 2π / day. */
export function rateProfile(s: Pick<DataStream, 'rate' | 'diurnal' | 'monthlyGrowth'>): RateProfile {
  return {
    rate: s.rate,
    amplitude: s.diurnal?.amplitude ?? 0,
    phase: (2 * Math.PI * (s.diurnal?.peakHour ?? 0)) / 24,
    k: s.monthlyGrowth ? Math.log1p(s.monthlyGrowth) / MONTH : 0,
  };
}

/** B/s arriving at time t (the same cosine as the diurnal arrival process, times the growth). */
export function rateAt(p: RateProfile, t: number): number {
  return p.rate * Math.exp(p.k * t) * (1 + p.amplitude * Math.cos(OMEGA * t - p.phase));
}

/**
 * Bytes arrived in [0, t] (0 for t ≤ 0), in closed form:
 *   A(t) = rate · (E(t) + amplitude · C(t)),  E(t) = ∫₀ᵗ e^{ks} ds = (e^{kt} − 1)/k  (t when k = 0),
 *   C(t) = ∫₀ᵗ e^{ks} cos(ωs − φ) ds = [e^{kt}(k cos(ωt − φ) + ω sin(ωt − φ)) − (k cos φ − ω sin φ)] / (k² + ω²).
 */
export function bytesArrived(p: RateProfile, t: number): number {
  if (!(t > 0)) return 0;
  return p.rate * (growthIntegral(p.k, t) + (p.amplitude === 0 ? 0 : p.amplitude * cosIntegral(p, t)));
}

/**
 * Bytes a stream ingests between two run times t0 ≤ t1 (the pipelines' on-data trigger and input windows
 * read it): A(t1) − A(t0), exact for any span, however long.
 */
export function streamBytesBetween(stream: Pick<DataStream, 'rate' | 'diurnal' | 'monthlyGrowth'>, t0: number, t1: number): number {
  const p = rateProfile(stream);
  return Math.max(0, bytesArrived(p, t1) - bytesArrived(p, t0));
}

/** The stream named `name` among a run's streams (RunInputs.streams), or undefined. */
export function streamNamed(streams: readonly DataStream[] | undefined, name: string): DataStream | undefined {
  return streams?.find((s) => s.name === name);
}

/**
 * ∫₀ᵗ A(s) ds (byte-seconds), in closed form: rate · (∫E + amplitude · ∫C) with
 *   ∫₀ᵗ E = (e^{kt} − 1 − kt)/k²  (t²/2 when k = 0),
 *   ∫₀ᵗ C = (k C(t) + ω S(t) − (k cos φ − ω sin φ) t) / (k² + ω²),
 *   S(t) = ∫₀ᵗ e^{ks} sin(ωs − φ) ds = [e^{kt}(k sin(ωt − φ) − ω cos(ωt − φ)) + k sin φ + ω cos φ] / (k² + ω²).
 * Storage cost integrates a lake's size, which is a difference of shifted A's, with it.
 */
export function bytesArrivedIntegral(p: RateProfile, t: number): number {
  if (!(t > 0)) return 0;
  let base: number;
  const kt = p.k * t;
  if (p.k === 0) base = (t * t) / 2;
  else if (Math.abs(kt) < 1e-3) base = t * t * (0.5 + kt / 6 + (kt * kt) / 24);
  else base = (Math.expm1(kt) - kt) / (p.k * p.k);
  if (p.amplitude === 0) return p.rate * base;
  const { k, phase } = p;
  const d = k * k + OMEGA * OMEGA;
  const c = cosIntegral(p, t);
  const e = Math.exp(kt);
  const s = (e * (k * Math.sin(OMEGA * t - phase) - OMEGA * Math.cos(OMEGA * t - phase)) + k * Math.sin(phase) + OMEGA * Math.cos(phase)) / d;
  const c0 = k * Math.cos(phase) - OMEGA * Math.sin(phase);
  return p.rate * (base + (p.amplitude * (k * c + OMEGA * s - c0 * t)) / d);
}

/** The earliest t in [0, upTo] with A(t) ≥ bytes (A is non-decreasing): bisection to 1 ms. */
export function timeWhenArrived(p: RateProfile, bytes: number, upTo: number): number {
  if (bytes <= 0) return 0;
  let lo = 0;
  let hi = upTo;
  while (hi - lo > 1e-3) {
    const mid = (lo + hi) / 2;
    if (bytesArrived(p, mid) >= bytes) hi = mid;
    else lo = mid;
  }
  return hi;
}

function growthIntegral(k: number, t: number): number {
  if (k === 0) return t;
  return Math.expm1(k * t) / k;
}

function cosIntegral(p: RateProfile, t: number): number {
  const { k, phase } = p;
  const e = Math.exp(k * t);
  return (e * (k * Math.cos(OMEGA * t - phase) + OMEGA * Math.sin(OMEGA * t - phase)) - (k * Math.cos(phase) - OMEGA * Math.sin(phase))) / (k * k + OMEGA * OMEGA);
}
