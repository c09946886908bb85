/**
 * Colours of the components of one stacked bar (the cost categories: 14 and more): 16 distinct hues and tints
 * (Tableau 20's, the darker of each pair first), where the eight series colours would repeat within one bar.
 * Mid-tones that read on the light and the dark background alike.
 */
export const COMPONENT_COLOURS = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#e15759',
  '#499894',
  '#b6992d',
  '#79706e',
  '#d37295',
  '#a0cbe8',
  '#ffbe7d',
  '#8cd17d',
  '#ff9d9a',
  '#86bcb6',
  '#f1ce63',
  '#bab0ac',
  '#fabfd2',
] as const;

const componentClasses = (): string => COMPONENT_COLOURS.map((c, i) => `.k${i}{--c:${c}}`).join('');

/**
 * The page's only style sheet (inline, allowed by its hash in the Content-Security-Policy). No style
 * attributes anywhere: the CSP would block them. Light and dark schemes follow the reader's setting;
 * print always uses the light scheme.
 */
export const REPORT_CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#5b6470;--rule:#d4d9df;--grid:#e8ebef;--panel:#f5f7f9;--accent:#0b5cad;
--better:#0a7a3e;--worse:#b3261e;--ns:#5b6470;--diff:#fff4d6;
--c0:#0072b2;--c1:#d55e00;--c2:#009e73;--c3:#cc79a7;--c4:#e69f00;--c5:#56b4e9;--c6:#8c6d31;--c7:#5e5e5e}
@media (prefers-color-scheme:dark){:root{--bg:#15181c;--fg:#e6e9ed;--muted:#a3acb7;--rule:#39414a;--grid:#262c33;--panel:#1d2227;--accent:#79b8ff;
--better:#56d38a;--worse:#ff8a80;--ns:#a3acb7;--diff:#3b3320;
--c0:#4da3ff;--c1:#ff8a4c;--c2:#3ad1a0;--c3:#e7a3cc;--c4:#ffc24d;--c5:#8fd3ff;--c6:#d0a85c;--c7:#b8b8b8}}
@media print{:root{color-scheme:light;--bg:#fff;--fg:#000;--muted:#444;--rule:#bbb;--grid:#e5e5e5;--panel:#f3f3f3;--accent:#0b5cad;
--better:#0a7a3e;--worse:#b3261e;--ns:#444;--diff:#fff4d6;
--c0:#0072b2;--c1:#d55e00;--c2:#009e73;--c3:#cc79a7;--c4:#e69f00;--c5:#56b4e9;--c6:#8c6d31;--c7:#5e5e5e}}
*{box-sizing:border-box}
html{background:var(--bg);color:var(--fg)}
body{margin:0 auto;max-width:1180px;padding:24px 28px 48px;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;background:var(--bg);color:var(--fg)}
h1{font-size:1.7rem;margin:.2em 0 .3em}h2{font-size:1.3rem;margin:2em 0 .6em;padding-bottom:.2em;border-bottom:1px solid var(--rule)}
h3{font-size:1.05rem;margin:0 0 .2em}
a{color:var(--accent)}
.lede{color:var(--muted);margin:0 0 1em}
nav.toc ol{display:flex;flex-wrap:wrap;gap:.2em 1.4em;padding:0;margin:.4em 0 1em;list-style:none}
.warning-banner{margin:1em 0;padding:.7em 1em;border:2px solid #b45309;border-radius:4px;background:#fef3c7;color:#451a03;font-size:1.05em}.notes{margin:.4em 0;padding-left:1.2em}.notes li{margin:.2em 0}
.table-wrap{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;margin:.4em 0 1em}
caption{text-align:left;color:var(--muted);font-size:.9rem;padding:.2em 0 .4em}
th,td{padding:.35em .6em;border-bottom:1px solid var(--rule);text-align:left;vertical-align:top}
thead th{border-bottom:2px solid var(--rule);white-space:nowrap}
td.num,th.num{text-align:right}
tr.group th{background:var(--panel);font-weight:600;border-bottom:1px solid var(--rule)}
tr.differs td,tr.differs th{background:var(--diff)}
table.assumptions tbody th[scope=row],table.kpis tbody th[scope=row]{min-width:12em}
.est{display:block;white-space:nowrap}
.ci{display:block;color:var(--muted);font-size:.82rem;white-space:nowrap}
.delta{display:block;font-size:.85rem;white-space:nowrap}
.delta.better{color:var(--better)}.delta.worse{color:var(--worse)}.delta.same,.delta.unknown,.delta.changed{color:var(--ns)}
.tag{display:inline-block;font-size:.72rem;border:1px solid currentColor;border-radius:3px;padding:0 .3em;margin-left:.3em;vertical-align:1px}
.baseline-tag{color:var(--muted)}
#decision h2{margin-top:1em}.decision-headline{font-size:1.12rem;font-weight:600;margin:.4em 0}.decision-sentences{margin:.3em 0 .6em;padding-left:1.2em}.decision-sentences li{margin:.25em 0}
table.decision td.cost{font-weight:600;white-space:nowrap}table.decision td.worse{color:var(--worse)}table.decision td.better{color:var(--better)}
table.decision td.meets.yes{color:var(--better);font-weight:600}table.decision td.meets.no{color:var(--worse)}table.decision td.meets.unstated{color:var(--muted)}
tr.chosen th,tr.chosen td{background:var(--panel)}
table.decision tbody th{min-width:9em}
.variants table{font-size:.86rem}.variants table thead th{white-space:normal;vertical-align:bottom;min-width:4.5em;max-width:9em}.variants table th,.variants table td{padding:.3em .35em}
.variants table .est,.variants table .delta{white-space:normal}.variants table tbody th[scope=row]{min-width:0;max-width:14em}.chosen-tag{color:var(--better)}
.missing{color:var(--muted)}.nw{white-space:nowrap}
figure.chart{margin:1.4em 0 2em;padding:0;break-inside:avoid;page-break-inside:avoid}
figcaption .desc{color:var(--muted);margin:.1em 0 .4em;font-size:.92rem}
svg.chart-svg{display:block;width:100%;height:auto;max-width:900px;font-size:11px;overflow:visible}
svg .grid{stroke:var(--grid);stroke-width:1}
svg .domain{stroke:var(--muted);stroke-width:1}
svg .tick{fill:var(--muted)}
svg .axis-label{fill:var(--fg);font-size:12px}
svg .line{fill:none;stroke-width:2;stroke-linejoin:round;stroke-linecap:round}
svg .guide{fill:none;stroke-width:1.2;opacity:.6;stroke-dasharray:3 3}
svg .errorbar{stroke-width:1.5}
svg .band{fill:var(--c);stroke:none;opacity:.16}
svg .marker{fill:var(--bg);stroke:var(--fg);stroke-width:2}
svg .marker-rule{stroke:var(--muted);stroke-dasharray:2 3}
svg .marker-label{fill:var(--fg);font-size:11px}
svg .point-label{fill:var(--fg);font-size:11px}
svg .base-rule{stroke:var(--fg);stroke-width:1.5}
svg .front-line{fill:none;stroke:var(--c1);stroke-width:2}
svg .dot.front{fill:var(--c1)}svg .dot.dominated{fill:var(--muted);opacity:.7}
svg .tornado-low{fill:var(--c0)}svg .tornado-high{fill:var(--c1)}
svg .cell-label{font-size:10px}svg .cell-label.on-light{fill:#111}svg .cell-label.on-dark{fill:#fff}
svg .legend-swatch{stroke:var(--rule)}
.c0{--c:var(--c0)}.c1{--c:var(--c1)}.c2{--c:var(--c2)}.c3{--c:var(--c3)}.c4{--c:var(--c4)}.c5{--c:var(--c5)}.c6{--c:var(--c6)}.c7{--c:var(--c7)}
${componentClasses()}
svg .line,svg .guide,svg .errorbar{stroke:var(--c)}
svg .dot:not(.front):not(.dominated),svg .bar{fill:var(--c)}.area{fill:var(--c);stroke:none}
svg .d1{stroke-dasharray:7 3}svg .d2{stroke-dasharray:2 3}svg .d3{stroke-dasharray:9 3 2 3}
svg .mark:hover{opacity:.8}
ul.legend{display:flex;flex-wrap:wrap;gap:.2em 1.2em;list-style:none;padding:0;margin:.2em 0 .4em;font-size:.88rem}
ul.legend li{display:flex;align-items:center;gap:.4em}
.swatch{display:inline-block;width:26px;height:12px}
.swatch .line{stroke-width:3}
.swatch-box{display:inline-block;width:12px;height:12px;border-radius:2px;background:var(--c,var(--muted))}
.swatch-box.tornado-low{background:var(--c0)}.swatch-box.tornado-high{background:var(--c1)}.swatch-box.front{background:var(--c1)}.swatch-box.dominated{background:var(--muted)}
details.data{margin:.3em 0}details.data summary{cursor:pointer;color:var(--accent);font-size:.9rem}
details.data table{font-size:.85rem}
th button.sort{all:unset;cursor:pointer}th button.sort:focus-visible{outline:2px solid var(--accent)}
th[aria-sort=ascending] button.sort::after{content:" ▲"}th[aria-sort=descending] button.sort::after{content:" ▼"}
footer{margin-top:3em;color:var(--muted);font-size:.85rem;border-top:1px solid var(--rule);padding-top:.6em}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
@media print{body{max-width:none;padding:0;font-size:11pt}nav.toc,details.data{display:none}h2{break-after:avoid}tr{break-inside:avoid}a{color:inherit;text-decoration:none}}
`;
