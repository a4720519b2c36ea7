import { checkEntryName, compareCodeUnits } from '../bundle/entry-name-rules';

/**
 * BagIt manifests (RFC 8493 §2.1.3, §2.2.1): one `<checksum> <filepath>` line per file, LF endings.
 * nx-handoff writes two spaces between them, as GNU sha256sum does, so `sha256sum -c
 * manifest-sha256.txt` works at the bag root. In a filepath CR, LF and `%` (and only those) are
 * percent-encoded.
 */

export function encodeManifestPath(p: string): string {
  return p.replace(/[%\r\n]/g, (c) => (c === '%' ? '%25' : c === '\r' ? '%0D' : '%0A'));
}

/** One pass, so `%250A` reads as `%0A`, never as LF. Hex digits in either case. */
export function decodeManifestPath(p: string): string {
  return p.replace(/%(25|0D|0A)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Lines sorted by path (code-unit order), `<hex>  <encoded path>\n`. */
export function formatManifest(digests: Iterable<readonly [string, string]>): string {
  return [...digests]
    .sort(([a], [b]) => compareCodeUnits(a, b))
    .map(([p, hex]) => `${hex}  ${encodeManifestPath(p)}\n`)
    .join('');
}

export interface ManifestEntry {
  /** Lowercase hex. */
  digest: string;
  /** 1-based line in the manifest. */
  line: number;
}

export interface ParsedManifest {
  /** Decoded NFC path -> entry, in file order. */
  entries: Map<string, ManifestEntry>;
  /** `<file> line 3: ...` for every bad line. */
  problems: string[];
}

const LINE_RE = /^([0-9a-fA-F]+)[ \t]+(.+)$/;

/** Why a decoded manifest path is unsafe or ambiguous, else undefined. */
function pathProblem(p: string): string | undefined {
  const why = checkEntryName(p);
  if (why) return why;
  if (p.startsWith('~')) return 'starts with `~` (a home folder to some tools)';
  if (p !== p.normalize('NFC')) return 'is not in Unicode NFC (normalisation-changing filesystems would not find it)';
  return undefined;
}

/**
 * Parse a manifest named `file`. Every line must be `<hex of digestLength digits> <path>`; the path
 * must stay inside the bag (no `..`, `.`, absolute or drive paths, backslashes or control
 * characters), be NFC, and appear once. Blank lines are skipped, as bagit-python does.
 */
export function parseManifest(text: string, file: string, digestLength: number): ParsedManifest {
  const entries = new Map<string, ManifestEntry>();
  const problems: string[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    const where = `${file} line ${i + 1}`;
    const m = LINE_RE.exec(line);
    if (!m) {
      problems.push(`${where}: expected "<checksum>  <path>", found "${line.slice(0, 80)}"`);
      return;
    }
    const [, hex, encoded] = m;
    if (hex.length !== digestLength)
      problems.push(`${where}: checksum has ${hex.length} hex digits, expected ${digestLength}`);
    const p = decodeManifestPath(encoded);
    const why = pathProblem(p);
    if (why) {
      problems.push(`${where}: path "${encoded}" ${why}`);
      return;
    }
    const earlier = entries.get(p);
    if (earlier) problems.push(`${where}: ${p} is listed twice (also line ${earlier.line})`);
    else entries.set(p, { digest: hex.toLowerCase(), line: i + 1 });
  });
  return { entries, problems };
}
