/** Argument checks shared by the performance functions: they throw RangeError naming the value. */

export function positive(name: string, v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`${name} must be a finite number > 0, got ${v}`);
  return v;
}

export function fraction(name: string, v: number): number {
  if (!(v > 0 && v <= 1)) throw new RangeError(`${name} must be in (0, 1], got ${v}`);
  return v;
}
