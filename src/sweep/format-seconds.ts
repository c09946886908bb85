/** A duration in the unit it reads best in: s below 2 min, min below 2 h, h below 2 d, then d (3 digits). */
export function formatSeconds(s: number): string {
  const a = Math.abs(s);
  if (a === 0) return '0 s';
  if (a < 120) return `${Number(s.toPrecision(3))} s`;
  if (a < 7200) return `${Number((s / 60).toPrecision(3))} min`;
  if (a < 172_800) return `${Number((s / 3600).toPrecision(3))} h`;
  return `${Number((s / 86_400).toPrecision(3))} d`;
}
