/**
 * The element at `index` of an array whose indices are in range by construction (a validated table,
 * a state number, a slot of a heap). Under `noUncheckedIndexedAccess` a plain read is typed
 * `T | undefined`; this read is checked instead of cast, so a broken invariant throws here rather than
 * letting `undefined` flow on as a number.
 */
export function entry<T>(values: ArrayLike<T>, index: number): T {
  const value = values[index];
  if (value === undefined) throw new RangeError(`index ${index} is outside 0..${values.length - 1}`);
  return value;
}
