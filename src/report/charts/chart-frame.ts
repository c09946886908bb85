import type { ScaleBand, ScaleLinear } from 'd3-scale';
import { html, joinHtml, type SafeHtml } from '../html/safe-html.js';
import { displayTicks, px, type AxisFormat } from './axis.js';

/** Layout of one chart in SVG user units; the SVG scales to its container (viewBox). */
export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

export const CHART_WIDTH = 720;

export function frame(height = 300, left = 64): Frame {
  return { width: CHART_WIDTH, height, top: 14, right: 20, bottom: 46, left };
}

export const innerWidth = (f: Frame) => f.width - f.left - f.right;
export const innerHeight = (f: Frame) => f.height - f.top - f.bottom;

/** The SVG element with its accessible name and description (`role="img"`, title and desc). */
export function svgDocument(id: string, title: string, description: string, f: Frame, body: SafeHtml): SafeHtml {
  return html`<svg class="chart-svg" viewBox="0 0 ${f.width} ${f.height}" role="img" aria-labelledby="${id}-title ${id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="${id}-title">${title}</title><desc id="${id}-desc">${description}</desc>${body}</svg>`;
}

/** Bottom axis with tick labels and vertical grid lines. */
export function xAxis(scale: ScaleLinear<number, number>, f: Frame, format: AxisFormat, label: string, ticks = 8): SafeHtml {
  const y0 = f.height - f.bottom;
  const marks = displayTicks(scale.domain(), format, ticks).map((t) => {
    const x = px(scale(t));
    return html`<line class="grid" x1="${x}" x2="${x}" y1="${f.top}" y2="${y0}"/><text class="tick" x="${x}" y="${y0 + 16}" text-anchor="middle">${format.tick(t)}</text>`;
  });
  return html`<g class="axis x-axis">${marks}<line class="domain" x1="${f.left}" x2="${f.width - f.right}" y1="${y0}" y2="${y0}"/><text class="axis-label" x="${f.left + innerWidth(f) / 2}" y="${f.height - 8}" text-anchor="middle">${label}${format.unitLabel}</text></g>`;
}

/** Left axis with tick labels and horizontal grid lines. */
export function yAxis(scale: ScaleLinear<number, number>, f: Frame, format: AxisFormat, label: string, ticks = 5): SafeHtml {
  const marks = displayTicks(scale.domain(), format, ticks).map((t) => {
    const y = px(scale(t));
    return html`<line class="grid" x1="${f.left}" x2="${f.width - f.right}" y1="${y}" y2="${y}"/><text class="tick" x="${f.left - 6}" y="${y}" dy="0.32em" text-anchor="end">${format.tick(t)}</text>`;
  });
  const cy = f.top + innerHeight(f) / 2;
  return html`<g class="axis y-axis">${marks}<line class="domain" x1="${f.left}" x2="${f.left}" y1="${f.top}" y2="${f.height - f.bottom}"/><text class="axis-label" transform="translate(14 ${px(cy)}) rotate(-90)" text-anchor="middle">${label}${format.unitLabel}</text></g>`;
}

/** Left axis of category names for horizontal bars; long names are shortened (the full name is the tooltip). */
export function bandAxisLeft(scale: ScaleBand<string>, f: Frame, labelOf: (key: string) => string = (k) => k, maxChars = 24): SafeHtml {
  return joinHtml(
    scale.domain().map((key) => {
      const name = labelOf(key);
      const y = px((scale(key) ?? 0) + scale.bandwidth() / 2);
      return html`<text class="tick band" x="${f.left - 6}" y="${y}" dy="0.32em" text-anchor="end"><title>${name}</title>${shorten(name, maxChars)}</text>`;
    }),
  );
}

export function shorten(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}

/** Linear domain covering the values with a little headroom, starting at 0 unless values go below it. */
export function niceDomain(values: readonly number[], fixed?: readonly [number, number]): [number, number] {
  if (fixed) return [fixed[0], fixed[1]];
  let lo = 0;
  let hi = 0;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === hi) hi = lo + 1;
  return [lo, hi];
}
