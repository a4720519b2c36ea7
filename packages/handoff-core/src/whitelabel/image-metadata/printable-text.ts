/**
 * Human-readable text inside a binary metadata block (Exif, IPTC, JUMBF...), like `strings`:
 * UTF-8 runs and UTF-16 runs (Exif XP* tags, UCS-2 UserComment) of at least `min` characters.
 */

// Control characters, the replacement character for invalid UTF-8, and lone surrogates end a run.
const BREAK = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\ufffd\ud800-\udfff]+/u;
// UTF-16 runs: Latin script, digits, punctuation and spaces only, so ASCII bytes read two by two
// (which decode as CJK ideographs) are not taken for text.
const LATIN_RUN = /[\u0020-\u024f\u2000-\u206f\u00a0-\u00ff]{4,}/g;

function utf8Runs(buf: Buffer, min: number): string[] {
  return buf
    .toString('utf8')
    .split(BREAK)
    .map((s) => s.trim())
    .filter((s) => [...s].length >= min);
}

function utf16Runs(buf: Buffer, min: number): string[] {
  const runs: string[] = [];
  for (const start of [0, 1]) {
    const even = buf.subarray(start, start + ((buf.length - start) & ~1));
    const le = even.toString('utf16le');
    const be = Buffer.from(even).swap16().toString('utf16le');
    for (const text of [le, be]) {
      for (const m of text.matchAll(LATIN_RUN)) {
        const run = m[0].trim();
        // A UTF-16 run of ASCII has a zero byte every other byte: the utf8 pass missed it.
        if (run.length >= min && /[A-Za-z]/.test(run)) runs.push(run);
      }
    }
  }
  return runs;
}

/** Text runs of a binary block, UTF-8 first, then UTF-16 runs not already found. */
export function printableText(buf: Buffer, min = 4): string[] {
  const utf8 = utf8Runs(buf, min);
  const seen = new Set(utf8);
  const hasNulPairs =
    buf.includes(Buffer.from([0, 0x20])) || /[\x20-\x7e]\x00[\x20-\x7e]\x00/.test(buf.toString('latin1'));
  const utf16 = hasNulPairs ? utf16Runs(buf, min).filter((r) => !seen.has(r)) : [];
  return [...utf8, ...[...new Set(utf16)]];
}
