import type HandlebarsNs from 'handlebars';

/**
 * Handlebars helpers for the bundle templates. Each helper is a pure function exported on its
 * own (unit-tested without Handlebars) and registered by `registerHelpers`.
 *
 * Escaping policy: Handlebars' default `{{x}}` HTML-escapes (`'` -> `&#x27;`, `=` -> `&#x3D;`),
 * which corrupts Markdown and shell commands, so the built-in Markdown templates use `{{{x}}}`.
 * Helpers that produce markup (`json`, `mdEscape`, `code`) return a SafeString, so even a
 * `{{json x}}` in an override cannot be double-escaped into invalid JSON.
 */

type Handlebars = typeof HandlebarsNs;

/** Handlebars passes an options object as the last argument of every helper call. */
function isHelperOptions(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'hash' in value && 'data' in value;
}

function withoutOptions(args: unknown[]): unknown[] {
  return args.length > 0 && isHelperOptions(args[args.length - 1]) ? args.slice(0, -1) : args;
}

/** JSON literal of a value; `undefined` becomes `null` so the output always parses. */
export function toJson(value: unknown): string {
  const text = JSON.stringify(value === undefined ? null : value);
  return text === undefined ? 'null' : text;
}

/** `3 assets`, `1 asset`, `2 categories` (with an explicit plural form). */
export function pluralize(count: number, singular: string, plural?: string): string {
  const n = Number(count) || 0;
  return `${n} ${n === 1 ? singular : (plural ?? `${singular}s`)}`;
}

const UNITS = ['KB', 'MB', 'GB', 'TB'];

/** Human size, 1024-based: `512 B`, `1.5 KB`, `12 MB`. */
export function formatBytes(bytes: number): string {
  let value = Number(bytes) || 0;
  if (Math.abs(value) < 1024) return `${value} B`;
  let unit = -1;
  do {
    value /= 1024;
    unit += 1;
  } while (Math.abs(value) >= 1024 && unit < UNITS.length - 1);
  const digits = value >= 10 ? 0 : 1;
  return `${value.toFixed(digits).replace(/\.0$/, '')} ${UNITS[unit]}`;
}

/** Joins a list; anything that is not an array renders as an empty string. */
export function joinList(list: unknown, separator = ', '): string {
  return Array.isArray(list) ? list.map((item) => String(item)).join(separator) : '';
}

/**
 * Makes a value safe inside a GitHub-flavoured Markdown table cell: `|` is escaped (also inside
 * code spans, where GFM needs `\|` too), line breaks become spaces. Missing values render empty.
 */
export function escapeMdCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  return String(value)
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n|\r/g, ' ');
}

/** Inline code span that survives backticks in the value (CommonMark: longer fence + padding). */
export function toCodeSpan(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = longestRun > 0 || text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** True when a list (or string) has at least one element. */
export function isNonEmpty(value: unknown): boolean {
  if (Array.isArray(value) || typeof value === 'string') return value.length > 0;
  return false;
}

/** True when some item of `list` has `item[key]` equal to one of `values`. */
export function someWith(list: unknown, key: string, ...values: unknown[]): boolean {
  if (!Array.isArray(list)) return false;
  return list.some(
    (item) => typeof item === 'object' && item !== null && values.includes((item as Record<string, unknown>)[key]),
  );
}

/** Registers every helper on the given Handlebars environment (use `Handlebars.create()`). */
export function registerHelpers(hb: Handlebars): void {
  hb.registerHelper('json', (value: unknown) => new hb.SafeString(toJson(value)));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('plural', (...args: unknown[]) => {
    const [count, singular, plural] = withoutOptions(args);
    return pluralize(count as number, String(singular), plural === undefined ? undefined : String(plural));
  });
  hb.registerHelper('bytes', (value: unknown) => formatBytes(value as number));
  hb.registerHelper('join', (...args: unknown[]) => {
    const [list, separator] = withoutOptions(args);
    return joinList(list, separator === undefined ? ', ' : String(separator));
  });
  hb.registerHelper('mdEscape', (value: unknown) => new hb.SafeString(escapeMdCell(value)));
  hb.registerHelper('code', (value: unknown) => new hb.SafeString(toCodeSpan(value)));
  hb.registerHelper('nonEmpty', (value: unknown) => isNonEmpty(value));
  hb.registerHelper('some', (...args: unknown[]) => {
    const [list, key, ...values] = withoutOptions(args);
    return someWith(list, String(key), ...values);
  });
}
