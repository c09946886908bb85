/** Input checks shared by the failure model; each throws RangeError naming the value. */

export function requirePositive(name: string, value: number, allowInfinity = false): void {
  if (Number.isNaN(value) || value <= 0 || (!allowInfinity && !Number.isFinite(value))) {
    throw new RangeError(`${name} must be a positive${allowInfinity ? '' : ' finite'} number, got ${value}`);
  }
}

export function requireNonNegative(name: string, value: number, allowInfinity = false): void {
  if (Number.isNaN(value) || value < 0 || (!allowInfinity && !Number.isFinite(value))) {
    throw new RangeError(`${name} must be a non-negative${allowInfinity ? '' : ' finite'} number, got ${value}`);
  }
}

export function requireNonNegativeInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

export function requireFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
}

/** Anything with an open-interval uniform draw, e.g. a RandomStream. */
export interface OpenUniformSource {
  uniformOpen(): number;
}

/** Exponential draw with the given rate (1/s) by inversion: −ln(U)/rate, U ∈ (0,1). */
export function exponentialDraw(rate: number, stream: OpenUniformSource): number {
  return -Math.log(stream.uniformOpen()) / rate;
}
