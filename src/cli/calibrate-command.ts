import type { Command } from '@commander-js/extra-typings';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultCatalogDir, defaultModelCardsDir } from '../scenario/default-catalog-dir.js';
import type { CliIo } from './cli-io.js';
import { UsageError } from './exit-codes.js';
import { closest } from '../support/closest-name.js';
import { seedArg } from './option-parsers.js';

const FACTORS = ['inference_compute', 'inference_memory', 'training_mfu', 'collective', 'storage'] as const;
type Factor = (typeof FACTORS)[number];

/** --fit inference_compute,training_mfu → the factors, each once. */
function fitArg(v: string): Factor[] {
  const names = v.split(',').map((s) => s.trim().replace(/^efficiency\./, ''));
  for (const n of names) if (!(FACTORS as readonly string[]).includes(n)) throw new UsageError(`--fit: unknown factor '${n}'; factors: ${FACTORS.join(', ')}`);
  return [...new Set(names as Factor[])];
}

/** --holdout 0.25: the share of rows kept out of the fit, in [0, 1). */
function fractionArg(v: string): number {
  const n = Number(v);
  if (!(n >= 0 && n < 1)) throw new UsageError(`--holdout must be a fraction in [0, 1), got '${v}' (0.25 keeps a quarter of the rows out of the fit)`);
  return n;
}

/** --holdout-rows 3,7: data rows (1 = the first row under the header). */
function rowsArg(v: string): number[] {
  return v.split(',').map((s) => {
    const n = Number(s.trim());
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--holdout-rows must list data rows (1 = the first row under the header), got '${s.trim()}'`);
    return n;
  });
}

function dateArg(v: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) throw new UsageError(`--date must be YYYY-MM-DD, got '${v}'`);
  return v;
}

/** Registers `simulate calibrate` on the program (see main.ts). Its modules load when it runs (start-up). */
export function registerCalibrateCommand(program: Command, io: CliIo): void {
  program
    .command('calibrate')
    .description("fit a device or storage profile's efficiency factors to measured points (CSV), report the error on fitted and held-out rows, and write an override profile")
    .requiredOption(
      '--profile <id>',
      'the device profile to fit, or a node or cloud instance whose accelerator it is (its links carry the tensor-parallel and training all-reduces), or a storage profile (read_gbps, write_gbps rows)',
    )
    .requiredOption('--points <file>', 'CSV of measured points, one row per measurement (docs/calibration.md)')
    .option('--node <id>', 'the node the points ran on, when --profile names a device (needed for training rows and tensor_parallel > 1)')
    .option(
      '--fit <factors>',
      `factors to fit, comma-separated: ${FACTORS.join(', ')} (default: inference_compute for inference rows, training_mfu for training rows, storage for storage rows)`,
      fitArg,
    )
    .option('--holdout <fraction>', 'keep this share of the rows out of the fit, drawn with --seed, and report the error on them', fractionArg)
    .option('--holdout-rows <rows>', 'keep these data rows out of the fit (1 = the first row under the header), e.g. 3,7', rowsArg)
    .option('--seed <n>', 'seed of the --holdout draw', seedArg, 1)
    .option('--json', 'print the fit as JSON (factors, MAPE, one entry per row) instead of the table')
    .option('-o, --output <file>', 'write the override profile here: <id>.yaml, or a folder (the file is then <id>.yaml in it)')
    .option('--id <id>', 'id of the override profile (default: the -o file name, else <profile>-calibrated)')
    .option('--date <YYYY-MM-DD>', "day recorded in the profile's provenance (default: today, UTC)", dateArg)
    .option('--source-url <url>', 'where the measurements are published (default: the file:/// URL of --points)')
    .option('--catalog <dir>', 'hardware profile folder', defaultCatalogDir())
    .option('--models <dir>', 'model card folder', defaultModelCardsDir())
    .action(async (opts) => {
      if (opts.holdout !== undefined && opts.holdoutRows !== undefined) throw new UsageError('give --holdout or --holdout-rows, not both');
      if (opts.sourceUrl !== undefined && !/^(https?:\/\/|file:\/\/\/)\S+$/.test(opts.sourceUrl)) throw new UsageError(`--source-url must be an http(s) or file:/// URL, got '${opts.sourceUrl}'`);
      const [
        { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync },
        { tmpdir },
        { createHash },
        { Catalog, loadProfileFile },
        { ModelCards },
        { ProfileResolver },
        calib,
        { fitFactors },
        { overrideProfileText },
        { formatCalibration, calibrationJson },
        collisions,
        atomic,
        { TOOL_VERSION },
      ] = await Promise.all([
        import('node:fs'),
        import('node:os'),
        import('node:crypto'),
        import('../scenario/catalog.js'),
        import('../scenario/model-cards.js'),
        import('../scenario/profile-resolver.js'),
        import('../scenario/calibration/calibration-points.js'),
        import('../planning/calibration/fit-factors.js'),
        import('../planning/calibration/override-profile.js'),
        import('../report/calibration-text.js'),
        import('./output-collisions.js'),
        import('../support/write-atomic.js'),
        import('../support/version.js'),
      ]);
      const catalog = new Catalog(opts.catalog);
      const resolver = new ProfileResolver(catalog, new Map());
      const profileFile = (id: string, option: string) => {
        const loaded = catalog.get(id);
        if (!loaded) {
          const near = closest(id, catalog.ids());
          throw new UsageError(`${option}: no profile '${id}' in the catalog${near ? ` (did you mean '${near}'?)` : ''}; 'simulate profiles' lists them`);
        }
        return loaded;
      };
      const at = (id: string, option: string) => ({ src: profileFile(id, option).src, path: [] });
      const base = profileFile(opts.profile, '--profile');
      let device;
      let node;
      let storage;
      if (base.profile.kind === 'storage') {
        if (opts.node !== undefined) throw new UsageError(`--node: --profile ${opts.profile} is a storage profile; each row names its node (the node column)`);
        storage = resolver.get(opts.profile, 'storage', at(opts.profile, '--profile'));
      } else if (base.profile.kind === 'node' || base.profile.kind === 'cloud-instance') {
        if (opts.node !== undefined) throw new UsageError(`--node: --profile ${opts.profile} is already a ${base.profile.kind}; leave out --node`);
        node = resolver.get(opts.profile, 'node', at(opts.profile, '--profile'));
        if (!node.accelerators) throw new UsageError(`--profile: ${opts.profile} has no accelerators to calibrate`);
        device = node.accelerators.profile;
      } else {
        device = resolver.get(opts.profile, 'device', at(opts.profile, '--profile'));
        if (opts.node !== undefined) {
          node = resolver.get(opts.node, 'node', at(opts.node, '--node'));
          if (node.accelerators?.profile.id !== device.id) throw new UsageError(`--node: ${opts.node} holds ${node.accelerators?.profile.id ?? 'no accelerators'}, not ${device.id}`);
        }
      }
      const target = storage ?? device;
      if (!target) throw new UsageError(`--profile: ${opts.profile} is neither a device, a node nor a storage profile`);
      const isNode = (id: string) => ['node', 'cloud-instance'].includes(catalog.get(id)?.profile.kind ?? '');
      const nodes = { get: (id: string) => (isNode(id) ? resolver.get(id, 'node', at(id, 'node')) : undefined), ids: () => catalog.ids().filter(isNode) };
      const bytes = calib.readCalibrationFile(opts.points);
      const points = calib.parseCalibrationPoints(opts.points, bytes.toString('utf8'), new ModelCards(opts.models), {
        nodes,
        target: { id: target.id, ...(storage && { storageClass: storage.class, publishesWrite: storage.write_bandwidth !== undefined }) },
      });

      // the output: a folder gets <id>.yaml; a file names the id (the catalog loads a profile whose id is its file name)
      let output = opts.output;
      let id = opts.id;
      if (output !== undefined && existsSync(output) && statSync(output).isDirectory()) output = join(output, `${id ?? `${target.id}-calibrated`}.yaml`);
      if (output !== undefined) {
        const named = basename(output).replace(/\.ya?ml$/, '');
        if (!/\.ya?ml$/.test(output) || (id !== undefined && named !== id))
          throw new UsageError(`-o: the catalog loads a profile from <id>.yaml; write ${id ?? target.id + '-calibrated'}.yaml (or give a folder)`);
        id = named;
      }
      id ??= `${target.id}-calibrated`;
      if (!/^[a-z0-9][a-z0-9.-]*$/.test(id)) throw new UsageError(`--id: '${id}' is not a profile id (lower-case letters, digits, dots and dashes)`);
      if (output !== undefined) collisions.refuseCollisions([{ label: '-o', path: output }], [{ label: 'the points', path: opts.points }, ...collisions.catalogFiles(opts.catalog)]);

      const outcome = fitFactors({
        file: opts.points,
        points,
        system: storage ? { storage } : { ...(device && { device }), ...(node && { node }) },
        ...(opts.fit && { fit: opts.fit }),
        holdout:
          opts.holdoutRows !== undefined
            ? { kind: 'rows', rows: opts.holdoutRows }
            : opts.holdout !== undefined && opts.holdout > 0
              ? { kind: 'fraction', fraction: opts.holdout, seed: opts.seed }
              : { kind: 'none' },
      });
      const byRole = points.some((p) => p.role === 'holdout') ? ['rows whose role column says holdout'] : [];
      const chosen = opts.holdoutRows !== undefined ? [`rows ${opts.holdoutRows.join(', ')}`] : opts.holdout ? [`fraction ${opts.holdout}, seed ${opts.seed}`] : [];
      const holdout = [...chosen, ...byRole].join('; ') || 'none';
      if (opts.json) io.stdout(`${JSON.stringify(calibrationJson(outcome, { kind: storage ? 'storage' : 'device', id: target.id }, node?.id), null, 2)}\n`);
      else io.stdout(formatCalibration(outcome, `Calibration of ${target.id}${node ? ` (in ${node.id})` : ''} on ${opts.points}: ${points.length} row(s)`));
      if (output === undefined) {
        if (!opts.json) io.stdout('\nno profile written (-o <id>.yaml writes the override profile)\n');
        return;
      }
      const baseFile = profileFile(target.id, '--profile').src;
      const text = overrideProfileText(readFileSync(baseFile.file, 'utf8'), target.id, outcome, {
        id,
        points: basename(opts.points),
        sha256: createHash('sha256').update(bytes).digest('hex'),
        url: opts.sourceUrl ?? pathToFileURL(resolve(opts.points)).href,
        date: opts.date ?? new Date().toISOString().slice(0, 10),
        tool: `simulate ${TOOL_VERSION}`,
        holdout,
      });
      // the catalog must load what is written: checked on a scratch copy first, so a fault here never leaves a broken profile
      const scratch = mkdtempSync(join(tmpdir(), 'simulate-calibrate-'));
      try {
        writeFileSync(join(scratch, `${id}.yaml`), text);
        loadProfileFile(join(scratch, `${id}.yaml`));
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
      atomic.writeFileAtomic(output, text);
      (opts.json ? io.stderr : io.stdout)(`${opts.json ? '' : '\n'}wrote ${output} (profile ${id}): use it with --catalog <folder holding it and the profiles it needs> (docs/calibration.md)\n`);
    });
}
