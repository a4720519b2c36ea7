import * as path from 'node:path';
import { HandoffError, type Problem } from '../errors';
import type { BundlePlan, BundleSource } from '../types';
import { checkEntryName, compareCodeUnits, findNameConflicts } from '../bundle/entry-name-rules';
import { BUNDLE_FILES, STORED_EXTENSIONS } from '../bundle/bundle-files';

export { STORED_EXTENSIONS };

/** The fixity file `package` adds as the last entry of every bundle. */
export const CHECKSUMS_FILE = BUNDLE_FILES.checksums;

/**
 * zlib level for deflated entries. Level 9: what gets deflated is mostly text (JSON, Markdown,
 * stripped results.json), small next to the STOREd media, so the best ratio costs little time; the
 * bundle is written once and downloaded and archived many times.
 */
export const DEFLATE_LEVEL = 9;

/** sha256 and byte count of an entry, as written into the zip. */
export interface WrittenFile {
  sha256: string;
  size: number;
}

/**
 * Bytes made while writing, from the entries written before it (keyed by their `path`): fixity files
 * such as checksums.sha256 or a BagIt manifest, which need the hashes of the single read pass.
 */
export interface GeneratedSource {
  kind: 'generated';
  build(written: ReadonlyMap<string, WrittenFile>): Buffer;
}

export type EntrySource = Exclude<BundleSource, { kind: 'derived' }> | GeneratedSource;

export interface ZipEntrySpec {
  /** NFC path relative to the top folder. */
  path: string;
  /** Full entry name: `<topFolder>/<path>`. */
  name: string;
  source: EntrySource;
  /** STORE (true) or DEFLATE (false). */
  store: boolean;
  /** The file's path in the plan, its key in PackageResult.checksums; unset for files package adds. */
  planPath?: string;
}

export function shouldStore(bundlePath: string): boolean {
  const base = bundlePath.slice(bundlePath.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 && STORED_EXTENSIONS.has(base.slice(dot + 1).toLowerCase());
}

/** `YYYY-MM-DD` -> that day at 00:00:00 UTC; DOS timestamps cover 1980-2107, archiver clamps at 2044. */
export function entryDate(date: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !d || d.toISOString().slice(0, 10) !== date || d.getUTCFullYear() < 1980 || d.getUTCFullYear() > 2043) {
    throw new HandoffError({
      code: 'CONFIG_INVALID',
      field: 'date',
      message: `invalid bundle date "${date}": expected a real YYYY-MM-DD between 1980 and 2043 (zip timestamps)`,
      hint: 'set the version date in handoff.json',
    });
  }
  return d;
}

/**
 * A plan file's source as the zip writer takes it: a derived file becomes a generated entry that
 * looks up the files written before it by their plan path (`entryPathOf` gives the entry path: a
 * bag's payload is under data/).
 */
function entrySource(source: BundleSource, entryPathOf: (planPath: string) => string): EntrySource {
  if (source.kind !== 'derived') return source;
  return {
    kind: 'generated',
    build: (written) => source.build((planPath) => written.get(entryPathOf(planPath.normalize('NFC')))),
  };
}

function checkPlanNames(plan: BundlePlan): Problem[] {
  const problems: Problem[] = [];
  const top = plan.topFolder.normalize('NFC');
  const topWhy = checkEntryName(top) ?? (top.includes('/') ? 'has more than one path segment' : undefined);
  if (topWhy)
    problems.push({
      code: 'PATH_ESCAPE',
      field: 'topFolder',
      message: `top folder "${plan.topFolder}" ${topWhy}`,
      hint: 'use `<slug>-handoff-v<N>`',
    });
  if (plan.zipName !== path.basename(plan.zipName) || !plan.zipName.endsWith('.zip') || checkEntryName(plan.zipName)) {
    problems.push({
      code: 'PATH_ESCAPE',
      field: 'zipName',
      message: `zip name "${plan.zipName}" must be a plain file name ending in .zip`,
      hint: 'use `<slug>-handoff-v<N>-<date>.zip`',
    });
  }
  return problems;
}

/**
 * Validate the plan and turn it into the ordered list of zip entries (without checksums.sha256):
 * NFC paths, plain code-unit order, no unsafe or colliding names.
 */
export function planEntries(plan: BundlePlan, entryPathOf: (planPath: string) => string = (p) => p): ZipEntrySpec[] {
  const problems = checkPlanNames(plan);
  const entries: ZipEntrySpec[] = [];
  const top = plan.topFolder.normalize('NFC');
  for (const file of plan.files) {
    const p = file.path.normalize('NFC');
    const why =
      checkEntryName(p) ?? (p === CHECKSUMS_FILE ? `is reserved: package writes ${CHECKSUMS_FILE} itself` : undefined);
    if (why) {
      problems.push({
        code: 'PATH_ESCAPE',
        file: file.path,
        message: `bundle path "${file.path}" ${why}`,
        hint: 'fix the stage that planned this file',
      });
      continue;
    }
    entries.push({
      path: p,
      name: `${top}/${p}`,
      source: entrySource(file.source, entryPathOf),
      store: shouldStore(p),
      planPath: p,
    });
  }
  for (const c of findNameConflicts(entries.map((e) => e.path))) {
    problems.push({
      code: 'ASSET_COLLISION',
      file: c.name,
      message: `bundle path "${c.name}" collides with "${c.other}": ${c.reason}`,
      hint: 'rename one of the files; bundles must extract identically on case-insensitive filesystems',
    });
  }
  if (problems.length > 0) throw new HandoffError(problems);
  return entries.sort((a, b) => compareCodeUnits(a.path, b.path));
}

function sourceSize(source: Exclude<EntrySource, GeneratedSource>): number {
  return source.kind === 'file' ? source.size : source.data.length;
}

/** Allowance for a generated file; its lines are covered by the per-entry allowance of the files it lists. */
const GENERATED_ESTIMATE = 1024 * 1024;

/**
 * Whether to ask for zip64 records up front. compress-commons switches to zip64 by itself once an
 * entry or offset passes 0xFFFFFFFF or the count passes 0xFFFF, but not at exactly 0xFFFF entries;
 * the plan's sizes give a safe over-estimate (deflate can grow data by ~0.03 %, headers are
 * counted generously), so decide from them. `entries` is every entry of the zip, generated ones
 * included.
 */
export function needsZip64(entries: readonly ZipEntrySpec[]): boolean {
  if (entries.length >= 0xffff) return true;
  let estimate = 0;
  for (const e of entries) {
    estimate +=
      e.source.kind === 'generated'
        ? GENERATED_ESTIMATE
        : sourceSize(e.source) * 1.01 + 1024 + 2 * Buffer.byteLength(e.name);
  }
  return estimate >= 0xffffffff;
}
