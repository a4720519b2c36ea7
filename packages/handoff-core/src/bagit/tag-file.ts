/**
 * Tag files of the `Label: value` kind (bag-info.txt, RFC 8493 §2.2.2). Lines end in LF. A value
 * longer than the recommended 79 characters is folded at spaces: the line breaks and the next
 * line starts with two spaces. Reading unfolds it again: a line break plus the indentation that
 * follows it reads as one space, which gives back the value as written.
 */

/** RFC 8493 §2.2.2: "It is RECOMMENDED that lines not exceed 79 characters in length." */
export const TAG_LINE_WIDTH = 79;
const FOLD_INDENT = '  ';

export interface TagField {
  label: string;
  value: string;
}

export interface ParsedTagField extends TagField {
  /** 1-based line of the label. */
  line: number;
}

export interface ParsedTagFile {
  fields: ParsedTagField[];
  /** `<file> line 3: ...` for every line that does not parse. */
  problems: string[];
}

/** Characters, not UTF-16 units. */
function width(s: string): number {
  return [...s].length;
}

/** A value as one line: CR, LF and runs of spaces or tabs become one space; ends trimmed. */
export function flattenTagValue(value: string): string {
  return value.replace(/[ \t\r\n]+/g, ' ').trim();
}

/**
 * `Label: value`, folded at spaces so that no line exceeds `maxWidth` characters unless a single
 * word is longer (a word is never split: that would change the value). Ends with LF.
 */
export function formatTagField(label: string, value: string, maxWidth = TAG_LINE_WIDTH): string {
  if (!/^[^:\s][^:\r\n]*$/.test(label) || /\s$/.test(label)) throw new Error(`invalid tag label "${label}"`);
  const lines: string[] = [];
  let line = `${label}:`;
  let hasWord = false;
  for (const word of flattenTagValue(value)
    .split(' ')
    .filter((w) => w !== '')) {
    if (hasWord && width(`${line} ${word}`) > maxWidth) {
      lines.push(line);
      line = `${FOLD_INDENT}${word}`;
    } else {
      line = `${line} ${word}`;
    }
    hasWord = true;
  }
  lines.push(line);
  return `${lines.join('\n')}\n`;
}

export function formatTagFile(fields: readonly TagField[]): string {
  return fields.map((f) => formatTagField(f.label, f.value)).join('');
}

/**
 * Parse `Label: value` lines (LF, CRLF or CR endings). Blank lines are skipped; a line starting
 * with a space or tab continues the value above. Labels may repeat: every occurrence is kept.
 */
export function parseTagFile(text: string, file: string): ParsedTagFile {
  const fields: ParsedTagField[] = [];
  const problems: string[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    const where = `${file} line ${i + 1}`;
    if (/^[ \t]/.test(raw)) {
      const last = fields[fields.length - 1];
      if (last) last.value = last.value === '' ? raw.trim() : `${last.value} ${raw.trim()}`;
      else problems.push(`${where}: continuation line before any label`);
      return;
    }
    const colon = raw.indexOf(':');
    if (colon <= 0) {
      problems.push(`${where}: expected "Label: value", found "${raw.slice(0, 80)}"`);
      return;
    }
    const label = raw.slice(0, colon);
    if (label !== label.trim()) problems.push(`${where}: label "${label}" has leading or trailing whitespace`);
    fields.push({ label: label.trim(), value: raw.slice(colon + 1).trim(), line: i + 1 });
  });
  return { fields, problems };
}

/** The values of `label`, in file order. */
export function tagValues(parsed: ParsedTagFile, label: string): ParsedTagField[] {
  return parsed.fields.filter((f) => f.label === label);
}
