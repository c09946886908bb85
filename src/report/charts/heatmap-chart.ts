import { interpolateViridis } from 'd3-scale-chromatic';
import { scaleBand, scaleSequential } from 'd3-scale';
import { html, type SafeHtml } from '../html/safe-html.js';
import { formatDuration } from '../format-units.js';
import { axisFormat, px } from './axis.js';
import { frame, shorten, svgDocument } from './chart-frame.js';
import type { DataTable, HeatmapChartSpec } from './chart-spec.js';

/**
 * A KPI over two swept parameters: one `rect.mark` per variant cell, coloured on viridis with the
 * better end bright (whatever the KPI's direction); the value is printed in the cell when it fits.
 */
export function renderHeatmapChart(spec: HeatmapChartSpec): SafeHtml {
  const f = { ...frame(Math.max(180, 80 + spec.yValues.length * 28), 96), bottom: 70 };
  const key = (v: number | string) => String(v);
  const x = scaleBand<string>()
    .domain(spec.xValues.map(key))
    .range([f.left, f.width - f.right])
    .padding(0.04);
  const y = scaleBand<string>()
    .domain(spec.yValues.map(key))
    .range([f.top, f.height - f.bottom])
    .padding(0.04);
  const values = spec.cells.map((c) => c.value);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const flip = spec.better === 'lower';
  const colour = scaleSequential(interpolateViridis).domain(flip ? [hi, lo === hi ? hi - 1 : lo] : [lo, lo === hi ? lo + 1 : hi]);
  const vf = axisFormat(spec.value, Math.max(Math.abs(lo), Math.abs(hi)));
  // Durations read in their own unit per cell (`15 min`, `2.3 d`): one unit for the whole map, chosen by the
  // largest value, printed small ones as `0.0104 d`. Other values: three significant digits of the legend's unit.
  const durations = spec.value.unit === 'seconds';
  const cellText = (v: number) => (durations ? formatDuration(v) : String(Number((v / vf.factor).toPrecision(3))));
  const cells = spec.cells.map((c) => {
    const fill = colour(c.value);
    const cx = x(key(c.x)) ?? 0;
    const cy = y(key(c.y)) ?? 0;
    const label = cellText(c.value);
    // printed only when it fits its cell (about 6 px a character at 10 px), else the tooltip and the table carry it
    const text =
      label.length * CELL_CHAR_PX <= x.bandwidth() - 4 && y.bandwidth() >= 14
        ? html`<text class="cell-label ${luminance(fill) > 0.45 ? 'on-light' : 'on-dark'}" x="${px(cx + x.bandwidth() / 2)}" y="${px(cy + y.bandwidth() / 2)}" dy="0.32em" text-anchor="middle">${label}</text>`
        : '';
    return html`<rect class="mark cell" x="${px(cx)}" y="${px(cy)}" width="${px(x.bandwidth())}" height="${px(y.bandwidth())}" fill="${fill}"><title>${c.label}: ${spec.value.label} ${vf.value(c.value)}</title></rect>${text}`;
  });
  const xTicks = spec.xValues.map((v) => html`<text class="tick" x="${px((x(key(v)) ?? 0) + x.bandwidth() / 2)}" y="${f.height - f.bottom + 16}" text-anchor="middle">${shorten(key(v), 10)}</text>`);
  const yTicks = spec.yValues.map((v) => html`<text class="tick" x="${f.left - 6}" y="${px((y(key(v)) ?? 0) + y.bandwidth() / 2)}" dy="0.32em" text-anchor="end">${shorten(key(v), 12)}</text>`);
  const legendY = f.height - 22;
  const steps = 5;
  const legend = Array.from({ length: steps }, (_, i) => {
    const v = lo + ((hi - lo) * i) / (steps - 1);
    const lx = f.left + i * 80;
    return html`<rect class="legend-swatch" x="${lx}" y="${legendY}" width="14" height="14" fill="${colour(v)}"/><text class="tick" x="${lx + 18}" y="${legendY + 11}">${cellText(v)}</text>`;
  });
  const body = html`<g class="axis">${xTicks}${yTicks}<text class="axis-label" x="${f.left + (f.width - f.left - f.right) / 2}" y="${f.height - f.bottom + 34}" text-anchor="middle">${spec.xParameter}</text><text class="axis-label" transform="translate(14 ${px(f.top + (f.height - f.top - f.bottom) / 2)}) rotate(-90)" text-anchor="middle">${spec.yParameter}</text></g>${cells}<g class="color-legend">${legend}<text class="tick" x="${f.left + steps * 80}" y="${legendY + 11}">${shorten(`${spec.value.label}${durations ? '' : vf.unitLabel}`, 44)}</text></g>`;
  return svgDocument(spec.id, spec.title, spec.description, f, body);
}

/** Width of one character of a cell label (10 px system font, digits and units), rounded up. */
const CELL_CHAR_PX = 6;

/** Relative luminance of an `rgb(r, g, b)` or `#rrggbb` colour, 0..1. */
function luminance(colour: string): number {
  const m = /rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(colour) ?? /#(..)(..)(..)/.exec(colour);
  if (!m) return 0;
  const ch = (s: string) => (colour.startsWith('#') ? parseInt(s, 16) : Number(s)) / 255;
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(ch(m[1]!)) + 0.7152 * lin(ch(m[2]!)) + 0.0722 * lin(ch(m[3]!));
}

export function heatmapTable(spec: HeatmapChartSpec): DataTable {
  return {
    columns: [spec.yParameter, spec.xParameter, `${spec.value.label}${spec.value.unit === 'seconds' ? ' (s)' : spec.value.unit === 'usd' ? ' (USD)' : ''}`, 'variant'],
    rows: spec.cells.map((c) => [c.y, c.x, c.value, c.label]),
  };
}
