import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isAbsoluteAnywhere, resolveInsideRoot } from '../fs/safe-path';

/**
 * Where a job's output lives. Agencies' records write outputs relative to the results.json
 * folder, relative to the client folder, or as absolute paths from another machine; each is
 * tried in that order, and a path that names two existing files is an error naming both.
 */

export type ResolvedHow = 'results-folder' | 'client-folder' | 'tail' | 'missing';

export type OutputResolution =
  { rel: string; how: ResolvedHow } | { error: string; hint: string; kind: 'escape' | 'ambiguous' | 'foreign' };

export interface ResolveContext {
  clientRoot: string;
  /** Folder names the client goes by (its folder name, its slug). */
  clientNames: string[];
  /** Client-relative deliverables folders. */
  deliverables: string[];
}

const exists = (clientRoot: string, rel: string) =>
  fs.stat(path.join(clientRoot, rel)).then(
    (s) => s.isFile(),
    () => false,
  );

/** `file:///x/y.png` -> `/x/y.png`; `https://host/x/y.png` -> `/x/y.png`; undefined for a plain path. */
function uriPath(raw: string): string | undefined {
  const m = /^([a-z][a-z0-9+.-]+):\/\/([^/]*)(\/.*)?$/i.exec(raw);
  if (!m) return undefined;
  try {
    return decodeURIComponent((m[3] ?? '/').split(/[?#]/)[0]);
  } catch {
    return m[3] ?? '/';
  }
}

function ambiguous(raw: string, places: Array<{ rel: string; how: string }>): OutputResolution {
  return {
    kind: 'ambiguous',
    error: `output "${raw}" is found in two places: ${places.map((p) => `${p.rel} (${p.how})`).join(' and ')}`,
    hint: 'keep one of the two files, or write the path so it names one: "./..." is relative to the results.json folder only',
  };
}

async function resolveRelative(raw: string, baseRel: string, ctx: ResolveContext): Promise<OutputResolution> {
  const posix = raw.replace(/\\/g, '/');
  const explicit = /^\.\.?\//.test(posix);
  const fromResults = resolveInsideRoot(baseRel, posix);
  const fromClient = !explicit && baseRel ? resolveInsideRoot('', posix) : undefined;
  const found: Array<{ rel: string; how: ResolvedHow }> = [];
  if ('rel' in fromResults && (await exists(ctx.clientRoot, fromResults.rel)))
    found.push({ rel: fromResults.rel, how: 'results-folder' });
  if (
    fromClient &&
    'rel' in fromClient &&
    !found.some((f) => f.rel === fromClient.rel) &&
    (await exists(ctx.clientRoot, fromClient.rel))
  ) {
    found.push({ rel: fromClient.rel, how: 'client-folder' });
  }
  if (found.length > 1) {
    return ambiguous(raw, [
      { rel: found[0].rel, how: 'relative to the results.json folder' },
      { rel: found[1].rel, how: 'relative to the client folder' },
    ]);
  }
  if (found.length === 1) return found[0];
  // Neither exists: name the place the path most likely meant (a path starting with a deliverables folder is client-relative).
  const clientLike = ctx.deliverables.some((d) => d && posix.startsWith(`${d}/`));
  if (clientLike && fromClient && 'rel' in fromClient) return { rel: fromClient.rel, how: 'missing' };
  if ('rel' in fromResults) return { rel: fromResults.rel, how: 'missing' };
  if (fromClient && 'rel' in fromClient) return { rel: fromClient.rel, how: 'missing' };
  return { kind: 'escape', error: fromResults.error, hint: 'keep every output inside the client folder' };
}

/** Candidates for an absolute path: its tail below each folder named like the client or a deliverables folder. */
function tailCandidates(abs: string, ctx: ResolveContext): string[] {
  const segments = abs
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s && !/^[A-Za-z]:$/.test(s));
  const key = (s: string) => s.normalize('NFC').toLowerCase();
  const clientNames = new Set(ctx.clientNames.map(key));
  const byBase = new Map(ctx.deliverables.filter(Boolean).map((d) => [key(path.posix.basename(d)), d]));
  const out: string[] = [];
  for (let i = segments.length - 2; i >= 0; i--) {
    const tail = segments.slice(i + 1).join('/');
    if (segments.slice(i + 1).some((s) => s === '..' || s === '.')) continue;
    const seg = key(segments[i]);
    if (clientNames.has(seg)) out.push(tail);
    const d = byBase.get(seg);
    if (d !== undefined) out.push(`${d}/${tail}`);
  }
  return [...new Set(out.map((p) => p.normalize('NFC')))];
}

async function resolveByTail(raw: string, abs: string, ctx: ResolveContext): Promise<OutputResolution> {
  const candidates = tailCandidates(abs, ctx);
  if (candidates.length === 0) {
    return {
      kind: 'foreign',
      error: `absolute path "${raw}" has no folder named like the client (${ctx.clientNames.map((n) => `"${n}"`).join(', ')}) or a deliverables folder in it, so it cannot be found here`,
      hint: 'write the output relative to the client folder or to the results.json folder',
    };
  }
  const found: string[] = [];
  for (const c of candidates) if (await exists(ctx.clientRoot, c)) found.push(c);
  if (found.length > 1)
    return ambiguous(
      raw,
      found.slice(0, 2).map((rel) => ({ rel, how: 'by the tail of the absolute path' })),
    );
  if (found.length === 1) return { rel: found[0], how: 'tail' };
  return { rel: candidates[0], how: 'missing' };
}

/** Resolve one output as written in a results.json at `baseRel` (client-relative folder, '' for the root). */
export async function resolveOutput(raw: string, baseRel: string, ctx: ResolveContext): Promise<OutputResolution> {
  const fromUri = uriPath(raw);
  if (fromUri !== undefined) return resolveByTail(raw, fromUri, ctx);
  if (isAbsoluteAnywhere(raw)) return resolveByTail(raw, raw, ctx);
  return resolveRelative(raw, baseRel, ctx);
}

/** How the outputs of one results.json were found, counted; one line for the log and the check report. */
export function formatResolution(
  shownResults: string,
  counts: Partial<Record<ResolvedHow | 'unresolved', number>>,
): string | undefined {
  const parts: Array<[ResolvedHow | 'unresolved', string]> = [
    ['results-folder', 'relative to its folder'],
    ['client-folder', 'relative to the client folder'],
    ['tail', 'by the tail of an absolute path'],
    ['missing', 'not found'],
    ['unresolved', 'unusable'],
  ];
  const total = parts.reduce((n, [k]) => n + (counts[k] ?? 0), 0);
  if (total === 0) return undefined;
  const said = parts.filter(([k]) => counts[k]).map(([k, words]) => `${counts[k]} ${words}`);
  return `${shownResults}: ${total} output(s): ${said.join(', ')}`;
}
