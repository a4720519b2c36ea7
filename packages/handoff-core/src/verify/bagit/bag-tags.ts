import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { BundleView } from '../bundle-view';
import { BAG_DECLARATION_FILE, BAG_INFO_FILE } from '../../bagit/bag-files';
import { tagValues, type ParsedTagFile } from '../../bagit/tag-file';

/** Where the checks of one bag collect what they find. */
export interface BagFindings {
  errors: string[];
  warnings: string[];
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A tag file at the bag root as text. A byte-order mark is an error in bagit.txt (RFC 8493
 * §2.1.1) and a warning elsewhere, as in bagit-python; invalid UTF-8 is an error.
 */
export async function readTagText(view: BundleView, rel: string, found: BagFindings): Promise<string | undefined> {
  let bytes = await fs.readFile(path.join(view.root, ...rel.split('/')));
  if (bytes.subarray(0, 3).equals(BOM)) {
    if (rel === BAG_DECLARATION_FILE) found.errors.push(`${rel} starts with a byte-order mark, which RFC 8493 forbids`);
    else found.warnings.push(`${rel} starts with a byte-order mark`);
    bytes = bytes.subarray(3);
  }
  try {
    return utf8.decode(bytes);
  } catch {
    found.errors.push(`${rel} is not valid UTF-8 (the bag declares UTF-8 tag files)`);
    return undefined;
  }
}

/**
 * bagit.txt is exactly `BagIt-Version: 1.<minor>` then `Tag-File-Character-Encoding: UTF-8`,
 * each ending in a line break.
 */
export function declarationProblems(text: string): string[] {
  const f = BAG_DECLARATION_FILE;
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] !== '') return [`${f}: the last line does not end with a line break`];
  lines.pop();
  const version = /^BagIt-Version:[ \t]+(\S+)$/.exec(lines[0] ?? '');
  const encoding = /^Tag-File-Character-Encoding:[ \t]+(\S+)$/.exec(lines[1] ?? '');
  if (lines.length !== 2 || !version || !encoding) {
    return [
      `${f}: expected exactly two lines, "BagIt-Version: 1.0" then "Tag-File-Character-Encoding: UTF-8", found ${JSON.stringify(text.slice(0, 120))}`,
    ];
  }
  const problems: string[] = [];
  if (!/^1\.\d+$/.test(version[1])) problems.push(`${f}: BagIt-Version is ${version[1]}, expected 1.0 (RFC 8493)`);
  if (encoding[1].toUpperCase() !== 'UTF-8')
    problems.push(`${f}: Tag-File-Character-Encoding is ${encoding[1]}, only UTF-8 is supported`);
  return problems;
}

export interface PayloadStats {
  /** Bag paths (`data/...`) of the files under data/. */
  files: string[];
  bytes: number;
}

/** Payload-Oxum, when present, is `<octets>.<files>` and matches the payload found. */
export function checkOxum(info: ParsedTagFile, payload: PayloadStats, found: BagFindings): void {
  const values = tagValues(info, 'Payload-Oxum');
  if (values.length === 0) {
    found.warnings.push(`${BAG_INFO_FILE} has no Payload-Oxum: the payload size was not checked against it`);
    return;
  }
  const [first] = values;
  const where = `${BAG_INFO_FILE} line ${first.line} (Payload-Oxum)`;
  if (values.length > 1) found.errors.push(`${where}: appears ${values.length} times, at most once is allowed`);
  const m = /^(\d+)\.(\d+)$/.exec(first.value);
  if (!m) {
    found.errors.push(`${where}: "${first.value}" is not <octet count>.<file count>`);
    return;
  }
  if (Number(m[1]) !== payload.bytes || Number(m[2]) !== payload.files.length) {
    found.errors.push(
      `${where}: says ${first.value}, the payload has ${payload.bytes} bytes in ${payload.files.length} files`,
    );
  }
}
