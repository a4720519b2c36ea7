/**
 * Credential scanner for text that ships in a bundle (JSON, Markdown, image metadata text).
 * Reports the kind of credential and the line only: a finding never carries the secret itself.
 * Tuned for few false positives on prose, prompt libraries, sha256 checksum lines and base64
 * image data: generic patterns only fire on values that look random (entropy, mixed characters).
 */

export interface CredentialHit {
  /** e.g. `github-token`, `private-key`, `secret-assignment`. */
  kind: string;
  /** 1-based line of the match. */
  line: number;
}

interface Rule {
  kind: string;
  re: RegExp;
  /** Capture group holding the secret value, checked with `looksRandom`. */
  group?: number;
  minLength?: number;
  /** Matches that are documented examples, not secrets. */
  except?: RegExp;
}

// Keys whose value is a credential when it looks random: `password=...`, `"api_key": "..."`, `CLIENT_SECRET: ...`.
const KEY = String.raw`(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key(?:[_-]?id)?|private[_-]?key|auth[_-]?key|credentials?)`;

const RULES: Rule[] = [
  { kind: 'private-key', re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g },
  {
    kind: 'aws-access-key-id',
    re: /(?<![A-Za-z0-9/+])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Za-z0-9/+])/g,
    except: /EXAMPLE$/,
  },
  {
    kind: 'aws-secret-access-key',
    re: /aws.{0,20}?(?:secret|sk).{0,20}?["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
    group: 1,
    minLength: 40,
    except: /EXAMPLEKEY/,
  },
  { kind: 'github-token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b/g },
  { kind: 'slack-token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { kind: 'slack-webhook', re: /hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+/g },
  { kind: 'google-api-key', re: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g },
  { kind: 'stripe-key', re: /\b[rs]k_(?:live|test)_([A-Za-z0-9]{16,})/g, group: 1, minLength: 16 },
  {
    kind: 'api-key',
    re: /(?<![A-Za-z0-9_-])sk-(?:proj-|ant-(?:api\d\d-)?|or-v1-|svcacct-)?([A-Za-z0-9_-]{20,})/g,
    group: 1,
    minLength: 20,
  },
  { kind: 'huggingface-token', re: /\bhf_[A-Za-z]{30,}\b/g },
  { kind: 'replicate-token', re: /\br8_[A-Za-z0-9]{30,}\b/g },
  { kind: 'npm-token', re: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { kind: 'jwt', re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  { kind: 'bearer-token', re: /\bBearer\s+([A-Za-z0-9._~+/-]{16,}=*)/g, group: 1, minLength: 16 },
  {
    kind: 'basic-auth',
    re: /\bAuthorization["']?\s*[:=]\s*["']?Basic\s+([A-Za-z0-9+/]{12,}={0,2})/gi,
    group: 1,
    minLength: 12,
  },
  {
    kind: 'url-credentials',
    re: /\b[a-z][a-z0-9+.-]{0,20}:\/\/[^\s:@/"'<>]{1,100}:([^\s@/"'<>]{3,200})@[^\s/"'<>]/gi,
    group: 1,
    minLength: 3,
  },
  {
    kind: 'secret-assignment',
    re: new RegExp(String.raw`(?<![A-Za-z0-9])[A-Za-z0-9_.-]{0,40}${KEY}["']?\s*[:=]\s*["']?([^\s"'\`,;]{8,})`, 'gi'),
    group: 1,
    minLength: 8,
  },
];

const PLACEHOLDER =
  /^(?:<[^>]*>|\$\{?[A-Za-z_][\w.]*\}?|\{\{.*\}\}|%[A-Za-z_]+%|x{3,}.*|\*{3,}.*|\.{3,}|your[_-].*|changeme|example.*|placeholder.*|redacted.*|dummy.*|test(?:ing)?|null|none|undefined|true|false|process\.env\..*|os\.environ.*|env\(.*|secrets?\..*)$/i;

/** Bits of entropy per character. */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

/** A value that looks like a generated secret rather than a word, a number or a placeholder. */
export function looksRandom(value: string, minLength = 8): boolean {
  if (PLACEHOLDER.test(value) || /EXAMPLE/.test(value)) return false;
  const v = value.replace(/[)\]}>.]+$/, '');
  if (v.length < minLength || PLACEHOLDER.test(v)) return false;
  if (/^\d+(?:\.\d+)?$/.test(v) || /^[a-z]+(?:[-_][a-z]+)*$/i.test(v)) return false; // numbers, words, kebab words
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(v)).length;
  return classes >= 2 && entropy(v) >= (v.length < 16 ? 2.5 : 3);
}

/** Blank out `data:...;base64,...` payloads (keeping line breaks) so they are never scanned. */
function maskDataUris(text: string): string {
  return text.replace(/data:[\w.+-]+\/[\w.+-]+(?:;[\w-]+=[\w.-]+)*;base64,[A-Za-z0-9+/=\s]+/g, (m) =>
    m.replace(/[^\n]/g, ' '),
  );
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineAt(starts: number[], index: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/**
 * Credentials in `text`: kind and 1-based line, sorted by line, one hit per kind and line. A line
 * with a specific credential (token, key) is not also reported as a generic `secret-assignment`.
 */
export function findCredentials(text: string): CredentialHit[] {
  const scanned = maskDataUris(text);
  const starts = lineStarts(scanned);
  const found = new Map<string, CredentialHit>();
  for (const rule of RULES) {
    for (const m of scanned.matchAll(rule.re)) {
      if (rule.group !== undefined && !looksRandom(m[rule.group], rule.minLength)) continue;
      if (rule.except?.test(m[0])) continue;
      const line = lineAt(starts, m.index);
      found.set(`${line}:${rule.kind}`, { kind: rule.kind, line });
    }
  }
  const specific = new Set([...found.values()].filter((h) => h.kind !== 'secret-assignment').map((h) => h.line));
  return [...found.values()]
    .filter((h) => h.kind !== 'secret-assignment' || !specific.has(h.line))
    .sort((a, b) => a.line - b.line || a.kind.localeCompare(b.kind));
}
