import { decodeManifestPath, encodeManifestPath, formatManifest, parseManifest } from './manifest-file';

const A = 'a'.repeat(64);
const B = 'B'.repeat(64);

describe('manifest paths', () => {
  it('percent-encodes %, CR and LF, and only those', () => {
    expect(encodeManifestPath('data/100% café #1 (v2).png')).toBe('data/100%25 café #1 (v2).png');
    expect(encodeManifestPath('data/a\r\nb%0A')).toBe('data/a%0D%0Ab%250A');
  });

  it('decodes %25, %0D and %0A in either case, in one pass', () => {
    expect(decodeManifestPath('data/100%25.png')).toBe('data/100%.png');
    expect(decodeManifestPath('data/a%0d%0Ab')).toBe('data/a\r\nb');
    expect(decodeManifestPath('data/b%250A')).toBe('data/b%0A');
    expect(decodeManifestPath('data/%20x%2F')).toBe('data/%20x%2F');
  });

  it('round-trips any name', () => {
    for (const p of ['data/%', 'data/%25', 'data/%0A\n\r%', 'data/plain.txt'])
      expect(decodeManifestPath(encodeManifestPath(p))).toBe(p);
  });
});

describe('formatManifest', () => {
  it('writes sha256sum-style lines sorted by path in code-unit order', () => {
    expect(
      formatManifest([
        ['data/b.md', A],
        ['data/Z.md', A],
        ['data/a%.md', B],
      ]),
    ).toBe(`${A}  data/Z.md\n${B}  data/a%25.md\n${A}  data/b.md\n`);
  });
});

describe('parseManifest', () => {
  it('reads spaces or tabs as separator, CRLF, upper-case hex and encoded names', () => {
    const parsed = parseManifest(`${A}  data/a.md\r\n${B}\tdata/100%25.png\n\n`, 'manifest-sha256.txt', 64);
    expect(parsed.problems).toEqual([]);
    expect([...parsed.entries]).toEqual([
      ['data/a.md', { digest: A, line: 1 }],
      ['data/100%.png', { digest: B.toLowerCase(), line: 2 }],
    ]);
  });

  it('refuses escaping, absolute, non-NFC and duplicate paths and malformed lines, naming file and line', () => {
    const text = [
      `${A}  ../x`,
      `${A}  data/../../x`,
      `${A}  /etc/passwd`,
      `${A}  data/cafe\u0301.md`,
      `${A}  data/a.md`,
      `${A} data/a.md`,
      `${A.slice(1)}  data/b.md`,
      'not a line',
      `${A}  ~/x`,
    ].join('\n');
    expect(parseManifest(text, 'manifest-sha256.txt', 64).problems).toEqual([
      'manifest-sha256.txt line 1: path "../x" has a `..` segment (points outside the folder)',
      'manifest-sha256.txt line 2: path "data/../../x" has a `..` segment (points outside the folder)',
      'manifest-sha256.txt line 3: path "/etc/passwd" is an absolute path',
      'manifest-sha256.txt line 4: path "data/cafe\u0301.md" is not in Unicode NFC (normalisation-changing filesystems would not find it)',
      'manifest-sha256.txt line 6: data/a.md is listed twice (also line 5)',
      'manifest-sha256.txt line 7: checksum has 63 hex digits, expected 64',
      'manifest-sha256.txt line 8: expected "<checksum>  <path>", found "not a line"',
      'manifest-sha256.txt line 9: path "~/x" starts with `~` (a home folder to some tools)',
    ]);
  });

  it('refuses a path that decodes to a line break', () => {
    expect(parseManifest(`${A}  data/a%0Ab`, 'm.txt', 64).problems).toEqual([
      'm.txt line 1: path "data/a%0Ab" contains a control character',
    ]);
  });
});
