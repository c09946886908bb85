import { statSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import type { CarbonSeries } from '../../cost/hourly-carbon.js';
import { displayPath } from '../../support/input-error.js';
import type { FieldPath, ResolveContext } from './resolve-context.js';
import type { DateReading } from './resolve-dates.js';
import { readCarbonSeries, type CarbonSeriesFormat, type CarbonUnit } from './read-carbon-series.js';

interface CarbonSeriesInput {
  readonly file: string;
  readonly format: CarbonSeriesFormat;
  readonly column?: string | undefined;
  readonly time_column?: string | undefined;
  readonly unit?: CarbonUnit | undefined;
}

/**
 * A site's hourly intensity series, read relative to the scenario file and aligned to its calendar.
 * Problems go to the context: at the scenario's `file` (no such file), or located in the CSV (a gap, a bad value).
 */
export function carbonSeriesOf(input: CarbonSeriesInput, path: FieldPath, ctx: ResolveContext, reading: DateReading): CarbonSeries | undefined {
  const file = resolvePath(dirname(ctx.src.file), input.file);
  if (!isReadableFile(file)) {
    ctx.fail([...path, 'file'], `cannot read ${displayPath(file)}`, 'the path is relative to the scenario file');
    return undefined;
  }
  return ctx.guard(() =>
    readCarbonSeries(
      {
        file,
        declared: input.file,
        format: input.format,
        ...(input.column !== undefined && { column: input.column }),
        ...(input.time_column !== undefined && { timeColumn: input.time_column }),
        ...(input.unit !== undefined && { unit: input.unit }),
        zone: reading.zone,
      },
      reading.start,
    ),
  );
}

function isReadableFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
