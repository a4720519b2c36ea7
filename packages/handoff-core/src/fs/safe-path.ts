import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { HandoffError, type Problem } from '../errors';

/** POSIX, NFC form of a relative path, as used for bundle and inventory paths. */
export function toPosixNfc(p: string): string {
  return p.split(path.sep).join('/').normalize('NFC');
}

/** Locale-independent ordering (UTF-16 code units), for deterministic output. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when `p` is absolute on any platform (POSIX, Windows drive, UNC). */
export function isAbsoluteAnywhere(p: string): boolean {
  return path.posix.isAbsolute(p) || path.win32.isAbsolute(p);
}

/**
 * Resolve `rel` (POSIX, relative to `baseRel` inside `root`) to a client-root-relative POSIX path.
 * Returns a problem instead of a path when it is absolute or escapes the root.
 */
export function resolveInsideRoot(baseRel: string, rel: string): { rel: string } | { error: string } {
  if (isAbsoluteAnywhere(rel)) return { error: `absolute path "${rel}" is not allowed` };
  const joined = path.posix.normalize(path.posix.join(baseRel || '.', rel.replace(/\\/g, '/')));
  if (joined === '..' || joined.startsWith('../')) return { error: `path "${rel}" escapes the client folder` };
  return { rel: joined === '.' ? '' : joined };
}

/** Problem for a path escaping the client folder. */
export function escapeProblem(message: string, file: string, field?: string): Problem {
  return {
    code: 'PATH_ESCAPE',
    file,
    field,
    message,
    hint: 'keep every path relative and inside the client folder; move the file into the client folder if it belongs to the handoff',
  };
}

/**
 * Real path of `abs`, refusing a symlink (anywhere on the way) that leads outside `rootReal`.
 * `rootReal` must itself be a realpath.
 */
export async function realpathInside(abs: string, rootReal: string, shown: string): Promise<string> {
  const real = await fs.realpath(abs);
  const rel = path.relative(rootReal, real);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new HandoffError(escapeProblem(`symlink leads outside the client folder (to ${real})`, shown));
  }
  return real;
}
