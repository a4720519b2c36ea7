import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { CheckResult } from '../types';
import { checkResult, type BundleDoc, type BundleView } from './bundle-view';

export const METADATA_CSV_FILE = 'docs/metadata.csv';
export const CONTACT_SHEET_FILE = 'index.html';

const skipped = (name: string, file: string): CheckResult => ({
  name,
  status: 'skip',
  summary: `no ${file} (a bundle made before nx-handoff wrote one)`,
  problems: [],
});

function parseRows(text: string): { rows?: string[][]; problem?: string } {
  try {
    return { rows: parse(text, { relax_column_count: false }) as string[][] };
  } catch (err) {
    return { problem: `${METADATA_CSV_FILE}: not valid CSV (${(err as Error).message.split('\n')[0]})` };
  }
}

/** Rows against the extracted files: each asset exactly once, with the sha256 and size that shipped. */
function rowProblems(view: BundleView, header: string[], rows: string[][]): string[] {
  const col = (name: string) => header.indexOf(name);
  const [pathAt, shaAt, bytesAt] = [col('path'), col('sha256'), col('bytes')];
  if (pathAt < 0 || shaAt < 0 || bytesAt < 0)
    return [`${METADATA_CSV_FILE}: the header needs path, sha256 and bytes columns, found ${header.join(',')}`];
  const problems: string[] = [];
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const rel = row[pathAt];
    const file = view.files.get(rel);
    const where = `${METADATA_CSV_FILE} row ${i + 2}`;
    if (seen.has(rel)) problems.push(`${where}: ${rel} is listed twice`);
    seen.add(rel);
    if (!rel.startsWith('assets/') || !file) problems.push(`${where}: ${rel} is not an asset of the bundle`);
    else if (row[shaAt] !== file.sha256 || row[bytesAt] !== String(file.size))
      problems.push(
        `${where}: ${rel} says sha256 ${row[shaAt].slice(0, 12)}… / ${row[bytesAt]} bytes, the file has ${file.sha256.slice(0, 12)}… / ${file.size}`,
      );
  });
  for (const rel of view.files.keys())
    if (rel.startsWith('assets/') && !seen.has(rel)) problems.push(`${METADATA_CSV_FILE}: no row for ${rel}`);
  return problems;
}

/** docs/metadata.csv: valid CSV, one row per file under assets/, each with the file's sha256 and size. */
export function checkMetadataCsv(view: BundleView, doc: BundleDoc): CheckResult {
  if (!doc.present || doc.text === undefined) return skipped('metadata-csv', METADATA_CSV_FILE);
  const { rows, problem } = parseRows(doc.text);
  if (!rows) return checkResult('metadata-csv', [problem!], '');
  const [header = [], ...body] = rows;
  return checkResult(
    'metadata-csv',
    rowProblems(view, header, body),
    `${body.length} rows, one per asset, sha256 and sizes match`,
  );
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" };
const decodeEntities = (s: string): string => s.replace(/&(amp|lt|gt|quot|#39|apos);/g, (_, e: string) => ENTITIES[e]);

/** Every URL the page could load or link to: attributes that take one, and CSS url(). */
export function pageReferences(html: string): string[] {
  const refs: string[] = [];
  const attr =
    /\s(?:src|href|poster|data|action|formaction|srcset|background|xlink:href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;
  for (const m of html.matchAll(attr)) refs.push(decodeEntities(m[1] ?? m[2] ?? m[3]));
  // CSS in a style attribute has its quotes as entities: decode first.
  for (const m of decodeEntities(html).matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"']*))\s*\)/gi))
    refs.push(m[1] ?? m[2] ?? m[3]);
  return refs;
}

/** Why a reference from index.html is not a file inside the bundle, undefined when it is. */
function referenceProblem(view: BundleView, ref: string): string | undefined {
  const url = ref.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//') || url.startsWith('/') || url.startsWith('\\'))
    return `${url} is not a relative path inside the bundle`;
  const target = url.split(/[?#]/)[0];
  if (target === '') return undefined; // a fragment link within the page
  let decoded: string;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    return `${url} is not a valid URL`;
  }
  const rel = path.posix.normalize(decoded);
  if (rel.startsWith('../') || rel === '..') return `${url} points outside the bundle`;
  return view.files.has(rel) ? undefined : `${url} names ${rel}, which is not in the bundle`;
}

/** index.html: a no-network Content-Security-Policy, and every reference a file inside the bundle. */
export function checkContactSheet(view: BundleView, doc: BundleDoc): CheckResult {
  if (!doc.present || doc.text === undefined) return skipped('contact-sheet', CONTACT_SHEET_FILE);
  const problems: string[] = [];
  const csp = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(doc.text)?.[1];
  if (!csp || !/(^|;)\s*default-src 'none'/.test(decodeEntities(csp)))
    problems.push(`${CONTACT_SHEET_FILE}: no Content-Security-Policy with default-src 'none'`);
  const refs = pageReferences(doc.text);
  for (const ref of refs) {
    const p = referenceProblem(view, ref);
    if (p) problems.push(`${CONTACT_SHEET_FILE}: ${p}`);
  }
  return checkResult(
    'contact-sheet',
    problems,
    `${refs.length} references, all to files inside the bundle; no network`,
  );
}
