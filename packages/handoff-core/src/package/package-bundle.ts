import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createAtomicFile, writeFileAtomic, type AtomicFile } from '../fs/atomic';
import { createProgress, type ProgressStream } from '../progress';
import { silentLogger, type BundlePlan, type Logger, type PackageResult } from '../types';
import { entryDate, type ZipEntrySpec } from './bundle-entries';
import { planLayout } from './bundle-layout';
import { outputWriteError } from './package-errors';
import { writeZip } from './zip-writer';

export interface PackageOptions {
  logger?: Logger;
  /** Where progress is drawn (a bar on a TTY, log lines otherwise; see createProgress); default stderr, false: none. */
  progress?: ProgressStream | false;
}

/** Bytes of the entries known before writing (generated files are small and not counted). */
function plannedBytes(entries: readonly ZipEntrySpec[]): number {
  let n = 0;
  for (const e of entries)
    n += e.source.kind === 'file' ? e.source.size : e.source.kind === 'bytes' ? e.source.data.length : 0;
  return n;
}

async function openOutput(zipPath: string, outDir: string): Promise<AtomicFile> {
  try {
    return await createAtomicFile(zipPath);
  } catch (err) {
    throw outputWriteError(err, outDir, zipPath);
  }
}

/**
 * Write the bundle as `<outDir>/<plan.zipName>`: a deterministic zip of `<topFolder>/<path>` entries
 * laid out by `plan.format` (see planLayout: path order with `checksums.sha256` last, or a BagIt
 * bag), plus `<zip>.sha256`. The zip appears at its final path only when complete; on any failure
 * nothing new is left in `outDir`.
 */
export async function packageBundle(
  plan: BundlePlan,
  outDir: string,
  opts: PackageOptions = {},
): Promise<PackageResult> {
  const logger = opts.logger ?? silentLogger;
  const entries = planLayout(plan, logger);
  const date = entryDate(plan.date);
  const zipPath = path.resolve(outDir, plan.zipName);
  const atomic = await openOutput(zipPath, outDir);
  const progress =
    opts.progress === false
      ? undefined
      : createProgress({
          label: 'package',
          totalBytes: plannedBytes(entries),
          totalFiles: entries.length,
          stream: opts.progress,
        });
  let committed = false;
  try {
    const written = await writeZip(entries, date, atomic.handle, progress);
    const sha256 = written.sha256;
    progress?.done();
    await atomic.commit();
    committed = true;
    await writeFileAtomic(`${zipPath}.sha256`, `${sha256}  ${plan.zipName}\n`);
    logger.info(`packaged ${written.fileCount} files into ${zipPath} (${written.size} bytes, sha256 ${sha256})`);
    return {
      zipPath,
      sha256,
      size: written.size,
      fileCount: written.fileCount,
      checksums: written.checksums,
    };
  } catch (err) {
    progress?.done('failed');
    if (committed) await fs.rm(zipPath, { force: true });
    else await atomic.abort();
    throw outputWriteError(err, outDir, zipPath);
  }
}
