import Handlebars from 'handlebars';
import {
  escapeMdCell,
  formatBytes,
  isNonEmpty,
  joinList,
  pluralize,
  registerHelpers,
  someWith,
  toCodeSpan,
  toJson,
} from './helpers';

describe('pure helpers', () => {
  it('toJson writes JSON literals and turns undefined into null', () => {
    expect(toJson('a "b" \\ <c> & d')).toBe('"a \\"b\\" \\\\ <c> & d"');
    expect(toJson(undefined)).toBe('null');
    expect(toJson(null)).toBe('null');
    expect(toJson([1, 'x'])).toBe('[1,"x"]');
    expect(toJson(false)).toBe('false');
  });

  it('pluralize picks the singular only for one', () => {
    expect(pluralize(1, 'asset')).toBe('1 asset');
    expect(pluralize(0, 'asset')).toBe('0 assets');
    expect(pluralize(2, 'category', 'categories')).toBe('2 categories');
  });

  it('formatBytes gives human sizes', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(187_392)).toBe('183 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5 MB');
    expect(formatBytes(3.25 * 1024 ** 3)).toBe('3.3 GB');
  });

  it('joinList joins arrays and ignores the rest', () => {
    expect(joinList(['a', 'b'])).toBe('a, b');
    expect(joinList(['a', 'b'], ' / ')).toBe('a / b');
    expect(joinList(undefined)).toBe('');
  });

  it('escapeMdCell keeps a table row intact', () => {
    expect(escapeMdCell('a | b')).toBe('a \\| b');
    expect(escapeMdCell('line 1\nline 2')).toBe('line 1 line 2');
    expect(escapeMdCell('C:\\x')).toBe('C:\\\\x');
    expect(escapeMdCell(undefined)).toBe('');
  });

  it('toCodeSpan survives backticks', () => {
    expect(toCodeSpan('assets/a.png')).toBe('`assets/a.png`');
    expect(toCodeSpan('a `b` c')).toBe('`` a `b` c ``');
  });

  it('isNonEmpty and someWith', () => {
    expect(isNonEmpty([])).toBe(false);
    expect(isNonEmpty(['x'])).toBe(true);
    expect(isNonEmpty(undefined)).toBe(false);
    const items = [{ kind: 'licensed-stock' }, { kind: 'font' }];
    expect(someWith(items, 'kind', 'font', 'reference-face')).toBe(true);
    expect(someWith(items, 'kind', 'reference-face')).toBe(false);
    expect(someWith(null, 'kind', 'font')).toBe(false);
  });
});

describe('registerHelpers', () => {
  const hb = Handlebars.create();
  registerHelpers(hb);
  const render = (source: string, data: unknown) => hb.compile(source)(data);

  it('json is never HTML-escaped, even with double braces', () => {
    expect(render('{{json v}}', { v: `it's "<&>"` })).toBe(JSON.stringify(`it's "<&>"`));
    expect(render('{{{json v}}}', { v: { a: [1] } })).toBe('{"a":[1]}');
  });

  it('plural, bytes, join, eq, some, nonEmpty work from templates', () => {
    expect(render('{{plural n "job"}}', { n: 3 })).toBe('3 jobs');
    expect(render('{{plural n "category" "categories"}}', { n: 1 })).toBe('1 category');
    expect(render('{{bytes n}}', { n: 2048 })).toBe('2 KB');
    expect(render('{{{join xs}}}|{{{join xs " + "}}}', { xs: ['a', 'b'] })).toBe('a, b|a + b');
    expect(render('{{#if (eq a 1)}}one{{else}}other{{/if}}', { a: 1 })).toBe('one');
    expect(render('{{#if (some xs "k" "y")}}yes{{/if}}', { xs: [{ k: 'y' }] })).toBe('yes');
    expect(render('{{json (nonEmpty xs)}}', { xs: [] })).toBe('false');
  });

  it('mdEscape and code compose inside a table cell', () => {
    expect(render('| {{code (mdEscape p)}} |', { p: 'a|b.png' })).toBe('| `a\\|b.png` |');
  });

  it('leaves the global Handlebars environment untouched', () => {
    expect(Handlebars.helpers['json']).toBeUndefined();
  });
});
