import { formatChecksumsFile, parseChecksumsFile } from './checksums-file';

const A = 'a'.repeat(64);
const B = 'B'.repeat(64);

describe('checksums file', () => {
  it('formats sha256sum lines sorted by path', () => {
    expect(formatChecksumsFile({ 'b.md': A, 'a b.md': A, 'Z.md': A })).toBe(`${A}  Z.md\n${A}  a b.md\n${A}  b.md\n`);
  });
  it('parses text and binary markers and CRLF, lowercasing digests', () => {
    const parsed = parseChecksumsFile(`${A}  x/a.md\r\n${B} *y.png\n`);
    expect([...parsed.entries]).toEqual([
      ['x/a.md', A],
      ['y.png', B.toLowerCase()],
    ]);
    expect(parsed.problems).toEqual([]);
  });
  it('reports malformed lines, duplicates and an empty file', () => {
    expect(parseChecksumsFile(`${A}  a\nnot a line\n${A}  a\n`).problems).toEqual([
      'line 2: expected "<sha256 hex>  <path>", found "not a line"',
      'line 3: a is listed twice',
    ]);
    expect(parseChecksumsFile('').problems).toEqual(['the file is empty']);
  });
});
