import { flattenTagValue, formatTagField, formatTagFile, parseTagFile, TAG_LINE_WIDTH } from './tag-file';

const LONG =
  'Northwind "Coffee" Roasters and Distribution Company of the Pacific Northwest, incorporated in Oregon, trading as Northwind';

describe('formatTagField', () => {
  it('writes a short value on one LF-terminated line', () => {
    expect(formatTagField('Bagging-Date', '2025-03-04')).toBe('Bagging-Date: 2025-03-04\n');
  });

  it('folds a long value at spaces into lines of at most 79 characters, continuation lines indented', () => {
    const text = formatTagField('Source-Organization', LONG);
    const lines = text.slice(0, -1).split('\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(text.endsWith('\n')).toBe(true);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(TAG_LINE_WIDTH);
    expect(lines[0].startsWith('Source-Organization: Northwind')).toBe(true);
    for (const line of lines.slice(1)) expect(line).toMatch(/^ {2}\S/);
    // every line is filled: the next word would not have fitted
    for (let i = 0; i < lines.length - 1; i++) {
      const next = lines[i + 1].trim().split(' ')[0];
      expect([...`${lines[i]} ${next}`].length).toBeGreaterThan(TAG_LINE_WIDTH);
    }
  });

  it('counts characters, not bytes or UTF-16 units', () => {
    const value = Array.from({ length: 30 }, () => 'café😀').join(' ');
    for (const line of formatTagField('Source-Organization', value).split('\n'))
      expect([...line].length).toBeLessThanOrEqual(TAG_LINE_WIDTH);
  });

  it('never splits a word longer than the line', () => {
    const word = 'x'.repeat(120);
    expect(formatTagField('External-Identifier', `${word} tail`)).toBe(`External-Identifier: ${word}\n  tail\n`);
  });

  it('flattens CR, LF and tabs so a value cannot inject a label', () => {
    expect(formatTagField('Source-Organization', 'Acme\r\nPayload-Oxum: 1.1\tLtd ')).toBe(
      'Source-Organization: Acme Payload-Oxum: 1.1 Ltd\n',
    );
    expect(flattenTagValue('  a \n\n b  ')).toBe('a b');
  });

  it('refuses a label with a colon or whitespace', () => {
    expect(() => formatTagField('Bad:Label', 'x')).toThrow(/invalid tag label/);
    expect(() => formatTagField(' Label', 'x')).toThrow(/invalid tag label/);
  });
});

describe('parseTagFile', () => {
  it('unfolds what formatTagFile folded back to the same values', () => {
    const fields = [
      { label: 'Source-Organization', value: LONG },
      { label: 'Payload-Oxum', value: '4321.9' },
    ];
    const parsed = parseTagFile(formatTagFile(fields), 'bag-info.txt');
    expect(parsed.problems).toEqual([]);
    expect(parsed.fields.map(({ label, value }) => ({ label, value }))).toEqual(fields);
    expect(parsed.fields[1].line).toBeGreaterThan(2);
  });

  it('accepts CRLF, CR, tabs as folding and repeated labels', () => {
    const parsed = parseTagFile('A: 1\r\n\tcontinued\rB: 2\n\nA: 3\n', 'bag-info.txt');
    expect(parsed.fields).toEqual([
      { label: 'A', value: '1 continued', line: 1 },
      { label: 'B', value: '2', line: 3 },
      { label: 'A', value: '3', line: 5 },
    ]);
  });

  it('reports lines that are not labels, naming the file and line', () => {
    expect(parseTagFile('  orphan\nno colon here\n: empty label\nLabel : x\n', 'bag-info.txt').problems).toEqual([
      'bag-info.txt line 1: continuation line before any label',
      'bag-info.txt line 2: expected "Label: value", found "no colon here"',
      'bag-info.txt line 3: expected "Label: value", found ": empty label"',
      'bag-info.txt line 4: label "Label " has leading or trailing whitespace',
    ]);
  });
});
