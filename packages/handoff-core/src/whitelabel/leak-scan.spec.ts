import { noise } from './image-metadata/fixtures/stream-helpers';
import { formatLeakHit, scanForLeaks, type LeakRules } from './leak-scan';

const rules: LeakRules = {
  tagPrefixes: ['internal-', 'retainer-', 'pitch-'],
  tags: ['client-b', 'secret sauce'],
  terms: ['Globex', 'Café Noir', 'Dana Whitfield'],
};
const library = JSON.stringify(
  {
    jobs: [
      { id: 'hero-1', prompt: 'a teal wave', tags: ['hero', 'internal-review'] },
      {
        id: 'hero-2',
        prompt: 'international pre-internal-review style',
        tags: ['retainer-week-2026-04-22', 'client-b'],
      },
    ],
  },
  null,
  2,
);

describe('scanForLeaks', () => {
  it('finds internal tags as whole tokens in JSON, by prefix and exact name, with their first line', () => {
    const hits = scanForLeaks([{ path: 'prompts/prompt-library.json', text: library }], rules);
    expect(hits).toEqual([
      {
        path: 'prompts/prompt-library.json',
        category: 'internal-tag',
        line: 8,
        description: 'internal tag prefix "internal-"',
      },
      {
        path: 'prompts/prompt-library.json',
        category: 'internal-tag',
        line: 15,
        description: 'internal tag prefix "retainer-"',
      },
      {
        path: 'prompts/prompt-library.json',
        category: 'internal-tag',
        line: 16,
        description: 'internal tag "client-b"',
      },
    ]);
    expect(scanForLeaks([{ path: 'a.md', text: 'internal- pitch international pre-internal-review' }], rules)).toEqual(
      [],
    );
    // White space in a tag or term matches any run of white space: spacing variants do not slip through.
    expect(scanForLeaks([{ path: 'a.md', text: 'our Secret  Sauce' }], rules)).toEqual([
      { path: 'a.md', category: 'internal-tag', line: 1, description: 'internal tag "secret sauce"' },
    ]);
    expect(scanForLeaks([{ path: 'a.md', text: 'x\nthe secret sauce' }], rules)).toEqual([
      { path: 'a.md', category: 'internal-tag', line: 2, description: 'internal tag "secret sauce"' },
    ]);
  });

  it('orders tags by first line then rule, counts the lines each is on, and reads compatibility forms', () => {
    // Line 2: a full-width "ＩＮＴＥＲＮＡＬ-" (NFKC: "internal-") token; a tag of two words on line 3; client-b twice on line 4.
    const text =
      'intro\nsee \uFF29\uFF2E\uFF34\uFF25\uFF32\uFF2E\uFF21\uFF2C-x\nthe secret sauce, client-b\nclient-b client-b internal-y\n';
    expect(scanForLeaks([{ path: 'notes.md', text }], rules)).toEqual([
      {
        path: 'notes.md',
        category: 'internal-tag',
        line: 2,
        description: 'internal tag prefix "internal-" (on 2 lines)',
      },
      { path: 'notes.md', category: 'internal-tag', line: 3, description: 'internal tag "client-b" (on 2 lines)' },
      { path: 'notes.md', category: 'internal-tag', line: 3, description: 'internal tag "secret sauce"' },
    ]);
  });

  it('finds denylisted terms whole-word, case-insensitively and across Unicode forms, counting lines', () => {
    const text = 'Intro\nlike GLOBEX ads\nglobexcorp is fine\nCafe\u0301 Noir mood\nglobex again';
    expect(scanForLeaks([{ path: 'README.md', text }], rules)).toEqual([
      { path: 'README.md', category: 'denylisted-term', line: 2, description: 'denylisted term "Globex" (on 2 lines)' },
      { path: 'README.md', category: 'denylisted-term', line: 4, description: 'denylisted term "Café Noir"' },
    ]);
    expect(scanForLeaks([{ path: 'README.md', text }], rules, { allowTermsIn: ['README.md'] })).toEqual([]);
  });

  it('decodes escaped JSON strings, checks file names and reports image metadata categories', () => {
    const hits = scanForLeaks(
      [
        { path: 'source/results.json', text: '{"prompt":"in the style of \\u0047lobex"}' },
        { path: 'assets/internal-review/hero.png', text: '', imageMetadataCategories: ['png-text', 'exif'] },
        { path: 'assets/Globex-moodboard.jpg' },
      ],
      rules,
    );
    expect(hits.map(formatLeakHit)).toEqual([
      'source/results.json: denylisted-term: denylisted term "Globex" (in an escaped JSON string)',
      'assets/internal-review/hero.png: file-name: file name contains internal tag prefix "internal-"',
      'assets/internal-review/hero.png: image-metadata: image metadata left: png-text, exif',
      'assets/Globex-moodboard.jpg: file-name: file name contains denylisted term "Globex"',
    ]);
  });

  it('reports credentials by kind and line without their value, and stays quiet on clean data', () => {
    const token = `${'gh'}p_${noise(27, 3)
      .toString('base64')
      .replace(/[^A-Za-z0-9]/g, 'x')
      .slice(0, 36)}`;
    const hits = scanForLeaks([{ path: 'docs/brand.md', text: `# Brand\n\nCI: ${token}\n` }], rules);
    expect(hits).toEqual([
      {
        path: 'docs/brand.md',
        category: 'credential',
        line: 3,
        description: 'possible github-token (value not shown)',
      },
    ]);
    expect(JSON.stringify(hits)).not.toContain(token.slice(4));
    const clean = [
      {
        path: 'README.md',
        text: '# Acme Fintech handoff\n\nRegenerate with `gen-ai run --model recraft@4.1.0`. Tags: hero, social.\n',
      },
      { path: 'checksums.sha256', text: `${'a'.repeat(64)}  assets/hero.png\n` },
      { path: 'assets/hero.png', text: '', imageMetadataCategories: [] },
    ];
    expect(scanForLeaks(clean, rules)).toEqual([]);
  });
});
