import { compareCodeUnits } from './entry-name-rules';

/**
 * `checksums.sha256` in the format of GNU `sha256sum` (text mode): `<64 hex>  <path>\n`, one line per
 * file, sorted by path. Paths are relative to the bundle's top folder, so `sha256sum -c
 * checksums.sha256` works when run inside it. Bundle paths never contain a backslash or newline
 * (see entry-name-rules), so no line needs sha256sum's escaping.
 */
export function formatChecksumsFile(checksums: Readonly<Record<string, string>>): string {
  return Object.keys(checksums)
    .sort(compareCodeUnits)
    .map((p) => `${checksums[p]}  ${p}\n`)
    .join('');
}

export interface ParsedChecksums {
  /** path -> lowercase hex digest, in file order. */
  entries: Map<string, string>;
  /** One message per bad line: `line 3: ...`. */
  problems: string[];
}

const LINE_RE = /^([0-9a-fA-F]{64}) [ *](.+)$/;

/** Parse a sha256sum file; accepts text (`  `) and binary (` *`) markers, LF or CRLF. */
export function parseChecksumsFile(text: string): ParsedChecksums {
  const entries = new Map<string, string>();
  const problems: string[] = [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const m = LINE_RE.exec(line);
    if (!m) {
      problems.push(`line ${i + 1}: expected "<sha256 hex>  <path>", found "${line.slice(0, 80)}"`);
      return;
    }
    const [, hex, p] = m;
    if (entries.has(p)) problems.push(`line ${i + 1}: ${p} is listed twice`);
    else entries.set(p, hex.toLowerCase());
  });
  if (lines.length === 0) problems.push('the file is empty');
  return { entries, problems };
}
