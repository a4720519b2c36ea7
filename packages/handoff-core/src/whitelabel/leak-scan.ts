import { findTerms } from './terms';
import { findCredentials } from './secrets';

/**
 * The white-label gate: what would tell the receiving team who made the work, or hand them the
 * agency's credentials. Hits name the file, a category and a safe description: the agency's own
 * tag prefixes and terms may be quoted (they come from its config), credential values never are.
 */
export type LeakCategory = 'internal-tag' | 'denylisted-term' | 'credential' | 'image-metadata' | 'file-name';

export interface LeakHit {
  /** Bundle path of the file. */
  path: string;
  category: LeakCategory;
  description: string;
  /** 1-based line of the first occurrence, when the hit is in the text. */
  line?: number;
}

/** The `strip` rules of handoff.json the gate checks against. */
export interface LeakRules {
  tagPrefixes: string[];
  tags: string[];
  terms: string[];
}

export interface LeakFile {
  /** Bundle path. */
  path: string;
  /** Text to scan: a text file's content, or an image's metadata text (readImageMetadataText). */
  text?: string;
  /**
   * Metadata categories still in an image (readImageMetadataText().categories). Set for images:
   * hits in their text then say "in image metadata" instead of giving a line.
   */
  imageMetadataCategories?: string[];
}

export interface LeakScanOptions {
  /** Bundle paths whose text may name denylisted terms (e.g. README.md naming the agency as support contact). */
  allowTermsIn?: string[];
}

const TOKEN = /[\p{L}\p{N}_][\p{L}\p{N}_-]*/gu;
const norm = (s: string): string => s.normalize('NFKC').toLocaleLowerCase('und').trim();

interface TagMatcher {
  /** The configured rule, as written, and its kind. */
  label: string;
  test: (token: string) => boolean;
  /** Exact tags that are not a single token (spaces, dots...) are matched as terms. */
  asTerm?: string;
}

function tagMatchers(rules: LeakRules): TagMatcher[] {
  const out: TagMatcher[] = [];
  for (const p of rules.tagPrefixes) {
    const n = norm(p);
    if (n) out.push({ label: `internal tag prefix "${p}"`, test: (t) => t.startsWith(n) && t.length > n.length });
  }
  for (const tag of rules.tags) {
    const n = norm(tag);
    if (!n) continue;
    const single = new RegExp(`^${TOKEN.source}$`, 'u').test(n);
    out.push({ label: `internal tag "${tag}"`, test: (t) => single && t === n, asTerm: single ? undefined : tag });
  }
  return out;
}

/**
 * Each matcher found in `text`, with its first line and the number of lines it appears on, in the
 * order of first line then matcher. The text is normalized and tokenized once (not line by line:
 * that was ~0.4 s of the cold test's leak gate on 1000 documents); NFKC and lower-casing never
 * make or remove a line break, so lines are counted in the normalized text.
 */
function findTags(text: string, matchers: TagMatcher[]): Array<{ label: string; line: number; lines: number }> {
  const found = new Map<string, { line: number; lines: number; last: number; order: number }>();
  const hit = (m: TagMatcher, line: number): void => {
    const f = found.get(m.label);
    if (!f) found.set(m.label, { line, lines: 1, last: line, order: matchers.indexOf(m) });
    else if (f.last !== line) {
      f.lines++;
      f.last = line;
    }
  };
  const byToken = matchers.filter((m) => !m.asTerm);
  if (byToken.length > 0) {
    const hay = text.normalize('NFKC').toLocaleLowerCase('und');
    let line = 1;
    let nextBreak = hay.indexOf('\n');
    for (const t of hay.matchAll(TOKEN)) {
      while (nextBreak !== -1 && nextBreak < t.index) {
        line++;
        nextBreak = hay.indexOf('\n', nextBreak + 1);
      }
      for (const m of byToken) if (m.test(t[0])) hit(m, line);
    }
  }
  for (const m of matchers) {
    // A term must sit within one line; the whole text is searched first, as most texts have none.
    if (!m.asTerm || findTerms(text, [m.asTerm]).length === 0) continue;
    text.split('\n').forEach((raw, i) => {
      if (findTerms(raw, [m.asTerm!]).length > 0) hit(m, i + 1);
    });
  }
  return [...found]
    .sort(([, a], [, b]) => a.line - b.line || a.order - b.order)
    .map(([label, { line, lines }]) => ({ label, line, lines }));
}

/** Each denylisted term found in `text`, with its first line and line count. */
function findTermLines(text: string, terms: string[]): Array<{ term: string; line: number; lines: number }> {
  const present = findTerms(text, terms);
  if (present.length === 0) return [];
  const lines = text.split('\n');
  return present.map((term) => {
    const at = lines.map((l, i) => (findTerms(l, [term]).length ? i + 1 : 0)).filter((n) => n > 0);
    return { term, line: at[0] ?? 1, lines: Math.max(at.length, 1) };
  });
}

/** String keys and values of a JSON document, so escaped text (`\u0047lobex`) is scanned decoded. */
function jsonStrings(text: string): string | undefined {
  if (!text.includes('\\u')) return undefined;
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, c] of Object.entries(v)) {
        out.push(k);
        walk(c);
      }
  };
  try {
    walk(JSON.parse(text));
  } catch {
    return undefined;
  }
  return out.join('\n');
}

interface TextHit {
  category: LeakCategory;
  label: string;
  line: number;
  lines: number;
}

function scanContent(text: string, rules: LeakRules, matchers: TagMatcher[], allowTerms: boolean): TextHit[] {
  const hits: TextHit[] = findTags(text, matchers).map((t) => ({ category: 'internal-tag', ...t }));
  if (!allowTerms) {
    for (const t of findTermLines(text, rules.terms))
      hits.push({ category: 'denylisted-term', label: `denylisted term "${t.term}"`, line: t.line, lines: t.lines });
  }
  for (const c of findCredentials(text))
    hits.push({ category: 'credential', label: `possible ${c.kind} (value not shown)`, line: c.line, lines: 1 });
  return hits;
}

function scanText(
  path: string,
  text: string,
  rules: LeakRules,
  matchers: TagMatcher[],
  allowTerms: boolean,
): LeakHit[] {
  const found = scanContent(text, rules, matchers, allowTerms);
  const hits = found.map((h): LeakHit => ({
    path,
    category: h.category,
    line: h.line,
    description: h.lines > 1 ? `${h.label} (on ${h.lines} lines)` : h.label,
  }));
  const decoded = path.toLowerCase().endsWith('.json') ? jsonStrings(text) : undefined;
  if (decoded === undefined) return hits;
  const seen = new Set(found.map((h) => h.label));
  for (const h of scanContent(decoded, rules, matchers, allowTerms)) {
    if (h.category !== 'credential' && !seen.has(h.label))
      hits.push({ path, category: h.category, description: `${h.label} (in an escaped JSON string)` });
  }
  return hits;
}

function scanName(path: string, rules: LeakRules, matchers: TagMatcher[]): LeakHit[] {
  const hits: LeakHit[] = [];
  for (const t of findTags(path, matchers))
    hits.push({ path, category: 'file-name', description: `file name contains ${t.label}` });
  for (const term of findTerms(path, rules.terms))
    hits.push({ path, category: 'file-name', description: `file name contains denylisted term "${term}"` });
  return hits;
}

/**
 * Scan bundle files for internal tags (as tokens: a token starting with a configured prefix, or
 * equal to a configured tag), denylisted terms (whole word, case-insensitive, Unicode-normalised),
 * credentials, image metadata left in images, and tags or terms in file names. Pure.
 */
export function scanForLeaks(files: LeakFile[], rules: LeakRules, opts: LeakScanOptions = {}): LeakHit[] {
  const matchers = tagMatchers(rules);
  const allow = new Set(opts.allowTermsIn ?? []);
  const hits: LeakHit[] = [];
  for (const f of files) {
    hits.push(...scanName(f.path, rules, matchers));
    const isImage = f.imageMetadataCategories !== undefined;
    const textHits = f.text ? scanText(f.path, f.text, rules, matchers, allow.has(f.path)) : [];
    hits.push(
      ...(isImage
        ? textHits.map((h) => ({
            path: h.path,
            category: h.category,
            description: `${h.description} in image metadata`,
          }))
        : textHits),
    );
    if (f.imageMetadataCategories?.length) {
      hits.push({
        path: f.path,
        category: 'image-metadata',
        description: `image metadata left: ${f.imageMetadataCategories.join(', ')}`,
      });
    }
  }
  return hits;
}

/** One line per hit: `path:line: category: description`. */
export function formatLeakHit(hit: LeakHit): string {
  return `${hit.path}${hit.line ? `:${hit.line}` : ''}: ${hit.category}: ${hit.description}`;
}
