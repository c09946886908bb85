/**
 * Overlapping text in a rendered report, measured by the browser: every visible SVG `<text>` of each
 * chart, and the text of every visible table cell (the box of its characters, not of the cell, so a
 * cell's padding does not count). Two labels overlap when their boxes intersect by more than
 * `tolerance` px both ways (anti-aliasing and font rounding make touching boxes share a pixel).
 * Labels are compared within one chart or one table: separate figures cannot print over each other.
 *
 * `findTextOverlaps` runs in the page (`page.evaluate(findTextOverlaps, tolerance)`): it uses only
 * browser globals, typed here because the project compiles without the DOM library.
 */
export interface TextOverlap {
  readonly where: string;
  readonly a: string;
  readonly b: string;
}

export function findTextOverlaps(tolerance: number): TextOverlap[] {
  type Rect = { left: number; right: number; top: number; bottom: number; width: number; height: number };
  type El = {
    getBoundingClientRect(): Rect;
    getClientRects(): ArrayLike<Rect>;
    textContent: string | null;
    id: string;
    closest(sel: string): El | null;
    querySelectorAll(sel: string): ArrayLike<El>;
    getAttribute(name: string): string | null;
  };
  const g = globalThis as unknown as {
    document: { querySelectorAll(sel: string): ArrayLike<El>; createRange(): { selectNodeContents(n: El): void; getBoundingClientRect(): Rect } };
    getComputedStyle(e: El): { visibility: string; display: string };
  };
  const visible = (e: El, r: Rect) => r.width > 0 && r.height > 0 && e.getClientRects().length > 0 && g.getComputedStyle(e).visibility !== 'hidden';
  const label = (e: El) => (e.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
  const out: TextOverlap[] = [];
  const check = (where: string, unsorted: { text: string; r: Rect }[]) => {
    // a sweep along x: once a box starts right of this one's end, no later box meets it
    const items = [...unsorted].sort((p, q) => p.r.left - q.r.left);
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length && items[j]!.r.left < items[i]!.r.right - tolerance; j++) {
        const a = items[i]!.r;
        const b = items[j]!.r;
        const dx = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (dx > tolerance && dy > tolerance) out.push({ where, a: items[i]!.text, b: items[j]!.text });
      }
    }
  };
  const svgs = Array.from(g.document.querySelectorAll('svg'));
  svgs.forEach((svg, k) => {
    const texts = Array.from(svg.querySelectorAll('text')).flatMap((t) => {
      const r = t.getBoundingClientRect();
      return visible(t, r) && label(t) !== '' ? [{ text: label(t), r }] : [];
    });
    check(`svg ${svg.closest('figure')?.id ?? k}`, texts);
  });
  const range = g.document.createRange();
  Array.from(g.document.querySelectorAll('table')).forEach((table, k) => {
    const cells = Array.from(table.querySelectorAll('th, td')).flatMap((c) => {
      if (label(c) === '' || !visible(c, c.getBoundingClientRect())) return [];
      range.selectNodeContents(c);
      const r = range.getBoundingClientRect();
      return r.width > 0 && r.height > 0 ? [{ text: label(c), r }] : [];
    });
    check(`table ${table.getAttribute('class') ?? ''} ${table.closest('section')?.id ?? k}`, cells);
  });
  return out;
}
