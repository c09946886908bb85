/** Human formatting of canonical-unit numbers for terminal, Markdown and HTML output: one formatter for the whole product (src/format-quantity.ts). */
export { formatDuration, formatDurationEstimate, formatNumber, formatPercent } from '../support/format-quantity.js';
