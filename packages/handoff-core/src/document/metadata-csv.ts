import { stringify } from 'csv-stringify/sync';
import { HandoffError } from '../errors';
import type { ShippedFile } from '../types';
import type { AssetRecord } from './asset-records';
import { BUNDLE_FILES } from '../bundle/bundle-files';

/** An asset record with the sha256 and size of the bytes that ship. */
export interface ShippedRecord extends AssetRecord, ShippedFile {}

type Cell = string | number | undefined;

/** One CSV column: its header and its value for a record. */
export type CsvColumn = readonly [header: string, value: (r: ShippedRecord) => Cell];

/** A metadata CSV written into the bundle: its plan path and columns, one row per asset. */
export interface CsvProfile {
  /** `metadata`, or the DAM format. */
  format: string;
  /** What the README calls it: "an AEM Assets metadata import file". */
  label: string;
  path: string;
  columns: readonly CsvColumn[];
}

/**
 * docs/metadata.csv: every column the DAM profiles draw from, with neutral names. The README's
 * "docs/metadata.csv" section documents each column; keep the two in step.
 */
export const METADATA_CSV: CsvProfile = {
  format: 'metadata',
  label: 'a CSV table',
  path: BUNDLE_FILES.metadata,
  columns: [
    ['path', (r) => r.path],
    ['campaign', (r) => r.campaign],
    ['title', (r) => r.title],
    ['description', (r) => r.prompt],
    ['keywords', (r) => r.keywords.join('; ')],
    ['job_id', (r) => r.jobId],
    ['rights_kind', (r) => r.rightsKind],
    ['credit', (r) => r.credit],
    ['copyright_notice', (r) => r.copyrightNotice],
    ['usage_terms', (r) => r.usageTerms],
    ['date_created', (r) => r.dateCreated],
    ['digital_source_type', (r) => r.digitalSourceType],
    ['ai_system', (r) => r.aiSystem],
    ['ai_system_version', (r) => r.aiSystemVersion],
    ['seed', (r) => r.seed],
    ['width', (r) => r.width],
    ['height', (r) => r.height],
    ['bytes', (r) => r.size],
    ['sha256', (r) => r.sha256],
  ],
};

/**
 * UTF-8 without a byte-order mark, RFC 4180 (CRLF, fields quoted when needed). Cells that a
 * spreadsheet would run as a formula (starting with = + - @, tab or CR) get a leading `'`
 * (csv-stringify's escape_formulas): prompts are untrusted text.
 */
export function formatCsv(profile: CsvProfile, records: readonly ShippedRecord[]): Buffer {
  // Numbers stay numbers, so a negative seed is not taken for a formula.
  const rows = records.map((r) => profile.columns.map(([, value]) => value(r) ?? ''));
  const text = stringify([profile.columns.map(([header]) => header), ...rows], {
    record_delimiter: 'windows',
    escape_formulas: true,
    bom: false,
  });
  return Buffer.from(text, 'utf8');
}

/** The records with the sha256 and size of each asset as written into the bundle. */
export function withShipped(
  records: readonly AssetRecord[],
  shipped: (planPath: string) => ShippedFile | undefined,
  doc: string,
): ShippedRecord[] {
  return records.map((r) => {
    const s = shipped(r.path);
    if (!s) {
      throw new HandoffError({
        code: 'INTEGRITY',
        file: doc,
        message: `${doc} was built before ${r.path} was written, so it cannot list that file's checksum`,
        hint: 'a document listing the assets must sort after assets/ in the bundle; this is a bug in nx-handoff, please report it',
      });
    }
    return { ...r, sha256: s.sha256, size: s.size };
  });
}
